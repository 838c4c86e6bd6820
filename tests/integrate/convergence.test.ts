import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { createRkWorkspace, rkStep } from '../../src/integrate/explicit-rk.js';
import type { OdeProblem } from '../../src/integrate/problem.js';
import { solve, type SchemeName } from '../../src/integrate/solve.js';
import { ALL_TABLEAUS, type ButcherTableau } from '../../src/integrate/tableaus.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { logLogSlope } from '../support/log-log-slope.js';

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// 0.2: a least-squares slope over 4 halvings still carries the next error term (DiffEqDevTools' testTol).
const ORDER_TOL = 0.2;

/** A smooth non-linear, non-autonomous test problem with a closed form: the logistic equation with a
 *  time-dependent rate, x' = (1 + cos t)·x(1 − x), x(t) = 1/(1 + (1/x0 − 1)e^{−(t + sin t)}), and a
 *  rotation y' = (−y2, y1) for a second component that exercises the stage combinations in 2 more dims. */
function exactLogistic(x0: number, t: number): number {
  return 1 / (1 + (1 / x0 - 1) * Math.exp(-(t + Math.sin(t))));
}

function runTableau(tableau: ButcherTableau, dt: number, T: number): number {
  const field = (t: number, x: Float64Array, out: Float64Array) => {
    out[0] = (1 + Math.cos(t)) * x[0] * (1 - x[0]);
    out[1] = -x[2];
    out[2] = x[1];
  };
  const ws = createRkWorkspace(tableau, 3);
  let x = Float64Array.from([0.2, 1, 0]);
  let next = new Float64Array(3);
  const steps = Math.round(T / dt);
  for (let s = 0; s < steps; s++) {
    rkStep(tableau, field, s * dt, x, dt, next, ws);
    [x, next] = [next, x];
  }
  return Math.max(Math.abs(x[0] - exactLogistic(0.2, T)), Math.abs(x[1] - Math.cos(T)), Math.abs(x[2] - Math.sin(T)));
}

