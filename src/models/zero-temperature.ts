/** `zero-temperature` (catalogue §1.11(a), derived from the ABRR abstract): the β → ∞ mean-field limit
 *  with full support, where attention concentrates at argmax_{y∈S}⟨KᵀQx, y⟩ = Ax/|Ax|, A := KᵀQ:
 *
 *      ẋ = P_x( V A x / |Ax| )      (no interaction between tokens; rows evolve independently)
 *
 *  With ds/dt = 1/|Ax| this is the Oja flow dx/ds = P_x(Mx), M = VA, solved by e^{Ms}x_0/|e^{Ms}x_0|
 *  (for A = I, s = t). Where Ax = 0 the velocity is undefined; the field returns 0 there (guard against
 *  0/0, catalogue pitfall 6). (b), the finite-n hardmax of GLPR-24 §9.3, is a different model. */
import { EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';
import { ConfigError } from '../core/config-error.js';
import { tangentField } from '../core/sphere.js';
import { matMul, transpose } from '../core/linalg.js';
import type { FlatMatrix } from '../core/types.js';
import { requirePositiveInteger, requireState, requireHorizon } from '../core/validate.js';
import type { OdeProblem, VectorField } from '../integrate/problem.js';
import { resolveHead } from './attention.js';

export interface ZeroTemperatureSpec {
  readonly x0: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly T: number;
  readonly Q?: FlatMatrix;
  readonly K?: FlatMatrix;
  readonly V?: FlatMatrix;
}

export interface ZeroTemperatureParams {
  readonly model: 'zero-temperature';
  /** A = KᵀQ (d×d). */
  readonly A: FlatMatrix;
  readonly V: FlatMatrix;
}

export function makeZeroTemperatureProblem(spec: ZeroTemperatureSpec): OdeProblem<ZeroTemperatureParams> {
  const n = requirePositiveInteger('n', spec.n, '16');
  const d = requirePositiveInteger('d', spec.d, '3');
  requireHorizon(spec.T, '5');
  const x0 = Float64Array.from(spec.x0);
  requireState('x0', x0, n, d, true);
  const { Q, K, V } = resolveHead({ Q: spec.Q, K: spec.K, V: spec.V }, d);
  const A = matMul(transpose(K), Q);
  const params: ZeroTemperatureParams = { model: 'zero-temperature', A, V };
  const ax = new Float64Array(d);
  const raw: VectorField = (_t, x, out) => {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let r2 = 0;
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += A.data[a * d + k] * x[o + k];
        ax[a] = s;
        r2 += s * s;
      }
      const inv = r2 > 0 ? 1 / Math.sqrt(r2) : 0;
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += V.data[a * d + k] * ax[k];
        out[o + a] = s * inv;
      }
    }
  };
  const field: VectorField = tangentField(raw, n, d);
  return { n, d, initial: x0, timeSpan: [0, spec.T], params, manifold: 'sphere', field, rawField: raw, label: `zero-temperature, n=${n}, d=${d}` };
}

/** Relative tolerance for grouping eigenvalues with the leading one (a repeated eigenvalue computed
 *  by the EVD differs by ~ε·‖M‖·condition; 1e-10 separates rounding from genuine gaps). */
const EIGEN_GROUP_TOL = 1e-10;

/** The limit map Π(x_0) = P₊x_0/|P₊x_0| of the Oja flow, P₊ the spectral projector of the eigenvalue of
 *  M with the largest real part (assumed real and semisimple; M diagonalisable). Throws ConfigError
 *  when that eigenvalue is complex, M is not diagonalisable, or P₊x_0 = 0. */
export function zeroTemperatureLimit(x0: Float64Array, M: FlatMatrix): Float64Array {
  const d = M.rows;
  const rows: number[][] = [];
  for (let i = 0; i < d; i++) rows.push(Array.from(M.data.subarray(i * d, (i + 1) * d)));
  const evd = new EigenvalueDecomposition(new Matrix(rows));
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  let top = -Infinity;
  let scale = 0;
  for (let k = 0; k < d; k++) {
    top = Math.max(top, re[k]);
    scale = Math.max(scale, Math.hypot(re[k], im[k]));
  }
  const leading: number[] = [];
  for (let k = 0; k < d; k++) if (top - re[k] <= EIGEN_GROUP_TOL * Math.max(scale, 1)) leading.push(k);
  for (const k of leading)
    if (im[k] !== 0) throw new ConfigError('M', `eigenvalue ${re[k]}±${Math.abs(im[k])}i`, 'The eigenvalue of largest real part is complex: the Oja flow rotates and has no limit.');
  const W = evd.eigenvectorMatrix;
  let Winv: Matrix;
  try {
    Winv = inverse(W);
  } catch {
    throw new ConfigError('M', 'defective', 'M is not diagonalisable; the spectral projector needs a basis of eigenvectors.');
  }
  // ml-matrix's inverse rarely throws: for a defective M (a Jordan block) the EVD returns an eigenvector
  // matrix W that is singular to rounding, condition κ ~ 1/ε, and W⁻¹ is finite garbage. The projector
  // carries an error ~κ·ε, so refuse when that exceeds the grouping tolerance.
  if (!(conditionNumber1(W, Winv) * Number.EPSILON <= EIGEN_GROUP_TOL))
    throw new ConfigError('M', 'defective', 'M is not diagonalisable (or too close to it: its eigenvector matrix is singular to rounding); the spectral projector needs a basis of eigenvectors.');
  // P₊x0 = Σ_{k leading} w_k (ℓ_k · x0), ℓ_k the rows of W⁻¹ (valid in ml-matrix's real block form).
  const out = new Float64Array(d);
  for (const k of leading) {
    let c = 0;
    for (let j = 0; j < d; j++) c += Winv.get(k, j) * x0[j];
    for (let i = 0; i < d; i++) out[i] += W.get(i, k) * c;
  }
  let norm = 0;
  for (let i = 0; i < d; i++) norm += out[i] * out[i];
  norm = Math.sqrt(norm);
  if (!(norm > EIGEN_GROUP_TOL)) throw new ConfigError('x0', 'P₊x0 = 0', 'x0 has no component along the leading eigenspace: the limit map is undefined there.');
  for (let i = 0; i < d; i++) out[i] /= norm;
  return out;
}

/** κ₁(W) = ‖W‖₁‖W⁻¹‖₁ (largest absolute column sums). */
function conditionNumber1(W: Matrix, Winv: Matrix): number {
  const norm1 = (m: Matrix): number => {
    let best = 0;
    for (let j = 0; j < m.columns; j++) {
      let s = 0;
      for (let i = 0; i < m.rows; i++) s += Math.abs(m.get(i, j));
      best = Math.max(best, s);
    }
    return best;
  };
  return norm1(W) * norm1(Winv);
}
