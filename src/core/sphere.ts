/** Geometry of S^{d−1} on flat row-major states. */

/** Honest float64 normalisation errs by ≤ (d/2)·ε ≈ 1.1e-13 at d = 1024: rows within this of 1 are unit. */
export const UNIT_NORM_TOL = 1e-12;

/** Normalises every row in place. A zero row is left as it is (the caller's field produced it). */
export function normalizeRows(x: Float64Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += x[o + k] * x[o + k];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) x[o + k] *= inv;
    }
  }
}

/** Largest |‖x_i‖ − 1| over rows. */
export function maxUnitNormDeviation(x: Float64Array, n: number, d: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * x[i * d + k];
    const dev = Math.abs(Math.sqrt(s) - 1);
    if (dev > m || dev !== dev) m = dev;
  }
  return m;
}

/** In place: v_i ← v_i − (⟨x_i,v_i⟩/⟨x_i,x_i⟩) x_i, the tangent projection P_{x_i} at the stored x_i.
 *  A stored x_i is unit only to rounding; dividing by ⟨x_i,x_i⟩ makes P_x x = 0 exactly (the two sums are
 *  the same float operations), so a token whose unprojected velocity is x_i itself (causal token 1 with
 *  V = I) is stationary to the last bit instead of drifting by (1 − |x_i|²)·x_i ≈ 1e-16 per step. */
export function projectRowsToTangent(x: Float64Array, v: Float64Array, n: number, d: number): void {
  projectRowRangeToTangent(x, v, d, 0, n);
}

/** projectRowsToTangent on rows rowStart..rowEnd only (each row's arithmetic is its own). */
export function projectRowRangeToTangent(x: Float64Array, v: Float64Array, d: number, rowStart: number, rowEnd: number): void {
  for (let i = rowStart; i < rowEnd; i++) {
    const o = i * d;
    let s = 0;
    let xx = 0;
    for (let k = 0; k < d; k++) {
      s += x[o + k] * v[o + k];
      xx += x[o + k] * x[o + k];
    }
    const c = s / xx;
    for (let k = 0; k < d; k++) v[o + k] -= c * x[o + k];
  }
}

/** Geodesic distance arccos(⟨a,b⟩) with the inner product clamped to [−1, 1]. */
export function geodesicDistance(a: Float64Array, aOff: number, b: Float64Array, bOff: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[aOff + k] * b[bOff + k];
  return Math.acos(Math.min(1, Math.max(-1, s)));
}

/** Chordal distance |a − b|, computed from the difference (no cancellation in 1 − ⟨a,b⟩). */
export function chordalDistance(a: Float64Array, aOff: number, b: Float64Array, bOff: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = a[aOff + k] - b[bOff + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/** The field `raw` followed by the tangent projection at x (projectRowsToTangent): the sphere models'
 *  `field` built from their unprojected `rawField`. */
export function tangentField(
  raw: (t: number, x: Float64Array, out: Float64Array) => void,
  n: number,
  d: number,
): (t: number, x: Float64Array, out: Float64Array) => void {
  return (t, x, out) => {
    raw(t, x, out);
    projectRowsToTangent(x, out, n, d);
  };
}
