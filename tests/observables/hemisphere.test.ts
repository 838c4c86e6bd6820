import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { hemisphereMargin, openHemisphere } from '../../src/observables/hemisphere.js';
import { configErrorOf } from '../support/config-error-of.js';

/** On S¹ an open half-circle holds every point iff the largest circular gap between sorted angles exceeds π. */
function circleHasHemisphere(x: Float64Array, n: number): boolean {
  const angles = Array.from({ length: n }, (_, i) => Math.atan2(x[2 * i + 1], x[2 * i])).sort((a, b) => a - b);
  let gap = angles[0] + 2 * Math.PI - angles[n - 1];
  for (let i = 1; i < n; i++) gap = Math.max(gap, angles[i] - angles[i - 1]);
  return gap > Math.PI;
}

/** The n vertices e_i − (1/n)Σe_j of the regular simplex in R^n, scaled to unit length: Σ x_i = 0. */
function centredSimplex(n: number): Float64Array {
  const x = new Float64Array(n * n);
  const scale = 1 / Math.sqrt(1 - 1 / n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) x[i * n + k] = ((i === k ? 1 : 0) - 1 / n) * scale;
  return x;
}

describe('open hemisphere (Gordan / Wolfe min-norm point)', () => {
  test('points in an open hemisphere: the witness separates them (margin recomputed directly)', () => {
    const rng = Rng.fromSeed(3);
    const n = 40;
    const d = 5;
    const x = uniformSphere(rng, n, d);
    for (let i = 0; i < n; i++) if (x[i * d] < 0) for (let k = 0; k < d; k++) x[i * d + k] *= -1;
    const r = openHemisphere(x, n, d);
    expect(r.exists).toBe(true);
    expect(r.decided).toBe(true);
    const m = hemisphereMargin(x, n, d, r.witness!);
    expect(m).toBeGreaterThan(0);
    expect(m).toBe(r.margin);
    // property of the min-norm point: margin ≥ |p| (up to the solve's rounding)
    expect(r.margin).toBeGreaterThanOrEqual(r.minNorm * (1 - 1e-9));
  });

  test('0 in the hull: an antipodal pair, and the centred simplex', () => {
    const pair = Float64Array.from([0, 0, 1, 0, 0, -1, 1, 0, 0]);
    expect(openHemisphere(pair, 3, 3).exists).toBe(false);
    const n = 6;
    const r = openHemisphere(centredSimplex(n), n, n);
    expect(r.exists).toBe(false);
    expect(r.minNorm).toBeLessThanOrEqual(1e-10);
  });

  test('on S¹ the answer agrees with the largest-gap criterion on 400 random configurations', () => {
    const rng = Rng.fromSeed(9);
    for (let trial = 0; trial < 400; trial++) {
      const n = 3 + (trial % 5);
      const x = uniformSphere(rng, n, 2);
      const r = openHemisphere(x, n, 2);
      expect(r.exists, `trial ${trial}`).toBe(circleHasHemisphere(x, n));
      if (r.exists) expect(hemisphereMargin(x, n, 2, r.witness!)).toBeGreaterThan(0);
    }
  });

  test.each([[4, 3, 0.875], [10, 3, 0.08984375], [10, 5, 0.5]])(
    'Wendel: P(n=%i uniform points on S^{d−1}, d=%i, lie in a hemisphere) = %f within 4 SE',
    (n, d, p) => {
      const rng = Rng.fromSeed(1000 + n * 10 + d);
      const trials = 3000;
      let hits = 0;
      for (let t = 0; t < trials; t++) if (openHemisphere(uniformSphere(rng, n, d), n, d).exists) hits++;
      const se = Math.sqrt((p * (1 - p)) / trials); // binomial standard error; 4 SE (catalogue §0)
      expect(Math.abs(hits / trials - p), `fraction=${hits / trials}`).toBeLessThanOrEqual(4 * se);
    },
  );
});

