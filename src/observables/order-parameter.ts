import { requireState } from '../core/validate.js';

/** |x̄|² = |(1/n) Σ_i x_i|², the squared mean token (CLPR-Q's R_0 when evaluated at t = 0). */
export function meanNormSquared(x: Float64Array, n: number, d: number): number {
  requireState('x', x, n, d, false);
  let s = 0;
  for (let k = 0; k < d; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + k];
    m /= n;
    s += m * m;
  }
  return s;
}

/** Order parameter R = |(1/n) Σ_i x_i| ∈ [0, 1] for unit rows (catalogue §2.8). ⚠ CLPR-Q's
 *  R_0 = |∫x dμ_0|² is the square of this. */
export function orderParameter(x: Float64Array, n: number, d: number): number {
  // meanNormSquared checks the state
  return Math.sqrt(meanNormSquared(x, n, d));
}

/** Circle (Kuramoto) order parameter R = |(1/n) Σ_j e^{iθ_j}|, angles in radians. */
export function circleOrderParameter(theta: Float64Array): number {
  requireState('theta', theta, theta.length, 1, false);
  let c = 0;
  let s = 0;
  for (let j = 0; j < theta.length; j++) {
    c += Math.cos(theta[j]);
    s += Math.sin(theta[j]);
  }
  return Math.hypot(c, s) / theta.length;
}
