/** Task registry for worker threads: a task is a module exporting
 *  `execute(input, report): Promise<result> | result`, with plain-data input and result. */
export interface TaskModule<I = unknown, R = unknown> {
  execute(input: I, report: (message: unknown) => void): Promise<R> | R;
}

export const TASKS = {
  'run-claim': () => import('../claims/run-claim-task.js'),
} satisfies Record<string, () => Promise<TaskModule<never, unknown>>>;

export type TaskName = keyof typeof TASKS;
