/** Layer-normalisation placements as particle models (catalogue §1.10, §3.21). Write x_i = r_iθ_i and
 *  A_i(Θ) = Σ_j e^{β⟨θ_i,θ_j⟩}θ_j / Σ_k e^{β⟨θ_i,θ_k⟩} (the `sa` form). Every scheme is θ̇_i = (1/s_i)P_{θ_i}A_i:
 *
 *  - post-LN: s_i = 1, i.e. exactly `sa` on the sphere (built with makeAttentionProblem);
 *  - pre-LN:  ẋ_i = A_i(Θ) in R^d, so ṙ_i = ⟨θ_i, A_i⟩ and θ̇_i = (1/r_i)P_{θ_i}A_i (s_i = r_i) [derived from RIG].
 *    The radius moves with ⟨θ_i, A_i⟩, NOT the coordinate sum of A_i (the bug of one public code, §1.10).
 *
 *  Time is layer time t. Q = K = V = I. The reduced equiangular system (catalogue §3.6, pre-LN) is given in
 *  the cancellation-free variables ℓ = log(1 − ρ) and r. */
import { ConfigError } from '../core/config-error.js';
import { requireBeta, requirePositiveInteger, requireState, requireHorizon } from '../core/validate.js';
import type { OdeProblem, VectorField } from '../integrate/problem.js';
import { makeAttentionProblem, type AttentionParams } from './attention.js';

export type LayerNormScheme = 'pre-ln' | 'post-ln';

export interface LayerNormSpec {
  readonly scheme: LayerNormScheme;
  readonly beta: number;
  /** Initial tokens, n×d. post-LN: unit rows. pre-LN: any non-zero rows (radius r_i = |x_i|). */
  readonly x0: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly T: number;
}

export interface PreLnParams {
  readonly scheme: 'pre-ln';
  readonly beta: number;
}

/** The pre-LN field ẋ_i = A_i(x/|x|), log-sum-exp softmax over directions; buffers allocated once. */
export function createPreLnField(beta: number, n: number, d: number): VectorField {
  const theta = new Float64Array(n * d);
  const scores = new Float64Array(n);
  return (_t, x, out) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * x[i * d + k];
      const inv = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) theta[i * d + k] = x[i * d + k] * inv;
    }
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += theta[i * d + k] * theta[j * d + k];
        scores[j] = beta * s;
        if (scores[j] > max) max = scores[j];
      }
      let sum = 0;
      for (let k = 0; k < d; k++) out[i * d + k] = 0;
      for (let j = 0; j < n; j++) {
        const w = Math.exp(scores[j] - max);
        sum += w;
        for (let k = 0; k < d; k++) out[i * d + k] += w * theta[j * d + k];
      }
      for (let k = 0; k < d; k++) out[i * d + k] /= sum;
    }
  };
}

/** Builds the pre-LN (Euclidean, radii free) or post-LN (= `sa` on the sphere) problem. */
export function makeLayerNormProblem(spec: LayerNormSpec): OdeProblem<PreLnParams | AttentionParams> {
  if (spec.scheme === 'post-ln') return makeAttentionProblem({ normalization: 'sa', beta: spec.beta, x0: spec.x0, n: spec.n, d: spec.d, T: spec.T });
  if (spec.scheme !== 'pre-ln') throw new ConfigError('scheme', spec.scheme, 'Use "pre-ln" or "post-ln".');
  const n = requirePositiveInteger('n', spec.n, '8');
  const d = requirePositiveInteger('d', spec.d, '8');
  const beta = requireBeta('beta', spec.beta);
  requireHorizon(spec.T, '10');
  requireState('x0', spec.x0, n, d, false);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += spec.x0[i * d + k] ** 2;
    if (s === 0) throw new ConfigError(`x0 row ${i}`, 0, 'pre-LN needs non-zero tokens: the direction θ_i = x_i/|x_i| is undefined at 0.');
  }
  return {
    n,
    d,
    initial: Float64Array.from(spec.x0),
    timeSpan: [0, spec.T],
    params: { scheme: 'pre-ln', beta },
    manifold: 'euclidean',
    field: createPreLnField(beta, n, d),
    label: `pre-LN, n=${n}, d=${d}, beta=${beta}`,
  };
}

/** Equiangular reduction with common cosine ρ = 1 − e^ℓ and common radius r (Q = K = V = I, `sa` form):
 *  ℓ′ = −2(n − (n−1)ε)/((e^{βε} + n − 1) s),  r′ = (e^β + (n−1)ρe^{βρ})/(e^β + (n−1)e^{βρ}) (pre-LN),
 *  with ε = 1 − ρ and s = r (pre-LN) or s = 1, r′ = 0 (post-LN). Equivalent to §3.6's ρ′ = RHS_sa(ρ)/r,
 *  written in ℓ so that ε ≪ 1e-16 keeps full relative precision. State [ℓ, r]. */
export function createEquiangularField(scheme: LayerNormScheme, n: number, beta: number): VectorField {
  return (_t, y, out) => {
    const eps = Math.exp(y[0]);
    const rho = 1 - eps;
    const s = scheme === 'pre-ln' ? y[1] : 1;
    // e^{βε} + n − 1 equals (e^β + (n−1)e^{βρ})e^{−βρ}: the overflow-free form of GLPR-24 (6.9)
    out[0] = (-2 * (n - (n - 1) * eps)) / ((Math.exp(beta * eps) + n - 1) * s);
    out[1] = scheme === 'pre-ln' ? (1 + (n - 1) * rho * Math.exp(-beta * eps)) / (1 + (n - 1) * Math.exp(-beta * eps)) : 0;
  };
}

/** The reduced equiangular problem for ρ(0) = rho0 < 1 and r(0) = 1, as a 1×2 Euclidean ODE [ℓ, r]. */
export function makeEquiangularLayerNormProblem(scheme: LayerNormScheme, n: number, beta: number, rho0: number, T: number): OdeProblem<{ scheme: LayerNormScheme; n: number; beta: number }> {
  if (!(rho0 < 1 && rho0 >= -1 / (n - 1))) throw new ConfigError('rho0', rho0, `Expected −1/(n−1) ≤ ρ0 < 1 (equiangular data), e.g. 0.`);
  return {
    n: 1,
    d: 2,
    initial: Float64Array.from([Math.log(1 - rho0), 1]),
    timeSpan: [0, T],
    params: { scheme, n, beta },
    manifold: 'euclidean',
    field: createEquiangularField(scheme, n, beta),
    label: `equiangular ${scheme}, n=${n}, beta=${beta}`,
  };
}