describe('Butcher tableaus', () => {
  test.each(ALL_TABLEAUS)('$name: consistency (Σb = 1, Σb̂ = 1, row sums of A = c)', (t) => {
    const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum(t.b) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    if (t.bHat) expect(Math.abs(sum(t.bHat) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    t.a.forEach((row, s) => expect(Math.abs(sum(row) - t.c[s]), `row ${s}`).toBeLessThanOrEqual(8 * Number.EPSILON));
  });

  test.each(ALL_TABLEAUS)('$name: empirical order matches the declared order', (tableau) => {
    // step sizes chosen so the error stays far above rounding (1e-13) and inside the asymptotic regime
    const dts = tableau.order >= 4 ? [1 / 4, 1 / 8, 1 / 16, 1 / 32] : [1 / 32, 1 / 64, 1 / 128, 1 / 256];
    const errors = dts.map((dt) => runTableau(tableau, dt, 2));
    const slope = logLogSlope(dts, errors);
    expect(Math.abs(slope - tableau.order), `slope=${slope} errors=${errors.map((e) => e.toExponential(2))}`).toBeLessThan(ORDER_TOL);
  });

  test('DOPRI5 embedded weights have order 4', () => {
    const dopri = ALL_TABLEAUS.find((t) => t.name === 'dopri5')!;
    const embedded: ButcherTableau = { ...dopri, name: 'dopri5-embedded', order: 4, b: dopri.bHat! };
    const dts = [1 / 4, 1 / 8, 1 / 16, 1 / 32];
    const slope = logLogSlope(dts, dts.map((dt) => runTableau(embedded, dt, 2)));
    expect(Math.abs(slope - 4), `slope=${slope}`).toBeLessThan(ORDER_TOL);
  });
});

describe('sphere schemes on an sa problem (against a fine rk4 reference)', () => {
  const n = 6;
  const d = 3;
  const T = 1;
  const problem = makeAttentionProblem({ normalization: 'sa', beta: 2, x0: uniformSphere(Rng.fromSeed(21), n, d), n, d, T });
  // rk4 at dt = 1/4096: error ~ (1/4096)⁴ ≈ 4e-15, below every error measured here.
  // Computed inside the first test that needs it, not at collection time: code run while collecting is
  // "static" to Stryker, which then runs every test against each of its mutants (npm run mutation).
  let cachedReference: Float64Array | undefined;
  const reference = () => (cachedReference ??= solve(problem, { scheme: 'rk4', dt: 1 / 4096 }).final);

  test.each([
    ['euler', 1, [1 / 32, 1 / 64, 1 / 128, 1 / 256]],
    ['euler-unprojected', 1, [1 / 32, 1 / 64, 1 / 128, 1 / 256]],
    ['heun', 2, [1 / 16, 1 / 32, 1 / 64, 1 / 128]],
    ['rk4', 4, [1 / 4, 1 / 8, 1 / 16, 1 / 32]],
  ] as const)('%s has order %i', (scheme, order, dts) => {
    const errors = dts.map((dt) => maxDiff(solve(problem, { scheme: scheme as SchemeName, dt }).final, reference()));
    const slope = logLogSlope(dts, errors);
    expect(Math.abs(slope - order), `slope=${slope} errors=${errors.map((e) => e.toExponential(2))}`).toBeLessThan(ORDER_TOL);
  });

  test('dopri5: the global error scales with rtol (slope ≈ 1 in log-log) and meets it', () => {
    const rtols = [1e-5, 1e-6, 1e-7, 1e-8, 1e-9];
    const errors = rtols.map((rtol) => maxDiff(solve(problem, { scheme: 'dopri5', rtol, atol: rtol * 1e-2 }).final, reference()));
    const slope = logLogSlope(rtols, errors);
    // Error-per-step control of a 5(4) pair with local extrapolation gives a global error ∝ tol (Hairer–Nørsett–
    // Wanner II.4); controller discreteness makes the fitted slope wobble, 0.3 is the accepted band.
    expect(Math.abs(slope - 1), `slope=${slope} errors=${errors.map((e) => e.toExponential(2))}`).toBeLessThan(0.3);
    // and the errors are of the size asked for (a factor 10 for accumulation over the O(1) horizon)
    errors.forEach((e, k) => expect(e, `rtol=${rtols[k]}`).toBeLessThanOrEqual(10 * rtols[k]));
  });

  test('dopri5 counts rejected steps: a too large first trial step is rejected and 7 evaluations are paid per trial', () => {
    const usa = makeAttentionProblem({ normalization: 'usa', beta: 3, x0: uniformSphere(Rng.fromSeed(2), n, d), n, d, T: 2 });
    const sol = solve(usa, { scheme: 'dopri5', dt: 2, rtol: 1e-9, atol: 1e-12 });
    expect(sol.status).toBe('success');
    expect(sol.stats.rejectedSteps).toBeGreaterThanOrEqual(1);
    // no FSAL reuse: every trial (accepted or rejected) evaluates all 7 stages
    expect(sol.stats.rhsEvaluations).toBe(7 * (sol.stats.acceptedSteps + sol.stats.rejectedSteps));
  });
});

describe('S1 (euler-unprojected) against S2 (euler)', () => {
  test('one step: both agree with x + dt·P_xF to first order, and differ from each other at O(dt²)', () => {
    const n = 5;
    const d = 3;
    const x0 = uniformSphere(Rng.fromSeed(33), n, d);
    const dts = [1e-2, 5e-3, 2.5e-3, 1.25e-3];
    const stepOf = (scheme: SchemeName, dt: number): Float64Array => {
      const p: OdeProblem = makeAttentionProblem({ normalization: 'sa', beta: 1, x0, n, d, T: dt });
      return solve(p, { scheme, dt }).final;
    };
    const p = makeAttentionProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1 });
    const g = new Float64Array(n * d);
    p.field(0, x0, g);
    const gaps: number[] = [];
    const firstOrder: number[] = [];
    for (const dt of dts) {
      const s1 = stepOf('euler-unprojected', dt);
      const s2 = stepOf('euler', dt);
      gaps.push(maxDiff(s1, s2));
      const linear = x0.map((v, q) => v + dt * g[q]);
      firstOrder.push(Math.max(maxDiff(s1, linear), maxDiff(s2, linear)));
    }
    const slopeGap = logLogSlope(dts, gaps);
    const slopeFirst = logLogSlope(dts, firstOrder);
    expect(Math.abs(slopeGap - 2), `slope=${slopeGap} gaps=${gaps}`).toBeLessThan(ORDER_TOL);
    expect(Math.abs(slopeFirst - 2), `slope=${slopeFirst}`).toBeLessThan(ORDER_TOL);
    // the maps are genuinely different (not the same scheme under two names)
    expect(gaps[0]).toBeGreaterThan(1e-7);
  });
});
