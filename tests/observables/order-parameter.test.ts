import { describe, expect, test } from 'vitest';
import { circleOrderParameter, orderParameter } from '../../src/observables/order-parameter.js';

describe('order parameter', () => {
  test('consensus gives 1, antipodal pairs give 0, and the circle form agrees with the point form', () => {
    expect(orderParameter(Float64Array.from([0, 1, 0, 1, 0, 1]), 3, 2)).toBe(1);
    expect(orderParameter(Float64Array.from([1, 0, -1, 0]), 2, 2)).toBe(0);
    const theta = Float64Array.from([0.1, 1.3, 2.9, 4.4]);
    const pts = new Float64Array(8);
    theta.forEach((a, i) => {
      pts[2 * i] = Math.cos(a);
      pts[2 * i + 1] = Math.sin(a);
    });
    expect(Math.abs(circleOrderParameter(theta) - orderParameter(pts, 4, 2))).toBeLessThanOrEqual(8 * Number.EPSILON);
  });
});
