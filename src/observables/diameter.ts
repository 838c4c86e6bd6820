/** Diameter and cosine gap (catalogue §2.4). Both come from differences |x_i − x_j|, never from
 *  1 − ⟨x_i,x_j⟩, so they keep full relative precision as tokens merge (the regime where their
 *  exponential rates are measured). The cosine gap decays at twice the diameter's rate. */
import { squaredRowDistance } from '../core/linalg.js';
import { requireState } from '../core/validate.js';

/** diam = max_{i,j} |x_i − x_j| (chordal, Euclidean norm; any rows). */
export function diameter(x: Float64Array, n: number, d: number): number {
  requireState('x', x, n, d, false);
  return Math.sqrt(maxSquaredDistance(x, n, d));
}

/** g = 1 − min_{i,j}⟨x_i,x_j⟩ = diam²/2 for unit rows (computed as diam²/2). */
export function cosineGap(x: Float64Array, n: number, d: number): number {
  requireState('x', x, n, d, false);
  return maxSquaredDistance(x, n, d) / 2;
}

function maxSquaredDistance(x: Float64Array, n: number, d: number): number {
  let m = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = squaredRowDistance(x, i, j, d);
      if (s > m) m = s; // no NaN can arise: requireState refused non-finite rows
    }
  return m;
}
