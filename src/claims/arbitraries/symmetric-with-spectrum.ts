/** Random symmetric matrices with a prescribed spectrum: V = O·diag(λ)·Oᵀ with O Haar (haar-rotation.ts).
 *  The eigenvector v_k is column k of O, in the order the spectrum is given. */
import { Rng } from '../../core/rng.js';
import type { FlatMatrix } from '../../core/types.js';
import { haarRotation } from './haar-rotation.js';

export interface SymmetricWithSpectrum {
  readonly matrix: FlatMatrix;
  /** Orthogonal matrix whose column k is the unit eigenvector of spectrum[k]. */
  readonly eigenvectors: FlatMatrix;
  readonly spectrum: readonly number[];
}

/** Exactly symmetric (V_ij and V_ji are the same float), so EVD codes that test symmetry by equality
 *  take the symmetric path. */
export function symmetricWithSpectrum(spectrum: readonly number[], rng: Rng): SymmetricWithSpectrum {
  const d = spectrum.length;
  const O = haarRotation(rng, d);
  const data = new Float64Array(d * d);
  for (let r = 0; r < d; r++)
    for (let c = r; c < d; c++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += O.data[r * d + k] * spectrum[k] * O.data[c * d + k];
      data[r * d + c] = s;
      data[c * d + r] = s;
    }
  return { matrix: { rows: d, cols: d, data }, eigenvectors: O, spectrum: [...spectrum] };
}

/** Column k of an orthogonal matrix, as a fresh vector. */
export function eigenvector(eigenvectors: FlatMatrix, k: number): Float64Array {
  const d = eigenvectors.rows;
  const v = new Float64Array(d);
  for (let r = 0; r < d; r++) v[r] = eigenvectors.data[r * eigenvectors.cols + k];
  return v;
}
