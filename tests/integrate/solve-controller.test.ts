import { describe, expect, test } from 'vitest';
import { createRkWorkspace, rkStep } from '../../src/integrate/explicit-rk.js';
import type { OdeProblem, VectorField } from '../../src/integrate/problem.js';
import { solve } from '../../src/integrate/solve.js';
import { DOPRI5 } from '../../src/integrate/tableaus.js';

/** Hairer's controller written out (Hairer–Nørsett–Wanner I, §II.4): error norm
 *  √(mean_i (e_i / (atol + rtol·max(|x_i|, |x̃_i|)))²); a rejected step retries with
 *  h·max(0.2, 0.9·err^{−1/5}) (h/10 when err is not finite); an accepted one proposes
 *  h·min(5, max(0.2, 0.9·max(err, 1e-16)^{−1/5})). The step is cut to land on T (a remainder of
 *  ≤ 16 ulp is absorbed). Returns the accepted times, the rejections (and how many had a non-finite
 *  error) and the final state. */
function replay(problem: OdeProblem, dt: number, rtol: number, atol: number) {
  const size = problem.n * problem.d;
  const [t0, T] = problem.timeSpan;
  const ws = createRkWorkspace(DOPRI5, size);
  let x = Float64Array.from(problem.initial);
  let next = new Float64Array(size);
  const e = new Float64Array(size);
  let t = t0;
  let h = dt;
  let rejected = 0;
  let nonFinite = 0;
  const times = [t0];
  while (t < T) {
    let step = Math.min(h, T - t);
    if (T - (t + step) <= 16 * Number.EPSILON * Math.max(1, Math.abs(T))) step = T - t;
    const lands = t + step >= T;
    rkStep(DOPRI5, problem.field, t, x, step, next, ws, e);
    let s = 0;
    for (let i = 0; i < size; i++) {
      const r = e[i] / (atol + rtol * Math.max(Math.abs(x[i]), Math.abs(next[i])));
      s += r * r;
    }
    const err = Math.sqrt(s / size);
    if (!(err <= 1)) {
      rejected++;
      if (!Number.isFinite(err)) nonFinite++;
      h = Number.isFinite(err) ? step * Math.max(0.2, 0.9 * err ** (-1 / 5)) : step / 10;
      continue;
    }
    const proposed = step * Math.min(5, Math.max(0.2, 0.9 * Math.max(err, 1e-16) ** (-1 / 5)));
    h = step < h ? Math.max(proposed, h) : proposed;
    [x, next] = [next, x];
    t = lands ? T : t + step;
    times.push(t);
  }
  return { times, rejected, nonFinite, final: x };
}

/** A stiff-ish linear system with components of very different sizes (so that atol and rtol both matter)
 *  and a time-dependent forcing: x0' = −50(x0 − cos t), x1' = −x1 + 1e-6·x0. */
const linear: OdeProblem = {
  n: 1,
  d: 2,
  initial: Float64Array.from([0, 1e-6]),
  timeSpan: [0, 2],
  params: {},
  manifold: 'euclidean',
  field: (t, x, out) => {
    out[0] = -50 * (x[0] - Math.cos(t));
    out[1] = -x[1] + 1e-6 * x[0];
  },
  label: 'linear',
};

