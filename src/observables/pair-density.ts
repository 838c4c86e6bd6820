/** Pair density ρ_δ = #{(i,j): i ≠ j, ⟨x_i,x_j⟩ ≥ 1 − δ} / (n(n−1)) (catalogue §2.3, the GLPR-24 Fig. 3
 *  statistic; the diagonal is excluded, the inequality is non-strict). Unit rows: 1 − ⟨x_i,x_j⟩ is
 *  computed as |x_i − x_j|²/2 (no cancellation). A single token (n = 1) has no pairs: returns 1,
 *  the value of a fully clustered configuration, by convention. */
import { squaredRowDistance } from '../core/linalg.js';
import { requireState } from '../core/validate.js';
export function pairDensity(x: Float64Array, n: number, d: number, delta: number): number {
  requireState('x', x, n, d, false);
  if (n < 2) return 1;
  let close = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = squaredRowDistance(x, i, j, d);
      if (s / 2 <= delta) close++;
    }
  return (2 * close) / (n * (n - 1));
}
