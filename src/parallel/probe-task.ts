/** Test-only worker task that makes the pool's scheduling observable without timing: a task can block
 *  until another task has signalled through a SharedArrayBuffer (Atomics), or fail on purpose. Used by
 *  tests/parallel/pool.test.ts to prove results are placed by index and errors do not leave workers. */
export interface ProbeTaskInput {
  readonly value: number;
  /** Shared Int32Array slots: this task sets `signal` (if given) and waits for `waitFor` (if given). */
  readonly flags?: SharedArrayBuffer;
  readonly signal?: number;
  readonly waitFor?: number;
  /** Upper bound on a wait, so a broken test cannot hang forever (the pool's terminate ends it sooner). */
  readonly waitMs?: number;
  readonly fail?: string;
}

export interface ProbeTaskResult {
  readonly value: number;
  readonly squared: number;
  readonly waited: 'ok' | 'timed-out' | 'not-equal' | 'none';
}

export function execute(input: ProbeTaskInput, report: (message: unknown) => void): ProbeTaskResult {
  if (input.fail !== undefined) throw new Error(input.fail);
  let waited: ProbeTaskResult['waited'] = 'none';
  if (input.flags !== undefined) {
    const flags = new Int32Array(input.flags);
    if (input.signal !== undefined) {
      Atomics.store(flags, input.signal, 1);
      Atomics.notify(flags, input.signal);
    }
    if (input.waitFor !== undefined) waited = Atomics.wait(flags, input.waitFor, 0, input.waitMs ?? 30_000);
  }
  report({ done: input.value });
  return { value: input.value, squared: input.value * input.value, waited };
}
