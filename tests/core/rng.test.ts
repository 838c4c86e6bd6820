import { describe, expect, test } from 'vitest';
import { gaussianMatrix, Rng, uniformSphere } from '../../src/core/rng.js';

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

describe('Rng, exact definitions (same stream replayed by hand)', () => {
  test('normal() is the Marsaglia polar method on uniform(): u·f first, then the spare v·f', () => {
    const r = Rng.fromSeed(99);
    const ref = Rng.fromSeed(99);
    for (let pair = 0; pair < 50; pair++) {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * ref.uniform() - 1;
        v = 2 * ref.uniform() - 1;
        s = u * u + v * v;
      } while (!(s > 0 && s < 1));
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      expect(r.normal()).toBe(u * f);
      expect(r.normal()).toBe(v * f);
    }
  });

  test('fillNormal and gaussianMatrix are successive normal() draws (scaled)', () => {
    const a = Rng.fromSeed(5);
    const b = Rng.fromSeed(5);
    const filled = a.fillNormal(new Float64Array(7));
    expect(Array.from(filled)).toEqual(Array.from({ length: 7 }, () => b.normal()));
    const m = gaussianMatrix(Rng.fromSeed(6), 2, 3, 0.5);
    const c = Rng.fromSeed(6);
    expect(m.length).toBe(6);
    expect(Array.from(m)).toEqual(Array.from({ length: 6 }, () => 0.5 * c.normal()));
    // Each consumes exactly its own draws: the next draw from the stream is the next normal.
    const after = Rng.fromSeed(5);
    after.fillNormal(new Float64Array(7));
    expect(after.normal()).toBe(b.normal());
    const rngM = Rng.fromSeed(6);
    gaussianMatrix(rngM, 2, 3);
    expect(rngM.normal()).toBe(c.normal());
    const rngS = Rng.fromSeed(9);
    uniformSphere(rngS, 2, 3);
    const refS = Rng.fromSeed(9);
    for (let k = 0; k < 6; k++) refS.normal();
    expect(rngS.normal()).toBe(refS.normal());
    const unit = gaussianMatrix(Rng.fromSeed(6), 1, 2);
    const e = Rng.fromSeed(6);
    expect(Array.from(unit)).toEqual([e.normal(), e.normal()]);
  });

  test('uniformSphere normalises successive Gaussian rows', () => {
    const x = uniformSphere(Rng.fromSeed(8), 3, 4);
    const r = Rng.fromSeed(8);
    for (let i = 0; i < 3; i++) {
      const g = Array.from({ length: 4 }, () => r.normal());
      const inv = 1 / Math.sqrt(g.reduce((s, t) => s + t * t, 0));
      expect(Array.from(x.subarray(i * 4, i * 4 + 4))).toEqual(g.map((t) => t * inv));
    }
  });

  test('integer(m) covers exactly 0..m−1', () => {
    const r = Rng.fromSeed(12);
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const k = r.integer(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5, `k=${k}`).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(Rng.fromSeed(1).integer(1)).toBe(0);
  });

  test('fromSeed uses the high bits of the seed and refuses unsafe seeds', () => {
    expect(Rng.fromSeed(1).uniform()).not.toBe(Rng.fromSeed(2 ** 32 + 1).uniform());
    expect(Rng.fromSeed(2 ** 40).uniform()).not.toBe(Rng.fromSeed(0).uniform());
    expect(() => Rng.fromSeed(2 ** 53)).toThrow(/safe integer/);
    expect(() => Rng.fromSeed(1.5)).toThrow(/safe integer/);
  });

  test('stream(i) is a clone jumped i + 1 times: it leaves the parent untouched and streams differ', () => {
    const root = Rng.fromSeed(3);
    const first = root.stream(2).uniform();
    expect(Rng.fromSeed(3).uniform()).toBe(root.uniform()); // parent unaffected by making streams
    expect(Rng.fromSeed(3).stream(2).uniform()).toBe(first);
    const values = [0, 1, 2, 3].map((i) => Rng.fromSeed(3).stream(i).uniform());
    expect(new Set(values).size).toBe(4);
    expect(values).not.toContain(Rng.fromSeed(3).uniform());
  });
});
