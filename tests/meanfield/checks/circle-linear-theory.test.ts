import { describe, expect, test } from 'vitest';
import { fastestMode, modeGrowthRate, noiseThreshold } from '../../../src/meanfield/checks/circle-linear-theory.js';

/** Catalogue T2 (printed to 4 decimals): half a unit in the last printed digit. */
const T2_TOL = 5e-5;
/** Catalogue T9 (printed to 4 significant digits / 4 decimals): half a unit in the last printed digit. */
const T9_TOL = 5e-5;

describe('linear theory on the circle vs catalogue T2 and T9', () => {
  const t2: Array<[number, number, number]> = [
    [0.5, 1, 0.485],
    [1, 1, 0.4464],
    [2, 2, 0.6045],
    [4, 3, 0.6644],
    [9, 4, 0.7045],
    [16, 6, 0.7143],
    [25, 7, 0.7258],
    [36, 8, 0.7245],
    [64, 11, 0.7309],
    [100, 14, 0.7332],
    [400, 28, 0.735],
    [1000, 45, 0.7355],
    [4000, 89, 0.7357],
  ];
  test.each(t2)('T2: β=%f → k*=%i, sa rate %f', (beta, kStar, rate) => {
    expect(fastestMode(beta)).toBe(kStar);
    expect(Math.abs(modeGrowthRate('sa', beta, kStar) - rate)).toBeLessThanOrEqual(T2_TOL);
  });
  test.each([
    [0.5, 0.5158],
    [1, 0.5652],
    [2, 1.3779],
    [4, 7.5089],
    [9, 770.43],
  ])('T2 usa rates: β=%f → %f', (beta, rate) => {
    const got = modeGrowthRate('usa', beta, fastestMode(beta));
    expect(Math.abs(got - rate), `got ${got}`).toBeLessThanOrEqual(beta === 9 ? 5e-3 : T2_TOL);
  });
  test.each([
    [0.5, 1.9388, 2.0619],
    [1, 1.7694, 2.2402],
    [2, 1.2574, 2.8663],
    [4, 0.4099, 4.6322],
    [9, 0.0087, 9.5471],
  ])('T9 d=2: β=%f → κ_c usa %f, sa %f', (beta, usa, sa) => {
    expect(Math.abs(noiseThreshold('usa', beta) - usa)).toBeLessThanOrEqual(T9_TOL);
    expect(Math.abs(noiseThreshold('sa', beta) - sa)).toBeLessThanOrEqual(T9_TOL);
  });
  test('β → 0: κ_c = 2 for both normalisations, and the small-β limit is continuous', () => {
    expect(noiseThreshold('usa', 0)).toBe(2);
    expect(noiseThreshold('sa', 0)).toBe(2);
    expect(Math.abs(noiseThreshold('usa', 1e-6) - 2)).toBeLessThan(1e-6);
    expect(Math.abs(noiseThreshold('sa', 1e-6) - 2)).toBeLessThan(1e-6);
    expect(Math.abs(modeGrowthRate('usa', 1e-8, 1) - 0.5)).toBeLessThan(1e-8);
  });
});
