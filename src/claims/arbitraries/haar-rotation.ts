/** Haar-distributed orthogonal matrices: QR of a Gaussian matrix with the sign fix diag(R) > 0
 *  (Mezzadri 2007), done as twice-repeated modified Gram–Schmidt on the columns. */
import { Rng } from '../../core/rng.js';
import type { FlatMatrix } from '../../core/types.js';

/** A d×d orthogonal matrix O drawn from the Haar measure on O(d); columns are O's orthonormal frame. */
export function haarRotation(rng: Rng, d: number): FlatMatrix {
  const cols: Float64Array[] = [];
  for (let c = 0; c < d; c++) {
    const v = new Float64Array(d);
    for (;;) {
      for (let k = 0; k < d; k++) v[k] = rng.normal();
      // Gram–Schmidt twice: the second pass removes what rounding left of the earlier columns.
      for (let pass = 0; pass < 2; pass++)
        for (const q of cols) {
          let s = 0;
          for (let k = 0; k < d; k++) s += v[k] * q[k];
          for (let k = 0; k < d; k++) v[k] -= s * q[k];
        }
      let norm = 0;
      for (let k = 0; k < d; k++) norm += v[k] * v[k];
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        // Dividing by the positive norm is exactly the sign fix diag(R) > 0 of the Haar QR recipe.
        for (let k = 0; k < d; k++) v[k] /= norm;
        break;
      }
    }
    cols.push(v);
  }
  const data = new Float64Array(d * d);
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) data[r * d + c] = cols[c][r];
  return { rows: d, cols: d, data };
}
