/** The mean-field continuity equation on the circle as plain data (catalogue §1.7, noise §1.8):
 *    ∂_t f + ∂_θ(f X[f]) = κ^{−1} ∂²_θ f,   f ≥ 0,  ∫ f = 1,
 *  usa: X = (1/β) h_β′ ⋆ f, sa: X = (1/β)(h_β′ ⋆ f)/(h_β ⋆ f), h_β(θ) = e^{β cos θ}; κ = ∞ is the
 *  deterministic model. Time is layer time t (usa may use τ = e^{|β|} t, see `usaTime`). Angles in radians.
 *  How to solve it is a separate value (circle-pde.ts). */
import { ConfigError } from '../core/config-error.js';
import { MAX_BETA, requireFinite } from '../core/validate.js';
import type { KernelSum, Normalization } from './circle-velocity.js';
import { cosineDensity, densityMass, uniformDensity } from './density.js';
import { requirePowerOfTwo } from './fft.js';

export type Limiter = 'mc' | 'minmod' | 'upwind';

export type MeanFieldInit = { readonly kind: 'uniform' } | { readonly kind: 'cosine'; readonly a: number; readonly k: number; readonly phase?: number };

export interface MeanFieldCircleConfig {
  readonly normalization: Normalization;
  readonly beta: number;
  /** Grid size, a power of two ≥ 8 (default: the length of density0, else 1024). */
  readonly M?: number;
  /** Initial cell averages (M values, ≥ 0, h Σ f = 1 unless `normalize`). Exclusive with `init`. */
  readonly density0?: ArrayLike<number>;
  /** f0 = (1 + a cos k(θ − phase))/(2π) (exact cell averages), or uniform. */
  readonly init?: MeanFieldInit;
  /** Rescale density0 to mass 1 instead of rejecting it. */
  readonly normalize?: boolean;
  readonly T: number;
  readonly t0?: number;
  /** Noise strength: the diffusion term κ^{−1}∂²_θ (catalogue §1.8). Omit (or Infinity) for none. */
  readonly kappa?: number;
  /** Kuramoto–Sakaguchi phase lag φ (V = rotation by φ, §1.6); default 0 (V = I). */
  readonly phaseLag?: number;
  readonly kernelSum?: KernelSum;
  readonly limiter?: Limiter;
  /** usa only: 'layer' (default) or 'rescaled' time τ = e^{|β|} t (needed when e^{|β|} overflows). */
  readonly usaTime?: 'layer' | 'rescaled';
  readonly allowNegativeBeta?: boolean;
}

export interface MeanFieldCircleProblem {
  readonly M: number;
  /** Cell width 2π/M. */
  readonly h: number;
  readonly normalization: Normalization;
  readonly beta: number;
  /** Infinity when there is no noise. */
  readonly kappa: number;
  readonly phaseLag: number;
  readonly kernelSum: KernelSum;
  readonly limiter: Limiter;
  readonly usaTime: 'layer' | 'rescaled';
  /** Initial cell averages (mass 1). */
  readonly initial: Float64Array;
  readonly timeSpan: readonly [number, number];
  readonly label: string;
}

/** Masses further than this from 1 are rejected: float64 sums of M ≤ 2^26 cell values err by
 *  < M·ε ≈ 1.5e-8 only in pathological orderings; a density meant to have mass 1 is within 1e-9. */
const MASS_TOL = 1e-9;
/** e^{|β|} overflows float64 at |β| ≈ 709.8; keep a margin for the products with the sums. */
const USA_LAYER_TIME_MAX_BETA = 690;

