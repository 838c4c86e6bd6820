/** Wasserstein distances on the circle T = R/2πZ with the geodesic (arc-length) distance, radians.
 *  Measures are either a density on the uniform grid of density.ts (piecewise constant, mass 1) or
 *  weighted particles (angles, any order, weights 1/n by default).
 *  - W1 (catalogue §2.6): min_c ∫_0^{2π} |F_μ − F_ν − c| dθ, minimised by c = a median of F_μ − F_ν
 *    [standard]; evaluated exactly on the merged breakpoints (F_μ − F_ν is piecewise linear).
 *  - W2 between any two measures: W2² = min_α ∫_0^1 |Q_μ(t) − Q_ν(t + α)|² dt with the lifted quantile
 *    functions Q(t + 1) = Q(t) + 2π; the function of α is convex (Delon–Salomon–Sobolevski 2010)
 *    [standard], minimised by golden section; each evaluation is exact on merged breakpoints.
 *  - W2 between equal-weight particle sets: sort both and take the best of the n cyclic-shift matchings
 *    with the wrapped distance (optimal for convex costs of arc length [standard]), O(n²).
 *  - W2 to a Dirac (§2.5): W2² = ∫ d(θ, a)² dμ, d the wrapped angle. */
import { wrapAngle } from './density.js';

export type CircleMeasure = { readonly density: Float64Array } | { readonly particles: Float64Array; readonly weights?: Float64Array };

const TWO_PI = 2 * Math.PI;

/** Pieces of a CDF on [0, 2π): on [x[l], x[l+1]) it equals v[l] + s[l]·(θ − x[l]). */
interface CdfPieces {
  readonly x: Float64Array; // L + 1 breakpoints, x[0] = 0, x[L] = 2π
  readonly v: Float64Array;
  readonly s: Float64Array;
}

function sortedParticles(theta: Float64Array, weights?: Float64Array): { th: Float64Array; w: Float64Array } {
  const n = theta.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const wrapped = Float64Array.from(theta, wrapAngle);
  idx.sort((p, q) => wrapped[p] - wrapped[q]);
  const th = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    th[i] = wrapped[idx[i]];
    w[i] = weights ? weights[idx[i]] : 1 / n;
  }
  return { th, w };
}

function cdfPieces(m: CircleMeasure): CdfPieces {
  if ('density' in m) {
    const f = m.density;
    const M = f.length;
    const h = TWO_PI / M;
    const x = new Float64Array(M + 1);
    const v = new Float64Array(M);
    const s = new Float64Array(M);
    let cum = 0;
    for (let j = 0; j < M; j++) {
      x[j] = j * h;
      v[j] = cum;
      s[j] = f[j];
      cum += f[j] * h;
    }
    x[M] = TWO_PI;
    return { x, v, s };
  }
  const { th, w } = sortedParticles(m.particles, m.weights);
  const n = th.length;
  const x = new Float64Array(n + 2);
  const v = new Float64Array(n + 1);
  const s = new Float64Array(n + 1);
  x[0] = 0;
  let cum = 0;
  for (let i = 0; i < n; i++) {
    x[i + 1] = th[i];
    cum += w[i];
    v[i + 1] = cum;
  }
  x[n + 1] = TWO_PI;
  return { x, v, s };
}

