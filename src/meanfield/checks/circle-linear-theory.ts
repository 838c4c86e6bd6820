/** Linear theory about the uniform density on the circle (catalogue §1.7, §3.9(e), §3.14; all
 *  [derived✓]): mode k grows at λ_k = k²I_k(β)/β (usa) or k²I_k(β)/(βI_0(β)) (sa), minus k²/κ with
 *  noise; the fastest mode k* = argmax_{k≥1} k²I_k(β) (T2; the same k for sa and usa); the noise
 *  threshold of mode 1 on the circle is κ_c = β/I_1(β) (usa, → 2 as β → 0) and βI_0(β)/I_1(β) (sa) (T9).
 *  Computed from exponentially scaled Bessel functions, so β up to 1e6 is fine. */
import { besselIScaled } from '../../analysis/bessel.js';
import type { Normalization } from '../circle-velocity.js';

/** λ_k without noise. usa carries e^{β} (overflows beyond β ≈ 709, as the dynamics do). */
export function modeGrowthRate(normalization: Normalization, beta: number, k: number, kappa = Infinity): number {
  const noise = Number.isFinite(kappa) ? (k * k) / kappa : 0;
  if (beta === 0) return (k === 1 ? 0.5 : 0) - noise; // I_1(β)/β → 1/2, I_k(β)/β → 0 for k ≥ 2; I_0(0) = 1
  const ik = besselIScaled(k, beta);
  const drift = normalization === 'usa' ? (k * k * ik * Math.exp(beta)) / beta : (k * k * ik) / (beta * besselIScaled(0, beta));
  return drift - noise;
}

/** k* = argmax_{k≥1} k² I_k(β) (catalogue T2). */
export function fastestMode(beta: number): number {
  if (beta <= 0) return 1;
  let best = 1;
  let bestValue = -Infinity;
  const kMax = Math.ceil(4 * Math.sqrt(2 * beta)) + 4;
  for (let k = 1; k <= kMax; k++) {
    const v = k * k * besselIScaled(k, beta);
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/** κ_c on the circle (d = 2): the noise strength at which mode 1 of the uniform density is neutral. */
export function noiseThreshold(normalization: Normalization, beta: number): number {
  if (beta === 0) return 2;
  const ratio = besselIScaled(1, beta) / besselIScaled(0, beta);
  return normalization === 'usa' ? beta / (besselIScaled(1, beta) * Math.exp(beta)) : beta / ratio;
}
