/** `mft list [--json]`: the registered claims with their sources. */
import { parseArgs } from 'node:util';
import { allClaims } from '../../../properties/index.js';

export const summary = 'list the registered claims with their sources';

export const help = `mft list [--json]
  Lists every registered claim: id, kind, expected verdict, source (catalogue key, arXiv id, where).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
  if (values.json) {
    const rows = allClaims.map((c) => ({ id: c.id, title: c.title, kind: c.kind, expected: c.expected, source: c.source }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(2, ...allClaims.map((c) => c.id.length));
  const lines = allClaims.map(
    (c) => `${c.id.padEnd(idWidth)}  ${c.kind.padEnd(11)}  ${c.expected.padEnd(12)}  ${c.source.key} arXiv:${c.source.arxiv} ${c.source.where}`,
  );
  process.stdout.write(`${'id'.padEnd(idWidth)}  ${'kind'.padEnd(11)}  ${'expected'.padEnd(12)}  source\n${lines.join('\n')}\n${allClaims.length} claims\n`);
  return 0;
}
