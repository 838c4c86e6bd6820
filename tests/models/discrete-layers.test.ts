import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
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
});
