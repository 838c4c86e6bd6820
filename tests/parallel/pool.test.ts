import { describe, expect, test } from 'vitest';
import { mapInWorkers } from '../../src/parallel/pool.js';
import type { ProbeTaskInput, ProbeTaskResult } from '../../src/parallel/probe-task.js';

/** Live worker threads of this process (Node lists each as a 'Worker' resource until it has exited). */
function liveWorkers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Worker').length;
}

describe('mapInWorkers', () => {
  test('results are placed by task index even when task 0 finishes last', async () => {
    // Task 0 cannot finish before task 3 has signalled; task 3 is dispatched only after tasks 1 and 2 have
    // finished on the other worker. So the completion order is forced (no timing involved): 1 and 2 before 0.
    const flags = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
    const inputs: ProbeTaskInput[] = [{ value: 0, flags, waitFor: 0 }, { value: 1 }, { value: 2 }, { value: 3, flags, signal: 0 }];
    const completion: number[] = [];
    const results = await mapInWorkers<ProbeTaskInput, ProbeTaskResult>('probe', inputs, {
      workers: 2,
      onMessage: (index) => completion.push(index),
    });
    expect(completion.indexOf(0), `completion order ${completion}`).toBeGreaterThan(Math.max(completion.indexOf(1), completion.indexOf(2)));
    expect(results.map((r) => r.value)).toEqual([0, 1, 2, 3]);
    expect(results.map((r) => r.squared)).toEqual([0, 1, 4, 9]);
    // released by the signal, not by the wait's time limit: 'ok' when task 0 was already waiting, 'not-equal'
    // when task 3 had signalled before task 0 got to its wait (a worker that starts late, on a busy machine)
    expect(['ok', 'not-equal']).toContain(results[0].waited);
    expect(liveWorkers()).toBe(0);
  });

  test('one worker and two workers give the same results in the same order', async () => {
    const inputs: ProbeTaskInput[] = [5, 3, 8, 1, 9].map((value) => ({ value }));
    const one = await mapInWorkers<ProbeTaskInput, ProbeTaskResult>('probe', inputs, { workers: 1 });
    const two = await mapInWorkers<ProbeTaskInput, ProbeTaskResult>('probe', inputs, { workers: 2 });
    expect(two).toEqual(one);
    expect(one.map((r) => r.value)).toEqual([5, 3, 8, 1, 9]);
  });

  test('a failing task rejects with the task, its index and the error, and no worker is left running', async () => {
    // Task 0 blocks (up to 60 s) on a signal that never comes; task 1 throws. The pool must reject at
    // once and terminate the blocked worker rather than wait for it.
    const flags = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const inputs: ProbeTaskInput[] = [{ value: 0, flags, waitFor: 0, waitMs: 60_000 }, { value: 1, fail: 'probe failure on purpose' }];
    const started = Date.now();
    const error = await mapInWorkers('probe', inputs, { workers: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('task probe[1] failed in a worker');
    expect(message).toContain('probe failure on purpose');
    expect(message).toContain('probe-task'); // the worker's stack names the failing module
    expect(liveWorkers()).toBe(0);
    // Not a timing assertion on speed: 60 s is the blocked task's own limit, so finishing before it
    // proves the blocked worker was terminated instead of awaited.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  test('an unknown claim id in the run-claim task rejects naming the id', async () => {
    const inputs = [
      { claimId: 'lost-in-the-middle', profile: 'quick', masterSeed: 1 },
      { claimId: 'no-such-claim', profile: 'quick', masterSeed: 1 },
    ];
    await expect(mapInWorkers('run-claim', inputs, { workers: 2 })).rejects.toThrow(/run-claim\[1\] failed in a worker:\nError: no claim with id no-such-claim/);
    expect(liveWorkers()).toBe(0);
  });

  test('in-thread mode (one worker) propagates a task error unchanged', async () => {
    await expect(mapInWorkers('probe', [{ value: 1, fail: 'in-thread failure' }], { workers: 1 })).rejects.toThrow('in-thread failure');
  });
});
