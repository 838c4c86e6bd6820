/** Facts about the run that are not evidence: git commit, machine, date and wall time. They go in the
 *  REPORT.md header and report/timings.json, never in evidence.json. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `git rev-parse --short HEAD`, with "+ uncommitted changes" when tracked files other than the report
 *  itself differ from HEAD; 'unknown' outside a git checkout. */
export function gitCommit(cwd = REPO_ROOT): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--short', 'HEAD');
  } catch {
    return 'unknown';
  }
  try {
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)REPORT.md', ':(exclude)report');
    return dirty === '' ? commit : `${commit} + uncommitted changes`;
  } catch {
    return commit;
  }
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
}

export function machineInfo(): MachineInfo {
  const model = cpus()[0]?.model?.trim().replace(/\s+/g, ' ');
  return { cpu: model || 'unknown CPU', cores: availableParallelism(), node: process.version };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} core${m.cores === 1 ? '' : 's'}, Node ${m.node}`;
}

/** "4 min 12 s", "12.3 s", "850 ms". */
export function formatWallTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min ${s % 60} s` : `${m} min ${s % 60} s`;
}

/** "2026-11-23 01:30:12 UTC" */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
