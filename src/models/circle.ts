/** `circle` (catalogue §1.6; GLPR-24 §7.1 eq. 7.4): d = 2, x_i = (cos θ_i, sin θ_i), state = n angles
 *  (n×1, radians, not wrapped during integration), Kuramoto–Sakaguchi form [derived]:
 *
 *      θ̇_i = ρ Σ_j w_ij sin(θ_j − θ_i + φ),
 *      sa:  w_ij = e^{β cos(θ_j−θ_i)} / Σ_k e^{β cos(θ_k−θ_i)},     usa: w_ij = e^{β cos(θ_j−θ_i)} / n,
 *
 *  i.e. B = QᵀK = I (any scalar α is folded into β), V = ρR_φ with ρ = `strength`, φ = `phaseLag`.
 *  φ = 0, ρ = 1 is exactly the `sa`/`usa` particle model on S¹; β = 0 is Kuramoto. The weights are
 *  evaluated as e^{−2β sin²((θ_j−θ_i)/2)} (cos Δ − 1 without cancellation), which is the log-sum-exp
 *  shift by the row maximum β (attained at j = i); `usa` multiplies back e^β (its speeds are O(e^β)). */
import { ConfigError } from '../core/config-error.js';
import { requireBeta, requireFinite, requireHorizon } from '../core/validate.js';
import type { OdeProblem, VectorField } from '../integrate/problem.js';
import type { Normalization } from './attention.js';

export interface CircleSpec {
  readonly normalization: Normalization;
  readonly beta: number;
  /** Initial angles θ_i(0) in radians. */
  readonly theta0: Float64Array | readonly number[];
  readonly T: number;
  /** φ (radians), default 0. */
  readonly phaseLag?: number;
  /** ρ, default 1. */
  readonly strength?: number;
  readonly allowNegativeBeta?: boolean;
}

export interface CircleParams {
  readonly model: 'circle';
  readonly normalization: Normalization;
  readonly beta: number;
  readonly phaseLag: number;
  readonly strength: number;
}

export function makeCircleProblem(spec: CircleSpec): OdeProblem<CircleParams> {
  if (spec.normalization !== 'sa' && spec.normalization !== 'usa')
    throw new ConfigError('normalization', spec.normalization, 'Use "sa" or "usa".');
  const beta = requireBeta('beta', spec.beta, spec.allowNegativeBeta);
  requireHorizon(spec.T, '10');
  const theta0 = Float64Array.from(spec.theta0);
  const n = theta0.length;
  if (n < 1) throw new ConfigError('theta0', [], 'Give at least one angle (radians).');
  theta0.forEach((v, i) => requireFinite(`theta0[${i}]`, v, '0.5'));
  const phaseLag = requireFinite('phaseLag', spec.phaseLag ?? 0, '0');
  const strength = requireFinite('strength', spec.strength ?? 1, '1');
  const params: CircleParams = { model: 'circle', normalization: spec.normalization, beta, phaseLag, strength };
  return {
    n,
    d: 1,
    initial: theta0,
    timeSpan: [0, spec.T],
    params,
    manifold: 'euclidean',
    field: createCircleField(params, n),
    label: `circle ${params.normalization}, n=${n}, beta=${beta}${phaseLag !== 0 ? `, phaseLag=${phaseLag}` : ''}`,
  };
}

function createCircleField(params: CircleParams, n: number): VectorField {
  const { beta, phaseLag, strength } = params;
  const usa = params.normalization === 'usa';
  // usa multiplies back the shift e^β. For β < 0 (allowNegativeBeta) the shift is still exact algebra;
  // the weights e^{β(cos Δ − 1)} are then ≤ e^{2|β|}, finite for the small |β| that option is meant for.
  const usaFactor = (strength * Math.exp(beta)) / n;
  return (_t, theta, out) => {
    for (let i = 0; i < n; i++) {
      const ti = theta[i];
      let sum = 0;
      let acc = 0;
      for (let j = 0; j < n; j++) {
        const delta = theta[j] - ti;
        const h = Math.sin(delta / 2);
        const w = Math.exp(-2 * beta * h * h);
        sum += w;
        acc += w * Math.sin(delta + phaseLag);
      }
      out[i] = usa ? usaFactor * acc : (strength * acc) / sum;
    }
  };
}

/** Points (cos θ_i, sin θ_i) as an n×2 row-major array. */
export function anglesToPoints(theta: Float64Array | readonly number[]): Float64Array {
  const n = theta.length;
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = Math.cos(theta[i]);
    x[2 * i + 1] = Math.sin(theta[i]);
  }
  return x;
}

/** Angles atan2(y, x) of n points of R² (n×2 row-major), in [0, 2π) radians. */
export function pointsToAngles(x: Float64Array, n: number): Float64Array {
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.atan2(x[2 * i + 1], x[2 * i]);
    theta[i] = a < 0 ? a + 2 * Math.PI : a;
  }
  return theta;
}
