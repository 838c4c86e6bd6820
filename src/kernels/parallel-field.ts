/** One trajectory's field, or whole Runge–Kutta steps, split across threads: the main thread and
 *  `threads − 1` worker_threads share the kernel buffer and the integrator's arrays
 *  (SharedArrayBuffer). Every evaluation is two rounds of pieces (PREPARE, EVALUATE:
 *  src/kernels/parallel-rounds.ts; `parts` default 8) that the threads claim (parallel-worker-task.ts,
 *  runClaimed); the main thread opens each round, claims pieces itself and waits for the rest. A split step runs the
 *  stage sums, the tangent projection and the step's combination inside those rounds by rows, so at
 *  n = 256 the main thread no longer runs O(n·d) passes alone between evaluations. Synchronous: the main
 *  thread blocks on Atomics.wait, so `field` fits the VectorField contract and `rkStep` the one of
 *  OdeProblem.rkStep.
 *
 *  Determinism: a piece's arithmetic does not depend on the thread running it, so the results are
 *  bit-identical to createFusedAttentionField with the same parts on one thread (and `rkStep` to rkStep
 *  with its tangent field), for any thread count (tests/kernels/parallel-field.test.ts). `mft simulate`
 *  uses it through src/kernels/split-trajectory.ts (--threads, default 2).
 *
 *  Lifecycle: workers are unref'd (a forgotten dispose never keeps the process alive); call dispose()
 *  to stop and terminate them. Below `minN` (default 256) everything runs on one thread. */
import { Worker } from 'node:worker_threads';
import { createRkWorkspace, rkStep, type RkWorkspace } from '../integrate/explicit-rk.js';
import type { RkStepper, VectorField } from '../integrate/problem.js';
import { ALL_TABLEAUS } from '../integrate/tableaus.js';
import type { AttentionParams } from '../models/attention.js';
import { createKernel, type FusedFieldOptions } from './fused-attention-field.js';
import { DEFAULT_PARTS } from './head-plan.js';
import { createRoundPiece, describeEvaluation, describeStep, ROUND_EVALUATE, ROUND_PREPARE, roundPieces, sharedStateLength, sharedStateViews } from './parallel-rounds.js';
import { controlWords, CTL_DONE, CTL_EPOCH, CTL_FAILED, CTL_KIND, CTL_NEXT_EVALUATE, CTL_NEXT_PREPARE, CTL_READY, CTL_ROUND, CTL_SLEEPING, CTL_STAGE, CTL_STOP, FAILURE_POLL_MS, MAIN_SPIN_FRACTION, nextWord, runClaimed, spinBudget, waitUntil, type FieldWorkerData } from './parallel-worker-task.js';

/** Below this n a field evaluation is too short (< 0.1 ms) for the hand-off to pay. */
export const PARALLEL_MIN_N = 256;
/** Worker start-up (tsx register + import) takes ~0.3 s on an idle machine; this is a hang guard. */
const STARTUP_TIMEOUT_MS = 60_000;

export interface ParallelFieldOptions extends FusedFieldOptions {
  /** Threads including the main one (default 2). */
  readonly threads?: number;
  readonly minN?: number;
}

export interface ParallelAttentionField {
  /** The unprojected field F (the kernel's output). */
  readonly field: VectorField;
  /** The tangent field P_x F(x) of a sphere model, projected inside the split. */
  readonly tangentField: VectorField;
  /** rkStep(tableau, tangentField, …) with the whole step split (same bits); tableaus other than those of
   *  src/integrate/tableaus.ts, and FSAL first stages, go through rkStep with tangentField. */
  readonly rkStep: RkStepper;
  readonly threads: number;
  dispose(): Promise<void>;
}

