/** Open-hemisphere test (catalogue §2.11, Gordan's alternative [standard]): there is a w with
 *  ⟨x_i, w⟩ > 0 for every i iff 0 ∉ conv{x_i}. Decided with Wolfe's min-norm-point algorithm on the
 *  convex hull (Wolfe 1976): if p is the point of conv{x_i} nearest 0, then ⟨x_i − p, p⟩ ≥ 0 for all i,
 *  so w = p/|p| has margin r_w = min_i⟨x_i, w⟩ ≥ |p| > 0. The answer "yes" is certified by the
 *  returned witness (its margin is recomputed directly and must be > 0); the answer "no" means
 *  |p| ≤ HULL_ZERO_TOL·max|x_i|. */

import { requirePositiveInteger, requireState } from '../core/validate.js';

/** Wolfe's optimality test: stop when |p|² − min_i⟨x_i,p⟩ ≤ this × max|x_i|² (his suggested Z1 scale;
 *  below it the linear solves of the minor cycle, accurate to ~κ·ε, cannot improve p). */
export const WOLFE_OPTIMALITY_TOL = 1e-12;
/** |p| at or below this (× max|x_i|) counts as 0 ∈ conv: p is the result of bordered Gram solves whose
 *  rounding is ~1e-14–1e-12 for well-conditioned corrals, so a distance ≤ 1e-10 cannot be told from 0. */
export const HULL_ZERO_TOL = 1e-10;
const MAX_MAJOR_CYCLES_PER_POINT = 50;

export interface HemisphereResult {
  /** True iff an open hemisphere contains every x_i (certified by `witness` with margin > 0). */
  readonly exists: boolean;
  /** Unit w = p/|p| (undefined when p = 0). */
  readonly witness: Float64Array | undefined;
  /** min_i ⟨x_i, w⟩ for the witness (−Infinity when there is none). */
  readonly margin: number;
  /** |p|: the distance from 0 to conv{x_i}. */
  readonly minNorm: number;
  /** False when the iteration cap was hit or p ≠ 0 but its direction did not separate (rounding): the
   *  answer then is not certified either way. */
  readonly decided: boolean;
}

/** Throws ConfigError for shapes that do not match or a non-finite coordinate: the min-norm search
 *  skips a NaN in its comparisons and would return a confident answer that ignores that token. */
export function openHemisphere(x: Float64Array, n: number, d: number): HemisphereResult {
  requirePositiveInteger('n', n, '10');
  requirePositiveInteger('d', d, '3');
  requireState('x', x, n, d, false);
  const dotRows = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
    return s;
  };
  let scale2 = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const s = dotRows(i, i);
    if (s > scale2) scale2 = s;
    if (s < dotRows(start, start)) start = i;
  }
  let corral: number[] = [start];
  let weights: number[] = [1];
  const p = new Float64Array(d);
  const setP = () => {
    p.fill(0);
    corral.forEach((c, a) => {
      for (let k = 0; k < d; k++) p[k] += weights[a] * x[c * d + k];
    });
  };
  setP();
  let decided = true;
  const maxMajor = MAX_MAJOR_CYCLES_PER_POINT * (n + d);
  let major = 0;
  for (; major < maxMajor; major++) {
    let pp = 0;
    for (let k = 0; k < d; k++) pp += p[k] * p[k];
    if (Math.sqrt(pp) <= HULL_ZERO_TOL * Math.sqrt(scale2)) break;
    let j = 0;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * p[k];
      if (s < best) {
        best = s;
        j = i;
      }
    }
    if (pp - best <= WOLFE_OPTIMALITY_TOL * scale2 || corral.includes(j)) break;
    corral.push(j);
    weights.push(0);
    // Minor cycles: move towards the affine min-norm point of the corral, dropping points that leave.
    for (let minor = 0; minor <= d + 1; minor++) {
      const alpha = affineMinNorm(corral, dotRows);
      if (!alpha) {
        decided = false;
        break;
      }
      if (alpha.every((v) => v > 0)) {
        weights = alpha;
        break;
      }
      let theta = 1;
      for (let a = 0; a < alpha.length; a++)
        if (alpha[a] <= 0) theta = Math.min(theta, weights[a] / (weights[a] - alpha[a]));
      weights = weights.map((w, a) => (1 - theta) * w + theta * alpha[a]);
      const keep = weights.map((w) => w > 0);
      corral = corral.filter((_, a) => keep[a]);
      weights = weights.filter((_, a) => keep[a]);
      const total = weights.reduce((s, w) => s + w, 0);
      weights = weights.map((w) => w / total);
    }
    setP();
    if (!decided) break;
  }
  if (major === maxMajor) decided = false;
  let norm = 0;
  for (let k = 0; k < d; k++) norm += p[k] * p[k];
  norm = Math.sqrt(norm);
  if (!(norm > HULL_ZERO_TOL * Math.sqrt(scale2)))
    return { exists: false, witness: norm > 0 ? scaled(p, 1 / norm) : undefined, margin: norm > 0 ? marginOf(x, n, d, scaled(p, 1 / norm)) : -Infinity, minNorm: norm, decided };
  const w = scaled(p, 1 / norm);
  const margin = marginOf(x, n, d, w);
  return { exists: margin > 0, witness: w, margin, minNorm: norm, decided: decided && margin > 0 };
}

/** r_w = min_i ⟨x_i, w⟩. */
export function hemisphereMargin(x: Float64Array, n: number, d: number, w: Float64Array): number {
  requireState('x', x, n, d, false);
  return marginOf(x, n, d, w);
}

function marginOf(x: Float64Array, n: number, d: number, w: Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * w[k];
    if (s < m) m = s;
  }
  return m;
}

function scaled(v: Float64Array, c: number): Float64Array {
  return v.map((t) => t * c);
}

/** Weights α (Σα = 1) of the point of the affine hull of the corral nearest 0: the bordered system
 *  [G 1; 1ᵀ 0][α; μ] = [0; 1], by Gaussian elimination with partial pivoting. Undefined if singular. */
function affineMinNorm(corral: readonly number[], dotRows: (i: number, j: number) => number): number[] | undefined {
  const m = corral.length;
  const size = m + 1;
  const a: number[][] = [];
  for (let r = 0; r < size; r++) {
    const row = new Array<number>(size + 1).fill(0);
    for (let c = 0; c < size; c++) {
      if (r < m && c < m) row[c] = dotRows(corral[r], corral[c]);
      else if (r < m || c < m) row[c] = 1;
    }
    row[size] = r === m ? 1 : 0;
    a.push(row);
  }
  for (let col = 0; col < size; col++) {
    let piv = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    if (Math.abs(a[piv][col]) < 1e-300) return undefined;
    [a[col], a[piv]] = [a[piv], a[col]];
    for (let r = col + 1; r < size; r++) {
      const f = a[r][col] / a[col][col];
      if (f !== 0) for (let c = col; c <= size; c++) a[r][c] -= f * a[col][c];
    }
  }
  const sol = new Array<number>(size).fill(0);
  for (let r = size - 1; r >= 0; r--) {
    let s = a[r][size];
    for (let c = r + 1; c < size; c++) s -= a[r][c] * sol[c];
    sol[r] = s / a[r][r];
  }
  const alpha = sol.slice(0, m);
  return alpha.every(Number.isFinite) ? alpha : undefined;
}
