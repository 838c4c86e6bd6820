import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng } from '../../src/core/rng.js';
import { flatMatrix } from '../../src/core/types.js';
import { solve } from '../../src/integrate/solve.js';
import { makeEuclideanProblem, rescaledToOriginal } from '../../src/models/euclidean.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

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

  /** Σ_j softmax_j(β⟨Q z_i, K z_j⟩) V (z_j − z_i), two-pass softmax with its maximum found first: the
   *  rescaled field at t = 0 (e^{0·V} = I), written out independently of the kernel. */
  function rescaledAtZero(beta: number, z: Float64Array): Float64Array {
    const m = Q.rows;
    const proj = (M: typeof Q, i: number): number[] =>
      Array.from({ length: m }, (_, r) => Array.from({ length: d }, (_, k) => M.data[r * d + k] * z[i * d + k]).reduce((a, b) => a + b, 0));
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const qi = proj(Q, i);
      const logits = Array.from({ length: n }, (_, j) => beta * proj(K, j).reduce((a, kj, r) => a + qi[r] * kj, 0));
      const top = Math.max(...logits);
      const w = logits.map((l) => Math.exp(l - top));
      const total = w.reduce((a, b) => a + b, 0);
      for (let r = 0; r < d; r++) {
        let v = 0;
        for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) v += (w[j] / total) * V.data[r * d + k] * (z[j * d + k] - z[i * d + k]);
        out[i * d + r] = v;
      }
    }
    return out;
  }
  // float64 rounding of sums of n·d·m ≈ 36 products of O(1–10) terms, in a different order than the
  // kernel: 36·2.2e-16·10 ≈ 1e-13
  const ROUNDING = 1e-13;

  test('rescaled field at t = 0 equals the softmax definition, for β = 2 and for β = 1e4 (log-sum-exp: no overflow)', () => {
    for (const beta of [2, 1e4]) {
      const p = makeEuclideanProblem({ beta, x0, n, d, T: 1, Q, K, V, rescaled: true });
      const out = new Float64Array(n * d);
      p.field(0, x0, out);
      const ref = rescaledAtZero(beta, x0);
      // plus the rounding of the O(β) logits, which enters each weight relatively as β·O(ε)
      const tol = ROUNDING * (1 + beta);
      for (let q = 0; q < n * d; q++) expect(Math.abs(out[q] - ref[q]), `β=${beta} q=${q}`).toBeLessThanOrEqual(tol);
      expect(out.every(Number.isFinite)).toBe(true);
    }
  });

  test('problem data, params and labels', () => {
    const p = makeEuclideanProblem({ beta: 1.5, x0, n, d, T: 2 });
    expect([p.n, p.d, p.manifold, p.timeSpan]).toEqual([n, d, 'euclidean', [0, 2]]);
    expect(p.params.model).toBe('euclidean');
    expect(p.params.normalization).toBe('sa');
    expect([p.params.rescaled, p.params.causal, p.params.headScale, p.params.beta]).toEqual([false, false, 1, 1.5]);
    expect(p.label).toBe('euclidean, n=6, d=3, beta=1.5');
    expect(makeEuclideanProblem({ beta: 1, x0, n, d, T: 2, V, rescaled: true }).label).toBe('euclidean (rescaled z = e^{-tV}x), n=6, d=3, beta=1');
  });

  test('every rejected input names its field and fix', () => {
    const ok = { beta: 1, x0, n, d, T: 1 };
    const cases: Array<[object, string, string]> = [
      [{ n: 0 }, 'n', 'Expected a whole number ≥ 1, e.g. 8.'],
      [{ d: 1.5 }, 'd', 'Expected a whole number ≥ 1, e.g. 2.'],
      [{ T: Number.NaN }, 'T', 'Expected a finite horizon T ≥ 0, e.g. 5.'],
    ];
    for (const [change, field, fix] of cases) {
      const e = caught(() => makeEuclideanProblem({ ...ok, ...change }));
      expect([e.field, e.fix], field).toEqual([field, fix]);
    }
    expect(caught(() => makeEuclideanProblem({ ...ok, x0: x0.subarray(1) })).field).toBe('x0');
  });

  test('validation', () => {
    expect(() => makeEuclideanProblem({ beta: 1, x0: x0.subarray(1), n, d, T: 1 })).toThrow(ConfigError);
    expect(() => makeEuclideanProblem({ beta: 1, x0, n, d, T: 1, V: Q })).toThrow(/V/);
    expect(() => makeEuclideanProblem({ beta: Number.NaN, x0, n, d, T: 1 })).toThrow(/beta/);
  });
});
