import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { UNIT_NORM_TOL } from '../../src/core/sphere.js';
import { flatMatrix } from '../../src/core/types.js';
import { MAX_BETA, requireBeta, requireFinite, requireMatrix, requirePositiveInteger, requireState } from '../../src/core/validate.js';
import { configErrorOf as errorOf } from '../support/config-error-of.js';

describe('validate', () => {
  test('requirePositiveInteger accepts whole numbers ≥ 1 only', () => {
    expect(requirePositiveInteger('n', 1, '8')).toBe(1);
    expect(requirePositiveInteger('n', 64, '8')).toBe(64);
    for (const bad of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '4', null]) {
      const e = errorOf(() => requirePositiveInteger('n', bad, '8'));
      expect(e.field).toBe('n');
      expect(e.value).toBe(bad);
      expect(e.fix).toBe('Expected a whole number ≥ 1, e.g. 8.');
    }
  });

  test('requireFinite accepts any finite number, rejects the rest', () => {
    expect(requireFinite('T', -0.5, '10')).toBe(-0.5);
    expect(requireFinite('T', 0, '10')).toBe(0);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1', undefined]) {
      const e = errorOf(() => requireFinite('T', bad, '10'));
      expect([e.field, e.fix]).toEqual(['T', 'Expected a finite number, e.g. 10.']);
    }
  });

  test('requireBeta: β ≥ 0 unless negatives are allowed, |β| ≤ MAX_BETA, finite', () => {
    expect(requireBeta('beta', 0)).toBe(0);
    expect(requireBeta('beta', MAX_BETA)).toBe(MAX_BETA);
    expect(requireBeta('beta', -2, true)).toBe(-2);
    expect(requireBeta('beta', -MAX_BETA, true)).toBe(-MAX_BETA);
    expect(errorOf(() => requireBeta('beta', -1e-300)).fix).toMatch(/β ≥ 0/);
    expect(errorOf(() => requireBeta('beta', MAX_BETA * (1 + Number.EPSILON))).fix).toMatch(/≤ 1000000/);
    expect(errorOf(() => requireBeta('beta', -2 * MAX_BETA, true)).fix).toMatch(/≤ 1000000/);
    expect(errorOf(() => requireBeta('beta', Number.NaN)).fix).toBe('Expected a finite number, e.g. 1.');
  });

  test('requireState: length n·d, finite entries (row named), unit rows on the sphere only', () => {
    const unit = Float64Array.from([1, 0, 0, 1]);
    expect(() => requireState('x0', unit, 2, 2, true)).not.toThrow();
    const short = errorOf(() => requireState('x0', unit, 3, 2, true));
    expect([short.field, short.value]).toEqual(['x0', 'length 4']);
    expect(short.fix).toMatch(/n·d = 3·2 = 6/);
    const nan = errorOf(() => requireState('x0', Float64Array.from([1, 0, 0, Number.NaN, 0, 1]), 3, 2, false));
    expect(nan.field).toBe('x0 row 1');
    expect(nan.fix).toBe('Every coordinate must be a finite number.');
    expect(nan.value).toBeNaN();
    const inf = errorOf(() => requireState('x0', Float64Array.from([1, 0, 0, 1, Number.POSITIVE_INFINITY, 0]), 3, 2, false));
    expect(inf.field).toBe('x0 row 2');
    // Off the sphere: fine for Euclidean models, an error naming the row and its norm on the sphere.
    const long = Float64Array.from([1, 0, 0, 2]);
    expect(() => requireState('x0', long, 2, 2, false)).not.toThrow();
    const norm = errorOf(() => requireState('x0', long, 2, 2, true));
    expect([norm.field, norm.value]).toEqual(['x0 row 1 norm', 2]);
    expect(norm.fix).toMatch(/^Rows must be unit vectors on the sphere: normalize them/);
    // The tolerance is UNIT_NORM_TOL on the norm: just inside passes, just outside fails.
    const inside = Float64Array.from([1 + UNIT_NORM_TOL / 2, 0]);
    const outside = Float64Array.from([1 + 2 * UNIT_NORM_TOL, 0]);
    const below = Float64Array.from([1 - 2 * UNIT_NORM_TOL, 0]);
    expect(() => requireState('x0', inside, 1, 2, true)).not.toThrow();
    expect(() => requireState('x0', outside, 1, 2, true)).toThrow(ConfigError);
    expect(() => requireState('x0', below, 1, 2, true)).toThrow(ConfigError);
  });

  test('requireMatrix: shape (rows optional) and finite entries, naming the bad entry', () => {
    const m = flatMatrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => requireMatrix('Q', m, 2, 3)).not.toThrow();
    expect(() => requireMatrix('V', m, undefined, 3)).not.toThrow();
    const rows = errorOf(() => requireMatrix('Q', m, 3, 3));
    expect([rows.field, rows.value, rows.fix]).toEqual(['Q', '2×3', 'Expected a 3×3 matrix (d = 3).']);
    expect(errorOf(() => requireMatrix('Q', m, 2, 2)).value).toBe('2×3');
    expect(errorOf(() => requireMatrix('V', m, undefined, 2)).fix).toBe('Expected a m×2 matrix (d = 2).');
    const bad = flatMatrix([
      [1, 2, 3],
      [4, Number.NaN, 6],
    ]);
    const e = errorOf(() => requireMatrix('K', bad, 2, 3));
    expect(e.field).toBe('K[1][1]');
    expect(e.fix).toBe('Matrix entries must be finite numbers.');
    expect(e.value).toBeNaN();
  });
});
