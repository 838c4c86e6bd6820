/** ‖M‖₂ = largest singular value (ml-matrix SVD), for sizing steps and scaling random matrices when
 *  building cases (a diagnostic, never in a kernel). */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { FlatMatrix } from '../../core/types.js';

export function spectralNorm(M: FlatMatrix): number {
  const rows: number[][] = [];
  for (let r = 0; r < M.rows; r++) rows.push(Array.from(M.data.subarray(r * M.cols, (r + 1) * M.cols)));
  return new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false }).norm2;
}
