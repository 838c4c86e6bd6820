import { describe, expect, test } from 'vitest';
import { retract } from '../../src/integrate/retraction.js';

/** A d-term sum, a sqrt and a multiplication: a few ulp. */
const ROUND_TOL = 4 * Number.EPSILON;

describe('retract', () => {
  test('on the sphere every row becomes unit in its own direction; Euclidean states are untouched', () => {
    const x = Float64Array.from([3, 4, 0, 2, 0, 0]);
    retract('sphere', x, 2, 3);
    [0.6, 0.8, 0, 1, 0, 0].forEach((e, j) => expect(Math.abs(x[j] - e), `entry ${j}`).toBeLessThanOrEqual(ROUND_TOL));
    const y = Float64Array.from([3, 4, 0, 2, 0, 0]);
    retract('euclidean', y, 2, 3);
    expect(Array.from(y)).toEqual([3, 4, 0, 2, 0, 0]);
  });

  test('a row unit to rounding is left bit-identical; one just outside the tolerance is normalised', () => {
    const s = Math.SQRT1_2;
    const unit = Float64Array.from([s, s]); // ‖·‖² = 1 − ε: within 4ε of 1
    retract('sphere', unit, 1, 2);
    expect(Array.from(unit)).toEqual([s, s]);
    const slightly = Float64Array.from([1 + 8 * Number.EPSILON, 0]); // ‖·‖² − 1 ≈ 16ε > 4ε
    retract('sphere', slightly, 1, 2);
    expect(slightly[0]).toBe(1);
  });

  test('zero and NaN rows are left as they are (the solver reports non-finite states itself)', () => {
    const x = Float64Array.from([0, 0, Number.NaN, 1, 2, 0]);
    retract('sphere', x, 3, 2);
    expect(Array.from(x.subarray(0, 3))).toEqual([0, 0, Number.NaN]);
    expect(x[3]).toBe(1);
    expect(Array.from(x.subarray(4))).toEqual([1, 0]);
  });
});
