/** Interaction energies of a token configuration (catalogue §2.1). Every function names its
 *  normalisation; state x is n×d row-major, rows unit unless stated. K^D_ij = e^{β⟨x_i,Dx_j⟩}, D = I
 *  unless given. Sums are shifted by their largest exponent (log-sum-exp), so a value that is finite is
 *  returned finite even when single terms e^{β⟨x_i,Dx_j⟩} would overflow. */
import { besselIScaled, logGamma } from '../analysis/bessel.js';
import { applyToRows } from '../core/linalg.js';
import type { FlatMatrix } from '../core/types.js';
import { meanNormSquared } from './order-parameter.js';
import { squaredRowDistance } from '../core/linalg.js';
import { requireState } from '../core/validate.js';

/** log Σ_{i,j} e^{c·⟨x_i, D x_j⟩}, shifted by the largest exponent. Two passes over the pairs (max, then
 *  sum) so nothing of size n² is stored. */
function logSumExpPairs(x: Float64Array, n: number, d: number, c: number, D?: FlatMatrix): number {
  let dx = x;
  if (D) {
    dx = new Float64Array(n * d);
    applyToRows(D, x, n, dx);
  }
  const exponent = (i: number, j: number): number => {
    let v = 0;
    for (let k = 0; k < d; k++) v += x[i * d + k] * dx[j * d + k];
    return c * v;
  };
  let max = -Infinity;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = exponent(i, j);
      if (v > max) max = v;
    }
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += Math.exp(exponent(i, j) - max);
  return max + Math.log(sum);
}

/** E_pair = E_β[μ_n] = (1/(2βn²)) Σ_{i,j} e^{β⟨x_i,Dx_j⟩} (GLPR-24 eq. 3.5 / Rem. 3.8). `usa` with
 *  V = QᵀK = D symmetric is ẋ = n∇E_pair, so dE/dt = (1/n)Σ|ẋ_i|². Consensus gives e^β/(2β).
 *  Requires β ≠ 0 (at β = 0 use `betaZeroEnergy`). */
export function pairEnergy(x: Float64Array, n: number, d: number, beta: number, D?: FlatMatrix): number {
  requireState('x', x, n, d, false);
  // Math.sign keeps β < 0 (PRY's d = 2 regime, allowNegativeBeta) meaningful: the prefactor 1/(2β) is negative.
  return Math.sign(beta) * Math.exp(logSumExpPairs(x, n, d, beta, D) - Math.log(2 * Math.abs(beta) * n * n));
}

/** E_SA = (1/(2β)) Σ_{i,j} e^{β⟨x_i,Vx_j⟩}, with NO 1/n² (GLPR-24 §3.4.1): `sa` with V = QᵀK symmetric
 *  is gradient ascent of E_SA in the metric Σ_i Z_i⟨a_i,b_i⟩. E_SA = n²·E_pair(D = V). */
export function saEnergy(x: Float64Array, n: number, d: number, beta: number, V?: FlatMatrix): number {
  requireState('x', x, n, d, false);
  return Math.sign(beta) * Math.exp(logSumExpPairs(x, n, d, beta, V) - Math.log(2 * Math.abs(beta)));
}

/** E_unit = (1/n²) Σ_{i,j} e^{β(⟨x_i,x_j⟩−1)} ∈ (0, 1] = 2βe^{−β}E_pair (staircase plots; a Dirac
 *  gives 1). Unit rows: ⟨x_i,x_j⟩ − 1 = −|x_i − x_j|²/2 is computed from differences, so it keeps its
 *  relative precision when tokens are close (no cancellation in 1 − ⟨x_i,x_j⟩), and never overflows. */
export function unitEnergy(x: Float64Array, n: number, d: number, beta: number): number {
  requireState('x', x, n, d, false);
  let sum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      sum += Math.exp(-0.5 * beta * squaredRowDistance(x, i, j, d));
    }
  return sum / (n * n);
}

/** E_code = (1/n²) Σ_{i,j} e^{⟨x_i,Dx_j⟩}: β absorbed into D, no 1/(2β) (the BKKRW code convention). */
export function codeEnergy(x: Float64Array, n: number, d: number, D?: FlatMatrix): number {
  requireState('x', x, n, d, false);
  return Math.exp(logSumExpPairs(x, n, d, 1, D) - 2 * Math.log(n));
}

/** E_0 = (1/n) Σ_{i,j} ⟨x_i,x_j⟩ = n|x̄|², the β = 0 energy (GLPR-24 App. A; ascent up to a factor 2).
 *  Computed from the mean, so it is O(nd) and never negative. */
export function betaZeroEnergy(x: Float64Array, n: number, d: number): number {
  // meanNormSquared checks the state
  return n * meanNormSquared(x, n, d);
}

/** E_multi = Σ_h (1/(2βn²)) Σ_{i,j} e^{β⟨x_i,M_h x_j⟩} (PEN [secondary]): the sum of the heads'
 *  E_pair with D = M_h. */
export function multiHeadEnergy(x: Float64Array, n: number, d: number, beta: number, heads: readonly FlatMatrix[]): number {
  requireState('x', x, n, d, false);
  let e = 0;
  for (const M of heads) e += pairEnergy(x, n, d, beta, M);
  return e;
}

/** E_β[δ_a] = e^β/(2β): the energy of a single cluster (any normalisation-free Dirac), β ≠ 0. */
export function diracEnergy(beta: number): number {
  return Math.sign(beta) * Math.exp(beta - Math.log(2 * Math.abs(beta)));
}

/** E_β[σ_d] = (1/(2β)) Γ(d/2) (2/β)^{d/2−1} I_{d/2−1}(β): the energy of the uniform law on S^{d−1}
 *  (catalogue §2.1 [derived], T4; d = 2: I_0(β)/(2β), d = 3: sinh β/(2β²)). β > 0, d ≥ 2. Evaluated in
 *  logs with the scaled Bessel function, so it is finite wherever the value is. */
export function uniformMeasureEnergy(beta: number, d: number): number {
  const nu = d / 2 - 1;
  const logValue =
    -Math.log(2 * beta) + logGamma(d / 2) + nu * Math.log(2 / beta) + Math.log(besselIScaled(nu, beta)) + beta;
  return Math.exp(logValue);
}