describe('dopri5 step-size controller', () => {
  test.each([
    [0.5, 1e-6, 1e-9],
    [1e-4, 1e-9, 1e-12],
    [0.01, 1e-3, 1e-3],
    [0.05, 1e-8, 1e-14],
  ])('first trial %f, rtol %f, atol %f: the accepted times are exactly those of the written-out controller', (dt, rtol, atol) => {
    const ref = replay(linear, dt, rtol, atol);
    const sol = solve(linear, { scheme: 'dopri5', dt, rtol, atol, record: { every: 1 } });
    expect(sol.status).toBe('success');
    // the same float operations in the same order: bit-identical
    expect(Array.from(sol.times)).toEqual(ref.times);
    expect(sol.stats.rejectedSteps).toBe(ref.rejected);
    expect(Array.from(sol.final)).toEqual(Array.from(ref.final));
  });

  test('the replay is not trivial: steps grow, shrink and get rejected', () => {
    const ref = replay(linear, 0.5, 1e-6, 1e-9);
    expect(ref.rejected).toBeGreaterThan(0);
    const steps = ref.times.slice(1).map((t, k) => t - ref.times[k]);
    expect(Math.max(...steps) / Math.min(...steps)).toBeGreaterThan(5);
  });

  test('a non-finite error estimate cuts the trial step by 10, then integrates normally', () => {
    // x' = −50x, NaN where |x| > 2: the first trial step of 1 sends stage 2 to 1 − 0.2·50 = −9
    const fast: OdeProblem = { ...linear, d: 1, initial: Float64Array.from([1]), timeSpan: [0, 1], field: (_t, x, out) => void (out[0] = Math.abs(x[0]) <= 2 ? -50 * x[0] : Number.NaN) };
    const ref = replay(fast, 1, 1e-8, 1e-10);
    expect(ref.nonFinite).toBeGreaterThan(0);
    const sol = solve(fast, { scheme: 'dopri5', dt: 1, rtol: 1e-8, atol: 1e-10, record: { every: 1 } });
    expect(sol.status).toBe('success');
    expect(Array.from(sol.times)).toEqual(ref.times);
    expect(sol.stats.rejectedSteps).toBe(ref.rejected);
    expect(Array.from(sol.final)).toEqual(Array.from(ref.final));
  });
});

describe('dopri5 giving up', () => {
  const jumpAt = 0.5 + 2 ** -30;
  // a jump of 1e20 in the velocity at t = jumpAt: no step across it meets atol, whatever its size
  const jump: VectorField = (t, _x, out) => void (out[0] = t >= jumpAt ? 1e20 : 0);
  const base: OdeProblem = { n: 1, d: 1, initial: Float64Array.from([0]), timeSpan: [0, 1], params: {}, manifold: 'euclidean', field: jump, label: 'jump' };

  test('finite states but no acceptable step: status step-too-small at the jump, with the step size in the message', () => {
    const sol = solve(base, { scheme: 'dopri5', rtol: 1e-8, atol: 1e-10 });
    expect(sol.status).toBe('step-too-small');
    expect(Math.abs(sol.finalTime - jumpAt)).toBeLessThanOrEqual(1e-12);
    expect(sol.finalTime).toBeLessThan(jumpAt);
    expect(sol.message).toMatch(/^step size fell to \S+ at t=0\.5\d* after \d+ accepted steps; the problem is stiff$/);
    const h = Number(/fell to (\S+) at/.exec(sol.message)![1]);
    // below 16 ulp of t ≈ 0.5 (16·2.2e-16·1), and not by much: the last cut is at most ×0.2 (or /10)
    expect(h).toBeLessThan(16 * Number.EPSILON);
    expect(h).toBeGreaterThan(0.1 * 0.2 * 16 * Number.EPSILON);
  });

  test('a state that turns NaN: status nonfinite, the last finite state kept', () => {
    const nan: OdeProblem = { ...base, field: (t, _x, out) => void (out[0] = t >= jumpAt ? Number.NaN : 1) };
    const sol = solve(nan, { scheme: 'dopri5', rtol: 1e-8, atol: 1e-10 });
    expect(sol.status).toBe('nonfinite');
    expect(sol.final.every(Number.isFinite)).toBe(true);
    // x' = 1 until the jump: x = t exactly where the solver stopped (dopri5 is exact on constants, to rounding)
    expect(Math.abs(sol.final[0] - sol.finalTime)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(sol.finalTime - jumpAt)).toBeLessThanOrEqual(1e-12);
  });
});
