import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng } from '../../src/core/rng.js';
import { flatMatrix } from '../../src/core/types.js';
import { solve } from '../../src/integrate/solve.js';
import { makeEuclideanProblem, rescaledToOriginal } from '../../src/models/euclidean.js';

function gaussianState(seed: number, n: number, d: number): Float64Array {
  const r = Rng.fromSeed(seed);
  return Float64Array.from({ length: n * d }, () => r.normal());
}

describe('euclidean model', () => {
  const n = 6;
  const d = 3;
  const x0 = gaussianState(3, n, d);
  const V = flatMatrix([[0.4, 0.3, 0], [-0.2, 0.1, 0.5], [0.1, 0, -0.3]]);
  const Q = flatMatrix([[1, 0.2, 0], [0, 0.8, 0.1]]); // rectangular 2×3
  const K = flatMatrix([[0.5, 0, 0.3], [0.1, 1, 0]]);

  test('the rescaled z = e^{−tV}x system maps back onto the original trajectory', () => {
    const T = 1.5;
    const direct = solve(makeEuclideanProblem({ beta: 1, x0, n, d, T, Q, K, V }), { scheme: 'rk4', dt: 1e-3 }).final;
    const z = solve(makeEuclideanProblem({ beta: 1, x0, n, d, T, Q, K, V, rescaled: true }), { scheme: 'rk4', dt: 1e-3 }).final;
    const back = rescaledToOriginal(V, T, z, n);
    // two rk4 solutions of the same flow (~1e-12 each, the states are O(e^{‖V‖T}) ≈ 3) plus expm's ~1e-15
    for (let q = 0; q < n * d; q++) expect(Math.abs(back[q] - direct[q]), `q=${q}`).toBeLessThanOrEqual(1e-10);
    // and z really differs from x (the rescaling is not the identity here)
    expect(Math.abs(z[0] - direct[0])).toBeGreaterThan(1e-3);
  });

  test('no projection: with V = 0 nothing moves; with β = 0 and V = I every token moves towards the mean at rate 1', () => {
    const zero = flatMatrix([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    const still = solve(makeEuclideanProblem({ beta: 2, x0, n, d, T: 1, V: zero }), { scheme: 'rk4', dt: 0.1 }).final;
    expect(Array.from(still)).toEqual(Array.from(x0));
    // β = 0, V = I: uniform weights 1/n, so ẋ_i = x̄ for every token (a mean of n terms: ≤ n·ε·|x| rounding)
    const p = makeEuclideanProblem({ beta: 0, x0, n, d, T: 1 });
    const out = new Float64Array(n * d);
    p.field(0, x0, out);
    for (let k = 0; k < d; k++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x0[i * d + k] / n;
      for (let i = 0; i < n; i++) expect(Math.abs(out[i * d + k] - m)).toBeLessThanOrEqual(n * Number.EPSILON * 4);
    }
  });

  test('validation', () => {
    expect(() => makeEuclideanProblem({ beta: 1, x0: x0.subarray(1), n, d, T: 1 })).toThrow(ConfigError);
    expect(() => makeEuclideanProblem({ beta: 1, x0, n, d, T: 1, V: Q })).toThrow(/V/);
    expect(() => makeEuclideanProblem({ beta: Number.NaN, x0, n, d, T: 1 })).toThrow(/beta/);
  });
});
