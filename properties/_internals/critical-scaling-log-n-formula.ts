/** The exact finite-n output cosine of one pre-LN attention layer on unit equiangular inputs
 *  (catalogue §3.10, [derived✓]): scores β_n⟨y_i, y_j⟩ with β_n = γ log n, ⟨y_i, y_j⟩ = ρ (i ≠ j),
 *  θ_i = ATT(y_i)/|ATT(y_i)|. With Z = n^γ + (n−1)n^{γρ}, a = n^γ/Z, b = n^{γρ}/Z, s = 1 + (n−1)ρ,
 *  c = a − b:   ⟨θ_i, θ_j⟩ = (c²ρ + 2cbs + b²ns) / (c² + 2cbs + b²ns).
 *  Float64 version for n up to ~1e15, Decimal version for any n (decimal.js at 40 digits). */
import { Decimal } from 'decimal.js';

/** Float64: a and b through e = n^{−γ(1−ρ)} = a/b, so nothing overflows for large n or γ. */
export function finiteNCosine(n: number, gamma: number, rho: number): number {
  const e = Math.exp(-gamma * (1 - rho) * Math.log(n));
  const a = 1 / (1 + (n - 1) * e);
  const b = e * a;
  const s = 1 + (n - 1) * rho;
  const c = a - b;
  return (c * c * rho + 2 * c * b * s + b * b * n * s) / (c * c + 2 * c * b * s + b * b * n * s);
}

export const CriticalDecimal = Decimal.clone({ precision: 40 });
type D = InstanceType<typeof CriticalDecimal>;

/** The same formula in 40-digit decimal arithmetic; n, gamma and rho are given as decimal strings. */
export function finiteNCosineDecimal(nText: string, gammaText: string, rhoText: string): D {
  const n = new CriticalDecimal(nText);
  const gamma = new CriticalDecimal(gammaText);
  const rho = new CriticalDecimal(rhoText);
  const one = new CriticalDecimal(1);
  // e = n^{−γ(1−ρ)}: the ratio b/a, computed as exp(−γ(1−ρ) ln n) so 10^16-scale n stays cheap.
  const e = gamma.times(one.minus(rho)).times(n.ln()).negated().exp();
  const a = one.div(one.plus(n.minus(1).times(e)));
  const b = e.times(a);
  const s = one.plus(n.minus(1).times(rho));
  const c = a.minus(b);
  const common = c.times(2).times(b).times(s).plus(b.times(b).times(n).times(s));
  return c.times(c).times(rho).plus(common).div(c.times(c).plus(common));
}

/** The n → ∞ limit of the three branches (CLPR-C via RIG [survey]): 1 below γ_c = 1/(1−ρ),
 *  4ρ/(1+3ρ) at γ_c, ρ above. */
export function criticalLimit(gammaOverCritical: number, rho: number): number {
  if (gammaOverCritical < 1) return 1;
  if (gammaOverCritical === 1) return (4 * rho) / (1 + 3 * rho);
  return rho;
}
