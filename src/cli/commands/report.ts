/** `mft report`: runs the claims (or re-renders an evidence file with --from) and writes REPORT.md,
 *  report/figures/*.svg, report/evidence.json and report/timings.json atomically as a set. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allClaims } from '../../../properties/index.js';
import type { Claim } from '../../claims/claim.js';
import type { ClaimOutcome } from '../../claims/outcome.js';
import { runClaims } from '../../claims/run-claims.js';
import { ConfigError } from '../../core/config-error.js';
import type { ProfileName } from '../../core/types.js';
import { buildEvidence, type Evidence, parseEvidence, readEvidence, serializeEvidence } from '../../report/evidence.js';
import { allAsExpected, type RunInfo, verdictText } from '../../report/markdown.js';
import { readTimingsNextTo, renderReportFiles, runInfoFromTimings, serializeTimings, TIMINGS_SCHEMA, type Timings, writeReportFiles } from '../../report/report-files.js';
import { formatUtc, formatWallTime, gitCommit, machineInfo } from '../../report/run-info.js';
import { CLAIM_OPTION_SPEC, parseMasterSeed, parseProfile, selectClaims } from '../claim-options.js';
import { cliIo } from '../io.js';
import { createProgressReporter, type ProgressEvent, type ProgressOptions } from '../progress.js';

export const summary = 'run the claims and write REPORT.md, report/figures/*.svg and report/evidence.json';

export const help = `Usage: mft report [--profile quick|full] [--seed <n>] [--only <ids>] [--out <dir>] [--quiet]
       mft report --from <evidence.json> [--only <ids>] [--out <dir>] [--quiet]

Runs the claims on all cores and writes, atomically as a set (a failed run leaves the previous report):
  <dir>/REPORT.md                    the report (summary, one section per claim, flags and open gaps)
  <dir>/report/figures/<id>-<name>.svg
  <dir>/report/evidence.json         every number in the report (schema: docs/evidence-schema.md)
  <dir>/report/timings.json          date, total and per-claim wall times, git commit, machine
Figures of claims no longer in the report are removed.

  --profile quick|full   case budgets (default quick; the committed REPORT.md is full)
  --seed <n>             master seed (default: MFT_SEED, else 20261123)
  --only <ids>           comma-separated claim ids (mft list)
  --out <dir>            where to write (default: the repository root)
  --from <file>          re-render an evidence file (e.g. from mft merge) without recomputing;
                         run date, machine and times are taken from timings.json next to it if present
  --quiet                no progress on stderr

Same seed and profile give byte-identical REPORT.md (except its "Run:" line), figures and evidence.json.
Exit codes: 0 every verdict as recorded and every negative control violated; 1 otherwise; 2 bad usage.`;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type RunClaimsFn = (
  claims: readonly Claim<any>[],
  options: { profile: ProfileName; masterSeed: number; onProgress?: (p: ProgressEvent) => void },
) => Promise<{ outcomes: ClaimOutcome[]; timings: Record<string, number> }>;

export interface ReportOptions {
  readonly profile: ProfileName;
  readonly masterSeed: number;
  readonly only?: string;
  readonly outDir: string;
  readonly from?: string;
  readonly quiet?: boolean;
}

/** Seams for tests: fake claims run in-process, a captured stderr, a fixed clock. */
export interface ReportDeps {
  readonly claims?: readonly Claim<any>[];
  readonly runClaims?: RunClaimsFn;
  readonly progress?: ProgressOptions;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

export interface ReportResult {
  readonly exitCode: number;
  readonly evidence: Evidence;
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

export async function runReport(options: ReportOptions, deps: ReportDeps = {}): Promise<ReportResult> {
  const io = cliIo();
  const log = deps.log ?? ((line: string) => io.err(`${line}\n`));
  const now = deps.now ?? (() => new Date());
  const registry = deps.claims ?? allClaims;
  const registryIds = registry.map((c) => c.id);
  const progress = createProgressReporter({ quiet: options.quiet, stream: { write: (text: string) => (io.err(text), true), columns: process.stderr.columns }, tty: io.errIsTTY, ...deps.progress });

  let evidence: Evidence;
  let timings: Timings | undefined;
  let timingsContent: string;
  let run: RunInfo;
  if (options.from !== undefined) {
    evidence = readEvidence(options.from, '--from');
    if (options.only !== undefined) evidence = { ...evidence, claims: selectFromEvidence(evidence, options.only) };
    timings = readTimingsNextTo(options.from);
    const renderedAt = formatUtc(now());
    run = timings
      ? runInfoFromTimings(timings, registryIds)
      : { gitCommit: `${gitCommit()} (renderer; the run's commit was not recorded)`, runLine: `not recorded (rendered ${renderedAt} from ${options.from})`, registryIds };
    timingsContent = timings
      ? serializeTimings(timings)
      : `${JSON.stringify({ schema: TIMINGS_SCHEMA, renderedAt: now().toISOString(), renderedFrom: options.from, note: 'run times were not recorded with this evidence' }, null, 2)}\n`;
  } else {
    const claims = deps.claims ? selectById(deps.claims, options.only) : selectClaims(options.only);
    const startedAt = now();
    const started = performance.now();
    const result = await (deps.runClaims ?? (runClaims as unknown as RunClaimsFn))(claims, {
      profile: options.profile,
      masterSeed: options.masterSeed,
      onProgress: progress.update,
    });
    // Render from the canonical form, exactly what `--from report/evidence.json` will read back.
    evidence = parseEvidence(serializeEvidence(buildEvidence(result.outcomes, { profile: options.profile, masterSeed: options.masterSeed })));
    timings = {
      schema: TIMINGS_SCHEMA,
      startedAt: startedAt.toISOString(),
      totalWallMs: Math.round(performance.now() - started),
      gitCommit: gitCommit(),
      machine: machineInfo(),
      claims: result.timings,
    };
    timingsContent = serializeTimings(timings);
    run = runInfoFromTimings(timings, registryIds);
  }

  const outDir = resolve(options.outDir);
  const rendered = await renderReportFiles(outDir, evidence, run, timingsContent);
  const removed = writeReportFiles(outDir, rendered.files);
  for (const w of rendered.warnings) progress.log(`warning: ${w}`);

  for (const c of evidence.claims) {
    if (c.verdict !== c.expected) log(`${c.id}: ${verdictText(c)}, recorded ${c.expected} — ${c.verdictReason}`);
    if (c.control.outcome !== 'detected') log(`${c.id}: negative control (${c.control.dropped}) not violated in ${c.control.runs} cases: the check has no teeth`);
  }
  const ok = allAsExpected(evidence);
  const asExpected = evidence.claims.filter((c) => c.verdict === c.expected).length;
  progress.done(
    `report: ${evidence.claims.length} claims, ${asExpected} as recorded${timings && options.from === undefined ? ` in ${formatWallTime(timings.totalWallMs)}` : ''}; wrote ${resolve(outDir, 'REPORT.md')}`,
  );
  return { exitCode: ok ? 0 : 1, evidence, written: rendered.files.map((f) => f.path), removed };
}

function parseIds(raw: string): string[] {
  const ids = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw new ConfigError('--only', raw, 'Give comma-separated claim ids; `mft list` shows them.');
  return ids;
}

function selectById(claims: readonly Claim<any>[], only: string | undefined): Claim<any>[] {
  if (only === undefined) return [...claims];
  const ids = parseIds(only);
  for (const id of ids) if (!claims.some((c) => c.id === id)) throw new ConfigError('--only', id, 'No claim has this id; `mft list` shows them.');
  return claims.filter((c) => ids.includes(c.id));
}

function selectFromEvidence(evidence: Evidence, only: string): ClaimOutcome[] {
  const ids = parseIds(only);
  const present = evidence.claims.map((c) => c.id);
  for (const id of ids) if (!present.includes(id)) throw new ConfigError('--only', id, `The evidence file has no such claim; it holds: ${present.join(', ') || '(none)'}.`);
  return evidence.claims.filter((c) => ids.includes(c.id));
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...CLAIM_OPTION_SPEC,
      out: { type: 'string', short: 'o' },
      from: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new ConfigError('report', positionals[0], 'Unexpected argument; see `mft help report`.');
  if (values.out === '') throw new ConfigError('--out', '', 'Expected a directory, e.g. --out /tmp/mft-report (default: the repository root).');
  if (values.from !== undefined) {
    if (values.from === '') throw new ConfigError('--from', '', 'Expected an evidence file, e.g. --from report/evidence.json.');
    for (const flag of ['profile', 'seed'] as const)
      if (values[flag] !== undefined)
        throw new ConfigError(`--${flag}`, values[flag], `--from renders the evidence as it was computed (its own profile and seed); drop --${flag}, or drop --from to recompute.`);
  }
  const result = await runReport({
    profile: parseProfile(values.profile),
    masterSeed: parseMasterSeed(values.seed),
    ...(values.only !== undefined ? { only: values.only } : {}),
    outDir: values.out ?? REPO_ROOT,
    ...(values.from !== undefined ? { from: values.from } : {}),
    quiet: values.quiet,
  });
  return result.exitCode;
}
