import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { besselIOverBeta, scaledBesselISequence } from '../../../src/meanfield/_internals/bessel-series.js';

const D = Decimal.clone({ precision: 50 });

/** e^{−x} I_k(x) from the power series in 50-digit decimals (fine for x ≤ 60: the largest term is
 *  ~e^{x}, far inside 50 digits). */
function referenceScaled(x: number, k: number): number {
  const half = new D(x).div(2);
  const q = half.mul(half);
  let term = half.pow(k);
  for (let j = 2; j <= k; j++) term = term.div(j);
  let sum = term;
  for (let m = 1; m < 400; m++) {
    term = term.mul(q).div(m * (m + k));
    sum = sum.add(term);
    if (term.lt(sum.mul('1e-45'))) break;
  }
  return sum.mul(new D(-x).exp()).toNumber();
}

/** Miller's recurrence runs ≤ ~200 steps, each adding ≤ 1 ulp of relative error to the normalised
 *  minimal solution; 1e-13 leaves a factor 2 over 200·ε·2. */
const REL_TOL = 1e-13;

describe('scaledBesselISequence', () => {
  test('I_0(1) = 1.2660658777520084 (catalogue §4 check value)', () => {
    expect(scaledBesselISequence(1, 0)[0] * Math.E).toBeCloseTo(1.2660658777520084, 14);
  });
  test.each([0.001, 0.1, 0.5, 1, 2, 4, 9, 25, 60])('matches the decimal series at x=%f', (x) => {
    const kMax = 30;
    const s = scaledBesselISequence(x, kMax);
    for (let k = 0; k <= kMax; k++) {
      const ref = referenceScaled(x, k);
      if (ref < 1e-290) continue;
      expect(Math.abs(s[k] / ref - 1), `x=${x} k=${k} got=${s[k]} ref=${ref}`).toBeLessThanOrEqual(REL_TOL);
    }
  });
  test('large x: normalisation identity and the Gaussian profile I_k/I_0 ≈ e^{−k²/(2x)}', () => {
    const x = 4000;
    const s = scaledBesselISequence(x, 2000);
    let total = s[0];
    for (let k = 1; k <= 2000; k++) total += 2 * s[k];
    expect(Math.abs(total - 1)).toBeLessThan(1e-13);
    // I_0(x)e^{−x} ≈ 1/√(2πx) (1 + 1/(8x)) to O(x^-2)
    expect(Math.abs(s[0] * Math.sqrt(2 * Math.PI * x) - (1 + 1 / (8 * x)))).toBeLessThan(1e-6);
  });
  test('negative x flips odd orders; I_k(β)/β has the β → 0 limits', () => {
    const p = scaledBesselISequence(3, 5);
    const m = scaledBesselISequence(-3, 5);
    for (let k = 0; k <= 5; k++) expect(m[k]).toBe(k % 2 === 0 ? p[k] : -p[k]);
    expect(besselIOverBeta(0, 3)[1]).toBe(0.5);
    expect(Math.abs(besselIOverBeta(1e-8, 3)[1] - 0.5)).toBeLessThan(1e-15);
  });
});
