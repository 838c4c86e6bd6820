import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { w2ToDirac, w2ToMeanDirac } from '../../src/observables/wasserstein-dirac.js';

describe('W2 to a Dirac', () => {
  test('tokens at angle θ from a: geodesic W2 = θ, chordal W2 = 2 sin(θ/2), even for θ = 1e-9', () => {
    for (const theta of [1e-9, 0.3, 2.5]) {
      const x = Float64Array.from([Math.cos(theta), Math.sin(theta), Math.cos(theta), -Math.sin(theta)]);
      const a = Float64Array.from([1, 0]);
      // geodesic via 2 asin(chord/2): relative error a few ulp of sin θ (arccos would lose half the digits at 1e-9)
      expect(Math.abs(w2ToDirac(x, 2, 2, a, 'geodesic') / theta - 1), `theta=${theta}`).toBeLessThanOrEqual(1e-7);
      expect(Math.abs(w2ToDirac(x, 2, 2, a, 'chordal') / (2 * Math.sin(theta / 2)) - 1)).toBeLessThanOrEqual(1e-7);
    }
  });

  test('chordal ≤ geodesic ≤ (π/2)·chordal, and the mean-direction Dirac is an upper bound of the best a on S¹', () => {
    const rng = Rng.fromSeed(7);
    const x = uniformSphere(rng, 12, 2);
    const bound = w2ToMeanDirac(x, 12, 2, 'geodesic');
    const c = w2ToDirac(x, 12, 2, bound.a, 'chordal');
    expect(c).toBeLessThanOrEqual(bound.w2);
    expect(bound.w2).toBeLessThanOrEqual((Math.PI / 2) * c);
    let best = Infinity;
    for (let k = 0; k < 20000; k++) {
      const phi = (2 * Math.PI * k) / 20000;
      best = Math.min(best, w2ToDirac(x, 12, 2, Float64Array.from([Math.cos(phi), Math.sin(phi)]), 'geodesic'));
    }
    expect(best).toBeLessThanOrEqual(bound.w2 + 1e-12);
  });

  test('x̄ = 0 falls back to a = x_1 and says so', () => {
    const r = w2ToMeanDirac(Float64Array.from([1, 0, -1, 0]), 2, 2);
    expect(r.meanVanished).toBe(true);
    expect(Math.abs(r.w2 - Math.PI / Math.SQRT2)).toBeLessThanOrEqual(1e-15);
  });
});
