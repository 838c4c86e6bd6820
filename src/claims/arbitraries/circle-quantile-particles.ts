/** Deterministic particles for a density on the circle (catalogue §1.7: "particles at the quantiles of
 *  f_0"): θ_i = F^{−1}((i + ½)/n) for f_0(θ) = (1 + a·cos(kθ))/(2π) on [−π, π), |a| < 1, k ≥ 1.
 *  The empirical measure is within W1 ≤ π/n of f_0 (one quantile cell per particle). Radians. */

/** Angles in [−π, π), increasing. F(θ) = (θ + π + (a/k)·sin(kθ))/(2π) is inverted by safeguarded Newton. */
export function circleQuantileParticles(n: number, a: number, k = 1): Float64Array {
  if (!(Math.abs(a) < 1)) throw new Error(`circleQuantileParticles: need |a| < 1 for a positive density, got ${a}`);
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const target = (2 * Math.PI * (i + 0.5)) / n - Math.PI; // solve θ + (a/k) sin(kθ) = target
    let lo = -Math.PI;
    let hi = Math.PI;
    let th = target;
    for (let it = 0; it < 100; it++) {
      const g = th + (a / k) * Math.sin(k * th) - target;
      if (g > 0) hi = th;
      else lo = th;
      const dg = 1 + a * Math.cos(k * th); // = 2π f_0 > 0
      let next = th - g / dg;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2; // bisection guard keeps it bracketed
      if (Math.abs(next - th) < 1e-16) {
        th = next;
        break;
      }
      th = next;
    }
    theta[i] = th;
  }
  return theta;
}
