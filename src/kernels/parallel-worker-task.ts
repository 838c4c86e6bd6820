/** The loop a field worker runs (src/kernels/parallel-field.ts): wait for a round to open, claim and run
 *  its pieces (src/kernels/parallel-rounds.ts) on the shared buffers until none is left, repeat until
 *  told to stop. */
import type { AttentionParams } from '../models/attention.js';
import { createKernel, type FusedFieldOptions } from './fused-attention-field.js';
import { createRoundPiece, ROUND_EVALUATE, roundPieces, sharedStateViews } from './parallel-rounds.js';

export interface FieldWorkerData {
  readonly params: AttentionParams;
  readonly n: number;
  readonly d: number;
  /** Kernel options; `parts` is the number of parts of every evaluation. */
  readonly options: FusedFieldOptions;
  readonly kernelBuffer: SharedArrayBuffer;
  /** The integrator's arrays (parallel-rounds.ts, sharedStateViews). */
  readonly stateBuffer: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

/** Control words (Int32Array over `control`). The epoch moves once per opened round. */
export const CTL_EPOCH = 0;
export const CTL_DONE = 1;
export const CTL_STOP = 2;
export const CTL_READY = 3;
export const CTL_FAILED = 4;
/** Workers asleep in Atomics.wait (the main thread notifies only when this is > 0). */
export const CTL_SLEEPING = 5;
/** The next piece to claim (fetch-and-add) of the last PREPARE round and of the last EVALUATE round;
 *  ≥ the round's pieces when none is left. One counter per kind: a thread that read the kind of a round
 *  already over claims from that kind's counter, and gets either nothing or a piece of the open round of
 *  the same kind (a counter only reopens for a new round of its kind), never a piece it would misread. */
export const CTL_NEXT_PREPARE = 6;
export const CTL_NEXT_EVALUATE = 7;
/** The open round: its kind (ROUND_*), stage and number. Set before its counter opens it (the epoch,
 *  the wake-up signal, moves after) and unchanged until every piece is done, so a thread that claimed a
 *  piece reads the round it belongs to. */
export const CTL_KIND = 8;
export const CTL_STAGE = 9;
export const CTL_ROUND = 10;
/** Then one word per part: the number of the last round in which that part was done (markPartDone). */
const CTL_PART_DONE = 11;

export function nextWord(kind: number): number {
  return kind === ROUND_EVALUATE ? CTL_NEXT_EVALUATE : CTL_NEXT_PREPARE;
}

export function controlWords(parts: number): number {
  return CTL_PART_DONE + parts;
}

/** A split step hands work over and back within microseconds when both threads are running: a thread
 *  that waits first spins on the control word, then blocks in Atomics.wait, whose wake-up (a futex round
 *  trip through the hypervisor, plus the waker's notify syscall) costs 0.02–0.2 ms here, as much as a
 *  whole evaluation at n = 256. Each spin is bounded by a multiple of a time the thread itself measured,
 *  and by SPIN_MAX_MS:
 *  - a worker waiting for the next round spins up to half of its last busy stretch in an EVALUATE round
 *    (the longest round). The longest gap it has to bridge is the main thread's work between two steps
 *    (copying the state in and out, the solver's retraction and checks);
 *  - the main thread waiting for the last pieces of a round spins up to 1.5 × its own time in the round,
 *    since a worker that claimed a piece at most just before the main thread ran out is at most one
 *    piece behind; a chunk's finish waiting for a part spins up to 1.5 × the thread's own last part.
 *  When the machine has no free core the other thread is not running and a spin only takes the core it
 *  needs, so the bound is relative: a worker that claimed nothing (it was not scheduled) has a busy
 *  stretch near zero and barely spins (measured: fixed 1 ms spins made an n = 256 evaluation 12× slower
 *  beside a busy process). */
export const SPIN_MAX_MS = 1;
export const SPIN_MIN_MS = 0.01;
export const WORKER_SPIN_FRACTION = 0.5;
export const MAIN_SPIN_FRACTION = 1.5;

export function spinBudget(measuredMs: number, fraction: number): number {
  return Math.min(SPIN_MAX_MS, Math.max(SPIN_MIN_MS, fraction * measuredMs));
}

/** Spins up to `spinMs` while ctl[index] holds a value `settled` rejects, then sleeps in Atomics.wait
 *  (counted in CTL_SLEEPING, so the other side knows to notify) until it changes, waking at least every
 *  `pollMs` to look again. Returns false when `timeoutMs` passed first. Both the main thread and the
 *  workers wait through this. */
export function waitUntil(ctl: Int32Array, index: number, settled: (value: number) => boolean, spinMs: number, timeoutMs = Infinity, pollMs = Infinity): boolean {
  const start = performance.now();
  for (;;) {
    const value = Atomics.load(ctl, index);
    if (settled(value)) return true;
    const elapsed = performance.now() - start;
    if (elapsed < spinMs) continue;
    const left = timeoutMs - elapsed;
    if (left <= 0) return false;
    Atomics.add(ctl, CTL_SLEEPING, 1);
    Atomics.wait(ctl, index, value, Math.min(left, pollMs));
    Atomics.sub(ctl, CTL_SLEEPING, 1);
  }
}

/** Claims pieces of work through the counter ctl[next] (fetch-and-add) and runs them until none of the
 *  `count` is left, counting each in ctl[done] (nextWord(kind), CTL_DONE). Any thread may run any piece: a piece's
 *  arithmetic does not depend on the thread, so who runs what never changes the result, and a thread the
 *  machine does not schedule simply leaves its share to the others (the main thread claims whatever is
 *  left, so 2 threads on a busy machine cost about what 1 costs). */
export function runClaimed(ctl: Int32Array, next: number, done: number, count: number, run: (piece: number) => void): void {
  for (;;) {
    const piece = Atomics.add(ctl, next, 1);
    if (piece >= count) return;
    run(piece);
    Atomics.add(ctl, done, 1);
    if (Atomics.load(ctl, CTL_SLEEPING) > 0) Atomics.notify(ctl, done);
  }
}

/** A part of round `round` is done: its output may be read (a chunk's finish waits in awaitPartsDone). */
export function markPartDone(ctl: Int32Array, part: number, round: number): void {
  Atomics.store(ctl, CTL_PART_DONE + part, round);
  if (Atomics.load(ctl, CTL_SLEEPING) > 0) Atomics.notify(ctl, CTL_PART_DONE + part);
}

/** Blocks until parts 0..lastPart of round `round` are done (or a worker failed: the main thread throws
 *  after the round). A part still running elsewhere is at most one part behind the caller, so the caller
 *  spins up to 1.5 × its own last part (`partMs`), then sleeps. */
export function awaitPartsDone(ctl: Int32Array, lastPart: number, round: number, partMs: number): void {
  for (let part = lastPart; part >= 0; part--) {
    const index = CTL_PART_DONE + part;
    if (Atomics.load(ctl, index) === round) continue;
    waitUntil(ctl, index, (value) => value === round || Atomics.load(ctl, CTL_FAILED) !== 0, spinBudget(partMs, MAIN_SPIN_FRACTION), Infinity, FAILURE_POLL_MS);
  }
}

/** A worker's 'error' event sets CTL_FAILED without a notify: a sleeping thread looks this often. */
export const FAILURE_POLL_MS = 1000;

export function runFieldWorker(data: FieldWorkerData): void {
  const ctl = new Int32Array(data.control);
  try {
    const kernel = createKernel(data.params, data.n, data.d, data.options, new Float64Array(data.kernelBuffer));
    const piece = createRoundPiece(kernel, sharedStateViews(new Float64Array(data.stateBuffer), data.n, data.d), ctl);
    let epoch = Atomics.load(ctl, CTL_EPOCH);
    let busyMs = 0;
    // made once: the loop allocates nothing per round
    const newEpoch = (value: number): boolean => value !== epoch;
    // the round is read after each claim: a claimed piece always belongs to the round open at that time
    const runPiece = (p: number): void => piece(Atomics.load(ctl, CTL_KIND), Atomics.load(ctl, CTL_STAGE), Atomics.load(ctl, CTL_ROUND), p);
    Atomics.add(ctl, CTL_READY, 1);
    Atomics.notify(ctl, CTL_READY);
    for (;;) {
      waitUntil(ctl, CTL_EPOCH, newEpoch, spinBudget(busyMs, WORKER_SPIN_FRACTION));
      if (Atomics.load(ctl, CTL_STOP) !== 0) return;
      epoch = Atomics.load(ctl, CTL_EPOCH);
      const kind = Atomics.load(ctl, CTL_KIND);
      const seen = performance.now();
      runClaimed(ctl, nextWord(kind), CTL_DONE, roundPieces(kind, kernel.parts), runPiece);
      if (kind === ROUND_EVALUATE) busyMs = performance.now() - seen;
    }
  } catch (error) {
    Atomics.store(ctl, CTL_FAILED, 1);
    Atomics.add(ctl, CTL_READY, 1);
    Atomics.notify(ctl, CTL_READY);
    Atomics.add(ctl, CTL_DONE, 1);
    Atomics.notify(ctl, CTL_DONE);
    throw error;
  }
}
