/** Every exported observable refuses a non-finite coordinate or a state of the wrong length with a
 *  ConfigError naming the row, instead of an answer. Before, comparisons skipped NaN: countClusters
 *  gave the NaN token a cluster of its own, pairDensity and equiangularSpread returned finite numbers,
 *  diameter returned NaN and effectiveDimension threw a TypeError. */
import { describe, expect, test } from 'vitest';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { identityMatrix } from '../../src/core/types.js';
import { attentionEntropy } from '../../src/observables/attention-entropy.js';
import { countClusters, countClustersOnCircle } from '../../src/observables/clusters.js';
import { cosineGap, diameter } from '../../src/observables/diameter.js';
import { eigenAlignment } from '../../src/observables/eigen-alignment.js';
import { betaZeroEnergy, codeEnergy, multiHeadEnergy, pairEnergy, saEnergy, unitEnergy } from '../../src/observables/energy.js';
import { effectiveDimension, equiangularSpread, meanOffDiagonalGram } from '../../src/observables/gram.js';
import { hemisphereMargin, openHemisphere } from '../../src/observables/hemisphere.js';
import { circleOrderParameter, meanNormSquared, orderParameter } from '../../src/observables/order-parameter.js';
import { pairDensity } from '../../src/observables/pair-density.js';
import { w2ToDirac, w2ToMeanDirac } from '../../src/observables/wasserstein-dirac.js';
import { configErrorOf } from '../support/config-error-of.js';

const n = 6;
const d = 3;
const e1 = Float64Array.from([1, 0, 0]);
const observables: Array<[string, (x: Float64Array) => unknown]> = [
  ['pairEnergy', (x) => pairEnergy(x, n, d, 1)],
  ['saEnergy', (x) => saEnergy(x, n, d, 1)],
  ['unitEnergy', (x) => unitEnergy(x, n, d, 1)],
  ['codeEnergy', (x) => codeEnergy(x, n, d)],
  ['betaZeroEnergy', (x) => betaZeroEnergy(x, n, d)],
  ['multiHeadEnergy', (x) => multiHeadEnergy(x, n, d, 1, [identityMatrix(d)])],
  ['countClusters', (x) => countClusters(x, n, d, 0.1)],
  ['diameter', (x) => diameter(x, n, d)],
  ['cosineGap', (x) => cosineGap(x, n, d)],
  ['eigenAlignment', (x) => eigenAlignment(x, n, d, e1)],
  ['equiangularSpread', (x) => equiangularSpread(x, n, d)],
  ['meanOffDiagonalGram', (x) => meanOffDiagonalGram(x, n, d)],
  ['effectiveDimension', (x) => effectiveDimension(x, n, d)],
  ['openHemisphere', (x) => openHemisphere(x, n, d)],
  ['hemisphereMargin', (x) => hemisphereMargin(x, n, d, e1)],
  ['meanNormSquared', (x) => meanNormSquared(x, n, d)],
  ['orderParameter', (x) => orderParameter(x, n, d)],
  ['pairDensity', (x) => pairDensity(x, n, d, 0.5)],
  ['w2ToDirac', (x) => w2ToDirac(x, n, d, e1)],
  ['w2ToMeanDirac', (x) => w2ToMeanDirac(x, n, d)],
  ['attentionEntropy', (x) => attentionEntropy({ normalization: 'sa', beta: 1, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 }, x, n, d)],
];

describe.each(observables)('%s', (_name, observe) => {
  test('answers on a finite state of the right length (so the refusals below are about the input)', () => {
    expect(() => observe(uniformSphere(Rng.fromSeed(2), n, d))).not.toThrow();
  });

  test('answers on finite rows off the unit sphere too (Euclidean tokens, RK stage states): only finiteness and length are required', () => {
    const x = uniformSphere(Rng.fromSeed(2), n, d);
    for (let k = 0; k < d; k++) {
      x[k] *= 2; // row 0 of norm 2
      x[d + k] *= 0.5; // row 1 of norm ½
    }
    expect(() => observe(x)).not.toThrow();
  });

  test.each([NaN, Infinity])('a coordinate %f in row 3: ConfigError naming the row', (bad) => {
    const x = uniformSphere(Rng.fromSeed(2), n, d);
    x[3 * d + 2] = bad;
    const error = configErrorOf(() => observe(x));
    expect(error.field).toBe('x row 3');
  });

  test('a state one coordinate short: ConfigError on its length', () => {
    expect(configErrorOf(() => observe(new Float64Array(n * d - 1))).message).toMatch(/Expected n·d = 6·3 = 18 entries/);
  });
});

test('circle observables: any finite angles are accepted, a non-finite angle is refused', () => {
  expect(() => countClustersOnCircle(Float64Array.from([0, 0.5, -3, 7]), 0.1)).not.toThrow();
  expect(() => circleOrderParameter(Float64Array.from([0, 0.5, -3, 7]))).not.toThrow();
  const theta = Float64Array.from([0, 0.5, NaN, 1]);
  expect(configErrorOf(() => countClustersOnCircle(theta, 0.1)).field).toBe('theta row 2');
  expect(configErrorOf(() => circleOrderParameter(theta)).field).toBe('theta row 2');
});
