/** The second trajectory of the paired speed-up bench (tests/bench/speedup.bench.ts): its own one-thread
 *  field, RK4 steps on command. Control words (Int32Array): COMMAND is bumped to start a block of STEPS
 *  steps (negative: stop); DONE counts finished blocks. */
import { Rng, uniformSphere } from '../../src/core/rng.js';
import type { KernelChoice } from '../../src/kernels/fused-attention-field.js';
import { createFusedAttentionField } from '../../src/kernels/fused-attention-field.js';
import { benchParams, rk4Stepper, SEED } from './attention.bench.js';

export const TWIN_COMMAND = 0;
export const TWIN_STEPS = 1;
export const TWIN_DONE = 2;
export const TWIN_WORDS = 3;

export interface TwinWorkerData {
  readonly kernel: KernelChoice;
  readonly n: number;
  readonly d: number;
  readonly control: SharedArrayBuffer;
}

export function runTwinTrajectory(data: TwinWorkerData): void {
  const { kernel, n, d } = data;
  const ctl = new Int32Array(data.control);
  const params = benchParams(d);
  const step = rk4Stepper(createFusedAttentionField(params, n, d, { kernel }), uniformSphere(Rng.fromSeed(SEED + 1), n, d), n, d);
  let seen = Atomics.load(ctl, TWIN_COMMAND);
  Atomics.add(ctl, TWIN_DONE, 1);
  Atomics.notify(ctl, TWIN_DONE);
  for (;;) {
    Atomics.wait(ctl, TWIN_COMMAND, seen);
    seen = Atomics.load(ctl, TWIN_COMMAND);
    if (seen < 0) return;
    const steps = Atomics.load(ctl, TWIN_STEPS);
    for (let s = 0; s < steps; s++) step();
    Atomics.add(ctl, TWIN_DONE, 1);
    Atomics.notify(ctl, TWIN_DONE);
  }
}
