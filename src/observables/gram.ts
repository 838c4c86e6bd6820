/** Gram-matrix diagnostics (catalogue §2.10). G_ij = ⟨x_i,x_j⟩. */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { squaredRowDistance } from '../core/linalg.js';
import { requireState } from '../core/validate.js';

/** Equiangular spread max_{i≠j} G_ij − min_{i≠j} G_ij for unit rows (0 for n < 2). For unit rows
 *  G_ij = 1 − |x_i − x_j|²/2 exactly, so the spread is computed from the squared differences: it keeps
 *  its relative precision as all tokens merge, where the spread of raw dot products would sit at the
 *  ~ε·1 rounding floor of each ⟨x_i,x_j⟩. */
export function equiangularSpread(x: Float64Array, n: number, d: number): number {
  requireState('x', x, n, d, false);
  if (n < 2) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = squaredRowDistance(x, i, j, d);
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
  return (hi - lo) / 2;
}

/** Mean off-diagonal Gram entry (1/(n(n−1))) Σ_{i≠j} ⟨x_i,x_j⟩ — the equiangular γ when spread ≈ 0. */
export function meanOffDiagonalGram(x: Float64Array, n: number, d: number): number {
  requireState('x', x, n, d, false);
  if (n < 2) return 1;
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = squaredRowDistance(x, i, j, d);
      total += 1 - s / 2;
    }
  return (2 * total) / (n * (n - 1));
}

/** Default threshold of the effective dimension (the value in the authors' code [code]). */
export const EFFECTIVE_DIMENSION_THRESHOLD = 1e-3;

/** Effective dimension #{eigenvalues of G/n > threshold}. G/n and XᵀX/n have the same nonzero
 *  eigenvalues, so the smaller of the two (min(n, d) square) is decomposed. Diagnostic (ml-matrix). */
export function effectiveDimension(x: Float64Array, n: number, d: number, threshold = EFFECTIVE_DIMENSION_THRESHOLD): number {
  requireState('x', x, n, d, false);
  const m = Math.min(n, d);
  const rows: number[][] = [];
  for (let a = 0; a < m; a++) {
    const row = new Array<number>(m).fill(0);
    rows.push(row);
  }
  if (n <= d) {
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
        rows[i][j] = rows[j][i] = s / n;
      }
  } else {
    for (let p = 0; p < d; p++)
      for (let q = p; q < d; q++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i * d + p] * x[i * d + q];
        rows[p][q] = rows[q][p] = s / n;
      }
  }
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  return evd.realEigenvalues.filter((l) => l > threshold).length;
}
