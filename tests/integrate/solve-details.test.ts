import { describe, expect, test } from 'vitest';
import { createRkWorkspace, rkStep } from '../../src/integrate/explicit-rk.js';
import type { OdeProblem, RkStepper } from '../../src/integrate/problem.js';
import { solve } from '../../src/integrate/solve.js';

/** x' = −x from x(0) = 1 on [0, 1]: exact solution e^{−t}. */
const decay: OdeProblem = {
  n: 1,
  d: 1,
  initial: Float64Array.from([1]),
  timeSpan: [0, 1],
  params: {},
  manifold: 'euclidean',
  field: (_t, x, out) => {
    out[0] = -x[0];
  },
  label: 'decay',
};

describe('solve: bookkeeping that the order tests do not see', () => {
  test('fixed steps: dt = 0.1 on [0, 1] takes exactly 10 steps (no sliver), s evaluations per step, lands on T', () => {
    for (const [scheme, stages] of [
      ['euler', 1],
      ['heun', 2],
      ['rk4', 4],
    ] as const) {
      const sol = solve(decay, { scheme, dt: 0.1 });
      expect(sol.status).toBe('success');
      expect(sol.message).toBe('reached t=1');
      expect(sol.finalTime).toBe(1);
      expect(sol.stats).toMatchObject({ acceptedSteps: 10, rejectedSteps: 0, rhsEvaluations: 10 * stages });
      expect(sol.stats.wallMs).toBeGreaterThanOrEqual(0);
      expect(sol.seed).toBeUndefined(); // only the noisy scheme records a seed
    }
    // Euler is (1 − dt)^10; the last step is target − t, off 0.1 by the rounding of t = Σ 0.1 (≈ 1 ulp),
    // and ten rounded products: ≤ 16ε.
    expect(Math.abs(solve(decay, { scheme: 'euler', dt: 0.1 }).final[0] - 0.9 ** 10)).toBeLessThanOrEqual(16 * Number.EPSILON);
  });

  test('a step that does not divide T is shortened to land on T', () => {
    const sol = solve(decay, { scheme: 'euler', dt: 0.3 });
    expect(sol.stats.acceptedSteps).toBe(4);
    expect(sol.finalTime).toBe(1);
    // last step 0.1: (1 − 0.3)³ (1 − 0.1)
    expect(Math.abs(sol.final[0] - 0.7 ** 3 * 0.9)).toBeLessThanOrEqual(4 * Number.EPSILON);
  });

  test('without record options: the initial and the final state; with states: copies, not the live buffer', () => {
    const sol = solve(decay, { scheme: 'rk4', dt: 0.25, record: { states: true } });
    expect(Array.from(sol.times)).toEqual([0, 1]);
    expect(sol.states.length).toBe(2);
    expect(sol.states[0][0]).toBe(1);
    expect(sol.states[1][0]).toBe(sol.final[0]);
    expect(sol.states[1]).not.toBe(sol.final);
    expect(solve(decay, { scheme: 'rk4', dt: 0.25 }).states).toEqual([]); // states only on request
  });

  test('record.times are sorted, t0 is kept only when asked for, and observables follow the recording', () => {
    const sol = solve(decay, { scheme: 'rk4', dt: 0.1, record: { times: [1, 0.25, 0.5] }, observables: { x: (_t, x) => x[0], t: (t) => t } });
    expect(Array.from(sol.times)).toEqual([0.25, 0.5, 1]);
    expect(Array.from(sol.observables.t)).toEqual([0.25, 0.5, 1]);
    // rk4 at dt ≤ 0.1 on e^{−t}: global error ≈ dt⁴/120·t < 1e-6
    sol.observables.x.forEach((v, k) => expect(Math.abs(v - Math.exp(-sol.times[k]))).toBeLessThanOrEqual(1e-6));
    const withStart = solve(decay, { scheme: 'rk4', dt: 0.1, record: { times: [0, 0.5] } });
    expect(Array.from(withStart.times)).toEqual([0, 0.5]);
    expect(withStart.finalTime).toBe(1); // recording stops at 0.5, the solve does not
  });

  test('record.every: no duplicate of the last state when the last step is itself a recording step', () => {
    const sol = solve(decay, { scheme: 'euler', dt: 0.1, record: { every: 5 } });
    expect(Array.from(sol.times).map((t) => Math.round(t * 10))).toEqual([0, 5, 10]);
  });

  test('dopri5 defaults: first trial step (T − t0)/100 and rtol 1e-8 / atol 1e-10 give the default accuracy', () => {
    const sol = solve(decay, { scheme: 'dopri5' });
    expect(sol.status).toBe('success');
    expect(sol.finalTime).toBe(1);
    // rtol 1e-8 per step, ~a dozen steps: the global error stays within 1e-8 of e^{−1} (×10 for accumulation)
    expect(Math.abs(sol.final[0] - Math.exp(-1))).toBeLessThanOrEqual(1e-7);
    expect(Math.abs(sol.final[0] - Math.exp(-1))).toBeGreaterThan(0); // a real integration, not the closed form
    // The defaults are exactly dt = (1 − 0)/100, rtol = 1e-8, atol = 1e-10: same steps, same bits.
    const explicit = solve(decay, { scheme: 'dopri5', dt: 0.01, rtol: 1e-8, atol: 1e-10 });
    expect(sol.final[0]).toBe(explicit.final[0]);
    expect({ ...sol.stats, wallMs: 0 }).toEqual({ ...explicit.stats, wallMs: 0 });
    expect(sol.stats.rejectedSteps).toBe(0); // a first trial of 1 (or 100) is rejected twice on this problem
    expect(solve(decay, { scheme: 'dopri5', dt: 1 }).stats.rejectedSteps).toBeGreaterThan(0);
    const loose = solve(decay, { scheme: 'dopri5', rtol: 1e-3, atol: 1e-3 });
    expect(loose.stats.acceptedSteps).toBeLessThan(sol.stats.acceptedSteps);
    // The driver does not reuse the FSAL stage: 7 evaluations per trial step, accepted or rejected.
    expect(sol.stats.rhsEvaluations).toBe(7 * (sol.stats.acceptedSteps + sol.stats.rejectedSteps));
  });

  test('stopWhen: the message says so and the state is the first one satisfying the condition', () => {
    const sol = solve(decay, { scheme: 'euler', dt: 0.1, stopWhen: (_t, x) => x[0] < 0.5 });
    expect(sol.message).toMatch(/^stopped early at t=0\.7\d*: stop condition met$/);
    expect(sol.stats.acceptedSteps).toBe(7); // 0.9⁷ = 0.478 < 0.5 < 0.9⁶ = 0.531
  });

  test('max-steps: the message names the cap and the time reached', () => {
    const sol = solve(decay, { scheme: 'euler', dt: 0.1, maxSteps: 3 });
    expect(sol.status).toBe('max-steps');
    expect(sol.finalTime).toBeCloseTo(0.3, 15);
    expect(sol.message).toMatch(/^stopped after 3 steps at t=0\.3\d*; raise maxSteps or the step size$/);
  });
});

