import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';

describe('Rng', () => {
  test('same seed, same values; different seeds and streams differ', () => {
    const draw = (r: Rng) => Array.from({ length: 8 }, () => r.normal());
    expect(draw(Rng.fromSeed(42))).toEqual(draw(Rng.fromSeed(42)));
    expect(draw(Rng.fromSeed(42))).not.toEqual(draw(Rng.fromSeed(43)));
    const root = Rng.fromSeed(42);
    const s0 = draw(root.stream(0));
    expect(draw(Rng.fromSeed(42).stream(0))).toEqual(s0);
    expect(draw(root.stream(1))).not.toEqual(s0);
    expect(draw(Rng.fromSeed(42))).not.toEqual(s0);
  });

  test('uniformSphere rows are unit to 1e-14 and reproducible', () => {
    const x = uniformSphere(Rng.fromSeed(7), 500, 17);
    for (let i = 0; i < 500; i++) {
      let s = 0;
      for (let k = 0; k < 17; k++) s += x[i * 17 + k] ** 2;
      // one division by a square root: ≤ (d/2 + 2)·ε ≈ 2e-15
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThanOrEqual(1e-14);
    }
    expect(Array.from(uniformSphere(Rng.fromSeed(7), 500, 17))).toEqual(Array.from(x));
  });

  test('normal(): mean 0 and variance 1 within 4 standard errors; uniform() in [0, 1)', () => {
    const r = Rng.fromSeed(2026);
    const m = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < m; i++) {
      const g = r.normal();
      s += g;
      s2 += g * g;
    }
    expect(Math.abs(s / m)).toBeLessThanOrEqual(4 / Math.sqrt(m)); // SE of the mean = 1/√m
    expect(Math.abs(s2 / m - 1)).toBeLessThanOrEqual(4 * Math.sqrt(2 / m)); // SE of the variance = √(2/m)
    for (let i = 0; i < 1000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
