import { afterEach, describe, expect, test, vi } from 'vitest';
import type { OdeProblem } from '../../src/integrate/problem.js';
import { solve } from '../../src/integrate/solve.js';

/** x' = −x on [t0, T]. */
function decay(t0: number, T: number): OdeProblem {
  return { n: 1, d: 1, initial: Float64Array.from([1]), timeSpan: [t0, T], params: {}, manifold: 'euclidean', field: (_t, x, out) => void (out[0] = -x[0]), label: 'decay' };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('solve: edges the other tests leave open', () => {
  test('a non-finite token (d = 2, the last token): the message names the step, the time reached and the token (replayed by hand)', () => {
    // token 0 stays at (1, 0); token 1 follows x' = x² from 1 in its first coordinate, Euler, dt = 0.1,
    // x ← x + 0.1·x² until it overflows
    const p: OdeProblem = {
      ...decay(0, 5),
      n: 2,
      d: 2,
      initial: Float64Array.from([1, 0, 1, 0]),
      field: (_t, x, out) => {
        out.fill(0);
        out[2] = x[2] * x[2];
      },
    };
    let x = 1;
    let t = 0;
    let steps = 0;
    for (;;) {
      const next = x + 0.1 * (1 * (x * x));
      if (!Number.isFinite(next)) break;
      x = next;
      t = t + 0.1;
      steps++;
    }
    const sol = solve(p, { scheme: 'euler', dt: 0.1 });
    expect(sol.status).toBe('nonfinite');
    expect(sol.message).toBe(`non-finite state after step ${steps + 1} (t=${t + 0.1}), token 1; reduce dt (for usa, dt ∝ e^{-β‖QᵀK‖})`);
    expect(Array.from(sol.final)).toEqual([1, 0, x, 0]);
    expect(sol.stats.acceptedSteps).toBe(steps);
    // and token 0 when it is the one that blows up
    const first: OdeProblem = { ...p, field: (_t, y, out) => void (out.fill(0), (out[0] = y[0] * y[0])) };
    expect(solve(first, { scheme: 'euler', dt: 0.1 }).message).toMatch(/, token 0; /);
  });

  test('the default first trial step is (T − t0)/100 also when t0 ≠ 0', () => {
    const p = decay(1, 2);
    const byDefault = solve(p, { scheme: 'dopri5' });
    const explicit = solve(p, { scheme: 'dopri5', dt: 0.01 });
    expect({ ...byDefault.stats, wallMs: 0 }).toEqual({ ...explicit.stats, wallMs: 0 });
    expect(byDefault.final[0]).toBe(explicit.final[0]);
  });

  test('maxSteps counts rejected trial steps too', () => {
    // a first trial step of 1 on x' = −x is rejected twice (see solve-details)
    const sol = solve(decay(0, 1), { scheme: 'dopri5', dt: 1, maxSteps: 2 });
    expect(sol.status).toBe('max-steps');
    expect([sol.stats.acceptedSteps, sol.stats.rejectedSteps]).toEqual([0, 2]);
  });

  test('a remainder of a few ulp of a large T is absorbed into the last step (relative to |T|)', () => {
    // T = 1000, dt = 1000 − 1e-12: the remainder 1e-12 is ~9 ulp of 1000, within 16 ulp
    const sol = solve(decay(0, 1000), { scheme: 'euler', dt: 1000 - 1e-12 });
    expect(sol.stats.acceptedSteps).toBe(1);
    expect(sol.finalTime).toBe(1000);
  });

  test('giving up far from 0: the smallest step is 16 ulp of |t| (relative), not of 1', () => {
    const jumpAt = 1000 + 2 ** -20;
    const p: OdeProblem = { ...decay(999, 1001), initial: Float64Array.from([0]), field: (t, _x, out) => void (out[0] = t >= jumpAt ? 1e20 : 0) };
    const sol = solve(p, { scheme: 'dopri5', rtol: 1e-8, atol: 1e-10 });
    expect(sol.status).toBe('step-too-small');
    const h = Number(/fell to (\S+) at/.exec(sol.message)![1]);
    const floor = 16 * Number.EPSILON * 1000;
    expect(h).toBeLessThan(floor);
    // the step before was ≥ the floor and a cut is at most ×0.1
    expect(h).toBeGreaterThanOrEqual(0.1 * floor * 0.999);
  });

  test('a noisy problem solved with a deterministic scheme gets no noise', () => {
    const p: OdeProblem = {
      ...decay(0, 1),
      noise: {
        description: 'must not be called',
        addIncrement: () => {
          throw new Error('noise used by a deterministic scheme');
        },
      },
    };
    expect(solve(p, { scheme: 'rk4', dt: 0.1 }).final[0]).toBe(solve(decay(0, 1), { scheme: 'rk4', dt: 0.1 }).final[0]);
  });

  test('record.times starting at t0 keep the initial state without an extra zero-length step', () => {
    const sol = solve(decay(0, 1), { scheme: 'euler', dt: 0.1, record: { times: [0, 0.5] } });
    expect(Array.from(sol.times)).toEqual([0, 0.5]);
    expect(sol.stats.acceptedSteps).toBe(10);
    expect(sol.stats.rhsEvaluations).toBe(10);
  });

  test('onProgress: called when ≥ 1000 ms of (mocked) wall time passed since the last call; wallMs is the time since the start', () => {
    // a clock that advances 400 ms per reading: progress is due every third step
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 400));
    const calls: number[] = [];
    const sol = solve(decay(0, 1), { scheme: 'euler', dt: 0.1, record: { every: 1 }, onProgress: (t) => calls.push(t) });
    expect(calls).toEqual([sol.times[3], sol.times[6], sol.times[9]]);
    // readings: the start, one per step (10), the end: 11 intervals of 400 ms
    expect(sol.stats.wallMs).toBe(11 * 400);
  });

  test('without onProgress the clock is read only at the start and the end', () => {
    let reads = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => ++reads);
    const sol = solve(decay(0, 1), { scheme: 'euler', dt: 0.1 });
    expect(reads).toBe(2);
    expect(sol.stats.wallMs).toBe(1);
  });
});
