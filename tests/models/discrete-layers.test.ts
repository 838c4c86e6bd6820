import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { OdeProblem, VectorField } from '../../src/integrate/problem.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { runDiscreteLayers } from '../../src/models/discrete-layers.js';
import { makeEuclideanProblem } from '../../src/models/euclidean.js';

describe('discrete layers', () => {
  const n = 6;
  const d = 3;
  const x0 = uniformSphere(Rng.fromSeed(23), n, d);

  test('post-LN on the sphere is scheme S1 (euler-unprojected) with dt = 1/L', () => {
    const p = makeAttentionProblem({ normalization: 'sa', beta: 2, x0, n, d, T: 1 });
    const L = 16;
    const layers = runDiscreteLayers(p, L);
    const s1 = solve(p, { scheme: 'euler-unprojected', dt: 1 / L, record: { every: 1, states: true } });
    expect(layers.layers).toBe(16);
    expect(layers.states.length).toBe(17);
    // identical float operations except the solver's last step, which lands on T exactly (a step of
    // 1/L ± 1 ulp): agreement to rounding
    layers.states.forEach((s, l) => {
      for (let q = 0; q < n * d; q++) expect(Math.abs(s[q] - s1.states[l][q]), `layer ${l}`).toBeLessThanOrEqual(4 * Number.EPSILON);
    });
    // and it is not S2 (projected Euler): those differ at O(1/L)
    const s2 = solve(p, { scheme: 'euler', dt: 1 / L }).final;
    expect(Math.max(...layers.final.map((v, q) => Math.abs(v - s2[q])))).toBeGreaterThan(1e-5);
  });

  test('Euclidean: x_{l+1} = x_l + F(x_l)/L, i.e. explicit Euler', () => {
    const p = makeEuclideanProblem({ beta: 1, x0, n, d, T: 2 });
    const layers = runDiscreteLayers(p, 8);
    const euler = solve(p, { scheme: 'euler', dt: 1 / 8 }).final;
    for (let q = 0; q < n * d; q++) expect(Math.abs(layers.final[q] - euler[q])).toBeLessThanOrEqual(16 * Number.EPSILON);
    expect(layers.times[16]).toBe(2);
  });

  test('L·T must be a whole number of layers', () => {
    const p = makeAttentionProblem({ normalization: 'sa', beta: 2, x0, n, d, T: 0.3 });
    expect(() => runDiscreteLayers(p, 4)).toThrow(ConfigError);
    expect(runDiscreteLayers(p, 10).layers).toBe(3);
  });
  /** A hand-made problem with an explicit time span and fields, so that the time and the field the
   *  layers use can be read off the result exactly (small integers and dyadic steps: no rounding). */
  function handMade(manifold: 'euclidean' | 'sphere', timeSpan: [number, number], field: VectorField, rawField?: VectorField): OdeProblem {
    return { n: 1, d: 2, initial: Float64Array.from([1, 0]), timeSpan, params: {}, manifold, field, rawField, label: 'hand-made' };
  }

  test('layer ℓ evaluates the field at t0 + ℓ/L, and the layer count is L·(T − t0)', () => {
    // F(t, x) = (t, 0) does not depend on x: the Euclidean layers sum h·t_ℓ exactly (dyadic values)
    const field: VectorField = (t, _x, out) => {
      out[0] = t;
      out[1] = 0;
    };
    const L = 4;
    const r = runDiscreteLayers(handMade('euclidean', [2, 3], field), L);
    expect(r.layers).toBe(4);
    expect(Array.from(r.times)).toEqual([2, 2.25, 2.5, 2.75, 3]);
    // x_ℓ = 1 + Σ_{m<ℓ} (1/4)(2 + m/4): 1, 1.5, 2.0625, 2.6875, 3.375
    expect(r.states.map((s) => s[0])).toEqual([1, 1.5, 2.0625, 2.6875, 3.375]);
    expect(r.final[0]).toBe(3.375);
  });

  test('Euclidean problems use `field` even when a `rawField` is present; sphere problems use `rawField`', () => {
    const towardsE2: VectorField = (_t, _x, out) => {
      out[0] = 0;
      out[1] = 1;
    };
    const zero: VectorField = (_t, _x, out) => out.fill(0);
    expect(Array.from(runDiscreteLayers(handMade('euclidean', [0, 1], towardsE2, zero), 2).final)).toEqual([1, 1]);
    // on the sphere each layer adds the raw field (0, 1)/2 to x and normalises: (1, 0) → (1, 1/2)/|·| → …
    const expected = [1, 0];
    for (let l = 0; l < 2; l++) {
      expected[1] += 0.5;
      const norm = Math.hypot(expected[0], expected[1]);
      expected[0] /= norm;
      expected[1] /= norm;
    }
    // float64 rounding of two normalisations (hypot vs 1/√s·x): a few ulp of values ≤ 1
    const ROUNDING = 8 * Number.EPSILON;
    const onSphere = runDiscreteLayers(handMade('sphere', [0, 1], zero, towardsE2), 2).final;
    for (let k = 0; k < 2; k++) expect(Math.abs(onSphere[k] - expected[k])).toBeLessThanOrEqual(ROUNDING);
    // without a rawField the sphere falls back to `field`
    const fallback = runDiscreteLayers(handMade('sphere', [0, 1], towardsE2), 2).final;
    for (let k = 0; k < 2; k++) expect(Math.abs(fallback[k] - expected[k])).toBeLessThanOrEqual(ROUNDING);
  });

  test('whole-number check: relative slack 1e-9·max(1, L·T), errors name L and the fix', () => {
    const zero: VectorField = (_t, _x, out) => out.fill(0);
    // L·T = 3 + 5e-10: within the slack 1e-9·3
    expect(runDiscreteLayers(handMade('euclidean', [0, 3 + 5e-10], zero), 1).layers).toBe(3);
    // L·T = 3 + 1e-8: outside it
    expect(() => runDiscreteLayers(handMade('euclidean', [0, 3 + 1e-8], zero), 1)).toThrow(ConfigError);
    // for a large L·T the slack is relative: 2000 + 1e-6 is accepted (slack 2e-6; an absolute 1e-9 would reject it)
    expect(runDiscreteLayers(handMade('euclidean', [0, 2000 + 1e-6], zero), 1).layers).toBe(2000);
    let error: unknown;
    try {
      runDiscreteLayers(handMade('euclidean', [0, 0.3], zero), 4);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('L');
    expect((error as ConfigError).value).toBe(4);
    expect((error as ConfigError).fix).toMatch(/^L·T = 1\.2 must be a whole number of layers; choose T a multiple of 1\/L\.$/);
    // and L itself must be a whole number ≥ 1
    for (const bad of [0, 2.5, -1]) {
      let e2: unknown;
      try {
        runDiscreteLayers(handMade('euclidean', [0, 1], zero), bad);
      } catch (e) {
        e2 = e;
      }
      expect((e2 as ConfigError).field).toBe('L');
      expect((e2 as ConfigError).fix).toBe('Expected a whole number ≥ 1, e.g. 64.');
    }
  });
});
