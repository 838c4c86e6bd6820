/** Small dense kernels on flat Float64Arrays. Allocation-free unless the name says otherwise. */
import type { FlatMatrix } from './types.js';

export function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[aOff + k] * b[bOff + k];
  return s;
}

/** |x_i − x_j|² for rows i and j of a flat n×d state. For unit rows 1 − ⟨x_i,x_j⟩ = |x_i − x_j|²/2
 *  exactly, and computing it from the differences keeps full relative precision as tokens merge. */
export function squaredRowDistance(x: Float64Array, i: number, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = x[i * d + k] - x[j * d + k];
    s += t * t;
  }
  return s;
}

/** y ← y + alpha·x over the whole array. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

export function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (v > m || v !== v) m = v; // NaN propagates so callers see it
  }
  return m;
}

export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i] - b[i]);
    if (v > m || v !== v) m = v;
  }
  return m;
}

export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** out (n×rows) ← X (n×cols) · Mᵀ, i.e. row i of out is M x_i. Allocates nothing. */
export function applyToRows(m: FlatMatrix, x: Float64Array, n: number, out: Float64Array): void {
  const { rows, cols, data } = m;
  for (let i = 0; i < n; i++) {
    const xi = i * cols;
    const oi = i * rows;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      const mr = r * cols;
      for (let c = 0; c < cols; c++) s += data[mr + c] * x[xi + c];
      out[oi + r] = s;
    }
  }
}

/** C = A·B (allocates). */
export function matMul(a: FlatMatrix, b: FlatMatrix): FlatMatrix {
  if (a.cols !== b.rows) throw new Error(`matMul: shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} do not chain`);
  const data = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  return { rows: a.rows, cols: b.cols, data };
}

export function transpose(a: FlatMatrix): FlatMatrix {
  const data = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) data[j * a.rows + i] = a.data[i * a.cols + j];
  return { rows: a.cols, cols: a.rows, data };
}

export function isSymmetric(a: FlatMatrix, tol = 0): boolean {
  if (a.rows !== a.cols) return false;
  for (let i = 0; i < a.rows; i++)
    for (let j = i + 1; j < a.cols; j++)
      if (Math.abs(a.data[i * a.cols + j] - a.data[j * a.cols + i]) > tol) return false;
  return true;
}

/** True when m is exactly a scalar multiple of the identity (lets kernels skip the matrix product). */
export function scalarOfIdentity(m: FlatMatrix): number | undefined {
  if (m.rows !== m.cols) return undefined;
  const s = m.data[0];
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) if (m.data[i * m.cols + j] !== (i === j ? s : 0)) return undefined;
  return s;
}
