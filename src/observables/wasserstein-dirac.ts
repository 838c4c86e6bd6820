/** W2 distance from the empirical measure μ_n = (1/n)Σδ_{x_i} to a Dirac δ_a on the sphere (catalogue
 *  §2.5): W2² = (1/n) Σ_i d(x_i, a)². The metric is named: 'geodesic' d = arccos⟨x_i,a⟩, evaluated as
 *  2·asin(|x_i − a|/2) (no cancellation near a, where arccos of a clamped cosine loses half the digits),
 *  or 'chordal' d = |x_i − a|. chordal ≤ geodesic ≤ (π/2)·chordal. Unit rows and unit a. */
import { requireState } from '../core/validate.js';

export type SphereMetric = 'geodesic' | 'chordal';

export function w2ToDirac(x: Float64Array, n: number, d: number, a: Float64Array, metric: SphereMetric = 'geodesic'): number {
  requireState('x', x, n, d, false);
  let s = 0;
  for (let i = 0; i < n; i++) {
    let c2 = 0;
    for (let k = 0; k < d; k++) {
      const t = x[i * d + k] - a[k];
      c2 += t * t;
    }
    const chord = Math.sqrt(c2);
    const dist = metric === 'chordal' ? chord : 2 * Math.asin(Math.min(1, chord / 2));
    s += dist * dist;
  }
  return Math.sqrt(s / n);
}

export interface NearestDiracBound {
  /** W2(μ_n, δ_a) at a = x̄/|x̄|: an upper bound on min_a W2(μ_n, δ_a) (the Fréchet mean is not searched). */
  readonly w2: number;
  readonly a: Float64Array;
  /** True when x̄ = 0 and a fell back to x_1 (still an upper bound, any a is). */
  readonly meanVanished: boolean;
}

/** Upper bound on the W2 distance to the nearest Dirac, with the candidate a = x̄/|x̄|. */
export function w2ToMeanDirac(x: Float64Array, n: number, d: number, metric: SphereMetric = 'geodesic'): NearestDiracBound {
  requireState('x', x, n, d, false);
  const a = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) a[k] += x[i * d + k];
  let norm = 0;
  for (let k = 0; k < d; k++) norm += a[k] * a[k];
  norm = Math.sqrt(norm);
  const meanVanished = !(norm > 0);
  if (meanVanished) a.set(x.subarray(0, d));
  else for (let k = 0; k < d; k++) a[k] /= norm;
  return { w2: w2ToDirac(x, n, d, a, metric), a, meanVanished };
}
