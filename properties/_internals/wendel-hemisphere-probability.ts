/** Wendel's formula (GLPR-24 Thm 6.7, [paper]/[standard]) as an exact rational in BigInt arithmetic:
 *  P(n i.i.d. uniform points of S^{d−1} lie in an open hemisphere) = 2^{−(n−1)} Σ_{k=0}^{d−1} C(n−1, k),
 *  which is 1 for d ≥ n. */

export interface ExactRational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function wendelProbability(n: number, d: number): ExactRational {
  let binomial = 1n; // C(n−1, 0)
  let sum = 0n;
  const m = BigInt(n - 1);
  for (let k = 0n; k < BigInt(d) && k <= m; k++) {
    sum += binomial;
    binomial = (binomial * (m - k)) / (k + 1n);
  }
  const denominator = 1n << m;
  const g = gcd(sum, denominator);
  return { numerator: sum / g, denominator: denominator / g };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The rational as a float64 (exact to rounding: numerator and denominator are scaled into range first). */
export function rationalToNumber(r: ExactRational): number {
  const shift = Math.max(0, r.denominator.toString(2).length - 1000);
  return Number(r.numerator >> BigInt(shift)) / Number(r.denominator >> BigInt(shift));
}