describe('solve: a problem that brings its own rkStep (a split trajectory)', () => {
  const silentNoise = { description: 'no diffusion', addIncrement: () => {} };
  /** An rkStep that records its calls and does what rkStep with the problem's field does, then adds
   *  `marker` to the first entry (so a test sees which path ran). */
  function recordingStepper(problem: OdeProblem, marker: number) {
    const calls: { tableau: string; withError: boolean }[] = [];
    const stepper: RkStepper = (tableau, t, x, h, out, errorOut) => {
      calls.push({ tableau: tableau.name, withError: errorOut !== undefined });
      const evaluations = rkStep(tableau, problem.field, t, x, h, out, createRkWorkspace(tableau, x.length), errorOut);
      out[0] += marker;
      return evaluations;
    };
    return { problem: { ...problem, rkStep: stepper }, calls };
  }

  test.each([
    ['euler', 'euler'],
    ['heun', 'heun'],
    ['rk4', 'rk4'],
    ['em', 'euler'],
    ['dopri5', 'dopri5'],
  ] as const)('%s steps through it with the %s tableau (the error estimate only for dopri5), same result as without it', (scheme, tableau) => {
    const base = scheme === 'em' ? { ...decay, noise: silentNoise } : decay;
    const { problem, calls } = recordingStepper(base, 0);
    const sol = solve(problem, { scheme, dt: 0.1 });
    const plain = solve(base, { scheme, dt: 0.1 });
    expect(calls.length).toBe(sol.stats.acceptedSteps + sol.stats.rejectedSteps);
    expect(calls.every((c) => c.tableau === tableau && c.withError === (scheme === 'dopri5'))).toBe(true);
    expect(sol.final[0]).toBe(plain.final[0]);
    expect(sol.stats.rhsEvaluations).toBe(plain.stats.rhsEvaluations);
  });

  test('euler-unprojected (scheme S1) steps the raw field, never the stepper', () => {
    // a rotation on S¹ whose raw field also has a radial part: S1 sees it, the projected schemes do not
    const circle: OdeProblem = {
      ...decay,
      d: 2,
      initial: Float64Array.from([1, 0]),
      manifold: 'sphere',
      field: (_t, x, out) => {
        out[0] = -x[1];
        out[1] = x[0];
      },
      rawField: (_t, x, out) => {
        out[0] = -x[1] + x[0];
        out[1] = x[0] + x[1];
      },
    };
    const { problem, calls } = recordingStepper(circle, 0.5);
    const unprojected = solve(problem, { scheme: 'euler-unprojected', dt: 0.1 });
    expect(calls).toHaveLength(0);
    expect([...unprojected.final]).toEqual([...solve(circle, { scheme: 'euler-unprojected', dt: 0.1 }).final]);
    // the marker does show when the stepper runs
    const projected = solve(problem, { scheme: 'euler', dt: 0.1 });
    expect(calls).toHaveLength(10);
    expect(Math.abs(projected.final[0] - solve(circle, { scheme: 'euler', dt: 0.1 }).final[0])).toBeGreaterThan(0.1);
  });
});
