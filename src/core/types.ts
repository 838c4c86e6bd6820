/** Shared shapes. A state of n tokens in R^d is a flat row-major Float64Array: x[i * d + k]. */
export type ProfileName = 'quick' | 'full';
export const PROFILE_NAMES: readonly ProfileName[] = ['quick', 'full'];

/** A d×d (or rectangular) matrix as a flat row-major array with its shape. */
export interface FlatMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function flatMatrix(rows: readonly (readonly number[])[]): FlatMatrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[i * c + j] = rows[i][j];
  return { rows: r, cols: c, data };
}

export function identityMatrix(d: number, scale = 1): FlatMatrix {
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) data[i * d + i] = scale;
  return { rows: d, cols: d, data };
}

export function diagonalMatrix(diag: readonly number[]): FlatMatrix {
  const d = diag.length;
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) data[i * d + i] = diag[i];
  return { rows: d, cols: d, data };
}

export function matrixToRows(m: FlatMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}
