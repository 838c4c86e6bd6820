import { describe, expect, test } from 'vitest';
import { linearRegression, studentTCdf, studentTQuantile } from '../../src/analysis/regression.js';
import { Rng } from '../../src/core/rng.js';

// Textbook quantiles t_{0.975, ν} (printed to 4 decimals); bisection is exact to ~1e-12, so the printed
// rounding (5e-5) is the tolerance.
const T975 = [
  [1, 12.7062],
  [2, 4.3027],
  [5, 2.5706],
  [10, 2.2281],
  [30, 2.0423],
] as const;
const PRINTED_QUANTILE_TOL = 5e-5;

describe('studentTQuantile', () => {
  test.each(T975)('t_{0.975, %i} = %f', (dof, expected) => {
    const q = studentTQuantile(0.975, dof);
    expect(Math.abs(q - expected), `dof=${dof} q=${q} expected=${expected}`).toBeLessThanOrEqual(PRINTED_QUANTILE_TOL);
    expect(Math.abs(studentTCdf(q, dof) - 0.975)).toBeLessThan(1e-12);
    expect(studentTQuantile(0.025, dof)).toBeCloseTo(-q, 12);
  });
});

describe('linearRegression', () => {
  test('recovers an exact line with zero residual and R² = 1', () => {
    const x = [0, 1, 2, 3, 4, 5];
    const fit = linearRegression(x, x.map((v) => 3 - 0.5 * v));
    // float64 rounding of a 6-point centred sum: a few ulp of O(1) numbers
    expect(Math.abs(fit.slope + 0.5)).toBeLessThan(1e-14);
    expect(Math.abs(fit.intercept - 3)).toBeLessThan(1e-14);
    expect(fit.rSquared).toBeCloseTo(1, 14);
  });

  test('95 % slope interval covers the true slope at about the nominal rate (Monte Carlo)', () => {
    const rng = Rng.fromSeed(7);
    const x = Array.from({ length: 12 }, (_, i) => i / 4);
    let covered = 0;
    const trials = 2000;
    for (let k = 0; k < trials; k++) {
      const y = x.map((v) => 1 + 2 * v + 0.3 * rng.normal());
      const fit = linearRegression(x, y);
      if (fit.slopeInterval[0] <= 2 && 2 <= fit.slopeInterval[1]) covered++;
    }
    // binomial SE √(0.95·0.05/2000) = 0.0049; 4 SE = 0.0195
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.0195);
  });

  test('rejects fewer than 3 points', () => {
    expect(() => linearRegression([0, 1], [0, 1])).toThrow(/need ≥ 3 points/);
  });
});
