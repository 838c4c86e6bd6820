import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng } from '../../src/core/rng.js';
import { ComplexFft, RealFft, requirePowerOfTwo } from '../../src/meanfield/fft.js';

/** A size-M transform sums M terms of size ≤ max|x|; radix-4 rounding grows like ε·log2 M, the naive
 *  O(M²) reference like ε·M. 8·M·ε·max covers both. */
const fftTol = (M: number, scale: number) => 8 * M * Number.EPSILON * scale;

function naiveDft(x: Float64Array): Float64Array {
  const M = x.length;
  const out = new Float64Array(2 * M);
  for (let k = 0; k < M; k++) {
    let re = 0;
    let im = 0;
    for (let m = 0; m < M; m++) {
      const a = (-2 * Math.PI * ((k * m) % M)) / M;
      re += x[m] * Math.cos(a);
      im += x[m] * Math.sin(a);
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

describe('RealFft', () => {
  test.each([4, 8, 64, 256])('forward equals the naive DFT, inverse undoes it (M=%i)', (M) => {
    const rng = Rng.fromSeed(7 + M);
    const x = new Float64Array(M).map(() => rng.normal());
    const spec = new Float64Array(M + 2);
    const fft = new RealFft(M);
    fft.forward(x, spec);
    const ref = naiveDft(x);
    const tol = fftTol(M, 4);
    for (let k = 0; k <= M / 2; k++) {
      expect(Math.abs(spec[2 * k] - ref[2 * k]), `k=${k} re tol=${tol}`).toBeLessThanOrEqual(tol);
      expect(Math.abs(spec[2 * k + 1] - ref[2 * k + 1]), `k=${k} im tol=${tol}`).toBeLessThanOrEqual(tol);
    }
    const back = new Float64Array(M);
    fft.inverse(spec, back);
    for (let m = 0; m < M; m++) expect(Math.abs(back[m] - x[m]), `m=${m}`).toBeLessThanOrEqual(tol);
  });

  test('ComplexFft inverse includes 1/N', () => {
    const fft = new ComplexFft(8);
    const x = new Float64Array(16);
    x[2] = 1; // δ at index 1
    const X = new Float64Array(16);
    const y = new Float64Array(16);
    fft.forward(x, X);
    fft.inverse(X, y);
    for (let i = 0; i < 16; i++) expect(y[i]).toBeCloseTo(x[i], 15);
  });

  test('non powers of two are a ConfigError', () => {
    expect(() => new RealFft(12)).toThrow(ConfigError);
    expect(() => new RealFft(2)).toThrow(ConfigError);
    expect(() => requirePowerOfTwo('M', 1000)).toThrow(/power of two/);
    expect(() => requirePowerOfTwo('M', '64')).toThrow(ConfigError);
    expect(requirePowerOfTwo('M', 64)).toBe(64);
  });
});
