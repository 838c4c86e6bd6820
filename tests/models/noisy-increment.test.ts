import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { makeNoisyProblem } from '../../src/models/noisy.js';

/** A product, a d-term dot product and a subtraction per entry: a few ulp of O(1) values. */
const TOL = 16 * Number.EPSILON;

describe('noisy model: the increment is exactly √(2/κ)·√h·P_{x_i} ξ added to out', () => {
  const n = 3;
  const d = 2;
  const x0 = uniformSphere(Rng.fromSeed(4), n, d);
  for (const noise of ['independent', 'common'] as const)
    test(`${noise}: ξ per token in draw order (independent) or one ξ shared (common)`, () => {
      const kappa = 0.5;
      const h = 0.04;
      const p = makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, kappa, noise });
      expect(p.label).toBe(`noisy (${noise}, kappa=0.5) sa, n=3, d=2, beta=1`);
      expect(p.params).toMatchObject({ kappa, noise });
      const draws = [0.3, -1.2, 0.7, 2.1, -0.4, 0.9];
      let next = 0;
      const out = Float64Array.from({ length: n * d }, (_, j) => j); // the drift step already in out
      p.noise!.addIncrement(0, x0, h, () => draws[next++], out);
      expect(next).toBe(noise === 'common' ? d : n * d);
      const scale = Math.sqrt(2 / kappa) * Math.sqrt(h);
      for (let i = 0; i < n; i++) {
        const xi = noise === 'common' ? draws.slice(0, d) : draws.slice(i * d, i * d + d);
        const s = xi[0] * x0[i * d] + xi[1] * x0[i * d + 1];
        for (let k = 0; k < d; k++) expect(Math.abs(out[i * d + k] - (i * d + k + scale * (xi[k] - s * x0[i * d + k]))), `token ${i} k=${k}`).toBeLessThanOrEqual(TOL);
      }
    });

  test('κ and the noise kind are validated with their fix', () => {
    for (const kappa of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, kappa, noise: 'common' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe('kappa');
      expect((error as ConfigError).fix).toBe('Expected a finite κ > 0 (noise strength √(2/κ)), e.g. 4.');
    }
    // @ts-expect-error: an unknown kind from untyped JSON
    expect(() => makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, kappa: 1, noise: 'shared' })).toThrow(
      'noise: got "shared". Use "independent" (one Brownian motion per token) or "common" (one shared).',
    );
  });
});
