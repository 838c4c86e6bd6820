import { describe, expect, test } from 'vitest';
import { claimSeed, DEFAULT_MASTER_SEED, masterSeedFromEnv } from '../../src/core/seeds.js';

describe('claimSeed', () => {
  test('is a non-negative 31-bit integer and depends on the id and the master seed', () => {
    const a = claimSeed(1, 'energy-monotonicity');
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 31).toBe(true);
    expect(claimSeed(1, 'spectral-selection')).not.toBe(a);
    expect(claimSeed(2, 'energy-monotonicity')).not.toBe(a);
    expect(claimSeed(1, 'energy-monotonicity')).toBe(a);
  });
});

describe('masterSeedFromEnv', () => {
  test('unset or empty → the default; a non-negative integer → itself; anything else → an error naming MFT_SEED', () => {
    expect(masterSeedFromEnv({})).toBe(DEFAULT_MASTER_SEED);
    expect(masterSeedFromEnv({ MFT_SEED: '' })).toBe(DEFAULT_MASTER_SEED);
    expect(masterSeedFromEnv({ MFT_SEED: '0' })).toBe(0);
    expect(masterSeedFromEnv({ MFT_SEED: '7' })).toBe(7);
    expect(() => masterSeedFromEnv({ MFT_SEED: '-1' })).toThrow('MFT_SEED: got "-1". Expected a non-negative integer, e.g. MFT_SEED=20261123.');
    expect(() => masterSeedFromEnv({ MFT_SEED: 'abc' })).toThrow(/MFT_SEED: got "abc"/);
    expect(() => masterSeedFromEnv({ MFT_SEED: '1.5' })).toThrow(/MFT_SEED/);
    expect(DEFAULT_MASTER_SEED).toBe(20261123);
  });
});
