/** An exp for the attention kernels: Cody–Waite range reduction x = k·ln2 + r, |r| ≤ ln2/2, a degree-13
 *  Taylor polynomial for e^r (truncation r^14/14! ≤ 4e-18 relative) evaluated in a shallow Estrin-style
 *  tree (a 13-deep Horner chain made the exp latency-bound in the kernels: slower than Math.exp), and an
 *  exact scaling by 2^k from a table.
 *
 *  Accuracy (tests/kernels/fast-exp.test.ts, dense grid against Math.exp plus decimal.js spot checks):
 *  relative error ≤ EXP_MAX_ULP ulp for results in the normal range (x ≥ −708.39). Below that the result
 *  is subnormal and the absolute error is ≤ 2^−1074 (irrelevant for softmax weights, which are ≤ 1 and
 *  summed with a term equal to 1). x < −745.2 gives 0, x > 709.78 gives +∞, NaN gives NaN.
 *
 *  Why our own: the kernels call exp n² times per field evaluation. V8's Math.exp is an out-of-line call
 *  into fdlibm; this polynomial inlines into the hot loop. `Math.exp` stays available (kernel option
 *  `exp: 'math'`) so any result can be cross-checked against the platform's exp. */

/** Measured: ≤ 1.46 ulp against 40-digit decimal.js on the reduced interval and ≤ 2 ulp against Math.exp
 *  (itself < 1 ulp) over [−708, 709.7]; rounding of 1 + r(1 + r/2), of the tree's sum and of r. */
export const EXP_MAX_ULP = 2;

const LOG2E = 1.4426950408889634;
// fdlibm's split of ln 2: LN2_HI has 32 significant bits, so k·LN2_HI is exact for |k| < 2^21.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
/** Adding and subtracting 1.5·2^52 rounds to the nearest integer in one addition (round-half-even). */
const ROUND_SHIFT = 6755399441055744;
const UNDERFLOW_BELOW = -745.2;
const OVERFLOW_ABOVE = 709.782712893384;
const POW2_OFFSET = 1075;

/** POW2[k + 1075] = 2^k for k ∈ [−1075, 1024] (2^−1075 rounds to 0, 2^1024 is +∞). */
export const POW2 = (() => {
  const t = new Float64Array(2 * POW2_OFFSET);
  for (let k = -POW2_OFFSET; k < POW2_OFFSET; k++) t[k + POW2_OFFSET] = 2 ** k;
  return t;
})();

const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;
const C6 = 1 / 720;
const C7 = 1 / 5040;
const C8 = 1 / 40320;
const C9 = 1 / 362880;
const C10 = 1 / 3628800;
const C11 = 1 / 39916800;
const C12 = 1 / 479001600;
const C13 = 1 / 6227020800;

/** e^x with relative error ≤ EXP_MAX_ULP ulp in the normal range (see the file comment). */
export function fastExp(x: number): number {
  if (x < UNDERFLOW_BELOW) return 0;
  if (x > OVERFLOW_ABOVE) return Infinity;
  const k = x * LOG2E + ROUND_SHIFT - ROUND_SHIFT;
  const r = x - k * LN2_HI - k * LN2_LO;
  // Estrin-style: the terms from r³ on in a shallow tree (independent multiplies, short latency chain),
  // the leading 1 + r(1 + r/2) last so the final addition rounds once against 1.
  const r2 = r * r;
  const r4 = r2 * r2;
  const tail = C5 + r * C6 + r2 * (C7 + r * C8) + r4 * (C9 + r * C10 + r2 * (C11 + r * C12) + r4 * C13);
  const p = 1 + r * (1 + r * C2) + r2 * r * (C3 + r * C4 + r2 * tail);
  const ki = k | 0;
  // k = 1024 (x within ½ ln 2 of the overflow threshold): 2^1024 is not a double, scale in two steps.
  return ki < 1024 ? p * POW2[ki + POW2_OFFSET] : p * 2 * POW2[ki - 1 + POW2_OFFSET];
}

export type ExpImplementation = 'fast' | 'math';

/** The exp a kernel uses: ours (default) or the platform's, for cross-checks. */
export function expFunction(which: ExpImplementation): (x: number) => number {
  return which === 'math' ? Math.exp : fastExp;
}
