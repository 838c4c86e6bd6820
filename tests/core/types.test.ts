import { describe, expect, test } from 'vitest';
import { diagonalMatrix, flatMatrix, identityMatrix, matrixToRows, PROFILE_NAMES } from '../../src/core/types.js';

describe('types', () => {
  test('flatMatrix is row-major and matrixToRows inverts it', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const m = flatMatrix(rows);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(matrixToRows(m)).toEqual(rows);
    const empty = flatMatrix([]);
    expect([empty.rows, empty.cols, empty.data.length]).toEqual([0, 0, 0]);
  });

  test('identityMatrix (with scale) and diagonalMatrix put values on the diagonal only', () => {
    expect(matrixToRows(identityMatrix(2))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(matrixToRows(identityMatrix(3, -2))).toEqual([
      [-2, 0, 0],
      [0, -2, 0],
      [0, 0, -2],
    ]);
    expect(matrixToRows(diagonalMatrix([1, 5, -3]))).toEqual([
      [1, 0, 0],
      [0, 5, 0],
      [0, 0, -3],
    ]);
  });

  test('the profiles are quick and full', () => {
    expect(PROFILE_NAMES).toEqual(['quick', 'full']);
  });
});
