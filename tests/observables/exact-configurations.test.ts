import { describe, expect, test } from 'vitest';
import { effectiveDimension, equiangularSpread, meanOffDiagonalGram } from '../../src/observables/gram.js';
import { circleOrderParameter, orderParameter } from '../../src/observables/order-parameter.js';
import { pairDensity } from '../../src/observables/pair-density.js';
import { w2ToDirac, w2ToMeanDirac } from '../../src/observables/wasserstein-dirac.js';

/** Hand-checkable configurations (axis vectors and their negatives): every Gram entry is 0 or ±1, so the
 *  observables have closed forms. A sqrt, an asin or an eigen-solve adds a few ulp: 8ε relative. */
const TOL = 8 * Number.EPSILON;
const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(b)));

// rows e1, e2, −e1 in R²: off-diagonal Gram entries ⟨1,2⟩ = 0, ⟨1,3⟩ = −1, ⟨2,3⟩ = 0
const THREE = Float64Array.from([1, 0, 0, 1, -1, 0]);

describe('Gram diagnostics on exact configurations', () => {
  test('spread = max − min off-diagonal G = 0 − (−1); mean off-diagonal G = −1/3; n = 1 conventions', () => {
    close(equiangularSpread(THREE, 3, 2), 1, 'spread');
    close(meanOffDiagonalGram(THREE, 3, 2), -1 / 3, 'mean');
    const pair = Float64Array.from([1, 0, 0, 1]);
    expect(equiangularSpread(pair, 2, 2)).toBe(0); // one pair: nothing to spread
    close(meanOffDiagonalGram(pair, 2, 2), 0, 'mean of one orthogonal pair');
    expect(equiangularSpread(Float64Array.from([1, 0]), 1, 2)).toBe(0);
    // e1, e2, e2: the coinciding pair is the last one (i = 1, j = 2): spread (2 − 0)/2
    close(equiangularSpread(Float64Array.from([1, 0, 0, 1, 0, 1]), 3, 2), 1, 'spread set by the last pair');
    expect(meanOffDiagonalGram(Float64Array.from([1, 0]), 1, 2)).toBe(1);
  });

  test('effective dimension counts eigenvalues of G/n (= those of XᵀX/n) above the threshold, in both branches', () => {
    // n > d: XᵀX/3 = diag(2/3, 1/3)
    expect(effectiveDimension(THREE, 3, 2)).toBe(2);
    expect(effectiveDimension(THREE, 3, 2, 0.5)).toBe(1);
    expect(effectiveDimension(THREE, 3, 2, 0.7)).toBe(0);
    // n ≤ d: two equal tokens in R³ give G/2 = [[1/2, 1/2], [1/2, 1/2]]: eigenvalues 1 and 0
    expect(effectiveDimension(Float64Array.from([0, 1, 0, 0, 1, 0]), 2, 3)).toBe(1);
    // e1, e2 in R³: G/2 = I/2
    expect(effectiveDimension(Float64Array.from([1, 0, 0, 0, 1, 0]), 2, 3, 0.4)).toBe(2);
    expect(effectiveDimension(Float64Array.from([1, 0, 0, 0, 1, 0]), 2, 3, 0.6)).toBe(0);
    // a non-diagonal case: e1, (e1+e2)/√2 in R³: G/2 has eigenvalues (1 ± 1/√2)/2 = 0.854, 0.146
    const s = Math.SQRT1_2;
    expect(effectiveDimension(Float64Array.from([1, 0, 0, s, s, 0]), 2, 3, 0.1)).toBe(2);
    expect(effectiveDimension(Float64Array.from([1, 0, 0, s, s, 0]), 2, 3, 0.2)).toBe(1);
    // the same two tokens as the n > d branch would see them (d = 2 < n = 3 with a third copy of e1)
    expect(effectiveDimension(Float64Array.from([1, 0, s, s, 1, 0]), 3, 2, 0.05)).toBe(2);
  });

  test('pair density: pairs with 1 − G ≤ δ (non-strict) over n(n−1)/2; n = 1 gives 1', () => {
    close(pairDensity(THREE, 3, 2, 1), 2 / 3, 'δ = 1 (the two orthogonal pairs)');
    expect(pairDensity(THREE, 3, 2, 0.99)).toBe(0);
    expect(pairDensity(THREE, 3, 2, 2)).toBe(1);
    expect(pairDensity(Float64Array.from([1, 0]), 1, 2, 0.1)).toBe(1);
    expect(pairDensity(Float64Array.from([1, 0, 0, 1]), 2, 2, 0.5)).toBe(0); // n = 2 is counted, not a convention
    expect(pairDensity(Float64Array.from([1, 0, 1, 0, 0, 1, 0, 1]), 4, 2, 0.01)).toBe(1 / 3); // 2 of 6 pairs coincide
  });

  test('order parameters |mean of x_i| and |mean of e^{iθ}|', () => {
    close(orderParameter(Float64Array.from([1, 0, 0, 1]), 2, 2), Math.SQRT1_2, 'R(e1, e2)');
    close(orderParameter(Float64Array.from([1, 0, 1, 0, 0, 1]), 3, 2), Math.sqrt(5) / 3, 'R(e1, e1, e2)');
    expect(orderParameter(THREE.subarray(0, 2), 1, 2)).toBe(1);
    close(circleOrderParameter(Float64Array.from([0, 0, Math.PI / 2])), Math.sqrt(5) / 3, 'circle R');
    close(circleOrderParameter(Float64Array.from([Math.PI / 3])), 1, 'one angle');
  });
});