export function makeMeanFieldCircleProblem(config: MeanFieldCircleConfig): MeanFieldCircleProblem {
  const c = config;
  if (c.normalization !== 'sa' && c.normalization !== 'usa')
    throw new ConfigError('normalization', c.normalization, "Use 'sa' (softmax) or 'usa' (unnormalised).");
  const beta = requireFinite('beta', c.beta, '1');
  if (beta < 0 && !c.allowNegativeBeta) throw new ConfigError('beta', c.beta, 'Expected β ≥ 0; pass allowNegativeBeta: true for the repulsive small-negative-β regime of CLPR-Q.');
  if (Math.abs(beta) > MAX_BETA) throw new ConfigError('beta', c.beta, `|β| must be ≤ ${MAX_BETA}.`);
  const usaTime = c.usaTime ?? 'layer';
  if (usaTime !== 'layer' && usaTime !== 'rescaled') throw new ConfigError('usaTime', c.usaTime, "Use 'layer' or 'rescaled'.");
  if (c.normalization === 'usa' && usaTime === 'layer' && Math.abs(beta) > USA_LAYER_TIME_MAX_BETA)
    throw new ConfigError('beta', c.beta, `usa speeds are O(e^{|β|}) and overflow float64 above |β| = ${USA_LAYER_TIME_MAX_BETA}: pass usaTime: 'rescaled' (time τ = e^{|β|} t) or use sa.`);
  if (c.density0 !== undefined && c.init !== undefined) throw new ConfigError('density0', 'and init', 'Give either density0 or init, not both.');

  const M = requirePowerOfTwo('M', c.M ?? (c.density0 !== undefined ? c.density0.length : 1024), 8);
  let initial: Float64Array;
  if (c.density0 !== undefined) {
    if (c.density0.length !== M) throw new ConfigError('density0', `length ${c.density0.length}`, `Expected M = ${M} cell averages.`);
    initial = new Float64Array(M);
    for (let j = 0; j < M; j++) {
      const v = c.density0[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ConfigError(`density0[${j}]`, v, 'Densities must be finite numbers ≥ 0.');
      initial[j] = v;
    }
    const mass = densityMass(initial);
    if (!(mass > 0)) throw new ConfigError('density0', 'mass 0', 'The density must have positive mass.');
    if (c.normalize) {
      for (let j = 0; j < M; j++) initial[j] /= mass;
    } else if (Math.abs(mass - 1) > MASS_TOL) {
      throw new ConfigError('density0 mass', mass, `Expected (2π/M) Σ f = 1 to ${MASS_TOL}; pass normalize: true to rescale.`);
    }
  } else {
    const init = c.init ?? { kind: 'uniform' };
    if (init.kind === 'uniform') initial = uniformDensity(M);
    else if (init.kind === 'cosine') {
      const a = requireFinite('init.a', init.a, '0.5');
      if (Math.abs(a) > 1) throw new ConfigError('init.a', init.a, 'Expected |a| ≤ 1 so that f0 = (1 + a cos kθ)/(2π) ≥ 0.');
      if (!Number.isInteger(init.k) || init.k < 1 || init.k >= M / 2) throw new ConfigError('init.k', init.k, `Expected a whole number 1 ≤ k < M/2 = ${M / 2}.`);
      const phase = init.phase === undefined ? 0 : requireFinite('init.phase', init.phase, '0');
      initial = cosineDensity(M, a, init.k, phase);
    } else {
      throw new ConfigError('init.kind', (init as { kind: unknown }).kind, "Use 'uniform' or 'cosine'.");
    }
  }

  const t0 = c.t0 === undefined ? 0 : requireFinite('t0', c.t0, '0');
  const T = requireFinite('T', c.T, '10');
  if (T < t0) throw new ConfigError('T', c.T, `Expected T ≥ t0 = ${t0}.`);
  const kappa = c.kappa === undefined ? Infinity : c.kappa;
  if (typeof kappa !== 'number' || !(kappa > 0)) throw new ConfigError('kappa', c.kappa, 'Expected a noise strength κ > 0 (diffusion κ^{-1}∂²θ), or omit it.');
  const phaseLag = c.phaseLag === undefined ? 0 : requireFinite('phaseLag', c.phaseLag, '0');
  const kernelSum = c.kernelSum ?? 'auto';
  if (!['auto', 'fft', 'direct'].includes(kernelSum)) throw new ConfigError('kernelSum', c.kernelSum, "Use 'auto', 'fft' or 'direct'.");
  const limiter = c.limiter ?? 'mc';
  if (!['mc', 'minmod', 'upwind'].includes(limiter)) throw new ConfigError('limiter', c.limiter, "Use 'mc', 'minmod' or 'upwind'.");

  const noise = Number.isFinite(kappa) ? `, κ=${kappa}` : '';
  return {
    M,
    h: (2 * Math.PI) / M,
    normalization: c.normalization,
    beta,
    kappa,
    phaseLag,
    kernelSum,
    limiter,
    usaTime,
    initial,
    timeSpan: [t0, T],
    label: `mean-field-circle ${c.normalization} β=${beta}${noise}, M=${M}`,
  };
}
