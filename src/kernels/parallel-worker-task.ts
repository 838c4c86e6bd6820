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
export const CTL_WORDS = 5;

export function runFieldWorker(data: FieldWorkerData): void {
  const ctl = new Int32Array(data.control);
  try {
    const kernel = createKernel(data.params, data.n, data.d, data.options, new Float64Array(data.kernelBuffer));
    let epoch = Atomics.load(ctl, CTL_EPOCH);
    Atomics.add(ctl, CTL_READY, 1);
    Atomics.notify(ctl, CTL_READY);
    for (;;) {
      Atomics.wait(ctl, CTL_EPOCH, epoch);
      if (Atomics.load(ctl, CTL_STOP) !== 0) return;
      epoch = Atomics.load(ctl, CTL_EPOCH);
      kernel.runPart(data.part);
      Atomics.add(ctl, CTL_DONE, 1);
      Atomics.notify(ctl, CTL_DONE);
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
