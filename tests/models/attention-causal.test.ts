import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';

describe('causal attention (catalogue §1.4)', () => {
  const n = 8;
  const d = 3;
  const run = (x0: Float64Array, normalization: 'sa' | 'usa') =>
    solve(makeAttentionProblem({ normalization, beta: 3, x0, n, d, T: 5, causal: true }), { scheme: 'rk4', dt: 0.01 }).final;

  test.each(['sa', 'usa'] as const)('%s: token 1 is stationary to the last bit (V = I)', (normalization) => {
    const x0 = uniformSphere(Rng.fromSeed(4), n, d);
    const final = run(x0, normalization);
    for (let k = 0; k < d; k++) expect(final[k]).toBe(x0[k]);
    // and the others did move (the check is not vacuous)
    expect(Math.abs(final[d] - x0[d]) + Math.abs(final[d + 1] - x0[d + 1])).toBeGreaterThan(1e-3);
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