describe('open hemisphere: exact small cases', () => {
  // Wolfe's corral solves on 1–2 points with O(1) entries: a few float64 roundings
  const ROUNDING = 8 * Number.EPSILON;

  test('one point: p = x, witness x/|x|, margin and distance |x|', () => {
    const r = openHemisphere(Float64Array.from([0.6, 0.8]), 1, 2);
    expect([r.exists, r.decided]).toEqual([true, true]);
    expect(Math.abs(r.minNorm - 1)).toBeLessThanOrEqual(ROUNDING);
    expect(Math.abs(r.margin - 1)).toBeLessThanOrEqual(ROUNDING);
    expect(Math.abs(r.witness![0] - 0.6)).toBeLessThanOrEqual(ROUNDING);
    expect(Math.abs(r.witness![1] - 0.8)).toBeLessThanOrEqual(ROUNDING);
  });

  test('two points of different lengths: the nearest point of the segment, found from the shorter one', () => {
    // conv{(3,0), (0,1)}: p = a(3,0) + (1−a)(0,1) with 9a = 1 − a, a = 1/10: p = (0.3, 0.9), |p| = √0.9;
    // both points lie on the supporting line, so the margin equals |p|
    for (const x of [Float64Array.from([3, 0, 0, 1]), Float64Array.from([0, 1, 3, 0])]) {
      const r = openHemisphere(x, 2, 2);
      expect([r.exists, r.decided]).toEqual([true, true]);
      expect(Math.abs(r.minNorm - Math.sqrt(0.9))).toBeLessThanOrEqual(ROUNDING);
      expect(Math.abs(r.margin - Math.sqrt(0.9))).toBeLessThanOrEqual(4 * ROUNDING);
      expect(Math.abs(r.witness![0] - 0.3 / Math.sqrt(0.9))).toBeLessThanOrEqual(ROUNDING);
      expect(Math.abs(r.witness![1] - 0.9 / Math.sqrt(0.9))).toBeLessThanOrEqual(ROUNDING);
    }
  });

  test('0 exactly in the hull (antipodal pair): no witness, margin −∞, distance 0, decided', () => {
    const r = openHemisphere(Float64Array.from([0, 0, 1, 0, 0, -1, 1, 0, 0]), 3, 3);
    expect(r).toEqual({ exists: false, witness: undefined, margin: -Infinity, minNorm: 0, decided: true });
  });

  test('0 in the hull up to rounding (centred simplex): the reported direction does not separate', () => {
    const n = 5;
    const x = centredSimplex(n);
    const r = openHemisphere(x, n, n);
    expect(r.exists).toBe(false);
    expect(r.minNorm).toBeLessThanOrEqual(1e-10);
    if (r.witness) {
      // Σ x_i = 0, so no direction has all inner products positive
      expect(r.margin).toBe(hemisphereMargin(x, n, n, r.witness));
      expect(r.margin).toBeLessThan(0);
    } else expect(r.margin).toBe(-Infinity);
  });

  test('points spanning more than a half-circle by a hair: not in an open hemisphere', () => {
    // angles 0, 2π/3, 4π/3 ± tiny: 0 is inside the triangle
    const angles = [0, (2 * Math.PI) / 3, (4 * Math.PI) / 3 - 1e-3];
    const x = Float64Array.from(angles.flatMap((a) => [Math.cos(a), Math.sin(a)]));
    expect(openHemisphere(x, 3, 2).exists).toBe(false);
    // and two of them alone are
    expect(openHemisphere(x.subarray(0, 4), 2, 2).exists).toBe(true);
  });
});

describe('open hemisphere: the tolerances are relative to the size of the points', () => {
  /** Gordan's question is invariant under scaling the points by positive factors (0 ∈ conv{c_i x_i} iff
   *  0 ∈ conv{x_i}), so answers and certificates must not depend on the units. */
  function centredSimplex(n: number): Float64Array {
    const x = new Float64Array(n * n);
    const scale = 1 / Math.sqrt(1 - 1 / n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) x[i * n + k] = ((i === k ? 1 : 0) - 1 / n) * scale;
    return x;
  }
  const rng = Rng.fromSeed(17);
  const n = 12;
  const d = 4;
  const inside = uniformSphere(rng, n, d);
  for (let i = 0; i < n; i++) if (inside[i * d] < 0.2) for (let k = 0; k < d; k++) inside[i * d + k] *= -1;

  test.each([1e-8, 1, 1e8])('all points scaled by %f: same answer, decided, certificate scaled', (c) => {
    const base = openHemisphere(inside, n, d);
    const r = openHemisphere(inside.map((v) => v * c), n, d);
    expect([r.exists, r.decided]).toEqual([base.exists, base.decided]);
    expect(r.exists).toBe(true);
    // the min-norm point scales with c; the witness direction does not (rounding of the same solves)
    expect(Math.abs(r.minNorm / c - base.minNorm)).toBeLessThanOrEqual(1e-12 * base.minNorm);
    for (let k = 0; k < d; k++) expect(Math.abs(r.witness![k] - base.witness![k])).toBeLessThanOrEqual(1e-12);
    const simplex = openHemisphere(centredSimplex(6).map((v) => v * c), 6, 6);
    expect([simplex.exists, simplex.decided]).toEqual([false, true]);
    expect(simplex.minNorm).toBeLessThanOrEqual(1e-10 * c);
  });

  test('rows of very different lengths (factors 1e8 … 1e-8): 0 in the hull is still decided', () => {
    const m = 6;
    const x = centredSimplex(m);
    const factors = [1e8, 1, 3, 0.5, 2, 1e-8];
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) x[i * m + k] *= factors[i];
    const r = openHemisphere(x, m, m);
    expect([r.exists, r.decided]).toEqual([false, true]);
  });
});

describe('open hemisphere: bad input is refused, never answered (non-finite rows: tests/observables/bad-input.test.ts)', () => {
  test('shapes: no tokens, a zero dimension, or a length other than n·d', () => {
    expect(configErrorOf(() => openHemisphere(new Float64Array(0), 0, 3)).field).toBe('n');
    expect(configErrorOf(() => openHemisphere(new Float64Array(0), 2, 0)).field).toBe('d');
    expect(configErrorOf(() => openHemisphere(new Float64Array(5), 2, 3)).message).toMatch(/Expected n·d = 2·3 = 6 entries/);
  });
});
