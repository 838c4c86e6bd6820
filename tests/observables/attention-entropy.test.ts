import { describe, expect, test } from 'vitest';
import { identityMatrix } from '../../src/core/types.js';
import type { AttentionParams } from '../../src/models/attention.js';
import { attentionEntropy } from '../../src/observables/attention-entropy.js';

/** n equiangular unit vectors with ⟨x_i,x_j⟩ = ρ in R^{n+1}: √ρ·u + √(1−ρ)·e_i for ρ ≥ 0, the centred
 *  simplex for ρ = −1/(n−1). */
function equiangular(n: number, rho: number): { x: Float64Array; d: number } {
  const d = n + 1;
  const x = new Float64Array(n * d);
  if (rho >= 0) {
    for (let i = 0; i < n; i++) {
      x[i * d + i] = Math.sqrt(1 - rho);
      x[i * d + n] = Math.sqrt(rho);
    }
  } else {
    const scale = 1 / Math.sqrt(1 - 1 / n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) x[i * d + k] = ((i === k ? 1 : 0) - 1 / n) * scale;
  }
  return { x, d };
}

const params = (beta: number, d: number, causal = false): AttentionParams => ({
  normalization: 'sa', beta, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal, headScale: 1,
});

describe('attention entropy', () => {
  test('equiangular n = 8, β = 2: the catalogue values (3.6) and the closed form', () => {
    const n = 8;
    const beta = 2;
    const printed: Array<[number, number]> = [[-1 / 7, 1.4881], [0, 1.6394], [0.5, 1.9943], [0.9, 2.077], [0.999, 2.0794]];
    for (const [rho, h] of printed) {
      const { x, d } = equiangular(n, rho);
      const r = attentionEntropy(params(beta, d), x, n, d);
      const Z = Math.exp(beta) + (n - 1) * Math.exp(beta * rho);
      const a = Math.exp(beta) / Z;
      const b = Math.exp(beta * rho) / Z;
      const closed = -a * Math.log(a) - (n - 1) * b * Math.log(b);
      // the construction's Gram entries carry rounding ~1e-16; entropy is Lipschitz in them (×β)
      expect(Math.abs(r.meanEntropy - closed), `rho=${rho}`).toBeLessThanOrEqual(1e-13);
      expect(Math.abs(r.meanEntropy - h), `rho=${rho} printed=${h}`).toBeLessThanOrEqual(0.5e-4);
      expect(Math.abs(r.meanMaxWeight - a)).toBeLessThanOrEqual(1e-14);
    }
  });

  test('β = 1e6 stays finite (log-weights): consensus-free tokens give entropy 0 and weight 1', () => {
    const { x, d } = equiangular(5, 0);
    const r = attentionEntropy(params(1e6, d), x, 5, d);
    expect(r.meanEntropy).toBe(0);
    expect(r.largestWeight).toBe(1);
  });

  test('causal mask: row i has i + 1 weights, uniform at β = 0, so H_i = log(i + 1)', () => {
    const { x, d } = equiangular(6, 0.3);
    const r = attentionEntropy(params(0, d, true), x, 6, d);
    r.entropies.forEach((h, i) => expect(Math.abs(h - Math.log(i + 1))).toBeLessThanOrEqual(4 * Number.EPSILON * (1 + Math.log(6))));
  });
});
