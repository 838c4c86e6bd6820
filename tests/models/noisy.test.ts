import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { maxUnitNormDeviation } from '../../src/core/sphere.js';
import { solve } from '../../src/integrate/solve.js';
import { makeNoisyProblem } from '../../src/models/noisy.js';

describe('noisy model', () => {
  const n = 8;
  const d = 3;
  const x0 = uniformSphere(Rng.fromSeed(31), n, d);

  test('the increment is tangent at the start point and the tokens stay on the sphere', () => {
    const p = makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, kappa: 2, noise: 'independent' });
    const out = new Float64Array(n * d);
    const r = Rng.fromSeed(1);
    p.noise!.addIncrement(0, x0, 0.01, () => r.normal(), out);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += out[i * d + k] * x0[i * d + k];
      // ⟨P_x g, x⟩ = ⟨g,x⟩(1 − |x|²): rounding of a d-term sum, ≤ d·ε·|g|·scale
      expect(Math.abs(s)).toBeLessThanOrEqual(1e-15);
    }
    const sol = solve(p, { scheme: 'em', dt: 1e-2, seed: 4, record: { every: 10, states: true } });
    for (const s of sol.states) expect(maxUnitNormDeviation(s, n, d)).toBeLessThanOrEqual(1e-12);
  });

  test('validation', () => {
    expect(() => makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, kappa: 0, noise: 'common' })).toThrow(ConfigError);
    // @ts-expect-error: a bad noise kind from untyped JSON
    expect(() => makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 1, kappa: 1, noise: 'shared' })).toThrow(/noise/);
  });
});
