import { describe, expect, test } from 'vitest';
import { fitExponentialRate } from '../../src/analysis/rate-fit.js';

describe('fitExponentialRate', () => {
  test('recovers a known slope over a value window and ignores points outside it', () => {
    const times = Array.from({ length: 200 }, (_, i) => i * 0.1);
    // pure exponential e^{-2t} except a plateau (floor) after y < 1e-12, which the window must exclude
    const values = times.map((t) => Math.max(Math.exp(-2 * t), 1e-13));
    const fit = fitExponentialRate(times, values, { yMin: 1e-11, yMax: 1e-2 });
    expect(fit).toBeDefined();
    // log of exactly rounded exponentials: relative error 1 ulp → slope error ≪ 1e-12
    expect(Math.abs(fit!.slope + 2), `slope=${fit!.slope}`).toBeLessThan(1e-12);
    expect(fit!.decayRate).toBeCloseTo(2, 12);
    expect(fit!.tFirst).toBeGreaterThan(2.3);
    expect(fit!.tLast).toBeLessThan(12.7);
  });

  test('time window and confidence interval around a noisy slope', () => {
    const times = Array.from({ length: 50 }, (_, i) => i);
    const values = times.map((t, i) => Math.exp(0.5 * t + (i % 2 === 0 ? 0.01 : -0.01)));
    const fit = fitExponentialRate(times, values, { tMin: 10, tMax: 40 })!;
    expect(fit.points).toBe(31);
    expect(fit.slopeInterval[0]).toBeLessThan(0.5);
    expect(fit.slopeInterval[1]).toBeGreaterThan(0.5);
  });

  test('fewer than 3 points in the window gives undefined, not NaN', () => {
    expect(fitExponentialRate([0, 1, 2], [1, 0.5, 0.25], { tMin: 1.5 })).toBeUndefined();
  });
});
