import { describe, expect, test } from 'vitest';
import { effectiveDimension, equiangularSpread, meanOffDiagonalGram } from '../../src/observables/gram.js';

function basis(n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) x[i * d + i] = 1;
  return x;
}

describe('Gram diagnostics', () => {
  test('orthonormal tokens: spread 0, mean Gram 0, effective dimension n', () => {
    const x = basis(5, 8);
    expect(equiangularSpread(x, 5, 8)).toBe(0);
    expect(meanOffDiagonalGram(x, 5, 8)).toBe(0);
    expect(effectiveDimension(x, 5, 8)).toBe(5);
  });

  test('near consensus the spread keeps relative precision: two pairs at angles 1e-7 and 2e-7', () => {
    const x = Float64Array.from([1, 0, Math.cos(1e-7), Math.sin(1e-7), Math.cos(3e-7), Math.sin(3e-7)]);
    // gaps 1 − cos: 5e-15, 2e-14, 4.5e-14 → spread 4e-14; dot products would round at ~1e-16 absolute,
    // here the differences are exact to ~1e-7 relative (1 ulp of cos near 1 over a 1e-7 chord)
    const spread = equiangularSpread(x, 3, 2);
    expect(Math.abs(spread / 4e-14 - 1)).toBeLessThanOrEqual(1e-6);
  });

  test('consensus has effective dimension 1; n > d uses the d×d covariance', () => {
    const x = new Float64Array(10 * 3);
    for (let i = 0; i < 10; i++) x[i * 3 + 2] = 1;
    expect(effectiveDimension(x, 10, 3)).toBe(1);
    const y = new Float64Array(10 * 3);
    for (let i = 0; i < 10; i++) y[i * 3 + (i % 3)] = 1;
    expect(effectiveDimension(y, 10, 3)).toBe(3);
  });
});
