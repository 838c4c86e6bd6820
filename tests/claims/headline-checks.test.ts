/** Checks of the headline claims' own machinery that tests/properties.test.ts (which runs every claim's
 *  property and control) does not cover: the energy control finds a real decrease, and the claims'
 *  specialised circle kernels equal the library attention kernel. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { diagonalMatrix } from '../../src/core/types.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { circleSaField } from '../../properties/concentration-log-beta.js';
import energy, { type EnergyCase } from '../../properties/energy-monotonicity.js';
import rates, { circleUsaMomentField, type RateCase } from '../../properties/exponential-rates.js';

describe('control sub-cases', () => {
  test('energy-monotonicity: fast-check finds and shrinks an actual energy decrease for skew V', () => {
    const decreases = (c: EnergyCase) => {
      const o = energy.check(c);
      const worst = o.measurements.find((m) => m.name.startsWith('worst step'))!.measured;
      return worst >= -o.tolerances[0].value;
    };
    const r = fc.check(fc.property(energy.negativeControl.cases('quick'), decreases), { seed: 7, numRuns: 30 });
    expect(r.failed).toBe(true);
    expect((r.counterexample![0] as EnergyCase).n).toBeLessThanOrEqual(4); // shrunk to a small system
  });

  test.each([
    ['cone with V = −I', { part: 'cone', normalization: 'sa', n: 6, d: 3, beta: 1, valueSign: -1, a: 0, harmonic: 1, seed: 3 }],
    ['mean field with R0 = 0', { part: 'meanfield', normalization: 'usa', n: 400, d: 2, beta: 0.1, valueSign: 1, a: 0.5, harmonic: 2, seed: 0 }],
  ] as [string, RateCase][])('exponential-rates control %s is violated', (_name, c) => {
    const o = rates.check(c);
    expect(o.inconclusive).toBeUndefined();
    expect(o.holds, o.summary).toBe(false);
  });
});

describe('fast circle kernels equal the library attention kernel', () => {
  // Both sum the same n weighted terms in a different order (or through Fourier moments whose
  // coefficients sum to 1): rounding ~n·ε relative to O(1) velocities.
  const KERNEL_TOL = 1e-13;

  test.each([10, 160, 640, 2560])('sa, V = diag(1, 1/2), β = %d (both methods)', (beta) => {
    const n = 64;
    const x = uniformSphere(Rng.fromSeed(5), n, 2);
    const ref = new Float64Array(2 * n);
    makeAttentionProblem({ normalization: 'sa', beta, x0: x, n, d: 2, T: 1, V: diagonalMatrix([1, 0.5]) }).field(0, x, ref);
    for (const m of ['fourier', 'window'] as const) {
      const out = new Float64Array(2 * n);
      circleSaField(x, n, beta, 1, 0.5, m).field(0, x, out);
      for (let i = 0; i < 2 * n; i++) expect(Math.abs(out[i] - ref[i]), `${m} i=${i}`).toBeLessThan(KERNEL_TOL);
    }
  });

  test.each([0.1, 0.5, 2])('usa, Q = K = V = I, β = %d (Fourier moments)', (beta) => {
    const n = 64;
    const x = uniformSphere(Rng.fromSeed(6), n, 2);
    const ref = new Float64Array(2 * n);
    makeAttentionProblem({ normalization: 'usa', beta, x0: x, n, d: 2, T: 1 }).field(0, x, ref);
    const out = new Float64Array(2 * n);
    circleUsaMomentField(n, beta).field(0, x, out);
    for (let i = 0; i < 2 * n; i++) expect(Math.abs(out[i] - ref[i]), `i=${i}`).toBeLessThan(KERNEL_TOL * Math.exp(beta));
  });
});
