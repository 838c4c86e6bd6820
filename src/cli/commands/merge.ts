/** `mft merge part-*.json [--out evidence.json]`: merges the part files of a sharded run
 *  (`mft check --shard i/N --json part-i.json`) into the evidence of one run, which
 *  `mft report --from` renders. */
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { ConfigError } from '../../core/config-error.js';
import { mergeEvidence, readEvidence, serializeEvidence } from '../../report/evidence.js';
import { cliIo } from '../io.js';

export const summary = 'merge the evidence parts of a sharded run (mft check --shard i/N --json) into one file';

export const help = `Usage: mft merge <part.json>... [--out <file>] [--quiet]

Merges the evidence files of a sharded run into one evidence file, byte-identical to the file one
unsharded run would write. The parts must share schema, tool version, profile and master seed, every
shard 1..N must be present and no claim may appear twice. Claims are put back in registry order.

  --out <file>   where to write (default: evidence.json; "-" for standard output), atomically
  --quiet        no summary line on stderr

Then: mft report --from evidence.json
Exit codes: 0 merged; 2 bad usage or inconsistent parts (nothing is written).`;

/** The registry order, if the claims can be loaded (they import the solver; a broken claim file must
 *  not stop a merge, which then falls back to sorting by id). */
async function registryOrder(): Promise<string[] | undefined> {
  try {
    const { allClaims } = await import('../../../properties/index.js');
    return allClaims.map((c: { id: string }) => c.id);
  } catch {
    return undefined;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string', short: 'o' }, quiet: { type: 'boolean', short: 'q', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new ConfigError('merge inputs', [], 'Pass the part files, e.g. `mft merge part-*.json --out evidence.json`.');
  if (values.out === '') throw new ConfigError('--out', '', 'Expected a file path, e.g. --out evidence.json ("-" for standard output).');
  const parts = positionals.map((path) => readEvidence(path, 'merge input'));
  const order = await registryOrder();
  const merged = mergeEvidence(parts, { labels: positionals, ...(order ? { order } : {}) });
  const text = serializeEvidence(merged);
  const out = values.out ?? 'evidence.json';
  const io = cliIo();
  if (out === '-') io.out(text);
  else writeFileAtomic(out, text);
  if (!values.quiet)
    io.err(`merge: ${merged.claims.length} claims from ${parts.length} part${parts.length === 1 ? '' : 's'} → ${out === '-' ? 'stdout' : out}${order ? '' : ' (claim registry not loadable: sorted by id)'}\n`);
  return 0;
}
