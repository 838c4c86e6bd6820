import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { identityMatrix } from '../../src/core/types.js';
import type { OdeProblem } from '../../src/integrate/problem.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { pairEnergy } from '../../src/observables/energy.js';
import { makeObservable, OBSERVABLE_NAMES, OBSERVABLES } from '../../src/observables/registry.js';

const n = 6;
const d = 3;
const x0 = uniformSphere(Rng.fromSeed(2), n, d);
const problem = makeAttentionProblem({ normalization: 'usa', beta: 2, x0, n, d, T: 1 });

describe('observable registry', () => {
  test('every entry has a doc line and gives a finite number on an attention problem', () => {
    for (const name of OBSERVABLE_NAMES) {
      expect(OBSERVABLES[name].description.length, name).toBeGreaterThan(10);
      const value = makeObservable(name, problem)(0, x0);
      expect(Number.isFinite(value), `${name}=${value}`).toBe(true);
    }
  });

  test('energy-pair uses B = QᵀK of the problem', () => {
    const Q = identityMatrix(d, 2);
    const p = makeAttentionProblem({ normalization: 'usa', beta: 1.5, x0, n, d, T: 1, Q });
    expect(makeObservable('energy-pair', p)(0, x0)).toBe(pairEnergy(x0, n, d, 1.5, identityMatrix(d, 2)));
    expect(makeObservable('energy-pair', problem)(0, x0)).toBe(pairEnergy(x0, n, d, 2));
  });

  test('parameters after a colon, and clear errors for bad names, parameters and models', () => {
    const coincident = new Float64Array(n * d);
    for (let i = 0; i < n; i++) coincident[i * d] = 1;
    expect(makeObservable('clusters:0.5', problem)(0, coincident)).toBe(1);
    expect(() => makeObservable('nope', problem)).toThrow(ConfigError);
    expect(() => makeObservable('clusters:abc', problem)).toThrow(/finite number/);
    expect(() => makeObservable('diameter:1', problem)).toThrow(/no parameter/);
    expect(() => makeObservable('attention-entropy:3', problem)).toThrow(/Head index/);
    const euclidean: OdeProblem = { ...problem, manifold: 'euclidean' };
    expect(() => makeObservable('cosine-gap', euclidean)).toThrow(/sphere/);
    const zeroBeta = makeAttentionProblem({ normalization: 'sa', beta: 0, x0, n, d, T: 1 });
    expect(() => makeObservable('energy-pair', zeroBeta)).toThrow(/energy-zero/);
  });
});
