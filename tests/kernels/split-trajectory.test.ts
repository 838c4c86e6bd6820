/** splitTrajectory: one trajectory on 2 threads gives the bits of the one-thread problem (both split
 *  every evaluation into the kernels' default parts, and the split steps form the same sums by rows);
 *  small n and threads = 1 leave the problem alone. */
import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { DEFAULT_TRAJECTORY_THREADS, splitTrajectory } from '../../src/kernels/split-trajectory.js';
import { PARALLEL_MIN_N } from '../../src/kernels/parallel-field.js';
import { makeAttentionProblem } from '../../src/models/attention.js';

const d = 3;
function problem(n: number, causal = false) {
  return makeAttentionProblem({ normalization: 'sa', beta: 3, x0: uniformSphere(Rng.fromSeed(11), n, d), n, d, T: 0.05, causal });
}

describe('splitTrajectory', () => {
  test.each([false, true])('causal=%s: RK4 states on 2 threads equal the one-thread states bit for bit', async (causal) => {
    const n = PARALLEL_MIN_N + 13;
    const base = problem(n, causal);
    const split = splitTrajectory(base, 2);
    try {
      expect(split.threads).toBe(2);
      expect(split.problem.field).not.toBe(base.field);
      const a = solve(base, { scheme: 'rk4', dt: 0.01 });
      const b = solve(split.problem, { scheme: 'rk4', dt: 0.01 });
      expect(b.status).toBe('success');
      expect(b.stats.acceptedSteps).toBe(5);
      let differing = 0;
      for (let i = 0; i < a.final.length; i++) if (!Object.is(a.final[i], b.final[i])) differing++;
      expect(differing).toBe(0);
      // and the flow moved the state (a field that returned zeros would also be "identical")
      let moved = 0;
      for (let i = 0; i < a.final.length; i++) moved = Math.max(moved, Math.abs(a.final[i] - base.initial[i]));
      expect(moved).toBeGreaterThan(1e-4);
      // the adaptive pair goes through the split step too, error estimate included
      expect(split.problem.rkStep).toBeDefined();
      const c = solve(base, { scheme: 'dopri5', rtol: 1e-10, atol: 1e-12 });
      const e = solve(split.problem, { scheme: 'dopri5', rtol: 1e-10, atol: 1e-12 });
      expect(e.stats).toMatchObject({ acceptedSteps: c.stats.acceptedSteps, rejectedSteps: c.stats.rejectedSteps });
      let differingAdaptive = 0;
      for (let i = 0; i < c.final.length; i++) if (!Object.is(c.final[i], e.final[i])) differingAdaptive++;
      expect(differingAdaptive).toBe(0);
    } finally {
      await split.dispose();
    }
  });

  test('below PARALLEL_MIN_N, or with 1 thread, the problem is returned unchanged', async () => {
    const small = problem(PARALLEL_MIN_N - 1);
    const a = splitTrajectory(small, 2);
    expect(a.threads).toBe(1);
    expect(a.problem).toBe(small);
    const large = problem(PARALLEL_MIN_N);
    const b = splitTrajectory(large, 1);
    expect(b.threads).toBe(1);
    expect(b.problem).toBe(large);
    await a.dispose();
    await b.dispose();
  });

  test('the default thread count is the kernels\' default part count (2), so it never changes a result', () => {
    expect(DEFAULT_TRAJECTORY_THREADS).toBe(2);
  });
});
