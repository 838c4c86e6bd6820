import { describe, expect, test } from 'vitest';
import { flatMatrix } from '../../src/core/types.js';
import { eigenAlignment, leadingEigenvectors } from '../../src/observables/eigen-alignment.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

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
    const e = caught(() => leadingEigenvectors(flatMatrix([[0, -1], [1, 0]])));
    expect([e.field, e.value, e.fix]).toEqual(['M', 'leading eigenvalue 0±1i', 'The eigenvalue of largest real part is complex: there is no real leading direction.']);
  });

  test('a non-square M is a ConfigError naming its shape', () => {
    const e = caught(() => leadingEigenvectors(flatMatrix([[1, 0, 0], [0, 1, 0]])));
    expect([e.field, e.value, e.fix]).toEqual(['M', '2×3', 'Expected a square matrix.']);
  });

  test('sign split: tokens on the − side, on the + side and exactly orthogonal are counted apart', () => {
    // two on the − side, one on the + side, one orthogonal: the three counts are all different
    const x = Float64Array.from([-1, 0, Math.cos(2), Math.sin(2), 0, -1, 1, 0]);
    const r = eigenAlignment(x, 4, 2, Float64Array.from([0, 1]), Float64Array.from([1, 0]));
    expect([r.nPlus, r.nMinus, r.nZero]).toEqual([1, 2, 1]);
    // positions use v = e_2, not the sign vector
    expect(Array.from(r.a)).toEqual([0, Math.sin(2), -1, 0]);
  });

  test('sign convention: unit vector whose largest |entry| is positive, even when the EVD returns it negated', () => {
    // M = 11 I + 3 w wᵀ with w = (−1, 3, −1): eigenvalues 44 (along w) and 11, 11. ml-matrix returns
    // the eigenvector as −w/|w|, and the first and last entries have the opposite sign of the largest,
    // so a convention keyed on any other entry, or no flip at all, gives −w/|w|.
    const M = flatMatrix([[14, -9, 3], [-9, 38, -9], [3, -9, 14]]);
    const e = leadingEigenvectors(M);
    const w = [-1, 3, -1].map((t) => t / Math.sqrt(11));
    // symmetric EVD (Householder + QL): backward error a small multiple of ε·‖M‖, ‖M‖ = 44
    const tol = 64 * Number.EPSILON * 44;
    expect(Math.abs(e.value - 44)).toBeLessThanOrEqual(tol);
    expect(Math.abs(e.gap - 33)).toBeLessThanOrEqual(tol);
    for (let k = 0; k < 3; k++) expect(Math.abs(e.right[k] - w[k]), `v[${k}]`).toBeLessThanOrEqual(tol / 11);
    // symmetric M: the left vector equals the right one, as its own copy
    expect(Array.from(e.left)).toEqual(Array.from(e.right));
    expect(e.left).not.toBe(e.right);
  });

  test('non-symmetric M with an un-normalised EVD vector, leading eigenvalue not first: unit right and left vectors and the gap to the next real part', () => {
    // eigenvalues 1, −1, 3 (ml-matrix order); right eigenvector of 3 is (4, 4, 1)/√33 (ml-matrix returns
    // (1, 1, 0.25), norm ≠ 1); left eigenvector of 3 is e_2; gap 3 − 1 = 2 (not 3 − (−1))
    const M = flatMatrix([[1, 2, 0], [0, 3, 0], [1, 0, -1]]);
    const e = leadingEigenvectors(M);
    // nonsymmetric EVD (Hessenberg + QR): backward error a small multiple of ε·‖M‖, ‖M‖ ≤ 4
    const tol = 64 * Number.EPSILON * 4;
    expect(Math.abs(e.value - 3)).toBeLessThanOrEqual(tol);
    expect(Math.abs(e.gap - 2)).toBeLessThanOrEqual(tol);
    const v = [4, 4, 1].map((t) => t / Math.sqrt(33));
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(e.right[k] - v[k]), `v[${k}]`).toBeLessThanOrEqual(tol);
      expect(Math.abs(e.left[k] - (k === 1 ? 1 : 0)), `ℓ[${k}]`).toBeLessThanOrEqual(tol);
    }
  });

  test('1×1: the eigenvalue is the entry, the vector is +1, the gap is infinite', () => {
    const e = leadingEigenvectors(flatMatrix([[-2]]));
    expect([e.value, e.right[0], e.left[0], e.gap]).toEqual([-2, 1, 1, Infinity]);
  });
});