/** W1 on the circle by the median shift. */
export function w1Circle(a: CircleMeasure, b: CircleMeasure): number {
  const A = cdfPieces(a);
  const B = cdfPieces(b);
  // Merge into pieces of D = F_a − F_b: start, length, value at start, slope.
  const start: number[] = [];
  const len: number[] = [];
  const val: number[] = [];
  const slope: number[] = [];
  let ia = 0;
  let ib = 0;
  let x = 0;
  const La = A.v.length;
  const Lb = B.v.length;
  while (x < TWO_PI && ia < La && ib < Lb) {
    const end = Math.min(A.x[ia + 1], B.x[ib + 1]);
    if (end > x) {
      start.push(x);
      len.push(end - x);
      val.push(A.v[ia] + A.s[ia] * (x - A.x[ia]) - (B.v[ib] + B.s[ib] * (x - B.x[ib])));
      slope.push(A.s[ia] - B.s[ib]);
    }
    x = end;
    if (A.x[ia + 1] <= x) ia++;
    if (B.x[ib + 1] <= x) ib++;
  }
  const P = len.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < P; p++) {
    const e = val[p] + slope[p] * len[p];
    lo = Math.min(lo, val[p], e);
    hi = Math.max(hi, val[p], e);
  }
  const below = (c: number) => {
    let m = 0;
    for (let p = 0; p < P; p++) {
      const s = slope[p];
      if (s === 0) {
        if (val[p] <= c) m += len[p];
      } else {
        const y = Math.min(len[p], Math.max(0, (c - val[p]) / s));
        m += s > 0 ? y : len[p] - y;
      }
    }
    return m;
  };
  for (let it = 0; it < 200 && hi - lo > 0; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (below(mid) >= Math.PI) hi = mid;
    else lo = mid;
  }
  const c = 0.5 * (lo + hi);
  let total = 0;
  for (let p = 0; p < P; p++) {
    const d0 = val[p] - c;
    const s = slope[p];
    const L = len[p];
    if (s === 0) {
      total += Math.abs(d0) * L;
      continue;
    }
    const y0 = -d0 / s;
    if (y0 <= 0 || y0 >= L) total += Math.abs(d0 * L + (s * L * L) / 2);
    else total += Math.abs(d0 * y0 + (s * y0 * y0) / 2) + Math.abs(d0 * (L - y0) + (s * (L * L - y0 * y0)) / 2);
  }
  return total;
}

/** Quantile pieces on t ∈ [0, 1): Q(t) = q0 + (q1 − q0)(t − t0)/(t1 − t0). */
interface QuantilePieces {
  readonly t0: Float64Array;
  readonly t1: Float64Array;
  readonly q0: Float64Array;
  readonly q1: Float64Array;
}

function quantilePieces(m: CircleMeasure): QuantilePieces {
  const t0: number[] = [];
  const t1: number[] = [];
  const q0: number[] = [];
  const q1: number[] = [];
  if ('density' in m) {
    const f = m.density;
    const M = f.length;
    const h = TWO_PI / M;
    let total = 0;
    for (let j = 0; j < M; j++) total += f[j] * h;
    let cum = 0;
    for (let j = 0; j < M; j++) {
      const mass = (f[j] * h) / total;
      if (mass <= 0) continue;
      t0.push(cum);
      cum += mass;
      t1.push(cum);
      q0.push(j * h);
      q1.push((j + 1) * h);
    }
    t1[t1.length - 1] = 1;
  } else {
    const { th, w } = sortedParticles(m.particles, m.weights);
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i];
    let cum = 0;
    for (let i = 0; i < th.length; i++) {
      if (w[i] <= 0) continue;
      t0.push(cum);
      cum += w[i] / total;
      t1.push(cum);
      q0.push(th[i]);
      q1.push(th[i]);
    }
    t1[t1.length - 1] = 1;
  }
  return { t0: Float64Array.from(t0), t1: Float64Array.from(t1), q0: Float64Array.from(q0), q1: Float64Array.from(q1) };
}

/** ∫_0^1 (Q_a(t) − Q_b(t + α))² dt, exactly. */
function shiftedQuantileCost(A: QuantilePieces, B: QuantilePieces, alpha: number): number {
  // Pieces of t ↦ Q_b(t + α) on [0, 1), from the lifted copies m = floor(α), floor(α) + 1.
  const bt0: number[] = [];
  const bt1: number[] = [];
  const bq0: number[] = [];
  const bq1: number[] = [];
  const base = Math.floor(alpha);
  for (let m = base; m <= base + 1; m++) {
    for (let p = 0; p < B.t0.length; p++) {
      const u0 = B.t0[p] + m;
      const u1 = B.t1[p] + m;
      const lo = Math.max(u0, alpha);
      const hi = Math.min(u1, alpha + 1);
      if (hi <= lo) continue;
      const slope = (B.q1[p] - B.q0[p]) / (u1 - u0);
      bt0.push(lo - alpha);
      bt1.push(hi - alpha);
      bq0.push(B.q0[p] + TWO_PI * m + slope * (lo - u0));
      bq1.push(B.q0[p] + TWO_PI * m + slope * (hi - u0));
    }
  }
  let ia = 0;
  let ib = 0;
  let t = 0;
  let cost = 0;
  const La = A.t0.length;
  const Lb = bt0.length;
  while (ia < La && ib < Lb) {
    const end = Math.min(A.t1[ia], bt1[ib]);
    if (end > t) {
      const qa = (s: number) => A.q0[ia] + ((A.q1[ia] - A.q0[ia]) * (s - A.t0[ia])) / (A.t1[ia] - A.t0[ia]);
      const qb = (s: number) => bq0[ib] + ((bq1[ib] - bq0[ib]) * (s - bt0[ib])) / (bt1[ib] - bt0[ib]);
      const d0 = qa(t) - qb(t);
      const d1 = qa(end) - qb(end);
      cost += ((end - t) * (d0 * d0 + d0 * d1 + d1 * d1)) / 3;
      t = end;
    }
    if (A.t1[ia] <= t) ia++;
    if (bt1[ib] <= t) ib++;
  }
  return cost;
}

