import { describe, expect, test } from 'vitest';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { equiangularSpread, meanOffDiagonalGram } from '../../src/observables/gram.js';

/** Right-hand sides of the equiangular reduction (catalogue §3.6, GLPR-24 eqs. 6.9/6.10), the overflow-free sa form. */
const rhs = {
  sa: (g: number, n: number, beta: number) => (2 * (1 - g) * ((n - 1) * g + 1)) / (Math.exp(beta * (1 - g)) + n - 1),
  usa: (g: number, n: number, beta: number) => (2 / n) * Math.exp(beta * g) * (1 - g) * ((n - 1) * g + 1),
};

/** Scalar RK4 for γ' = f(γ) on a grid fine enough that its error (~h⁴) is far below the particle solver's. */
function solveScalar(f: (g: number) => number, g0: number, T: number, steps: number): number {
  const h = T / steps;
  let g = g0;
  for (let s = 0; s < steps; s++) {
    const k1 = f(g);
    const k2 = f(g + (h / 2) * k1);
    const k3 = f(g + (h / 2) * k2);
    const k4 = f(g + h * k3);
    g += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return g;
}

describe('equiangular reduction (orthonormal initial tokens)', () => {
  // Spread: the particle system is permutation-symmetric, so only rounding breaks equiangularity;
  // measured ~1e-16, the bound 1e-12 leaves four decades.
  const SPREAD_TOL = 1e-12;
  // γ: particle rk4 at dt = 1e-3 errs by ~C·dt⁴ ≈ 1e-13 (step halving below), the scalar ODE at dt = 1e-4 by less;
  // the 1e-8 bound is the acceptance threshold.
  const GAMMA_TOL = 1e-8;
  test.each([
    ['sa', 1, 6], ['sa', 4, 5], ['usa', 1, 6], ['usa', 2, 4],
  ] as const)('%s, β=%f, n=%i: spread ≤ 1e-12 and γ follows the reduced ODE to 1e-8', (normalization, beta, n) => {
    const d = n;
    const x0 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) x0[i * d + i] = 1;
    const T = 3;
    const times = [0.5, 1, 2, 3];
    const sol = solve(makeAttentionProblem({ normalization, beta, x0, n, d, T }), { scheme: 'rk4', dt: 1e-3, record: { times, states: true } });
    expect(sol.status).toBe('success');
    sol.states.forEach((x, k) => {
      expect(equiangularSpread(x, n, d), `t=${times[k]}`).toBeLessThanOrEqual(SPREAD_TOL);
      const g = meanOffDiagonalGram(x, n, d);
      const ref = solveScalar((y) => rhs[normalization](y, n, beta), 0, times[k], Math.round(times[k] * 1e4));
      expect(Math.abs(g - ref), `t=${times[k]} particles=${g} ode=${ref}`).toBeLessThanOrEqual(GAMMA_TOL);
    });
    // the comparison has teeth: γ moved well away from 0
    expect(meanOffDiagonalGram(sol.final, n, d)).toBeGreaterThan(0.05);
  });

  test('control: a non-scalar V breaks the equiangular structure well above rounding', () => {
    const n = 4;
    const d = 4;
    const x0 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) x0[i * d + i] = 1;
    const V = { rows: 4, cols: 4, data: Float64Array.from([1, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 0.3]) };
    const sol = solve(makeAttentionProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, V }), { scheme: 'rk4', dt: 1e-2 });
    expect(equiangularSpread(sol.final, n, d)).toBeGreaterThan(1e-3);
  });
});
