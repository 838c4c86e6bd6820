/** `euclidean` (catalogue §1.5; GLPR-24 §9.2 eqs. 9.1–9.3 restating GLPR-23): tokens in R^d, no
 *  projection, no normalisation:
 *
 *      ẋ_i = Σ_j A_ij V x_j,   A_ij = softmax_j β⟨Q x_i, K x_j⟩.
 *
 *  `rescaled: true` integrates z_i = e^{−tV} x_i instead:
 *
 *      ż_i = Σ_j A^z_ij V (z_j − z_i),   A^z_ij = softmax_j β⟨Q e^{tV} z_i, K e^{tV} z_j⟩,   z(0) = x(0),
 *
 *  whose attention coefficients equal the original ones; map back with `rescaledToOriginal`. Softmax
 *  by log-sum-exp (the logits grow like e^{2t} for V = I). e^{tV} is computed once per field call
 *  (src/analysis/expm.ts); the rest of the kernel allocates nothing. Time t is layer time. */
import { expm } from '../analysis/expm.js';
import type { FlatMatrix } from '../core/types.js';
import { requireBeta, requirePositiveInteger, requireState, requireHorizon } from '../core/validate.js';
import type { OdeProblem, VectorField } from '../integrate/problem.js';
import { createAttentionField, resolveHead, type AttentionParams } from './attention.js';

export interface EuclideanSpec {
  readonly beta: number;
  readonly x0: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly T: number;
  readonly Q?: FlatMatrix;
  readonly K?: FlatMatrix;
  readonly V?: FlatMatrix;
  readonly rescaled?: boolean;
}

/** AttentionParams (one `sa` head, so attention observables apply) plus the model tag. */
export interface EuclideanParams extends AttentionParams {
  readonly model: 'euclidean';
  readonly rescaled: boolean;
}

export function makeEuclideanProblem(spec: EuclideanSpec): OdeProblem<EuclideanParams> {
  const n = requirePositiveInteger('n', spec.n, '8');
  const d = requirePositiveInteger('d', spec.d, '2');
  const beta = requireBeta('beta', spec.beta);
  requireHorizon(spec.T, '5');
  const x0 = Float64Array.from(spec.x0);
  requireState('x0', x0, n, d, false);
  const { Q, K, V } = resolveHead({ Q: spec.Q, K: spec.K, V: spec.V }, d);
  const rescaled = spec.rescaled ?? false;
  const params: EuclideanParams = { model: 'euclidean', rescaled, normalization: 'sa', beta, heads: [{ Q, K, V }], causal: false, headScale: 1 };
  const field = rescaled ? createRescaledField(beta, Q, K, V, n, d) : createAttentionField(params, n, d);
  return {
    n,
    d,
    initial: x0,
    timeSpan: [0, spec.T],
    params,
    manifold: 'euclidean',
    field,
    label: `euclidean${rescaled ? ' (rescaled z = e^{-tV}x)' : ''}, n=${n}, d=${d}, beta=${beta}`,
  };
}

/** x = e^{tV} z, row by row (allocates the result). */
export function rescaledToOriginal(V: FlatMatrix, t: number, z: Float64Array, n: number): Float64Array {
  const d = V.cols;
  const E = expm(scale(V, t));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += E.data[r * d + k] * z[i * d + k];
      x[i * d + r] = s;
    }
  return x;
}

function scale(M: FlatMatrix, c: number): FlatMatrix {
  return { rows: M.rows, cols: M.cols, data: M.data.map((v) => v * c) };
}

function createRescaledField(beta: number, Q: FlatMatrix, K: FlatMatrix, V: FlatMatrix, n: number, d: number): VectorField {
  const m = Q.rows;
  const qe = new Float64Array(m * d);
  const ke = new Float64Array(m * d);
  const qz = new Float64Array(n * m);
  const kz = new Float64Array(n * m);
  const scores = new Float64Array(n);
  const acc = new Float64Array(d);
  return (t, z, out) => {
    const E = expm(scale(V, t)).data;
    // Q e^{tV} and K e^{tV} (m×d)
    for (let r = 0; r < m; r++)
      for (let c = 0; c < d; c++) {
        let sq = 0;
        let sk = 0;
        for (let k = 0; k < d; k++) {
          sq += Q.data[r * d + k] * E[k * d + c];
          sk += K.data[r * d + k] * E[k * d + c];
        }
        qe[r * d + c] = sq;
        ke[r * d + c] = sk;
      }
    for (let i = 0; i < n; i++)
      for (let r = 0; r < m; r++) {
        let sq = 0;
        let sk = 0;
        for (let k = 0; k < d; k++) {
          sq += qe[r * d + k] * z[i * d + k];
          sk += ke[r * d + k] * z[i * d + k];
        }
        qz[i * m + r] = sq;
        kz[i * m + r] = sk;
      }
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let r = 0; r < m; r++) s += qz[i * m + r] * kz[j * m + r];
        s *= beta;
        scores[j] = s;
        if (s > max) max = s;
      }
      acc.fill(0);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const w = Math.exp(scores[j] - max); // log-sum-exp: ≤ 1
        sum += w;
        for (let k = 0; k < d; k++) acc[k] += w * (z[j * d + k] - z[i * d + k]);
      }
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += V.data[r * d + k] * acc[k];
        out[i * d + r] = s / sum;
      }
    }
  };
}