describe('W2 to a Dirac on exact configurations', () => {
  const e1e2 = Float64Array.from([1, 0, 0, 1]);
  test('w2ToDirac: distances 0 and π/2 (geodesic) or 0 and √2 (chordal) to a = e1', () => {
    const a = Float64Array.from([1, 0]);
    close(w2ToDirac(e1e2, 2, 2, a), Math.PI / (2 * Math.SQRT2), 'geodesic (default)');
    close(w2ToDirac(e1e2, 2, 2, a, 'geodesic'), Math.PI / (2 * Math.SQRT2), 'geodesic');
    close(w2ToDirac(e1e2, 2, 2, a, 'chordal'), 1, 'chordal');
    close(w2ToDirac(Float64Array.from([-1, 0]), 1, 2, a), Math.PI, 'antipode');
  });

  test('w2ToMeanDirac: a = x̄/|x̄|, or x_1 when the mean vanishes', () => {
    const m = w2ToMeanDirac(e1e2, 2, 2);
    expect(m.meanVanished).toBe(false);
    close(m.a[0], Math.SQRT1_2, 'a_0');
    close(m.a[1], Math.SQRT1_2, 'a_1');
    close(m.w2, Math.PI / 4, 'both at π/4');
    close(w2ToMeanDirac(e1e2, 2, 2, 'chordal').w2, Math.sqrt(2 - Math.SQRT2), 'chordal |e1 − a|');
    // a weighted mean direction: e1, e1, e2 → a = (2, 1)/√5
    const w = w2ToMeanDirac(Float64Array.from([1, 0, 1, 0, 0, 1]), 3, 2);
    close(w.a[0], 2 / Math.sqrt(5), 'weighted a_0');
    close(w.a[1], 1 / Math.sqrt(5), 'weighted a_1');
    const opposite = w2ToMeanDirac(Float64Array.from([0, 1, 0, -1]), 2, 2);
    expect(opposite.meanVanished).toBe(true);
    expect(Array.from(opposite.a)).toEqual([0, 1]);
    close(opposite.w2, Math.PI / Math.SQRT2, 'x_1 and its antipode');
    close(w2ToMeanDirac(Float64Array.from([0, 1, 0, -1]), 2, 2, 'chordal').w2, Math.SQRT2, 'chordal antipode');
  });
});
