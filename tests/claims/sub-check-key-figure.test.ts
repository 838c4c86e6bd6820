import { describe, expect, test } from 'vitest';
import type { CheckOutcome } from '../../src/claims/claim.js';
import { keyFigureMatches, SUB_CHECK_KEY_FIGURE, withSubCheckKeyFigure } from '../../src/claims/sub-check-key-figure.js';

const outcome: CheckOutcome = {
  holds: true,
  margin: 0.5,
  measurements: [
    { name: 'max |θ_i − angle(x_i)|', measured: 2e-10, predicted: 0 },
    { name: 'step-halving estimate', measured: 1e-11 },
  ],
  tolerances: [],
  summary: 'ok',
};

describe('sub-check key figure', () => {
  test('repeats the first measurement first, named by the sub-check and the quantity', () => {
    const o = withSubCheckKeyFigure(outcome, 'reduction');
    expect(o.measurements).toHaveLength(3);
    expect(o.measurements[0]).toEqual({ ...outcome.measurements[0], name: 'deciding measurement (reduction): max |θ_i − angle(x_i)|' });
    expect(o.measurements.slice(1)).toEqual(outcome.measurements);
    expect(o.holds).toBe(true);
    expect(o.margin).toBe(0.5);
  });

  test('the runner finds it by prefix, and only by the exact prefix', () => {
    const name = withSubCheckKeyFigure(outcome, 'pde').measurements[0].name;
    expect(keyFigureMatches(name, SUB_CHECK_KEY_FIGURE)).toBe(true);
    expect(keyFigureMatches('deciding measurement', SUB_CHECK_KEY_FIGURE)).toBe(true);
    expect(keyFigureMatches('deciding measurements (x): y', SUB_CHECK_KEY_FIGURE)).toBe(false);
    expect(keyFigureMatches('max |θ_i − angle(x_i)|', SUB_CHECK_KEY_FIGURE)).toBe(false);
    expect(keyFigureMatches('time to one cluster', 'time to one cluster')).toBe(true);
  });

  test('an outcome without measurements is returned as it is', () => {
    const empty = { ...outcome, measurements: [] };
    expect(withSubCheckKeyFigure(empty, 'x')).toBe(empty);
  });
});
