import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { flatMatrix, identityMatrix } from '../../src/core/types.js';
import type { OdeProblem } from '../../src/integrate/problem.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { anglesToPoints, makeCircleProblem } from '../../src/models/circle.js';
import { makeEuclideanProblem } from '../../src/models/euclidean.js';
import { makeLayerNormProblem } from '../../src/models/layer-norm.js';
import { makeZeroTemperatureProblem } from '../../src/models/zero-temperature.js';
import { attentionEntropy } from '../../src/observables/attention-entropy.js';
import { countClusters } from '../../src/observables/clusters.js';
import { cosineGap, diameter } from '../../src/observables/diameter.js';
import { betaZeroEnergy, codeEnergy, multiHeadEnergy, pairEnergy, saEnergy, unitEnergy } from '../../src/observables/energy.js';
import { effectiveDimension, equiangularSpread } from '../../src/observables/gram.js';
import { orderParameter } from '../../src/observables/order-parameter.js';
import { pairDensity } from '../../src/observables/pair-density.js';
import { w2ToMeanDirac } from '../../src/observables/wasserstein-dirac.js';
import { makeObservable, OBSERVABLE_NAMES, OBSERVABLES } from '../../src/observables/registry.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

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

describe('each name computes its own observable (same function, same arguments: bit-identical)', () => {
  // a non-identity B = QᵀK, β = 1.5, tokens spread enough that every observable is non-trivial
  const Q = flatMatrix([[1, 0.2, 0], [0, 0.9, 0.1], [0.3, 0, 1.1]]);
  const beta = 1.5;
  const p = makeAttentionProblem({ normalization: 'sa', beta, x0, n, d, T: 1, Q });
  // K = I: B = QᵀK = Qᵀ
  const Bt = flatMatrix([[1, 0, 0.3], [0.2, 0.9, 0], [0, 0.1, 1.1]]);
  const Dcode = { rows: 3, cols: 3, data: Bt.data.map((v) => v * beta) };
  const clusters = countClusters(x0, n, d, 1e-3);
  const expected: Record<string, number> = {
    'energy-pair': pairEnergy(x0, n, d, beta, Bt),
    'energy-sa': saEnergy(x0, n, d, beta, Bt),
    'energy-unit': unitEnergy(x0, n, d, beta),
    'energy-code': codeEnergy(x0, n, d, Dcode),
    'energy-zero': betaZeroEnergy(x0, n, d),
    'energy-multi': multiHeadEnergy(x0, n, d, beta, [Bt]),
    clusters: clusters.count,
    'clusters-gap': clusters.largestIntraClusterGap,
    'pair-density': pairDensity(x0, n, d, 1e-3),
    diameter: diameter(x0, n, d),
    'cosine-gap': cosineGap(x0, n, d),
    'min-inner-product': 1 - cosineGap(x0, n, d),
    'order-parameter': orderParameter(x0, n, d),
    'attention-entropy': attentionEntropy(p.params, x0, n, d, 0).meanEntropy,
    'max-attention': attentionEntropy(p.params, x0, n, d, 0).meanMaxWeight,
    'w2-to-mean-dirac': w2ToMeanDirac(x0, n, d, 'geodesic').w2,
    'equiangular-spread': equiangularSpread(x0, n, d),
    'effective-dimension': effectiveDimension(x0, n, d, 1e-3),
  };

  test('the table covers every registered name', () => {
    expect(Object.keys(expected).sort()).toEqual([...OBSERVABLE_NAMES].sort());
  });

  test.each(Object.keys(expected))('%s', (name) => {
    expect(makeObservable(name, p)(0, x0)).toBe(expected[name]);
  });

  test('parameters: names, defaults, and the value after the colon reaches the observable', () => {
    const params = Object.fromEntries(OBSERVABLE_NAMES.filter((k) => OBSERVABLES[k].parameter).map((k) => [k, OBSERVABLES[k].parameter]));
    expect(params).toEqual({
      clusters: { name: 'delta', default: 1e-3 },
      'clusters-gap': { name: 'delta', default: 1e-3 },
      'pair-density': { name: 'delta', default: 1e-3 },
      'attention-entropy': { name: 'head', default: 0 },
      'max-attention': { name: 'head', default: 0 },
      'effective-dimension': { name: 'threshold', default: 1e-3 },
    });
    expect(makeObservable('clusters:2', p)(0, x0)).toBe(1);
    expect(makeObservable('clusters-gap:2', p)(0, x0)).toBe(countClusters(x0, n, d, 2).largestIntraClusterGap);
    expect(makeObservable('pair-density:2', p)(0, x0)).toBe(1);
    expect(makeObservable('effective-dimension:0', p)(0, x0)).toBe(effectiveDimension(x0, n, d, 0));
    expect(makeObservable('clusters:0', p)(0, x0)).toBe(countClusters(x0, n, d, 0).count);
    // the second head of a two-head model
    const heads = [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }, { Q, K: identityMatrix(d), V: identityMatrix(d) }];
    const two = makeAttentionProblem({ normalization: 'sa', beta, x0, n, d, T: 1, heads });
    expect(makeObservable('attention-entropy:1', two)(0, x0)).toBe(attentionEntropy(two.params, x0, n, d, 1).meanEntropy);
    expect(makeObservable('max-attention:1', two)(0, x0)).toBe(attentionEntropy(two.params, x0, n, d, 1).meanMaxWeight);
    expect(makeObservable('energy-multi', two)(0, x0)).toBe(multiHeadEnergy(x0, n, d, beta, [identityMatrix(d), Bt]));
  });

  test('error texts name record.observables, the entry and the fix', () => {
    const two = makeAttentionProblem({ normalization: 'sa', beta, x0, n, d, T: 1, heads: [{ Q }, { Q }] });
    const euclidean: OdeProblem = { ...p, manifold: 'euclidean' };
    const zt = makeZeroTemperatureProblem({ x0, n, d, T: 1 });
    const zeroBeta = makeAttentionProblem({ normalization: 'sa', beta: 0, x0, n, d, T: 1 });
    const preLn = makeLayerNormProblem({ scheme: 'pre-ln', beta: 1, x0, n, d, T: 1 });
    const cases: Array<[string, OdeProblem, unknown, string]> = [
      ['nope', p, 'nope', `Unknown observable. Use one of: ${OBSERVABLE_NAMES.join(', ')}.`],
      ['diameter:1', p, 'diameter:1', 'diameter takes no parameter; write "diameter".'],
      ['clusters:', p, 'clusters:', 'The delta after the colon must be a finite number ≥ 0, e.g. "clusters:0.001".'],
      ['clusters: ', p, 'clusters: ', 'The delta after the colon must be a finite number ≥ 0, e.g. "clusters:0.001".'],
      ['clusters:-1', p, 'clusters:-1', 'The delta after the colon must be a finite number ≥ 0, e.g. "clusters:0.001".'],
      ['clusters:Infinity', p, 'clusters:Infinity', 'The delta after the colon must be a finite number ≥ 0, e.g. "clusters:0.001".'],
      ['attention-entropy:1', p, 'attention-entropy:1', 'Head index must be a whole number in [0, 0].'],
      ['attention-entropy:0.5', two, 'attention-entropy:0.5', 'Head index must be a whole number in [0, 1].'],
      ['attention-entropy', zt, 'attention-entropy', 'attention-entropy needs an attention model (sa, usa, causal, multihead, circle, noisy, euclidean).'],
      ['max-attention', zt, 'max-attention', 'max-attention needs an attention model (sa, usa, causal, multihead, circle, noisy, euclidean).'],
      // params with a numeric β but no heads (pre-LN) are not an attention model
      ['attention-entropy', preLn, 'attention-entropy', 'attention-entropy needs an attention model (sa, usa, causal, multihead, circle, noisy, euclidean).'],
      ['energy-pair', zeroBeta, 'energy-pair', 'energy-pair needs a model with an inverse temperature β ≠ 0 (at β = 0 use energy-zero).'],
      ['energy-sa', zt, 'energy-sa', 'energy-sa needs a model with an inverse temperature β ≠ 0 (at β = 0 use energy-zero).'],
      ['energy-pair', two, 'energy-pair', 'energy-pair is a one-head energy; for several heads use energy-multi.'],
      ['energy-sa', two, 'energy-sa', 'energy-sa is a one-head energy; for several heads use energy-multi.'],
      ['energy-code', two, 'energy-code', 'energy-code is a one-head energy; for several heads use energy-multi.'],
    ];
    for (const name of ['energy-unit', 'clusters', 'clusters-gap', 'pair-density', 'cosine-gap', 'min-inner-product', 'w2-to-mean-dirac', 'equiangular-spread'])
      cases.push([name, euclidean, name, `${name} assumes unit tokens on the sphere; this model is Euclidean (use diameter, order-parameter or an energy).`]);
    for (const name of ['energy-unit', 'energy-multi']) cases.push([name, zeroBeta, name, `${name} needs a model with an inverse temperature β ≠ 0 (at β = 0 use energy-zero).`]);
    for (const [spec, problem, value, fix] of cases) {
      const e = caught(() => makeObservable(spec, problem));
      expect([e.field, e.value, e.fix], spec).toEqual(['record.observables', value, fix]);
    }
    // Euclidean problems still get the observables that make sense there
    for (const name of ['diameter', 'order-parameter', 'energy-zero', 'energy-pair', 'energy-code', 'effective-dimension'])
      expect(Number.isFinite(makeObservable(name, euclidean)(0, x0)), name).toBe(true);
  });

  test('energy-code without β uses β = 1; circle problems see B = I and their points', () => {
    const zt = makeZeroTemperatureProblem({ x0, n, d, T: 1 });
    expect(makeObservable('energy-code', zt)(0, x0)).toBe(codeEnergy(x0, n, d, identityMatrix(d)));
    const theta = Float64Array.from([0.2, 1.1, 2.9, 4]);
    const circle = makeCircleProblem({ normalization: 'usa', beta: 2, theta0: theta, T: 1 });
    const points = anglesToPoints(theta);
    expect(makeObservable('energy-multi', circle)(0, theta)).toBe(multiHeadEnergy(points, 4, 2, 2, [identityMatrix(2)]));
    expect(makeObservable('diameter', circle)(0, theta)).toBe(diameter(points, 4, 2));
    const circleParams = { normalization: 'usa' as const, beta: 2, heads: [{ Q: identityMatrix(2), K: identityMatrix(2), V: identityMatrix(2) }], causal: false, headScale: 1 };
    expect(makeObservable('attention-entropy', circle)(0, theta)).toBe(attentionEntropy(circleParams, points, 4, 2, 0).meanEntropy);
  });
});
