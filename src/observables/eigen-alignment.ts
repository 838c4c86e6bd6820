/** Alignment of tokens with an eigen-direction (catalogue §2.9): a_i = ⟨x_i, v⟩, axis misalignment
 *  max_i (1 − |a_i|), and the sign composition (n₊, n₋). For a non-symmetric M the positions use the
 *  right eigenvector v_1 and the sign split uses the left eigenvector ℓ_1 (pass it as `signVector`).
 *  `leadingEigenvectors` gives both for the eigenvalue of largest real part (ml-matrix EVD; a
 *  diagnostic, never called in a kernel). Vectors are unit and sign-fixed (largest |entry| positive). */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { ConfigError } from '../core/config-error.js';
import { isSymmetric } from '../core/linalg.js';
import type { FlatMatrix } from '../core/types.js';
import { requireState } from '../core/validate.js';

export interface EigenAlignmentResult {
  readonly a: Float64Array;
  readonly axisMisalignment: number;
  readonly nPlus: number;
  readonly nMinus: number;
  /** Tokens with ⟨x_i, ℓ⟩ exactly 0 (neither sign). */
  readonly nZero: number;
}

export function eigenAlignment(x: Float64Array, n: number, d: number, v: Float64Array, signVector: Float64Array = v): EigenAlignmentResult {
  requireState('x', x, n, d, false);
  const a = new Float64Array(n);
  let mis = 0;
  let nPlus = 0;
  let nMinus = 0;
  let nZero = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let l = 0;
    for (let k = 0; k < d; k++) {
      s += x[i * d + k] * v[k];
      l += x[i * d + k] * signVector[k];
    }
    a[i] = s;
    mis = Math.max(mis, 1 - Math.abs(s));
    if (l > 0) nPlus++;
    else if (l < 0) nMinus++;
    else nZero++;
  }
  return { a, axisMisalignment: mis, nPlus, nMinus, nZero };
}

export interface LeadingEigen {
  readonly value: number;
  /** Right eigenvector v_1 (M v = λ v). */
  readonly right: Float64Array;
  /** Left eigenvector ℓ_1 (ℓᵀ M = λ ℓᵀ); equals `right` for symmetric M. */
  readonly left: Float64Array;
  /** λ_1 − Re λ_2: how well separated the leading eigenvalue is (0 when it is repeated). */
  readonly gap: number;
}

/** Eigenvalue of largest real part of a square M and its right/left eigenvectors. Throws ConfigError
 *  when that eigenvalue is complex (no real leading direction). */
export function leadingEigenvectors(M: FlatMatrix): LeadingEigen {
  const d = M.rows;
  if (M.cols !== d) throw new ConfigError('M', `${M.rows}×${M.cols}`, 'Expected a square matrix.');
  const right = leadingRight(M);
  const left = isSymmetric(M) ? { ...right, vector: Float64Array.from(right.vector) } : leadingRight(transposed(M));
  return { value: right.value, right: right.vector, left: left.vector, gap: right.gap };
}

function transposed(M: FlatMatrix): FlatMatrix {
  const d = M.rows;
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) data[j * d + i] = M.data[i * d + j];
  return { rows: d, cols: d, data };
}

function leadingRight(M: FlatMatrix): { value: number; vector: Float64Array; gap: number } {
  const d = M.rows;
  const rows: number[][] = [];
  for (let i = 0; i < d; i++) rows.push(Array.from(M.data.subarray(i * d, (i + 1) * d)));
  const symmetric = isSymmetric(M);
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: symmetric });
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  let best = 0;
  for (let k = 1; k < d; k++) if (re[k] > re[best]) best = k;
  if (im[best] !== 0) throw new ConfigError('M', `leading eigenvalue ${re[best]}±${Math.abs(im[best])}i`, 'The eigenvalue of largest real part is complex: there is no real leading direction.');
  let second = -Infinity;
  for (let k = 0; k < d; k++) if (k !== best && re[k] > second) second = re[k];
  const V = evd.eigenvectorMatrix;
  const vector = new Float64Array(d);
  let norm = 0;
  let big = 0;
  for (let i = 0; i < d; i++) {
    vector[i] = V.get(i, best);
    norm += vector[i] ** 2;
    if (Math.abs(vector[i]) > Math.abs(vector[big])) big = i;
  }
  const scale = (vector[big] < 0 ? -1 : 1) / Math.sqrt(norm);
  for (let i = 0; i < d; i++) vector[i] *= scale;
  return { value: re[best], vector, gap: d > 1 ? re[best] - second : Infinity };
}
