import { describe, expect, test } from 'vitest';
import { pdeClusteringCheck } from '../../../src/meanfield/checks/pde-clustering-check.js';
import { pdeDominantMode } from '../../../src/meanfield/checks/pde-dominant-mode.js';
import { pdeNoiseThreshold } from '../../../src/meanfield/checks/pde-noise-threshold.js';

describe('pdeDominantMode (metastability, linear phase)', () => {
  test.each([
    ['sa', 4],
    ['sa', 16],
    ['usa', 2],
  ] as const)('%s β=%f: dominant mode k* and its rate', (normalization, beta) => {
    const r = pdeDominantMode({ normalization, beta, seed: 3 });
    expect(r.holds, r.summary).toBe(true);
    expect(r.inconclusive).toBeUndefined();
    expect(r.kMeasured).toBe(r.kStar);
  });
  test('the rate is a measurement, not a window: within 1e-3 of λ_{k*} on a resolved grid', () => {
    // the scheme reproduces λ_k·sinc(kh/2) (tests/meanfield/circle-pde.test.ts): at k* = 6, M = 1024 that is 1e-4
    const r = pdeDominantMode({ normalization: 'sa', beta: 16, seed: 5 });
    expect(Math.abs(r.rateMeasured / r.ratePredicted - 1), r.summary).toBeLessThan(1e-3);
  });
});

describe('pdeNoiseThreshold (noise synchronisation)', () => {
  test.each([
    ['usa', 0],
    ['sa', 0],
    ['usa', 1],
    ['sa', 4],
  ] as const)('%s β=%f: κ_c from the PDE equals T9', (normalization, beta) => {
    const r = pdeNoiseThreshold({ normalization, beta });
    expect(r.holds, r.summary).toBe(true);
    if (beta === 0) expect(Math.abs(r.kappaMeasured - 2)).toBeLessThan(2e-3 * 2);
  });
});

describe('pdeClusteringCheck (exponential-rates (c) on the PDE)', () => {
  test('R_0 > 0, β = 0: decays (hand-off to quantile particles), late slope −e^β', () => {
    const r = pdeClusteringCheck({ beta: 0, a: 0.5, harmonic: 1, particles: 2000, T: 30 });
    expect(r.holds, r.summary).toBe(true);
    expect(r.switchTime).toBeLessThan(30);
    // near consensus the usa circle contracts at rate e^{β} [derived: linearisation at a Dirac]
    expect(Math.abs(r.lateSlope + 1)).toBeLessThan(0.01);
  });
  test('control R_0 = 0 (cos 2θ): W2 stays ≥ π/2 and the check fails', () => {
    const r = pdeClusteringCheck({ beta: 0.1, a: 0.5, harmonic: 2, particles: 2000, T: 30 });
    expect(r.holds, r.summary).toBe(false);
    expect(Math.min(...r.w2)).toBeGreaterThanOrEqual(Math.PI / 2 - 1e-9);
  });
});

describe('pdeNoiseStationary (noisy Kuramoto, β = 0)', () => {
  test('κ = 3: stationary R is the root of r = I_1(κr)/I_0(κr); κ = 1.5: R → 0', async () => {
    const { pdeNoiseStationary, kuramotoOrderParameter } = await import('../../../src/meanfield/checks/pde-noise-stationary.js');
    expect(kuramotoOrderParameter(1.5)).toBe(0);
    const r3 = kuramotoOrderParameter(3);
    // the root satisfies its equation to rounding
    expect(Math.abs(r3 - (await import('../../../src/analysis/bessel.js')).besselIScaled(1, 3 * r3) / (await import('../../../src/analysis/bessel.js')).besselIScaled(0, 3 * r3))).toBeLessThan(1e-14);
    const above = pdeNoiseStationary({ kappa: 3, T: 60 });
    expect(above.holds, above.summary).toBe(true);
    expect(above.inconclusive).toBeUndefined();
    const below = pdeNoiseStationary({ kappa: 1.5 });
    expect(below.holds, below.summary).toBe(true);
    expect(below.rMeasured).toBeLessThan(1e-6);
  });
});
