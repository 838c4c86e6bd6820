/** Modified Bessel functions of the first kind I_ν(x) for real order ν ≥ 0 and argument x ≥ 0, and the
 *  exponentially scaled e^{−x}I_ν(x) for large arguments (catalogue §1.7, §2.1 landmarks, T2, T4, T9).
 *
 *  - Power series Σ_k (x/2)^{2k+ν}/(k! Γ(k+ν+1)): all terms positive, so no cancellation; accurate to a
 *    few ulp per term count. Used by `besselI` whenever the result is finite (x ≲ 700).
 *  - Hankel asymptotic expansion e^x/√(2πx)·Σ_k (−1)^k a_k(ν)/x^k for the scaled function when
 *    x ≥ max(ASYMPTOTIC_MIN_X, ν²): there the terms decrease monotonically well past k = ν and the
 *    truncation error is below the smallest term (≈ e^{−2x} for x ≥ 30), i.e. below rounding.
 *  - Otherwise the scaled series is summed with a running power-of-ten rescale; the final exp of an
 *    argument of size ~x then carries a relative error ~x·ε (≈ 1e-12 at x = 4000), stated here
 *    because it is larger than the other branches.
 *
 *  Check value: I_0(1) = 1.2660658777520082 (A&S Table 9.8). */

/** Lanczos coefficients (g = 7, n = 9; Numerical Recipes 3rd ed. / Godfrey): relative error < 2e-15. */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(z) for real z > 0. Exact (to rounding) for integers and half-integers up to 171, where it
 *  sums logs of the factorial product; Lanczos elsewhere. */
export function logGamma(z: number): number {
  if (z <= 0 || !Number.isFinite(z)) return NaN;
  const twice = 2 * z;
  if (Number.isInteger(twice) && z <= 171) {
    // Γ(k) = (k−1)!, Γ(k + 1/2) = √π·Π_{j=1..k}(j − 1/2): a product of exact small factors.
    let s = Number.isInteger(z) ? 0 : 0.5 * Math.log(Math.PI);
    for (let f = z - 1; f > 0; f -= 1) s += Math.log(f);
    return s;
  }
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const x = z - 1;
  let a = LANCZOS[0];
  const t = x + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Below this argument the scaled function always uses the series (the asymptotic error bound
 *  e^{−2x} ≈ 1e-26 at x = 30 is far below rounding). */
const ASYMPTOTIC_MIN_X = 30;
/** Stop summing when a term no longer changes the sum in float64. */
const SERIES_REL_EPS = Number.EPSILON / 4;
const MAX_TERMS = 100_000;

/** I_ν(x), ν ≥ 0, x ≥ 0. Overflows to Infinity beyond x ≈ 713: use `besselIScaled` there. */
export function besselI(nu: number, x: number): number {
  if (!(nu >= 0) || !(x >= 0)) return NaN;
  if (x === 0) return nu === 0 ? 1 : 0;
  if (x > 700) return Math.exp(x) * besselIScaled(nu, x);
  const half = x / 2;
  const quarter = half * half;
  let term = Math.exp(nu * Math.log(half) - logGamma(nu + 1));
  if (Number.isInteger(nu) && nu <= 20) {
    // Integer order: (x/2)^ν/ν! as an exact product avoids the exp/log round trip.
    term = 1;
    for (let k = 1; k <= nu; k++) term *= half / k;
  }
  let sum = term;
  for (let k = 1; k < MAX_TERMS; k++) {
    term *= quarter / (k * (k + nu));
    sum += term;
    if (term <= SERIES_REL_EPS * sum) break;
  }
  return sum;
}

/** e^{−x}·I_ν(x), finite for every x ≥ 0 (≈ 1/√(2πx) for large x). */
export function besselIScaled(nu: number, x: number): number {
  if (!(nu >= 0) || !(x >= 0)) return NaN;
  if (x === 0) return nu === 0 ? 1 : 0;
  if (x >= ASYMPTOTIC_MIN_X && x >= nu * nu) return hankelScaled(nu, x);
  if (x <= 700) return besselI(nu, x) * Math.exp(-x);
  return rescaledSeriesScaled(nu, x);
}

/** Hankel expansion of e^{−x}I_ν(x); terms are summed until they stop decreasing or vanish. */
function hankelScaled(nu: number, x: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < MAX_TERMS; k++) {
    const next = (-term * (mu - (2 * k - 1) ** 2)) / (k * 8 * x);
    if (Math.abs(next) >= Math.abs(term) && k > 1) break;
    term = next;
    sum += term;
    if (Math.abs(term) <= SERIES_REL_EPS * Math.abs(sum)) break;
  }
  return sum / Math.sqrt(2 * Math.PI * x);
}

const RESCALE_AT = 1e250;

/** Series for e^{−x}I_ν(x) at large x with large order: terms relative to the first, rescaled by
 *  1e-250 whenever the running sum gets large, and the logarithm of the scale carried separately. */
function rescaledSeriesScaled(nu: number, x: number): number {
  const half = x / 2;
  const quarter = half * half;
  let logScale = 0;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < MAX_TERMS; k++) {
    term *= quarter / (k * (k + nu));
    sum += term;
    if (sum > RESCALE_AT) {
      sum /= RESCALE_AT;
      term /= RESCALE_AT;
      logScale += Math.log(RESCALE_AT);
    }
    if (term <= SERIES_REL_EPS * sum) break;
  }
  return Math.exp(nu * Math.log(half) - logGamma(nu + 1) + logScale + Math.log(sum) - x);
}
