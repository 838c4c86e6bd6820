import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { besselI, besselIScaled, logGamma } from '../../src/analysis/bessel.js';

const Dec = Decimal.clone({ precision: 40 });

/** 40-digit e^{−x}I_ν(x) by the power series (integer or half-integer ν, where Γ(ν+1) is a finite product). */
function referenceScaled(nu: number, x: number): Decimal {
  let gamma = Number.isInteger(nu) ? new Dec(1) : Dec.acos(-1).sqrt();
  for (let f = nu; f > 0.75; f -= 1) gamma = gamma.mul(f);
  if (!Number.isInteger(nu)) gamma = gamma.mul(0.5);
  const half = new Dec(x).div(2);
  const quarter = half.mul(half);
  let term = half.pow(nu).div(gamma);
  let sum = term;
  for (let k = 1; k < 100_000; k++) {
    term = term.mul(quarter).div(k * (k + nu));
    sum = sum.add(term);
    if (term.lt(sum.mul('1e-42'))) break;
  }
  return sum.mul(new Dec(-x).exp());
}

function relativeError(value: number, ref: Decimal): number {
  return new Dec(value).sub(ref).div(ref).abs().toNumber();
}

// Series and Hankel branches: a few ulp (measured ≤ 2.2 ε); 8 ε leaves room for the final exp(−x).
const SERIES_REL_TOL = 8 * Number.EPSILON;
// Large order and argument (x ≥ 700, x < ν²): the final exp of an argument of size ~x amplifies the
// argument's rounding into a relative error ~x·ε (documented in bessel.ts); allow 4·x·ε.
const rescaledTol = (x: number) => 4 * x * Number.EPSILON;

describe('besselI', () => {
  test('I_0(1) = 1.2660658777520082 (A&S 9.8; catalogue check value 1.2660659)', () => {
    expect(Math.abs(besselI(0, 1) - 1.2660658777520082)).toBeLessThanOrEqual(2 * Number.EPSILON * 1.27);
  });

  test.each([
    [0, 0.1], [0, 1], [1, 10], [2.5, 50], [7, 200], [0, 29], [0, 31], [3, 100], [0.5, 700], [0, 1000], [2.5, 1000], [10, 40], [0, 5000],
  ])('scaled ν=%f x=%f matches the 40-digit series', (nu, x) => {
    const err = relativeError(besselIScaled(nu, x), referenceScaled(nu, x));
    expect(err, `nu=${nu} x=${x} err=${err} tol=${SERIES_REL_TOL}`).toBeLessThanOrEqual(SERIES_REL_TOL);
  });

  test.each([[45, 1000], [89, 4000]])('scaled, large order ν=%f x=%f (rescaled series branch)', (nu, x) => {
    const err = relativeError(besselIScaled(nu, x), referenceScaled(nu, x));
    expect(err, `nu=${nu} x=${x} err=${err} tol=${rescaledTol(x)}`).toBeLessThanOrEqual(rescaledTol(x));
  });

  test('closed forms: I_{1/2}(x) = √(2/(πx)) sinh x and I_ν(0)', () => {
    for (const x of [0.01, 0.5, 3, 20]) {
      const exact = Math.sqrt(2 / (Math.PI * x)) * Math.sinh(x);
      // sinh and sqrt each ≤ 1 ulp, plus the series' few ulp
      expect(Math.abs(besselI(0.5, x) - exact) / exact).toBeLessThanOrEqual(SERIES_REL_TOL);
    }
    expect(besselI(0, 0)).toBe(1);
    expect(besselI(2, 0)).toBe(0);
  });

  test('logGamma: factorials, half-integers and the Lanczos branch', () => {
    expect(Math.abs(logGamma(6) - Math.log(120))).toBeLessThanOrEqual(4 * Number.EPSILON * 5);
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThanOrEqual(4 * Number.EPSILON);
    // Γ(2.3) = 1.16671190508... (A&S 6.1); Lanczos (g=7, n=9) is good to ~2e-15 relative
    expect(Math.abs(Math.exp(logGamma(2.3)) - 1.1667119051981603)).toBeLessThanOrEqual(1e-14);
  });
});
