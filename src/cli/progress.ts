/** Progress of a claims run on stderr: a one-line bar redrawn in place on a TTY, a plain log line every
 *  ~5 s otherwise (CI logs, pipes), nothing with --quiet. Progress never goes to stdout, which carries
 *  results (`--json -`). The ETA assumes the remaining work runs at the average rate so far, counting a
 *  claim's cases as fractions of that claim. */

import type { Progress } from '../claims/run-claims.js';

/** One progress event of a claims run (what runClaims' onProgress receives). */
export type ProgressEvent = Progress;

export interface ProgressReporter {
  /** Feed this to runClaims' onProgress. */
  readonly update: (event: ProgressEvent) => void;
  /** Prints a line without garbling the bar. */
  readonly log: (line: string) => void;
  /** Clears the bar and prints a final line (if given). */
  readonly done: (line?: string) => void;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  readonly stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };
  /** Overrides stream.isTTY (tests). */
  readonly tty?: boolean;
  /** Minimum gap between plain log lines. */
  readonly logIntervalMs?: number;
  /** Clock for throttling (tests); the elapsed time itself comes from the events. */
  readonly now?: () => number;
}

const LOG_INTERVAL_MS = 5000;
/** Redraw limit on a TTY: faster than the eye needs, slow enough not to cost time in a tight case loop. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 20;

export function createProgressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update: () => {}, log: () => {}, done: () => {} };
  const tty = options.tty ?? Boolean(stream.isTTY);
  const now = options.now ?? Date.now;
  const logInterval = options.logIntervalMs ?? LOG_INTERVAL_MS;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastFraction = 0;
  let shown = '';
  let last: ProgressEvent | undefined;
  // Claims run concurrently on the worker threads: keep each running claim's share of its cases so the
  // bar and ETA count all of them, not only the claim that reported last.
  const running = new Map<string, number>();
  const overall = (event: ProgressEvent) => {
    if (event.casesTotal > 0 && event.casesDone < event.casesTotal) running.set(event.claimId, event.casesDone / event.casesTotal);
    else running.delete(event.claimId);
    let inFlight = 0;
    for (const f of running.values()) inFlight += f;
    return event.claimsTotal <= 0 ? 1 : Math.min(1, (event.claimsDone + inFlight) / event.claimsTotal);
  };

  const clear = () => {
    if (tty && shown !== '') stream.write('\r\x1b[2K');
    shown = '';
  };
  const draw = (event: ProgressEvent, f: number) => {
    const columns = stream.columns || 100; // 0 on a pseudo-terminal with no size set
    const line = truncate(`${bar(f)} ${describe(event, f)}`, Math.max(20, columns - 1));
    stream.write(`\r\x1b[2K${line}`);
    shown = line;
  };

  return {
    update(event) {
      last = event;
      lastFraction = overall(event);
      const t = now();
      const finished = event.claimsDone >= event.claimsTotal;
      if (tty) {
        if (t - lastDraw < REDRAW_INTERVAL_MS && !finished) return;
        lastDraw = t;
        draw(event, lastFraction);
      } else {
        if (t - lastDraw < logInterval) return;
        lastDraw = t;
        stream.write(`progress: ${describe(event, lastFraction)}\n`);
      }
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
      if (tty && last !== undefined) draw(last, lastFraction);
    },
    done(line) {
      clear();
      if (line !== undefined) stream.write(`${line}\n`);
    },
  };
}

/** Share of the run done: finished claims plus the running claim's share of its cases. */
export function fraction(event: ProgressEvent): number {
  if (event.claimsTotal <= 0) return 1;
  const inClaim = event.casesTotal > 0 && event.claimsDone < event.claimsTotal ? Math.min(1, event.casesDone / event.casesTotal) : 0;
  return Math.min(1, (event.claimsDone + inClaim) / event.claimsTotal);
}

/** "3/12 claims · energy-monotonicity 45/60 cases · 0:42 elapsed · ETA 1:10"; `f` is the share of the
 *  whole run done (default: from this event alone). */
export function describe(event: ProgressEvent, f = fraction(event)): string {
  const eta = f > 0 && f < 1 ? formatDuration((event.elapsedMs * (1 - f)) / f) : f >= 1 ? '0:00' : '?';
  return [
    `${event.claimsDone}/${event.claimsTotal} claims`,
    `${event.claimId} ${event.casesDone}/${event.casesTotal} cases`,
    `${formatDuration(event.elapsedMs)} elapsed`,
    `ETA ${eta}`,
  ].join(' · ');
}

/** m:ss, or h:mm:ss from one hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function bar(f: number): string {
  const filled = Math.round(f * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

function truncate(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
