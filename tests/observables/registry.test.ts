import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { identityMatrix } from '../../src/core/types.js';
import type { OdeProblem } from '../../src/integrate/problem.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { anglesToPoints, makeCircleProblem } from '../../src/models/circle.js';
import { makeEuclideanProblem } from '../../src/models/euclidean.js';
import { makeZeroTemperatureProblem } from '../../src/models/zero-temperature.js';
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

  test('circle problems are observed through their points; Euclidean and zero-temperature problems get clear refusals', () => {
    const theta = Float64Array.from([0.2, 1.1, 2.9, 4]);
    const circle = makeCircleProblem({ normalization: 'sa', beta: 2, theta0: theta, T: 1 });
    const points = anglesToPoints(theta);
    expect(makeObservable('energy-pair', circle)(0, theta)).toBe(pairEnergy(points, 4, 2, 2));
    let minCos = 1;
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) minCos = Math.min(minCos, Math.cos(theta[i] - theta[j]));
    // 1 − |x_i − x_j|²/2 vs cos Δ: both within a few ulp of the exact value
    expect(Math.abs(makeObservable('min-inner-product', circle)(0, theta) - minCos)).toBeLessThanOrEqual(8 * Number.EPSILON);
    const euclid = makeEuclideanProblem({ beta: 1, x0: Float64Array.from([0.5, 2, -1, 0.3]), n: 2, d: 2, T: 1 });
    expect(Number.isFinite(makeObservable('energy-pair', euclid)(0, euclid.initial))).toBe(true);
    expect(() => makeObservable('clusters', euclid)).toThrow(/sphere/);
    const zt = makeZeroTemperatureProblem({ x0, n, d, T: 1 });
    expect(() => makeObservable('energy-pair', zt)).toThrow(/β/);
    expect(() => makeObservable('attention-entropy', zt)).toThrow(/attention model/);
    expect(makeObservable('order-parameter', zt)(0, x0)).toBeGreaterThan(0);
  });
});
