/** The finite-n circle model (catalogue §1.6, src/models/circle.ts) with an O(nK) field for large n,
 *  for comparison with the mean-field PDE:
 *    usa: θ̇_i = (1/n) Σ_j N(θ_i − θ_j) e^{|β|},   sa: θ̇_i = Σ_j N(θ_i − θ_j) / Σ_j D(θ_i − θ_j),
 *  N(u) = sin(φ − u) e^{β cos u − |β|}, D(u) = e^{β cos u − |β|} (φ = phase lag, 0 for V = I; the j = i
 *  term is included, as in attention). Two evaluations, equal to rounding (tested):
 *    'direct'  : the O(n²) pair sum of src/models/circle.ts (makeCircleProblem);
 *    'fourier' : the exact expansion D(u) = Σ_k e^{−|β|}I_k(β) e^{iku} truncated where the dropped
 *                coefficients sum below FOURIER_TAIL, O(nK) through the moments S_k = (1/n)Σ_j e^{ikθ_j}.
 *  `dropMeanFieldScaling` multiplies the usa velocity by n (the 1/n dropped: catalogue §3.17 control). */
import { ConfigError } from '../core/config-error.js';
import { requireFinite } from '../core/validate.js';
import type { OdeProblem } from '../integrate/problem.js';
import { makeCircleProblem } from '../models/circle.js';
import { besselIScaled } from '../analysis/bessel.js';
import type { Normalization } from './circle-velocity.js';

export interface CircleParticleConfig {
  readonly normalization: Normalization;
  readonly beta: number;
  /** Initial angles (radians). */
  readonly theta0: Float64Array;
  readonly T: number;
  readonly phaseLag?: number;
  readonly evaluation?: 'auto' | 'direct' | 'fourier';
  readonly dropMeanFieldScaling?: boolean;
}

export interface CircleParticleParams {
  readonly normalization: Normalization;
  readonly beta: number;
  readonly evaluation: 'direct' | 'fourier';
  readonly fourierModes: number;
}

/** Dropped Fourier weight: the velocity error is ≤ Σ_{k>K}(|n_k| + ...) ≤ 2·tail ≤ 2e-17 (scaled units),
 *  below the rounding of the O(1) sums. */
const FOURIER_TAIL = 1e-17;

export function makeCircleParticleProblem(c: CircleParticleConfig): OdeProblem<CircleParticleParams> {
  const beta = requireFinite('beta', c.beta, '1');
  if (c.normalization !== 'sa' && c.normalization !== 'usa') throw new ConfigError('normalization', c.normalization, "Use 'sa' or 'usa'.");
  if (c.normalization === 'usa' && Math.abs(beta) > 690) throw new ConfigError('beta', c.beta, 'usa speeds e^{|β|} overflow above |β| = 690; use sa.');
  const n = c.theta0.length;
  if (n < 1) throw new ConfigError('theta0', 'empty', 'Give at least one angle.');
  for (let i = 0; i < n; i++) if (!Number.isFinite(c.theta0[i])) throw new ConfigError(`theta0[${i}]`, c.theta0[i], 'Angles must be finite.');
  const T = requireFinite('T', c.T, '5');
  const phi = c.phaseLag ?? 0;
  const absBeta = Math.abs(beta);
  const usaScale = (c.dropMeanFieldScaling ? n : 1) * Math.exp(absBeta);

  // Scaled Bessel coefficients c_k = e^{−|β|}I_k(β) (I_k(−x) = (−1)^k I_k(x)) until the tail is negligible.
  const scaledBesselISequence = (x: number, kMax: number) =>
    Float64Array.from({ length: kMax + 1 }, (_, k) => (x < 0 && k % 2 === 1 ? -1 : 1) * besselIScaled(k, Math.abs(x)));
  let K = 8;
  let coeffs = scaledBesselISequence(beta, K + 1);
  for (;;) {
    let tail = 0;
    for (let k = Math.max(1, K - 4); k <= K + 1; k++) tail += Math.abs(coeffs[k]);
    if (tail < FOURIER_TAIL || K > 4096) break;
    K *= 2;
    coeffs = scaledBesselISequence(beta, K + 1);
  }
  while (K > 1 && Math.abs(coeffs[K]) + Math.abs(coeffs[K + 1]) < FOURIER_TAIL) K--;
  const evaluation = c.evaluation === undefined || c.evaluation === 'auto' ? (K < n / 4 ? 'fourier' : 'direct') : c.evaluation;
  const needDen = c.normalization === 'sa';

  let field: (t: number, x: Float64Array, out: Float64Array) => void;
  if (evaluation === 'direct') {
    const direct = makeCircleProblem({
      normalization: c.normalization,
      beta,
      theta0: c.theta0,
      T,
      phaseLag: phi,
      strength: c.normalization === 'usa' && c.dropMeanFieldScaling ? n : 1,
      allowNegativeBeta: true,
    });
    field = direct.field;
  } else {
    // n_k: Fourier coefficients of N(u) = sin(φ − u)D(u): (e^{iφ}c_{k+1} − e^{−iφ}c_{k−1})/(2i), c_{−k} = c_k.
    const nRe = new Float64Array(K + 1);
    const nIm = new Float64Array(K + 1);
    const cAt = (k: number) => coeffs[Math.abs(k)];
    for (let k = 0; k <= K; k++) {
      const ar = Math.cos(phi) * cAt(k + 1) - Math.cos(phi) * cAt(k - 1);
      const ai = Math.sin(phi) * cAt(k + 1) + Math.sin(phi) * cAt(k - 1);
      // divide (ar + i ai) by 2i: (ai − i ar)/2
      nRe[k] = ai / 2;
      nIm[k] = -ar / 2;
    }
    const SRe = new Float64Array(K + 1);
    const SIm = new Float64Array(K + 1);
    field = (_t, x, out) => {
      SRe.fill(0);
      SIm.fill(0);
      for (let j = 0; j < n; j++) {
        const c1 = Math.cos(x[j]);
        const s1 = Math.sin(x[j]);
        let re = 1;
        let im = 0;
        for (let k = 1; k <= K; k++) {
          const r = re * c1 - im * s1;
          im = re * s1 + im * c1;
          re = r;
          SRe[k] += re;
          SIm[k] += im;
        }
      }
      for (let k = 1; k <= K; k++) {
        SRe[k] /= n;
        SIm[k] /= n;
      }
      for (let i = 0; i < n; i++) {
        const c1 = Math.cos(x[i]);
        const s1 = Math.sin(x[i]);
        let re = 1;
        let im = 0;
        let num = nRe[0];
        let den = coeffs[0];
        for (let k = 1; k <= K; k++) {
          const r = re * c1 - im * s1;
          im = re * s1 + im * c1;
          re = r;
          // e^{ikθ_i} conj(S_k)
          const pr = re * SRe[k] + im * SIm[k];
          const pi = im * SRe[k] - re * SIm[k];
          num += 2 * (nRe[k] * pr - nIm[k] * pi);
          den += 2 * coeffs[k] * pr;
        }
        out[i] = needDen ? num / den : usaScale * num;
      }
    };
  }
  return {
    n,
    d: 1,
    initial: Float64Array.from(c.theta0),
    timeSpan: [0, T],
    params: { normalization: c.normalization, beta, evaluation, fourierModes: K },
    manifold: 'euclidean',
    field,
    label: `circle particles ${c.normalization} β=${beta} n=${n} (${evaluation}${c.dropMeanFieldScaling ? ', 1/n dropped' : ''})`,
  };
}
