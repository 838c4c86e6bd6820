import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { EXP_MAX_ULP, expFunction, fastExp } from '../../src/kernels/fast-exp.js';
import { wasmExpArray, wasmKernelAvailable } from '../../src/kernels/wasm-kernel.js';

const D40 = Decimal.clone({ precision: 40 });
const SMALLEST_NORMAL = 2 ** -1022;
/** Math.exp in V8 is fdlibm's, < 1 ulp from the true value; ours may then sit 1 ulp further. */
const VS_MATH_EXP_ULP = EXP_MAX_ULP + 1;
/** The WASM exp builds 2^k from exponent bits: k ≤ 1023, i.e. x < 1023.5·ln 2 (asm/attention.ts). */
const WASM_EXP_DOMAIN_TOP = 1023.5 * Math.LN2;

/** Size of one ulp at b (for normal b). */
function ulp(b: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(b))) - 52);
}

/** x over [−708, 709.7]: 200 001 evenly spaced points plus the integers times ln 2 (reduction edges). */
function grid(): Float64Array {
  const points: number[] = [];
  const count = 200_000;
  for (let i = 0; i <= count; i++) points.push(-708 + (709.7 + 708) * (i / count));
  for (let k = -1021; k <= 1023; k++) points.push(k * Math.LN2, k * Math.LN2 + Math.LN2 / 2, k * Math.LN2 - Math.LN2 / 2);
  for (let i = 0; i < 2000; i++) points.push(-((i / 2000) ** 3)); // dense near 0, where softmax weights live
  return Float64Array.from(points.filter((x) => x >= -708 && x <= 709.7));
}

/** The exact value of a double as a Decimal (new Decimal(x) would read the shortest decimal string,
 *  which is up to ½ ulp(x) off: 81 ulp of e^x at x ≈ −665). */
function exactDecimal(x: number): Decimal {
  if (x === 0) return new D40(0);
  const e = Math.floor(Math.log2(Math.abs(x))) - 52;
  return new D40(x / 2 ** e).times(new D40(2).pow(e));
}

function worstUlp(values: Float64Array, xs: Float64Array): { ulps: number; x: number } {
  let worst = { ulps: 0, x: 0 };
  for (let i = 0; i < xs.length; i++) {
    const expected = Math.exp(xs[i]);
    if (expected < SMALLEST_NORMAL) continue;
    const ulps = Math.abs(values[i] - expected) / ulp(expected);
    if (!(ulps <= worst.ulps)) worst = { ulps, x: xs[i] };
  }
  return worst;
}

describe('fastExp', () => {
  test(`within ${VS_MATH_EXP_ULP} ulp of Math.exp over a dense grid of the normal range`, () => {
    const xs = grid();
    const worst = worstUlp(xs.map(fastExp), xs);
    expect(worst.ulps, `worst at x=${worst.x}`).toBeLessThanOrEqual(VS_MATH_EXP_ULP);
  });

  test(`within ${EXP_MAX_ULP} ulp of a 40-digit decimal.js exp (spot checks)`, () => {
    const xs = [-707.5, -500.25, -100, -37.5, -10, -1, -0.5, -1e-3, -1e-12, 0, 1e-9, 0.3465, 1, 2.5, 50, 300, 709];
    for (let i = 0; i < 40; i++) xs.push(-700 + 35 * i + i / 7);
    for (const x of xs) {
      const exact = exactDecimal(x).exp();
      const got = fastExp(x);
      const err = new D40(got).minus(exact).abs().div(ulp(exact.toNumber())).toNumber();
      expect(err, `x=${x} got=${got} exact=${exact.toSignificantDigits(20).toString()}`).toBeLessThanOrEqual(EXP_MAX_ULP);
    }
  });

  test('edges: underflow to 0, overflow to Infinity, exp(0) = 1 exactly', () => {
    expect(fastExp(-746)).toBe(0);
    expect(fastExp(-1e300)).toBe(0);
    expect(fastExp(710)).toBe(Infinity);
    expect(fastExp(0)).toBe(1);
    expect(Number.isNaN(fastExp(Number.NaN))).toBe(true);
    // subnormal results: absolute error ≤ the smallest subnormal
    for (const x of [-709, -720, -740, -745]) expect(Math.abs(fastExp(x) - Math.exp(x))).toBeLessThanOrEqual(2 ** -1074);
  });

  test('the switch returns Math.exp itself', () => {
    expect(expFunction('math')).toBe(Math.exp);
    expect(expFunction('fast')).toBe(fastExp);
  });
});

describe.runIf(wasmKernelAvailable())('WASM exp (two lanes and the scalar tail)', () => {
  test(`within ${VS_MATH_EXP_ULP} ulp of Math.exp and equal to fastExp in the normal range`, () => {
    const xs = grid().filter((x) => x < WASM_EXP_DOMAIN_TOP);
    const got = wasmExpArray(xs);
    const worst = worstUlp(got, xs);
    expect(worst.ulps, `worst at x=${worst.x}`).toBeLessThanOrEqual(VS_MATH_EXP_ULP);
    // Same algorithm, same IEEE operations: identical bits wherever the result is normal.
    let differing = 0;
    for (let i = 0; i < xs.length; i++) if (Math.exp(xs[i]) >= SMALLEST_NORMAL && !Object.is(got[i], fastExp(xs[i]))) differing++;
    expect(differing).toBe(0);
  });

  test('flushes results below 2^-1022 to 0 (documented in asm/attention.ts)', () => {
    const got = wasmExpArray(Float64Array.from([-708.5, -720, -800, 0, -1e-300]));
    expect(Array.from(got.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(got[3]).toBe(1);
    expect(got[4]).toBe(1);
  });
});
