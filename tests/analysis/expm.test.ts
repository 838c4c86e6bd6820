import { describe, expect, test } from 'vitest';
import { expm } from '../../src/analysis/expm.js';
import { flatMatrix } from '../../src/core/types.js';

function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) for (let j = 0; j < d; j++) out[i * d + j] += a[i * d + k] * b[k * d + j];
  return out;
}

describe('expm (scaling and squaring, [6/6] Padé)', () => {
  test('diagonal and rotation generators have closed forms', () => {
    const D = expm(flatMatrix([[1, 0], [0, -3]]));
    // Padé backward error 3.4e-16 plus 3 squarings: a few ulp relative
    expect(Math.abs(D.data[0] / Math.E - 1)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(D.data[3] / Math.exp(-3) - 1)).toBeLessThanOrEqual(1e-14);
    for (const theta of [0.3, 2, 10]) {
      const R = expm(flatMatrix([[0, -theta], [theta, 0]])).data;
      // rotations have condition 1; the squarings (≤ 5 at θ = 10) add ~ε each
      expect(Math.abs(R[0] - Math.cos(theta))).toBeLessThanOrEqual(1e-13);
      expect(Math.abs(R[2] - Math.sin(theta))).toBeLessThanOrEqual(1e-13);
    }
  });

  test('e^{A}·e^{−A} = I and e^{A} of a nilpotent matrix is I + A + A²/2', () => {
    const A = flatMatrix([[0.3, -1.2, 0.5], [0.7, 0.1, -0.4], [-0.2, 0.9, -0.6]]);
    const minus = { ...A, data: A.data.map((v) => -v) };
    const P = multiply(expm(A).data, expm(minus).data, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(P[i * 3 + j] - (i === j ? 1 : 0))).toBeLessThanOrEqual(1e-14);
    const N = expm(flatMatrix([[0, 2, 3], [0, 0, 4], [0, 0, 0]])).data;
    expect(Array.from(N).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 2, 7, 0, 1, 4, 0, 0, 1]);
  });
});
