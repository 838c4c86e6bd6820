/** Task registry for worker threads: a task is a module exporting
 *  `execute(input, report): Promise<result> | result`, with plain-data input and result. */
export interface TaskModule<I = unknown, R = unknown> {
  execute(input: I, report: (message: unknown) => void): Promise<R> | R;
}

export const TASKS = {
  'run-claim': () => import('../claims/run-claim-task.js'),
  // Test-only: scheduling probes for tests/parallel/pool.test.ts (see the module's comment).
  probe: () => import('./probe-task.js'),
} satisfies Record<string, () => Promise<TaskModule<never, unknown>>>;

export type TaskName = keyof typeof TASKS;
