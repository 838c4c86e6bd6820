/** The set of files `mft report` writes, rendered in memory first and then written atomically as a set:
 *    <out>/REPORT.md, <out>/report/evidence.json, <out>/report/timings.json, <out>/report/figures/*.svg.
 *  A throw while computing or rendering writes nothing; a failure while writing leaves the previous
 *  files (writeFilesAtomic stages every temp file before renaming any). Figures of claims no longer in
 *  the report are removed after the new set is in place. */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFilesAtomic } from '../core/atomic-write.js';
import { ConfigError } from '../core/config-error.js';
import { type Evidence, serializeEvidence } from './evidence.js';
import { renderFigure } from './figures.js';
import { figurePath, REPORT_DIR, renderReport, type RunInfo } from './markdown.js';
import { describeMachine, formatUtc, formatWallTime, type MachineInfo } from './run-info.js';

export const TIMINGS_SCHEMA = 'mft-check/timings@1';

/** report/timings.json: what varies between identical runs, kept out of the evidence. */
export interface Timings {
  readonly schema: typeof TIMINGS_SCHEMA;
  /** ISO time the run started. */
  readonly startedAt: string;
  readonly totalWallMs: number;
  readonly gitCommit: string;
  readonly machine: MachineInfo;
  /** Wall milliseconds per claim id (claims run concurrently on the worker threads). */
  readonly claims: Readonly<Record<string, number>>;
}

export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** The one volatile REPORT.md line: date, time and total wall time. */
export function runLine(timings: Pick<Timings, 'startedAt' | 'totalWallMs'>): string {
  return `${formatUtc(new Date(timings.startedAt))} · total wall time ${formatWallTime(timings.totalWallMs)} (claims run on worker threads)`;
}

export function runInfoFromTimings(timings: Timings, registryIds?: readonly string[]): RunInfo {
  return { gitCommit: timings.gitCommit, machine: describeMachine(timings.machine), runLine: runLine(timings), ...(registryIds ? { registryIds } : {}) };
}

/** Reads report/timings.json next to an evidence file, if there is a valid one. */
export function readTimingsNextTo(evidencePath: string): Timings | undefined {
  try {
    const t = JSON.parse(readFileSync(join(dirname(evidencePath), 'timings.json'), 'utf8')) as Partial<Timings>;
    const ok =
      t.schema === TIMINGS_SCHEMA &&
      typeof t.startedAt === 'string' &&
      !Number.isNaN(Date.parse(t.startedAt)) &&
      typeof t.totalWallMs === 'number' &&
      typeof t.gitCommit === 'string' &&
      typeof t.machine?.cpu === 'string' &&
      typeof t.machine.cores === 'number' &&
      typeof t.machine.node === 'string' &&
      typeof t.claims === 'object' &&
      t.claims !== null;
    return ok ? (t as Timings) : undefined;
  } catch {
    return undefined;
  }
}

export function serializeTimings(timings: Timings): string {
  return `${JSON.stringify(timings, null, 2)}\n`;
}

export interface RenderedReport {
  readonly files: readonly OutputFile[];
  /** vega warnings per figure path, for the log. */
  readonly warnings: readonly string[];
}

/** Renders every file of the report in memory. `evidence` should be the canonical form
 *  (parseEvidence(serializeEvidence(e))) so a fresh run and `--from` render the same bytes. */
export async function renderReportFiles(outDir: string, evidence: Evidence, run: RunInfo, timingsContent: string): Promise<RenderedReport> {
  const files: OutputFile[] = [];
  const warnings: string[] = [];
  for (const claim of evidence.claims) {
    const names = new Set<string>();
    for (const figure of claim.illustration?.figures ?? []) {
      if (names.has(figure.name))
        throw new ConfigError(`${claim.id}: illustration figure name`, figure.name, 'Figure names must be unique within a claim (each becomes report/figures/<claim-id>-<name>.svg).');
      names.add(figure.name);
      const rel = figurePath(claim.id, figure);
      const rendered = await renderFigure(figure, `${claim.id}-${figure.name}`);
      for (const w of rendered.warnings) warnings.push(`${rel}: ${w}`);
      files.push({ path: join(outDir, rel), content: rendered.svg });
    }
  }
  files.push({ path: join(outDir, REPORT_DIR, 'evidence.json'), content: serializeEvidence(evidence) });
  files.push({ path: join(outDir, REPORT_DIR, 'timings.json'), content: timingsContent });
  files.push({ path: join(outDir, 'REPORT.md'), content: renderReport(evidence, run) });
  return { files, warnings };
}

/** Writes the set atomically, then removes figures the new report no longer links. Returns the paths
 *  of the stale figures removed. */
export function writeReportFiles(outDir: string, files: readonly OutputFile[]): string[] {
  writeFilesAtomic(files);
  const figuresDir = join(outDir, REPORT_DIR, 'figures');
  const keep = new Set(files.map((f) => f.path));
  const removed: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(figuresDir);
  } catch {
    return removed;
  }
  for (const name of entries) {
    const path = join(figuresDir, name);
    if (name.endsWith('.svg') && !keep.has(path)) {
      rmSync(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}
