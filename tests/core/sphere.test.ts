import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { chordalDistance, geodesicDistance, maxUnitNormDeviation, normalizeRows, projectRowsToTangent, tangentField, UNIT_NORM_TOL } from '../../src/core/sphere.js';

/** One normalisation or projection: a d-term sum, a sqrt and a division, each ≤ 1 ulp relative, so a
 *  few ε at d ≤ 8 (the bound behind UNIT_NORM_TOL is (d/2)·ε). */
const ROUND_TOL = 8 * Number.EPSILON;

describe('sphere', () => {
  test('normalizeRows makes every row a unit vector in its own direction; a zero row stays zero', () => {
    const x = Float64Array.from([3, 4, 0, 0, 0, 0, -2, 0, 0]); // rows (3,4,0), (0,0,0), (−2,0,0)
    normalizeRows(x, 3, 3);
    const expected = [0.6, 0.8, 0, 0, 0, 0, -1, 0, 0]; // 3·(1/5) rounds to 0.6 + 1 ulp: compare to ROUND_TOL
    expected.forEach((e, j) => expect(Math.abs(x[j] - e), `entry ${j}: ${x[j]}`).toBeLessThanOrEqual(ROUND_TOL));
    expect(x[3] === 0 && x[4] === 0 && x[5] === 0).toBe(true); // not NaN from 0/0
  });

  test('maxUnitNormDeviation is the largest |‖x_i‖ − 1| and propagates NaN', () => {
    expect(maxUnitNormDeviation(Float64Array.from([1, 0, 0, 2]), 2, 2)).toBe(1);
    expect(maxUnitNormDeviation(Float64Array.from([0.6, 0.8, 0, 0.5]), 2, 2)).toBe(0.5);
    expect(maxUnitNormDeviation(Float64Array.from([3, 4, 0, 1]), 2, 2)).toBe(4);
    expect(maxUnitNormDeviation(Float64Array.from([Number.NaN, 0, 0, 3]), 2, 2)).toBeNaN();
    const x = uniformSphere(Rng.fromSeed(5), 50, 7);
    expect(maxUnitNormDeviation(x, 50, 7)).toBeLessThanOrEqual(UNIT_NORM_TOL);
  });

  test('projectRowsToTangent: P_x v is orthogonal to x, keeps the tangent part, and is idempotent', () => {
    const n = 20;
    const d = 5;
    const rng = Rng.fromSeed(11);
    const x = uniformSphere(rng, n, d);
    const v = Float64Array.from({ length: n * d }, () => rng.normal());
    const p = Float64Array.from(v);
    projectRowsToTangent(x, p, n, d);
    for (let i = 0; i < n; i++) {
      let xp = 0;
      let xv = 0;
      for (let k = 0; k < d; k++) {
        xp += x[i * d + k] * p[i * d + k];
        xv += x[i * d + k] * v[i * d + k];
      }
      expect(Math.abs(xp), `row ${i}`).toBeLessThanOrEqual(ROUND_TOL * 4);
      // v = P_x v + ⟨x,v⟩x, entry by entry
      for (let k = 0; k < d; k++) expect(Math.abs(p[i * d + k] + xv * x[i * d + k] - v[i * d + k])).toBeLessThanOrEqual(ROUND_TOL * 4);
    }
    const twice = Float64Array.from(p);
    projectRowsToTangent(x, twice, n, d);
    for (let j = 0; j < n * d; j++) expect(Math.abs(twice[j] - p[j])).toBeLessThanOrEqual(ROUND_TOL * 4);
  });

  test('geodesic and chordal distances: known angles, offsets, clamping, and |a−b| = 2 sin(θ/2)', () => {
    const s = Math.SQRT1_2;
    const buf = Float64Array.from([9, 1, 0, 0, s, s, 0, -1, 0]); // a = (1,0) at offset 1, b = (s,s) at 4, −a at 7
    expect(geodesicDistance(buf, 1, buf, 4, 2)).toBeCloseTo(Math.PI / 4, 15);
    expect(geodesicDistance(buf, 1, buf, 1, 2)).toBe(0);
    expect(geodesicDistance(buf, 1, buf, 7, 2)).toBe(Math.PI);
    // ⟨a,a⟩ rounding above 1 must be clamped, not turned into NaN by acos
    const over = Float64Array.from([1 + 1e-15, 0]);
    expect(geodesicDistance(over, 0, over, 0, 2)).toBe(0);
    const under = Float64Array.from([1 + 1e-15, 0, -1 - 1e-15, 0]);
    expect(geodesicDistance(under, 0, under, 2, 2)).toBe(Math.PI);
    expect(chordalDistance(buf, 1, buf, 7, 2)).toBe(2);
    expect(chordalDistance(Float64Array.from([3, 0, 0, 4]), 0, Float64Array.from([0, 0, 0, 4]), 0, 2)).toBe(3);
    const x = uniformSphere(Rng.fromSeed(3), 2, 4);
    const theta = geodesicDistance(x, 0, x, 4, 4);
    expect(Math.abs(chordalDistance(x, 0, x, 4, 4) - 2 * Math.sin(theta / 2))).toBeLessThanOrEqual(1e-14); // acos near 0/π loses ~√ε; at a generic angle a few ulp
  });
});

describe('tangentField', () => {
  test('runs the raw field, then projects each row onto the tangent space at x', () => {
    const x = Float64Array.from([1, 0, 0, 0.6, 0.8, 0]);
    const raw = (_t: number, y: Float64Array, out: Float64Array) => {
      for (let i = 0; i < y.length; i++) out[i] = 2 * y[i] + (i % 3 === 2 ? 1 : 0); // radial part 2x, tangent e3
    };
    const out = new Float64Array(6);
    tangentField(raw, 2, 3)(0, x, out);
    // the radial 2x is removed exactly (x_i is unit here), the e3 component stays
    expect(Array.from(out)).toEqual([0, 0, 1, 0, 0, 1]);
  });
});
