import { describe, expect, test } from 'vitest';
import { claimSeed } from '../../src/core/seeds.js';

describe('claimSeed', () => {
  test('is a non-negative 31-bit integer and depends on the id and the master seed', () => {
    const a = claimSeed(1, 'energy-monotonicity');
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 31).toBe(true);
    expect(claimSeed(1, 'spectral-selection')).not.toBe(a);
    expect(claimSeed(2, 'energy-monotonicity')).not.toBe(a);
    expect(claimSeed(1, 'energy-monotonicity')).toBe(a);
  });
});
