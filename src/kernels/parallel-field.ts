/** One trajectory's field split across threads: the main thread and `threads − 1` worker_threads share
 *  the kernel buffer (SharedArrayBuffer); every evaluation has `parts` parts (default 8; rows split
 *  between them, src/kernels/attention-kernel.ts) and as many reduction chunks. The main thread prepares,
 *  runs part 0, runs any part no worker has claimed yet (parallel-worker-task.ts, runClaimed) and waits
 *  for the rest; then the same for the reduction chunks, and it writes the result. Synchronous: the main
 *  thread blocks on Atomics.wait, so it fits the VectorField contract of `solve`.
 *
 *  Determinism: a part's arithmetic does not depend on the thread running it, so the result is
 *  bit-identical to createFusedAttentionField with the same parts on one thread, for any thread count
 *  (tests/kernels/parallel-field.test.ts). `mft simulate` uses it through
 *  src/kernels/split-trajectory.ts (--threads, default 2).
 *
 *  Lifecycle: workers are unref'd (a forgotten dispose never keeps the process alive); call dispose()
 *  to stop and terminate them. Below `minN` (default 256) the field runs on one thread. */
import { Worker } from 'node:worker_threads';
import type { VectorField } from '../integrate/problem.js';
import type { AttentionParams } from '../models/attention.js';
import { createKernel, type FusedFieldOptions } from './fused-attention-field.js';
import { DEFAULT_PARTS } from './head-plan.js';
import { CTL_DONE, CTL_EPOCH, CTL_FAILED, CTL_NEXT, CTL_READY, CTL_REDUCE_DONE, CTL_REDUCE_NEXT, CTL_SLEEPING, CTL_STOP, CTL_WORDS, MAIN_SPIN_FRACTION, runClaimed, spinBudget, waitUntil, type FieldWorkerData } from './parallel-worker-task.js';

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
  readonly field: VectorField;
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
  const control = new SharedArrayBuffer(4 * CTL_WORDS);
  const ctl = new Int32Array(control);
  const workers: Worker[] = [];
  Atomics.store(ctl, CTL_NEXT, threads); // nothing to claim before the first evaluation
  for (let worker = 1; worker < threads; worker++) {
    const data: FieldWorkerData = { params, n, d, options: kernelOptions, kernelBuffer: shared!, control };
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
  // made once: an evaluation allocates nothing
  const runPart = (part: number): void => kernel.runPart(part);
  const reduceRows = (chunk: number): void => kernel.reduceRows(chunk);
  const partsDone = waitCondition(ctl, kernel.parts - 1);
  const chunksDone = waitCondition(ctl, kernel.parts);
  const field: VectorField = (_t, x, out) => {
    if (disposed) throw new Error('parallel attention field used after dispose()');
    kernel.prepare(x);
    if (helpers > 0) {
      // the state is prepared: open parts 1.. for claiming (the counts reset and the reduction closed
      // first, so no piece is miscounted or claimed early)
      Atomics.store(ctl, CTL_DONE, 0);
      Atomics.store(ctl, CTL_REDUCE_DONE, 0);
      Atomics.store(ctl, CTL_REDUCE_NEXT, kernel.parts);
      Atomics.store(ctl, CTL_NEXT, 1);
      Atomics.add(ctl, CTL_EPOCH, 1);
      // a spinning worker sees the epoch without a wake-up (parallel-worker-task.ts, spinBudget)
      if (Atomics.load(ctl, CTL_SLEEPING) > 0) Atomics.notify(ctl, CTL_EPOCH);
    }
    const started = performance.now();
    kernel.runPart(0);
    if (helpers === 0) {
      kernel.finish(out);
      return;
    }
    const spinMs = spinBudget(performance.now() - started, MAIN_SPIN_FRACTION);
    runClaimed(ctl, CTL_NEXT, CTL_DONE, kernel.parts, runPart); // whatever no worker has taken
    waitFor(ctl, CTL_DONE, partsDone, Infinity, 'field evaluation', spinMs);
    if (Atomics.load(ctl, CTL_FAILED) !== 0) throw new Error('parallel attention field: a worker failed');
    // every part is done: open the reduction chunks (a worker still spinning after its parts takes some)
    Atomics.store(ctl, CTL_REDUCE_NEXT, 0);
    runClaimed(ctl, CTL_REDUCE_NEXT, CTL_REDUCE_DONE, kernel.parts, reduceRows);
    waitFor(ctl, CTL_REDUCE_DONE, chunksDone, Infinity, 'field reduction', spinMs);
    if (Atomics.load(ctl, CTL_FAILED) !== 0) throw new Error('parallel attention field: a worker failed');
    kernel.write(out);
  };
  return {
    field,
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

/** A worker's 'error' event sets CTL_FAILED without a notify: a sleeping main thread looks this often. */
const FAILURE_POLL_MS = 1000;

/** Settled when the watched word reached `target` or a worker failed. */
function waitCondition(ctl: Int32Array, target: number): (value: number) => boolean {
  return (value) => value >= target || Atomics.load(ctl, CTL_FAILED) !== 0;
}

/** Blocks until `settled` accepts ctl[index], spinning for the first `spinMs`. */
function waitFor(ctl: Int32Array, index: number, settled: (value: number) => boolean, timeoutMs: number, what: string, spinMs = 0): void {
  if (!waitUntil(ctl, index, settled, spinMs, timeoutMs, FAILURE_POLL_MS)) throw new Error(`parallel attention field: timed out waiting for ${what}`);
}
