/** `mft check`: runs claims as properties with their negative controls and prints one line per claim. */
import { parseArgs } from 'node:util';
import type { Claim, Measurement } from '../../claims/claim.js';
import type { ClaimOutcome } from '../../claims/outcome.js';
import { runClaims } from '../../claims/run-claims.js';
import { runClaim } from '../../claims/runner.js';
import { parseShard, selectShard } from '../../claims/shard.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { ConfigError } from '../../core/config-error.js';
import { buildEvidence, serializeEvidence } from '../../report/evidence.js';
import { allAsExpected, verdictText } from '../../report/markdown.js';
import { CLAIM_OPTION_SPEC, parseMasterSeed, parseProfile, selectClaims } from '../claim-options.js';
import { createProgressReporter, formatDuration } from '../progress.js';

export const summary = 'run the claims (property + negative control) and print a verdict per claim';

export const help = `Usage: mft check [--only <ids>] [--profile quick|full] [--seed <n>] [--json <file|->]
                 [--shard i/N] [--workers <n>] [--quiet]
       mft check --only <id> --seed <n> --profile <p> --path "<path>"          replay one case
       mft check --only <id> --seed <n> --profile <p> --control-path "<path>"  replay one control case

Prints one line per claim: id, verdict (and the recorded expectation when they differ), cases, the key
measured figure next to its prediction, the negative control, wall time.

  --only <ids>        comma-separated claim ids (mft list)
  --profile p         quick (default; CI) or full (the committed report)
  --seed <n>          master seed (default: MFT_SEED, else 20261123); per-claim seeds derive from it
  --json <file|->     write the evidence (docs/evidence-schema.md) atomically, or to stdout with -
  --shard i/N         run the i-th of N deterministic slices of the claims (merge with mft merge)
  --workers <n>       worker threads (default: all cores)
  --path, --control-path   replay the one case a failure message printed
  --quiet             no progress on stderr

Exit codes: 0 every verdict equals the claim's recorded expectation and every control was violated;
1 otherwise; 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...CLAIM_OPTION_SPEC,
      json: { type: 'string' },
      shard: { type: 'string' },
      workers: { type: 'string' },
      path: { type: 'string' },
      'control-path': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new ConfigError('check', positionals[0], 'Unexpected argument; see `mft help check`.');
  const profile = parseProfile(values.profile);
  const masterSeed = parseMasterSeed(values.seed);
  let claims = selectClaims(values.only);
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  if (shard) claims = selectShard(claims, shard);
  const workers = values.workers !== undefined ? parseWorkers(values.workers) : undefined;
  const replaying = values.path !== undefined || values['control-path'] !== undefined;
  if (replaying && claims.length !== 1)
    throw new ConfigError('--path', values.path ?? values['control-path'], 'A replay path belongs to one claim: add --only <id> with that single id.');
  if (values.json === '') throw new ConfigError('--json', '', 'Expected a file name or - for stdout.');

  const progress = createProgressReporter({ quiet: values.quiet });
  const started = performance.now();
  let outcomes: ClaimOutcome[];
  let timings: Record<string, number>;
  if (replaying) {
    const claim = claims[0] as Claim<unknown>;
    const t0 = performance.now();
    outcomes = [
      runClaim(claim, {
        profile,
        masterSeed,
        ...(values.path !== undefined ? { path: values.path } : {}),
        ...(values['control-path'] !== undefined ? { controlPath: values['control-path'] } : {}),
      }),
    ];
    timings = { [claim.id]: Math.round(performance.now() - t0) };
  } else {
    ({ outcomes, timings } = await runClaims(claims, { profile, masterSeed, ...(workers !== undefined ? { workers } : {}), onProgress: progress.update }));
  }
  progress.done();

  const out = values.json === '-' ? process.stderr : process.stdout;
  const width = Math.max(...outcomes.map((o) => o.id.length), 5);
  for (const o of outcomes) out.write(`${formatLine(o, width, timings[o.id])}\n`);
  for (const o of outcomes) {
    if (o.verdict !== o.expected) out.write(`  ${o.id}: ${o.verdictReason}\n  replay: ${o.replayCommand}\n`);
    if (replaying && o.counterexample) out.write(`  ${o.id} case: ${JSON.stringify(o.counterexample.case)}\n`);
    if (replaying && o.control.violation) out.write(`  ${o.id} control case: ${JSON.stringify(o.control.violation.case)}\n`);
  }
  const asExpected = outcomes.filter((o) => o.verdict === o.expected && (replaying || o.control.outcome === 'detected')).length;
  out.write(
    `${asExpected} of ${outcomes.length} claims as recorded (profile ${profile}, master seed ${masterSeed}${shard ? `, shard ${shard.index}/${shard.count}` : ''}) in ${formatDuration(performance.now() - started)}\n`,
  );

  if (values.json !== undefined) {
    const text = serializeEvidence(buildEvidence(outcomes, { profile, masterSeed, ...(shard ? { shard } : {}) }));
    if (values.json === '-') process.stdout.write(text);
    else writeFileAtomic(values.json, text);
  }
  if (replaying) return outcomes.every((o) => o.verdict === o.expected) ? 0 : 1;
  return allAsExpected({ claims: outcomes }) ? 0 : 1;
}

function parseWorkers(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError('--workers', raw, 'Expected a whole number of worker threads from 1 to 64, e.g. --workers 2.');
  return n;
}

function formatFigure(m: Measurement | undefined): string {
  if (!m) return '';
  const measured = formatNumber(m.measured);
  const predicted = m.predicted === undefined ? '' : ` (predicted ${typeof m.predicted === 'number' ? formatNumber(m.predicted) : m.predicted})`;
  return `${m.name} = ${measured}${m.unit ? ` ${m.unit}` : ''}${predicted}`;
}

function formatNumber(x: number | string): string {
  if (typeof x === 'string') return x;
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(5))) : x.toExponential(3);
}

function formatLine(o: ClaimOutcome, width: number, wallMs: number | undefined): string {
  const verdict = verdictText(o) + (o.verdict !== o.expected ? ` (recorded ${o.expected})` : '');
  const control = o.control.outcome === 'detected' ? 'control violated' : o.control.runs === 0 ? 'control not run' : 'CONTROL MISSED';
  const time = wallMs === undefined ? '' : formatDuration(wallMs);
  return [o.id.padEnd(width), verdict.padEnd(30), `${o.numRuns} cases`.padEnd(10), control.padEnd(16), time.padStart(7), ' ', formatFigure(o.keyFigure)].join(' ');
}
