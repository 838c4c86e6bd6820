/** One trajectory of an attention problem over several threads: the problem with its field and its
 *  Runge–Kutta steps replaced by those of src/kernels/parallel-field.ts (same kernel; every piece of a
 *  step, from the pair work to the stage sums, split by rows between the main thread and
 *  worker_threads), for `mft simulate` and library users who integrate one large system.
 *
 *  The result is bit-identical to the one-thread problem for any thread count: both split every
 *  evaluation into the kernels' default parts (8), and a piece's arithmetic does not depend on the
 *  thread that runs it. */
import type { OdeProblem } from '../integrate/problem.js';
import type { AttentionParams } from '../models/attention.js';
import { createParallelAttentionField, PARALLEL_MIN_N } from './parallel-field.js';

/** Both cores of the target machine (any count gives the same bits). */
export const DEFAULT_TRAJECTORY_THREADS = 2;

export interface SplitTrajectory {
  readonly problem: OdeProblem<AttentionParams>;
  /** Threads actually used (1 below PARALLEL_MIN_N, where a hand-off costs more than it saves). */
  readonly threads: number;
  /** Stops the workers; the problem's field must not be called afterwards. */
  dispose(): Promise<void>;
}

export function splitTrajectory(problem: OdeProblem<AttentionParams>, threads = DEFAULT_TRAJECTORY_THREADS): SplitTrajectory {
  const { n, d } = problem;
  if (threads <= 1 || n < PARALLEL_MIN_N) return { problem, threads: 1, dispose: async () => {} };
  const parallel = createParallelAttentionField(problem.params, n, d, { threads });
  const split = { ...problem, field: parallel.tangentField, rawField: parallel.field, rkStep: parallel.rkStep };
  return { problem: split, threads: parallel.threads, dispose: () => parallel.dispose() };
}
