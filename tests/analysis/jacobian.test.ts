import { describe, expect, test } from 'vitest';
import { eigenvalues, finiteDifferenceJacobian, tangentBasis } from '../../src/analysis/jacobian.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import type { VectorField } from '../../src/integrate/problem.js';

// Central differences with h = 1e-6 on O(1) fields: truncation ~h² = 1e-12, rounding ~ε/h = 2e-10.
const FD_TOL = 1e-8;

describe('finiteDifferenceJacobian', () => {
  test('Euclidean: a linear field gives its matrix', () => {
    const A = [2, -1, 0.5, 3];
    const field: VectorField = (_t, x, out) => {
      out[0] = A[0] * x[0] + A[1] * x[1];
      out[1] = A[2] * x[0] + A[3] * x[1];
    };
    const { matrix } = finiteDifferenceJacobian(field, Float64Array.from([0.3, -0.7]));
    for (let k = 0; k < 4; k++) expect(Math.abs(matrix[k] - A[k])).toBeLessThan(FD_TOL);
    const ev = eigenvalues(matrix, 2);
    // eigenvalues of [[2,-1],[0.5,3]]: (5 ± √(1 − 2))/2 → complex pair 2.5 ± 0.5i
    expect(Math.abs(ev.real[0] - 2.5)).toBeLessThan(FD_TOL);
    expect(Math.abs(Math.abs(ev.imaginary[0]) - 0.5)).toBeLessThan(FD_TOL);
  });

  test('sphere: P_x(Dx) at the pole e_1 has tangent rates λ_l − λ_1', () => {
    // Oja flow ẋ = P_x(Dx) with D = diag(3, 1, -2): at x = e_1 the linearisation is diag(λ_l − λ_1).
    const lambda = [3, 1, -2];
    const field: VectorField = (_t, x, out) => {
      let s = 0;
      for (let k = 0; k < 3; k++) s += x[k] * lambda[k] * x[k];
      for (let k = 0; k < 3; k++) out[k] = lambda[k] * x[k] - s * x[k];
    };
    const { matrix, size } = finiteDifferenceJacobian(field, Float64Array.from([1, 0, 0]), { sphere: { n: 1, d: 3 } });
    expect(size).toBe(2);
    const ev = eigenvalues(matrix, size);
    expect(Math.abs(ev.real[0] + 5)).toBeLessThan(FD_TOL);
    expect(Math.abs(ev.real[1] + 2)).toBeLessThan(FD_TOL);
  });

  test('tangent basis is orthonormal and orthogonal to each row (to 1e-14)', () => {
    const n = 5;
    const d = 4;
    const x = uniformSphere(Rng.fromSeed(3), n, d);
    const B = tangentBasis(x, n, d);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < d - 1; a++) {
        const u = B.subarray((i * (d - 1) + a) * d, (i * (d - 1) + a + 1) * d);
        let sx = 0;
        for (let k = 0; k < d; k++) sx += u[k] * x[i * d + k];
        expect(Math.abs(sx)).toBeLessThan(1e-14);
        for (let b = 0; b < d - 1; b++) {
          const v = B.subarray((i * (d - 1) + b) * d, (i * (d - 1) + b + 1) * d);
          let s = 0;
          for (let k = 0; k < d; k++) s += u[k] * v[k];
          expect(Math.abs(s - (a === b ? 1 : 0))).toBeLessThan(1e-14);
        }
      }
  });
});
