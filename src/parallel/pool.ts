/** Maps independent tasks over worker threads (os.availableParallelism(), 2 here). Results are placed by
 *  task index, never by completion order, so evidence bytes do not depend on scheduling. With one
 *  worker (or one task) the tasks run in this thread: same code, same results, no start-up cost. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { TASKS, type TaskName } from './tasks.js';

export interface PoolOptions {
  /** Number of worker threads (default: available cores, capped by the number of tasks). */
  readonly workers?: number;
  /** Progress messages posted by a task, with its index. */
  readonly onMessage?: (index: number, message: unknown) => void;
}

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export async function mapInWorkers<I, R>(task: TaskName, inputs: readonly I[], options: PoolOptions = {}): Promise<R[]> {
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), inputs.length));
  if (workers === 1) {
    const module = (await TASKS[task]()) as unknown as { execute(i: I, r: (m: unknown) => void): Promise<R> | R };
    const results: R[] = [];
    for (let index = 0; index < inputs.length; index++)
      results.push(await module.execute(inputs[index], (m) => options.onMessage?.(index, m)));
    return results;
  }
  const results = new Array<R>(inputs.length);
  let next = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const dispatch = (worker: Worker) => {
        if (next >= inputs.length) return;
        const index = next++;
        worker.postMessage({ index, task, input: inputs[index] });
      };
      for (let w = 0; w < workers; w++) {
        const worker = new Worker(WORKER_ENTRY);
        pool.push(worker);
        worker.on('message', (msg: { type: string; index: number; result?: R; message?: unknown; error?: string }) => {
          if (msg.type === 'ready') dispatch(worker);
          else if (msg.type === 'progress') options.onMessage?.(msg.index, msg.message);
          else if (msg.type === 'result') {
            results[msg.index] = msg.result as R;
            if (++finished === inputs.length) resolve();
            else dispatch(worker);
          } else if (msg.type === 'error') reject(new Error(`task ${task}[${msg.index}] failed in a worker:\n${msg.error}`));
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0 && finished < inputs.length) reject(new Error(`a worker exited with code ${code} before finishing`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
