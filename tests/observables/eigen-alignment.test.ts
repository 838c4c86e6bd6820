import { describe, expect, test } from 'vitest';
import { flatMatrix } from '../../src/core/types.js';
import { eigenAlignment, leadingEigenvectors } from '../../src/observables/eigen-alignment.js';

describe('eigen-alignment', () => {
  test('a_i = ⟨x_i,v⟩, misalignment and sign composition', () => {
    const v = Float64Array.from([1, 0]);
    const x = Float64Array.from([1, 0, -1, 0, Math.cos(0.1), Math.sin(0.1), 0, 1]);
    const r = eigenAlignment(x, 4, 2, v);
    expect(Array.from(r.a)).toEqual([1, -1, Math.cos(0.1), 0]);
    expect(r.axisMisalignment).toBe(1);
    expect([r.nPlus, r.nMinus, r.nZero]).toEqual([2, 1, 1]);
  });

  test('non-symmetric M: right eigenvector for positions, left eigenvector for the sign split', () => {
    const M = flatMatrix([[2, 1], [0, 1]]);
    const e = leadingEigenvectors(M);
    expect(e.value).toBeCloseTo(2, 14);
    // M v = λ v and ℓᵀ M = λ ℓᵀ (the defining identities), both unit
    const Mv = [2 * e.right[0] + e.right[1], e.right[1]];
    const lM = [2 * e.left[0], e.left[0] + e.left[1]];
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(Mv[k] - 2 * e.right[k])).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(lM[k] - 2 * e.left[k])).toBeLessThanOrEqual(1e-14);
    }
    expect(Math.abs(Math.hypot(...e.left) - 1)).toBeLessThanOrEqual(1e-15);
    expect(e.left[0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(e.gap).toBeCloseTo(1, 14);
    // a token at (−0.1, 1)/|·| is on the + side of ℓ = (1,1)/√2 but has a negative right-alignment
    const x = Float64Array.from([-0.1, 1].map((t) => t / Math.hypot(0.1, 1)));
    const r = eigenAlignment(x, 1, 2, e.right, e.left);
    expect(r.a[0]).toBeLessThan(0);
    expect(r.nPlus).toBe(1);
  });

  test('complex leading eigenvalue is rejected', () => {
    expect(() => leadingEigenvectors(flatMatrix([[0, -1], [1, 0]]))).toThrow(/complex/);
  });
});
