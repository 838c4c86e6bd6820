/** Private stand-in until src/analysis/bessel.ts lands on main: exponentially scaled modified Bessel
 *  functions of integer order, e^{−|x|} I_k(x) for k = 0..kMax, by Miller's backward recurrence
 *  I_{k−1} = I_{k+1} + (2k/x) I_k normalised with e^{x} = I_0(x) + 2 Σ_{k≥1} I_k(x) [standard]. */

/** Returns e^{−|x|} I_k(x), k = 0..kMax. Relative accuracy ≈ 1e-15 for |x| ≤ 1e5 (tested against a
 *  decimal.js series). */
export function scaledBesselISequence(x: number, kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  const ax = Math.abs(x);
  if (ax === 0) {
    out[0] = 1;
    return out;
  }
  if (ax <= SERIES_MAX_X) {
    seriesScaled(ax, out);
    if (x < 0) for (let k = 1; k <= kMax; k += 2) out[k] = -out[k];
    return out;
  }
  // Start far enough above both kMax and the bulk of the terms (I_k/I_0 ≈ e^{−k²/(2x)} for k ≪ x):
  // at N = 12√x + kMax + 32 the starting error is below e^{−70}.
  const start = kMax + 32 + Math.ceil(12 * Math.sqrt(ax + 1));
  let next = 0; // I_{k+1}
  let cur = 1e-300; // I_k, arbitrary tiny seed
  let norm = 0; // running I_0 + 2 Σ I_k (unnormalised)
  for (let k = start; k >= 1; k--) {
    const prev = next + ((2 * k) / ax) * cur; // I_{k−1}
    next = cur;
    cur = prev;
    if (k - 1 <= kMax) out[k - 1] = cur;
    norm += 2 * next; // next is now I_k for this k ≥ 1
    if (cur > 1e250) {
      // Rescale everything computed so far to keep the recurrence finite.
      const r = 1e-250;
      cur *= r;
      next *= r;
      norm *= r;
      for (let j = k - 1; j <= kMax; j++) out[j] *= r;
    }
  }
  norm += cur; // I_0
  for (let k = 0; k <= kMax; k++) out[k] /= norm;
  if (x < 0) for (let k = 1; k <= kMax; k += 2) out[k] = -out[k];
  return out;
}

/** Below this |x| the power series Σ_m (x/2)^{2m+k}/(m!(m+k)!) converges in a few terms and avoids the
 *  huge (2k/x) growth factors of the recurrence. */
const SERIES_MAX_X = 1;

function seriesScaled(ax: number, out: Float64Array): void {
  const q = (ax * ax) / 4;
  const scale = Math.exp(-ax);
  let lead = scale; // e^{−x}(x/2)^k/k!
  for (let k = 0; k < out.length; k++) {
    if (k > 0) lead *= ax / 2 / k;
    if (lead === 0) break;
    let term = lead;
    let sum = lead;
    for (let m = 1; m < 60 && term > sum * 1e-18; m++) {
      term *= q / (m * (m + k));
      sum += term;
    }
    out[k] = sum;
  }
}

/** I_k(β)/β for k = 0..kMax with the β → 0 limits (1/2 for k = 1, 0 for k ≥ 2; k = 0 diverges and is
 *  returned as Infinity). Overflows to Infinity for β ≳ 700: use the scaled sequence there. */
export function besselIOverBeta(beta: number, kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  if (beta === 0) {
    out[0] = Infinity;
    if (kMax >= 1) out[1] = 0.5;
    return out;
  }
  const scaled = scaledBesselISequence(beta, kMax);
  const e = Math.exp(Math.abs(beta));
  for (let k = 0; k <= kMax; k++) out[k] = (scaled[k] * e) / beta;
  return out;
}
