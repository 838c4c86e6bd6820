/** `noisy` (catalogue §1.8): attention dynamics on the sphere with Brownian noise, for scheme `em` (S5:
 *  projected Euler–Maruyama, then row normalisation). Itô form in R^d [derived]:
 *
 *    independent:  dX_i = [b_i − ((d−1)/κ) X_i] dt + √(2/κ) P_{X_i} dB_i,   B_i independent in R^d,
 *    common:       dX_i = [b_i − ((d−1)/κ) X_i] dt + √(2/κ) P_{X_i} dB,     ONE B shared by all tokens,
 *
 *  b_i the `sa`/`usa` velocity of the spec. The drift −((d−1)/κ)X_i is not added by the field: the
 *  normalisation after each step supplies it (|x + √(2/κ)PΔB|² = 1 + (2/κ)(d−1)h + O(h^{3/2})). Each token
 *  is then marginally a Brownian motion on S^{d−1} with generator κ^{−1}Δ when b = 0, so
 *  E⟨X_t, X_0⟩ = e^{−(d−1)t/κ}. The `common` form is our template [derived from the ABMSR abstract]:
 *  ABMSR's own SDE was not read; ES's matrix-valued common noise is a different model. */
import { ConfigError } from '../core/config-error.js';
import type { NoiseTerm, OdeProblem } from '../integrate/problem.js';
import { makeAttentionProblem, type AttentionParams, type AttentionSpec } from './attention.js';

export type NoiseKind = 'independent' | 'common';

export interface NoisySpec extends AttentionSpec {
  /** κ > 0: the noise strength is √(2/κ) (κ^{−1}Δ in the Fokker–Planck equation). */
  readonly kappa: number;
  readonly noise: NoiseKind;
}

export interface NoisyParams extends AttentionParams {
  readonly kappa: number;
  readonly noise: NoiseKind;
}

export function makeNoisyProblem(spec: NoisySpec): OdeProblem<NoisyParams> {
  if (!(typeof spec.kappa === 'number' && Number.isFinite(spec.kappa) && spec.kappa > 0))
    throw new ConfigError('kappa', spec.kappa, 'Expected a finite κ > 0 (noise strength √(2/κ)), e.g. 4.');
  if (spec.noise !== 'independent' && spec.noise !== 'common')
    throw new ConfigError('noise', spec.noise, 'Use "independent" (one Brownian motion per token) or "common" (one shared).');
  const base = makeAttentionProblem(spec);
  const { n, d } = base;
  const sigma = Math.sqrt(2 / spec.kappa);
  const shared = new Float64Array(d);
  const noise: NoiseTerm = {
    description: `${spec.noise} noise √(2/κ)·P_x dB, κ=${spec.kappa} (Itô; normalisation supplies the drift)`,
    addIncrement: (_t, x, h, normal, out) => {
      const scale = sigma * Math.sqrt(h);
      if (spec.noise === 'common') for (let k = 0; k < d; k++) shared[k] = normal();
      for (let i = 0; i < n; i++) {
        const o = i * d;
        if (spec.noise === 'independent') for (let k = 0; k < d; k++) shared[k] = normal();
        let s = 0;
        for (let k = 0; k < d; k++) s += x[o + k] * shared[k];
        for (let k = 0; k < d; k++) out[o + k] += scale * (shared[k] - s * x[o + k]);
      }
    },
  };
  const params: NoisyParams = { ...base.params, kappa: spec.kappa, noise: spec.noise };
  return { ...base, params, noise, label: `noisy (${spec.noise}, kappa=${spec.kappa}) ${base.label}` };
}
