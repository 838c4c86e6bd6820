import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';

describe('causal attention (catalogue §1.4)', () => {
  const n = 8;
  const d = 3;
  const run = (x0: Float64Array, normalization: 'sa' | 'usa') =>
    solve(makeAttentionProblem({ normalization, beta: 3, x0, n, d, T: 5, causal: true }), { scheme: 'rk4', dt: 0.01 }).final;

  test('sa: token 1 is stationary to the last bit (V = I), over 60 random starts and two step sizes', () => {
    // Before the projection divided by |x_1|² (and the retraction left unit rows alone), token 1 drifted by
    // one ulp in about half of these starts.
    for (let seed = 0; seed < 30; seed++) {
      const x0 = uniformSphere(Rng.fromSeed(seed), 4, d);
      for (const dt of [0.5, 0.01]) {
        const final = solve(makeAttentionProblem({ normalization: 'sa', beta: 3, x0, n: 4, d, T: 5, causal: true }), { scheme: 'rk4', dt }).final;
        for (let k = 0; k < d; k++) expect(final[k], `seed=${seed} dt=${dt}`).toBe(x0[k]);
        // and the others did move (the check is not vacuous)
        expect(Math.abs(final[d] - x0[d]) + Math.abs(final[d + 1] - x0[d + 1]) + Math.abs(final[d + 2] - x0[d + 2])).toBeGreaterThan(1e-4);
      }
    }
  });

  test('usa: token 1 is stationary to rounding (its raw velocity e^β/n·x_1 is rounded per coordinate)', () => {
    const beta = 3;
    const T = 5;
    // P_x of the rounded e^β/n·x_1 is 0 only to ~ε·e^β/n per step of size dt: over T the drift is ≤ T·ε·e^β/n;
    // twice that as the bound (measured ≤ 3.3e-16).
    const tol = (2 * T * Number.EPSILON * Math.exp(beta)) / n;
    for (let seed = 0; seed < 10; seed++) {
      const x0 = uniformSphere(Rng.fromSeed(seed), n, d);
      const final = run(x0, 'usa');
      for (let k = 0; k < d; k++) expect(Math.abs(final[k] - x0[k]), `seed=${seed}`).toBeLessThanOrEqual(tol);
    }
  });

  test('perturbing token m leaves tokens < m bit-identical (fixed-step rk4) and changes token m', () => {
    const x0 = uniformSphere(Rng.fromSeed(5), n, d);
    const base = run(x0, 'sa');
    for (const m of [1, 4, 7]) {
      const y0 = Float64Array.from(x0);
      y0[m * d] += 1e-3;
      let s = 0;
      for (let k = 0; k < d; k++) s += y0[m * d + k] ** 2;
      for (let k = 0; k < d; k++) y0[m * d + k] /= Math.sqrt(s);
      const other = run(y0, 'sa');
      for (let q = 0; q < m * d; q++) expect(other[q], `m=${m} q=${q}`).toBe(base[q]);
      expect(Math.abs(other[m * d] - base[m * d])).toBeGreaterThan(0);
    }
  });
});