export function createParallelAttentionField(params: AttentionParams, n: number, d: number, options: ParallelFieldOptions = {}): ParallelAttentionField {
  const parts = options.parts ?? DEFAULT_PARTS;
  // more threads than parts would have nothing to claim
  const threads = n < (options.minN ?? PARALLEL_MIN_N) ? 1 : Math.min(parts, Math.max(1, Math.floor(options.threads ?? 2)));
  const kernelOptions: FusedFieldOptions = { ...options, parts };
  delete (kernelOptions as { threads?: number }).threads;
  delete (kernelOptions as { minN?: number }).minN;
  let shared: SharedArrayBuffer | undefined;
  const kernel = createKernel(params, n, d, kernelOptions, (length) => {
    shared = new SharedArrayBuffer(8 * length);
    return new Float64Array(shared);
  });
  const stateBuffer = new SharedArrayBuffer(8 * sharedStateLength(n, d));
  const state = sharedStateViews(new Float64Array(stateBuffer), n, d);
  const control = new SharedArrayBuffer(4 * controlWords(kernel.parts));
  const ctl = new Int32Array(control);
  const workers: Worker[] = [];
  // nothing to claim before the first round
  Atomics.store(ctl, CTL_NEXT_PREPARE, roundPieces(ROUND_PREPARE, kernel.parts));
  Atomics.store(ctl, CTL_NEXT_EVALUATE, roundPieces(ROUND_EVALUATE, kernel.parts));
  for (let worker = 1; worker < threads; worker++) {
    const data: FieldWorkerData = { params, n, d, options: kernelOptions, kernelBuffer: shared!, stateBuffer, control };
    const worker = new Worker(new URL('./parallel-worker.mjs', import.meta.url), { workerData: data });
    worker.unref();
    worker.on('error', () => Atomics.store(ctl, CTL_FAILED, 1));
    workers.push(worker);
  }
  const helpers = threads - 1;
  waitFor(ctl, CTL_READY, waitCondition(ctl, helpers), STARTUP_TIMEOUT_MS, 'worker start-up');
  if (Atomics.load(ctl, CTL_FAILED) !== 0) {
    for (const w of workers) void w.terminate();
    throw new Error('parallel attention field: a worker failed to start');
  }
  let disposed = false;
  const piece = createRoundPiece(kernel, state, ctl);
  // made once: a round allocates nothing
  let kind = ROUND_PREPARE;
  let stage = 0;
  let roundNumber = 0;
  const runPiece = (p: number): void => piece(kind, stage, roundNumber, p);
  const allDone = [waitCondition(ctl, roundPieces(ROUND_PREPARE, kernel.parts)), waitCondition(ctl, roundPieces(ROUND_EVALUATE, kernel.parts))];
  const round = (roundKind: number, roundStage: number): void => {
    kind = roundKind;
    stage = roundStage;
    const pieces = roundPieces(kind, kernel.parts);
    if (helpers === 0) {
      roundNumber = (roundNumber + 1) | 0; // the parts' done flags (parallel-rounds.ts) compare with it
      for (let p = 0; p < pieces; p++) runPiece(p);
      return;
    }
    // the count is reset and the round described before its pieces open, so a thread that claims one
    // reads this round (parallel-worker-task.ts, CTL_KIND)
    Atomics.store(ctl, CTL_DONE, 0);
    Atomics.store(ctl, CTL_KIND, kind);
    Atomics.store(ctl, CTL_STAGE, stage);
    roundNumber = (roundNumber + 1) | 0; // as the Int32 word holds it
    Atomics.store(ctl, CTL_ROUND, roundNumber);
    Atomics.store(ctl, nextWord(kind), 0);
    Atomics.add(ctl, CTL_EPOCH, 1);
    // a spinning worker sees the epoch without a wake-up (parallel-worker-task.ts, spinBudget)
    if (Atomics.load(ctl, CTL_SLEEPING) > 0) Atomics.notify(ctl, CTL_EPOCH);
    const started = performance.now();
    runClaimed(ctl, nextWord(kind), CTL_DONE, pieces, runPiece);
    waitFor(ctl, CTL_DONE, allDone[kind], Infinity, 'a field round', spinBudget(performance.now() - started, MAIN_SPIN_FRACTION));
    if (Atomics.load(ctl, CTL_FAILED) !== 0) throw new Error('parallel attention field: a worker failed');
  };
  const requireShapes = (x: Float64Array, out: Float64Array): void => {
    if (disposed) throw new Error('parallel attention field used after dispose()');
    if (x.length !== n * d || out.length !== n * d)
      throw new RangeError(`parallel attention field: state and output need n·d = ${n * d} entries (n = ${n}, d = ${d}); got ${x.length} and ${out.length}`);
  };
  const evaluate = (x: Float64Array, out: Float64Array, project: boolean): void => {
    requireShapes(x, out);
    state.x.set(x);
    describeEvaluation(state, project);
    round(ROUND_PREPARE, 0);
    kernel.plan();
    round(ROUND_EVALUATE, 0);
    out.set(state.out);
  };
  const field: VectorField = (_t, x, out) => evaluate(x, out, false);
  const tangentField: VectorField = (_t, x, out) => evaluate(x, out, true);
  let fallback: RkWorkspace | undefined;
  const step: RkStepper = (tableau, t, x, h, out, errorOut, firstStage) => {
    const tableauIndex = ALL_TABLEAUS.indexOf(tableau);
    if (tableauIndex < 0 || firstStage) {
      if (fallback?.stages.length !== tableau.c.length) fallback = createRkWorkspace(tableau, n * d);
      return rkStep(tableau, tangentField, t, x, h, out, fallback, errorOut, firstStage);
    }
    requireShapes(x, out);
    const wantError = errorOut !== undefined && tableau.bHat !== undefined;
    state.x.set(x);
    describeStep(state, tableauIndex, h, wantError);
    const stages = tableau.c.length;
    for (let s = 0; s < stages; s++) {
      round(ROUND_PREPARE, s);
      kernel.plan();
      round(ROUND_EVALUATE, s);
    }
    out.set(state.out);
    if (wantError) errorOut.set(state.errorOut);
    return stages;
  };
  return {
    field,
    tangentField,
    rkStep: step,
    threads,
    async dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(ctl, CTL_STOP, 1);
      Atomics.add(ctl, CTL_EPOCH, 1);
      Atomics.notify(ctl, CTL_EPOCH);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Settled when the watched word reached `target` or a worker failed. */
function waitCondition(ctl: Int32Array, target: number): (value: number) => boolean {
  return (value) => value >= target || Atomics.load(ctl, CTL_FAILED) !== 0;
}

/** Blocks until `settled` accepts ctl[index], spinning for the first `spinMs`. */
function waitFor(ctl: Int32Array, index: number, settled: (value: number) => boolean, timeoutMs: number, what: string, spinMs = 0): void {
  if (!waitUntil(ctl, index, settled, spinMs, timeoutMs, FAILURE_POLL_MS)) throw new Error(`parallel attention field: timed out waiting for ${what}`);
}