/** Golden-section iterations: 0.618^90 · 2 ≈ 3e-19, below the spacing of doubles near α ∈ [−1, 1]. */
const GOLDEN_ITERATIONS = 90;

/** W2 on the circle between any two measures (quantile formula, minimised over the shift α). */
export function w2Circle(a: CircleMeasure, b: CircleMeasure): number {
  const A = quantilePieces(a);
  const B = quantilePieces(b);
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = -1;
  let hi = 1;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = shiftedQuantileCost(A, B, x1);
  let f2 = shiftedQuantileCost(A, B, x2);
  for (let it = 0; it < GOLDEN_ITERATIONS; it++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = shiftedQuantileCost(A, B, x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = shiftedQuantileCost(A, B, x2);
    }
  }
  return Math.sqrt(Math.max(0, Math.min(f1, f2)));
}

/** Wrapped angular difference in (−π, π]. */
export function wrappedDifference(x: number, y: number): number {
  let d = (x - y) % TWO_PI;
  if (d > Math.PI) d -= TWO_PI;
  else if (d <= -Math.PI) d += TWO_PI;
  return d;
}

/** W2 between two equal-weight particle sets: sorted lists, best cyclic shift, wrapped distance. */
export function w2ParticleSets(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`w2ParticleSets needs equal sizes, got ${n} and ${b.length}`);
  const sa = Float64Array.from(a, wrapAngle).sort();
  const sb = Float64Array.from(b, wrapAngle).sort();
  let best = Infinity;
  for (let shift = 0; shift < n; shift++) {
    let s = 0;
    for (let i = 0; i < n && s < best; i++) {
      const d = wrappedDifference(sa[i], sb[(i + shift) % n]);
      s += d * d;
    }
    if (s < best) best = s;
  }
  return Math.sqrt(best / n);
}

/** W2(μ, δ_a) with the wrapped (geodesic) angle. */
export function w2ToDirac(m: CircleMeasure, a: number): number {
  if ('density' in m) {
    const f = m.density;
    const M = f.length;
    const h = TWO_PI / M;
    let s = 0;
    for (let j = 0; j < M; j++) {
      if (f[j] === 0) continue;
      const ul = wrappedDifference(j * h, a); // in (−π, π]
      const ur = ul + h;
      let integral: number;
      if (ur <= Math.PI) integral = (ur * ur * ur - ul * ul * ul) / 3;
      else {
        const over = ur - TWO_PI; // the part past the antipode, re-entered from −π
        integral = (Math.PI ** 3 - ul * ul * ul) / 3 + (over * over * over + Math.PI ** 3) / 3;
      }
      s += f[j] * integral;
    }
    return Math.sqrt(Math.max(0, s));
  }
  const th = m.particles;
  const n = th.length;
  let s = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = m.weights ? m.weights[i] : 1;
    const d = wrappedDifference(th[i], a);
    s += w * d * d;
    wsum += w;
  }
  return Math.sqrt(s / wsum);
}

/** Circular mean arg(∫ e^{iθ} dμ) in [0, 2π) (NaN when the first moment vanishes). */
export function circularMean(m: CircleMeasure): number {
  let re = 0;
  let im = 0;
  if ('density' in m) {
    const f = m.density;
    const h = TWO_PI / f.length;
    for (let j = 0; j < f.length; j++) {
      re += f[j] * Math.cos((j + 0.5) * h);
      im += f[j] * Math.sin((j + 0.5) * h);
    }
  } else {
    for (let i = 0; i < m.particles.length; i++) {
      const w = m.weights ? m.weights[i] : 1;
      re += w * Math.cos(m.particles[i]);
      im += w * Math.sin(m.particles[i]);
    }
  }
  if (re === 0 && im === 0) return NaN;
  return wrapAngle(Math.atan2(im, re));
}
