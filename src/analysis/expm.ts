/** Matrix exponential e^M of a small square matrix by scaling and squaring with a diagonal [6/6] Padé
 *  approximant (Golub & Van Loan, Alg. 11.3.1; Moler & Van Loan "method 3"). M is scaled by 2^{−s} so
 *  that ‖M/2^s‖_1 ≤ 1/2, where the [6/6] Padé relative backward error is ≤ 2^{3−2q}(q!)²/((2q)!(2q+1)!)
 *  = 3.4e-16 for q = 6, i.e. at rounding level; then squared s times. Squaring amplifies rounding by
 *  about ‖e^M‖-condition, as for every scaling-and-squaring method. Diagnostic / once-per-call use only
 *  (it allocates), never in an inner loop. */
import type { FlatMatrix } from '../core/types.js';

const PADE_ORDER = 6;
const SCALED_NORM = 0.5;

export function expm(M: FlatMatrix): FlatMatrix {
  const d = M.rows;
  if (M.cols !== d) throw new Error(`expm: expected a square matrix, got ${M.rows}×${M.cols}`);
  let norm = 0;
  for (let j = 0; j < d; j++) {
    let col = 0;
    for (let i = 0; i < d; i++) col += Math.abs(M.data[i * d + j]);
    norm = Math.max(norm, col);
  }
  const s = norm > SCALED_NORM ? Math.ceil(Math.log2(norm / SCALED_NORM)) : 0;
  const A = M.data.map((v) => v / 2 ** s);
  // Padé coefficients c_k = (2q−k)! q! / ((2q)! k! (q−k)!), by the recurrence c_k = c_{k−1}(q−k+1)/(k(2q−k+1)).
  const N = identity(d);
  const D = identity(d);
  let power = identity(d);
  let c = 1;
  for (let k = 1; k <= PADE_ORDER; k++) {
    c *= (PADE_ORDER - k + 1) / (k * (2 * PADE_ORDER - k + 1));
    power = multiply(power, A, d);
    const sign = k % 2 === 0 ? 1 : -1;
    for (let q = 0; q < d * d; q++) {
      N[q] += c * power[q];
      D[q] += sign * c * power[q];
    }
  }
  let X = solve(D, N, d);
  for (let k = 0; k < s; k++) X = multiply(X, X, d);
  return { rows: d, cols: d, data: X };
}

function identity(d: number): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = 1;
  return m;
}

function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  return out;
}

/** X = A⁻¹B by LU with partial pivoting (A is the Padé denominator, well conditioned for ‖M‖ ≤ 1/2). */
function solve(A: Float64Array, B: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(A);
  const x = Float64Array.from(B);
  for (let col = 0; col < d; col++) {
    let piv = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(a[r * d + col]) > Math.abs(a[piv * d + col])) piv = r;
    if (piv !== col)
      for (let c = 0; c < d; c++) {
        [a[col * d + c], a[piv * d + c]] = [a[piv * d + c], a[col * d + c]];
        [x[col * d + c], x[piv * d + c]] = [x[piv * d + c], x[col * d + c]];
      }
    const p = a[col * d + col];
    for (let r = col + 1; r < d; r++) {
      const f = a[r * d + col] / p;
      if (f === 0) continue;
      for (let c = col; c < d; c++) a[r * d + c] -= f * a[col * d + c];
      for (let c = 0; c < d; c++) x[r * d + c] -= f * x[col * d + c];
    }
  }
  for (let r = d - 1; r >= 0; r--)
    for (let c = 0; c < d; c++) {
      let s = x[r * d + c];
      for (let k = r + 1; k < d; k++) s -= a[r * d + k] * x[k * d + c];
      x[r * d + c] = s / a[r * d + r];
    }
  return x;
}
