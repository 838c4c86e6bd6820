/** The loop a field worker runs (src/kernels/parallel-field.ts): wait for an epoch, claim and run parts
 *  of the evaluation on the shared buffer until none is left, repeat until told to stop. */
import type { AttentionParams } from '../models/attention.js';
import { createKernel, type FusedFieldOptions } from './fused-attention-field.js';

export interface FieldWorkerData {
  readonly params: AttentionParams;
  readonly n: number;
  readonly d: number;
  /** Kernel options; `parts` is the number of parts of every evaluation. */
  readonly options: FusedFieldOptions;
  readonly kernelBuffer: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

/** Control words (Int32Array over `control`). */
export const CTL_EPOCH = 0;
export const CTL_DONE = 1;
export const CTL_STOP = 2;
export const CTL_READY = 3;
export const CTL_FAILED = 4;
/** Workers asleep in Atomics.wait (the main thread notifies only when this is > 0). */
export const CTL_SLEEPING = 5;
/** The next part to claim (fetch-and-add); ≥ parts when none is left. */
export const CTL_NEXT = 6;
export const CTL_WORDS = 7;

/** A field evaluation hands work over and back within microseconds when both threads are running: a
 *  thread that waits first spins on the control word, then blocks in Atomics.wait, whose wake-up (a
 *  futex round trip through the hypervisor) costs 0.05–0.2 ms here, as much as a whole evaluation at
 *  n = 256. The spin is bounded by a quarter of the thread's own last part (and SPIN_MAX_MS): when the
 *  machine has no free core the other thread is not running, and a long spin would only take the core
 *  it needs (measured: 1 ms spins made an n = 256 evaluation 12× slower beside a busy process). */
export const SPIN_MAX_MS = 1;
export const SPIN_MIN_MS = 0.01;
export const SPIN_PART_FRACTION = 0.25;

export function spinBudget(lastPartMs: number): number {
  return Math.min(SPIN_MAX_MS, Math.max(SPIN_MIN_MS, SPIN_PART_FRACTION * lastPartMs));
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

/** Claims parts ≥ 1 of the current evaluation and runs them until none is left, counting each in
 *  CTL_DONE; returns the milliseconds spent running. Any thread may run any part: a part's arithmetic
 *  does not depend on the thread, so who runs what never changes the result, and a thread the machine
 *  does not schedule simply leaves its share to the others (the main thread claims what is left after
 *  its own part 0, so 2 threads on a busy machine cost about what 1 costs). */
export function runClaimedParts(ctl: Int32Array, parts: number, runPart: (part: number) => void): number {
  let spent = 0;
  for (;;) {
    const part = Atomics.add(ctl, CTL_NEXT, 1);
    if (part >= parts) return spent;
    const started = performance.now();
    runPart(part);
    spent += performance.now() - started;
    Atomics.add(ctl, CTL_DONE, 1);
    if (Atomics.load(ctl, CTL_SLEEPING) > 0) Atomics.notify(ctl, CTL_DONE);
  }
}

export function runFieldWorker(data: FieldWorkerData): void {
  const ctl = new Int32Array(data.control);
  try {
    const kernel = createKernel(data.params, data.n, data.d, data.options, new Float64Array(data.kernelBuffer));
    let epoch = Atomics.load(ctl, CTL_EPOCH);
    let partMs = 0;
    Atomics.add(ctl, CTL_READY, 1);
    Atomics.notify(ctl, CTL_READY);
    for (;;) {
      waitUntil(ctl, CTL_EPOCH, (value) => value !== epoch, spinBudget(partMs));
      if (Atomics.load(ctl, CTL_STOP) !== 0) return;
      epoch = Atomics.load(ctl, CTL_EPOCH);
      const spent = runClaimedParts(ctl, kernel.parts, (part) => kernel.runPart(part));
      if (spent > 0) partMs = spent;
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
