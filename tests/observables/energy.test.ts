import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { flatMatrix, identityMatrix } from '../../src/core/types.js';
import {
  betaZeroEnergy, codeEnergy, diracEnergy, multiHeadEnergy, pairEnergy, saEnergy, uniformMeasureEnergy, unitEnergy,
} from '../../src/observables/energy.js';

const Dec = Decimal.clone({ precision: 40 });
/** exp amplifies the absolute rounding of its argument (|arg| ≲ β + log terms) into relative error
 *  ~(β + 4)·ε; the logs and the final division add a few ulp. */
const expTol = (beta: number) => (8 + 2 * Math.abs(beta)) * Number.EPSILON;

function consensus(n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) x[i * d] = 1; // e_1 exactly: ⟨x_i,x_j⟩ = 1 with no rounding
  return x;
}

describe('energies', () => {
  test.each([0.5, 1, 4, 9, 50, 700])('consensus energy = e^β/(2β) against 40-digit decimal, β=%f', (beta) => {
    const ref = new Dec(beta).exp().div(new Dec(beta).mul(2));
    for (const value of [pairEnergy(consensus(7, 3), 7, 3, beta), diracEnergy(beta)]) {
      const rel = new Dec(value).sub(ref).div(ref).abs().toNumber();
      expect(rel, `beta=${beta} value=${value} ref=${ref} tol=${expTol(beta)}`).toBeLessThanOrEqual(expTol(beta));
    }
  });

  test('E_SA = n²·E_pair, E_unit = 2βe^{−β}E_pair, E_code(D = βI) = 2β·E_pair, with and without a symmetric D', () => {
    const n = 9;
    const d = 4;
    const x = uniformSphere(Rng.fromSeed(11), n, d);
    const D = flatMatrix([[1, 0.3, 0, 0], [0.3, 0.5, 0.1, 0], [0, 0.1, -0.2, 0], [0, 0, 0, 0.7]]);
    for (const beta of [0.3, 2, 30]) {
      const ePair = pairEnergy(x, n, d, beta);
      const tol = expTol(beta);
      expect(Math.abs(saEnergy(x, n, d, beta) / (n * n * ePair) - 1)).toBeLessThanOrEqual(tol);
      expect(Math.abs(saEnergy(x, n, d, beta, D) / (n * n * pairEnergy(x, n, d, beta, D)) - 1)).toBeLessThanOrEqual(tol);
      // E_unit uses the difference form of ⟨x_i,x_j⟩ − 1, a different rounding path: allow the exp amplification once more
      expect(Math.abs(unitEnergy(x, n, d, beta) / (2 * beta * Math.exp(-beta) * ePair) - 1)).toBeLessThanOrEqual(2 * tol);
      expect(Math.abs(codeEnergy(x, n, d, identityMatrix(d, beta)) / (2 * beta * ePair) - 1)).toBeLessThanOrEqual(tol);
    }
  });

  test('E_pair equals the naive double sum (small β, no overflow possible)', () => {
    const n = 6;
    const d = 3;
    const x = uniformSphere(Rng.fromSeed(5), n, d);
    const beta = 1.7;
    let s = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let k = 0; k < d; k++) v += x[i * d + k] * x[j * d + k];
        s += Math.exp(beta * v);
      }
    const naive = s / (2 * beta * n * n);
    expect(Math.abs(pairEnergy(x, n, d, beta) / naive - 1)).toBeLessThanOrEqual(expTol(beta) * n);
  });

  test('negative β (allowNegativeBeta models): the 1/(2β) prefactor keeps its sign', () => {
    const x = consensus(3, 2);
    expect(Math.abs(pairEnergy(x, 3, 2, -0.5) / (Math.exp(-0.5) / -1) - 1)).toBeLessThanOrEqual(expTol(0.5));
    expect(Math.abs(diracEnergy(-0.5) / (Math.exp(-0.5) / -1) - 1)).toBeLessThanOrEqual(expTol(0.5));
  });

  test('E_0 = (1/n) Σ_ij ⟨x_i,x_j⟩ and E_multi = Σ_h E_pair(M_h)', () => {
    const n = 7;
    const d = 3;
    const x = uniformSphere(Rng.fromSeed(3), n, d);
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
    // n² terms of size ≤ 1: rounding ≤ n²·ε
    expect(Math.abs(betaZeroEnergy(x, n, d) - s / n)).toBeLessThanOrEqual(n * n * Number.EPSILON);
    const M1 = identityMatrix(d, 2);
    const M2 = identityMatrix(d, -1);
    const sum = pairEnergy(x, n, d, 1.5, M1) + pairEnergy(x, n, d, 1.5, M2);
    expect(multiHeadEnergy(x, n, d, 1.5, [M1, M2])).toBe(sum);
  });

  test('E_β[σ_d]: closed forms for d = 2, 3 and the catalogue T4 table to its printed digits', () => {
    for (const beta of [0.5, 1, 4, 9, 40]) {
      const d3 = Math.sinh(beta) / (2 * beta * beta);
      expect(Math.abs(uniformMeasureEnergy(beta, 3) / d3 - 1), `beta=${beta}`).toBeLessThanOrEqual(expTol(beta));
    }
    // I_0(1)/2 = 0.63303 (T4, d = 2, β = 1)
    const t4: Record<number, number[]> = { 2: [1.06348, 0.63303, 1.41274, 60.75491], 3: [1.04219, 0.5876, 0.85281, 25.00952], 4: [1.03158, 0.56516, 0.60997, 12.72734], 8: [1.01572, 0.53204, 0.31287, 2.36559], 16: [1.00784, 0.51584, 0.20342, 0.53227] };
    const betas = [0.5, 1, 4, 9];
    for (const [d, row] of Object.entries(t4))
      row.forEach((printed, b) => {
        const v = uniformMeasureEnergy(betas[b], Number(d));
        // printed to 5 decimals: half a unit of the last digit
        expect(Math.abs(v - printed), `d=${d} beta=${betas[b]} value=${v} printed=${printed}`).toBeLessThanOrEqual(0.5e-5 + 1e-15);
      });
    [1.64872, 1.35914, 6.82477, 450.17133].forEach((printed, b) => expect(Math.abs(diracEnergy(betas[b]) - printed)).toBeLessThanOrEqual(0.5e-5));
  });

  test('uniform energy is below the Dirac energy, and finite up to β = 700 (where e^β/(2β) still is)', () => {
    for (const d of [2, 3, 8]) for (const beta of [0.5, 4, 100, 700]) {
      const u = uniformMeasureEnergy(beta, d);
      expect(Number.isFinite(u), `d=${d} beta=${beta}`).toBe(true);
      expect(u).toBeLessThan(diracEnergy(beta));
    }
  });
});
