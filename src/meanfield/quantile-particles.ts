/** Particles from a grid density (density.ts conventions): deterministic quantile particles
 *  θ_i = F^{-1}((i + ½)/n) (catalogue §1.7: Lagrangian, O(1/n) initial W1 error) and i.i.d. samples
 *  θ_i = F^{-1}(U_i) (O(n^{−1/2})). F is the piecewise-linear CDF of the cell averages, so both are exact
 *  for the piecewise-constant density. Angles in [0, 2π), sorted for the quantile version. */
import type { Rng } from '../core/rng.js';

/** Inverse of the piecewise-linear CDF at the increasing levels `u` (in [0, 1]). */
function invertCdf(f: Float64Array, u: Float64Array): Float64Array {
  const M = f.length;
  const h = (2 * Math.PI) / M;
  let total = 0;
  for (let j = 0; j < M; j++) total += f[j] * h;
  const out = new Float64Array(u.length);
  let j = 0;
  let cum = 0; // mass of cells < j
  for (let i = 0; i < u.length; i++) {
    const target = u[i] * total;
    while (j < M - 1 && cum + f[j] * h < target) {
      cum += f[j] * h;
      j++;
    }
    const m = f[j] * h;
    const frac = m > 0 ? Math.min(1, Math.max(0, (target - cum) / m)) : 0;
    out[i] = (j + frac) * h;
  }
  return out;
}

export function quantileParticles(f: Float64Array, n: number): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = (i + 0.5) / n;
  return invertCdf(f, u);
}

/** n i.i.d. draws from the density (inverse-CDF sampling with the given stream), returned sorted. */
export function sampleParticles(f: Float64Array, n: number, rng: Rng): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = rng.uniform();
  u.sort();
  return invertCdf(f, u);
}
