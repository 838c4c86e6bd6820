/** The loop a field worker runs (src/kernels/parallel-field.ts): wait for an epoch, run its part of the
 *  evaluation on the shared buffer, count itself done, repeat until told to stop. */
import type { AttentionParams } from '../models/attention.js';
import { createKernel, type FusedFieldOptions } from './fused-attention-field.js';

export interface FieldWorkerData {
  readonly params: AttentionParams;
  readonly n: number;
  readonly d: number;
  readonly options: FusedFieldOptions;
  readonly part: number;
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
export const CTL_WORDS = 6;

/** A field evaluation hands work over and back within microseconds when nobody sleeps: a thread that
 *  waits spins this long on the control word before it blocks in Atomics.wait, whose wake-up (a futex
 *  round trip through the hypervisor) costs 0.05–0.2 ms here, as much as a whole evaluation at n = 256.
 *  An RK step's evaluations are separated by O(n·d) stage sums, far shorter than this. */
export const SPIN_MS = 1;

/** Waits until ctl[index] !== value: spins up to SPIN_MS, then blocks (counted in CTL_SLEEPING). */
export function awaitChange(ctl: Int32Array, index: number, value: number): void {
  const spinUntil = performance.now() + SPIN_MS;
  while (Atomics.load(ctl, index) === value) {
    if (performance.now() > spinUntil) {
      Atomics.add(ctl, CTL_SLEEPING, 1);
      Atomics.wait(ctl, index, value);
      Atomics.sub(ctl, CTL_SLEEPING, 1);
    }
  }
}

export function runFieldWorker(data: FieldWorkerData): void {
  const ctl = new Int32Array(data.control);
  try {
    const kernel = createKernel(data.params, data.n, data.d, data.options, new Float64Array(data.kernelBuffer));
    let epoch = Atomics.load(ctl, CTL_EPOCH);
    Atomics.add(ctl, CTL_READY, 1);
    Atomics.notify(ctl, CTL_READY);
    for (;;) {
      awaitChange(ctl, CTL_EPOCH, epoch);
      if (Atomics.load(ctl, CTL_STOP) !== 0) return;
      epoch = Atomics.load(ctl, CTL_EPOCH);
      kernel.runPart(data.part);
      Atomics.add(ctl, CTL_DONE, 1);
      if (Atomics.load(ctl, CTL_SLEEPING) > 0) Atomics.notify(ctl, CTL_DONE);
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
