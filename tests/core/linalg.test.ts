import { describe, expect, test } from 'vitest';
import { allFinite, applyToRows, axpy, dot, isSymmetric, matMul, maxAbs, maxAbsDiff, scalarOfIdentity, transpose } from '../../src/core/linalg.js';
import { flatMatrix, identityMatrix } from '../../src/core/types.js';

// Small integers throughout: every product and sum below is exact in float64, so equality is exact.
const A = flatMatrix([
  [1, 2, 0],
  [-3, 4, 5],
]); // 2×3
const B = flatMatrix([
  [2, -1],
  [0, 3],
  [7, 1],
]); // 3×2

describe('linalg', () => {
  test('dot reads d entries from each offset', () => {
    const a = Float64Array.from([9, 1, 2, 3, 9]);
    const b = Float64Array.from([4, 5, 6, 9]);
    expect(dot(a, 1, b, 0, 3)).toBe(1 * 4 + 2 * 5 + 3 * 6);
    expect(dot(a, 2, b, 1, 2)).toBe(2 * 5 + 3 * 6);
    expect(dot(a, 0, b, 0, 0)).toBe(0);
  });

  test('axpy adds alpha·x into y over the whole array', () => {
    const y = Float64Array.from([1, 2, 3]);
    axpy(2, Float64Array.from([1, -1, 4]), y);
    expect(Array.from(y)).toEqual([3, 0, 11]);
  });

  test('maxAbs and maxAbsDiff take the largest magnitude and propagate NaN', () => {
    expect(maxAbs(Float64Array.from([1, -7, 3]))).toBe(7);
    expect(maxAbs(Float64Array.from([-2, 0.5]))).toBe(2);
    expect(maxAbs(new Float64Array(0))).toBe(0);
    expect(maxAbs(Float64Array.from([1, Number.NaN, 3]))).toBeNaN();
    expect(maxAbs(Float64Array.from([Number.NaN, 5]))).toBeNaN(); // once NaN, no later value compares greater
    expect(maxAbsDiff(Float64Array.from([1, 5, -2]), Float64Array.from([1, 2, 4]))).toBe(6);
    expect(maxAbsDiff(Float64Array.from([1, 2]), Float64Array.from([3, 2]))).toBe(2);
    expect(maxAbsDiff(Float64Array.from([0, Number.NaN, 0]), Float64Array.from([0, 0, 9]))).toBeNaN();
  });

  test('allFinite rejects NaN and ±Infinity anywhere', () => {
    expect(allFinite(Float64Array.from([0, 1e308, -1e308]))).toBe(true);
    expect(allFinite(new Float64Array(0))).toBe(true);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(allFinite(Float64Array.from([1, 2, bad]))).toBe(false);
      expect(allFinite(Float64Array.from([bad, 2, 3]))).toBe(false);
    }
  });

  test('matMul equals the textbook product, and A·I = A; mismatched shapes throw', () => {
    const c = matMul(A, B);
    expect([c.rows, c.cols]).toEqual([2, 2]);
    // row 1: [1,2,0]·cols = [2, 5]; row 2: [-3,4,5]·cols = [-6+35, 3+12+5]
    expect(Array.from(c.data)).toEqual([2, 5, 29, 20]);
    expect(Array.from(matMul(A, identityMatrix(3)).data)).toEqual(Array.from(A.data));
    expect(() => matMul(A, A)).toThrow(/2×3 and 2×3 do not chain/);
  });

  test('applyToRows writes M x_i for each row (rectangular M)', () => {
    const x = Float64Array.from([1, 0, 2, 0, -1, 1]); // two rows of length 3
    const out = new Float64Array(4).fill(99); // must be overwritten, not accumulated into
    applyToRows(A, x, 2, out);
    expect(Array.from(out)).toEqual([1 * 1 + 0 + 0, -3 + 0 + 10, 0 - 2 + 0, 0 - 4 + 5]);
  });

  test('transpose swaps shape and entries; (AB)ᵀ = BᵀAᵀ', () => {
    const t = transpose(A);
    expect([t.rows, t.cols]).toEqual([3, 2]);
    expect(Array.from(t.data)).toEqual([1, -3, 2, 4, 0, 5]);
    expect(Array.from(transpose(matMul(A, B)).data)).toEqual(Array.from(matMul(transpose(B), transpose(A)).data));
  });

  test('isSymmetric: exact by default, with a tolerance when given; non-square is not symmetric', () => {
    const s = flatMatrix([
      [1, 2],
      [2, 3],
    ]);
    const near = flatMatrix([
      [1, 2],
      [2 + 1e-9, 3],
    ]);
    expect(isSymmetric(s)).toBe(true);
    expect(isSymmetric(near)).toBe(false);
    expect(isSymmetric(near, 1e-8)).toBe(true);
    expect(isSymmetric(near, 1e-10)).toBe(false);
    expect(isSymmetric(A)).toBe(false);
    expect(isSymmetric(flatMatrix([[1, 0, 0], [0, 1, 0]]))).toBe(false); // symmetric-looking, but 2×3
    expect(isSymmetric(flatMatrix([[1, 0, 0], [0, 1, 0], [0, 0.5, 1]]))).toBe(false); // asymmetry below the first row
  });

  test('scalarOfIdentity recognises s·I only', () => {
    expect(scalarOfIdentity(identityMatrix(3, 2.5))).toBe(2.5);
    expect(scalarOfIdentity(identityMatrix(2, 0))).toBe(0);
    expect(scalarOfIdentity(flatMatrix([[2, 0], [0, 3]]))).toBeUndefined();
    expect(scalarOfIdentity(flatMatrix([[2, 0], [1e-300, 2]]))).toBeUndefined();
    expect(scalarOfIdentity(flatMatrix([[2, 1], [0, 2]]))).toBeUndefined();
    expect(scalarOfIdentity(A)).toBeUndefined();
    expect(scalarOfIdentity(flatMatrix([[2, 0, 0], [0, 2, 0]]))).toBeUndefined(); // looks like 2·I, but 2×3
  });
});
