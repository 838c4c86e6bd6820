import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { densityMass } from '../../src/meanfield/density.js';
import { makeMeanFieldCircleProblem } from '../../src/meanfield/problem.js';

describe('makeMeanFieldCircleProblem', () => {
  test('builds cosine and uniform initial data of mass 1', () => {
    const p = makeMeanFieldCircleProblem({ normalization: 'usa', beta: 1, M: 64, init: { kind: 'cosine', a: 0.5, k: 2 }, T: 1 });
    expect(Math.abs(densityMass(p.initial) - 1)).toBeLessThan(1e-14);
    expect(p.kappa).toBe(Infinity);
    expect(makeMeanFieldCircleProblem({ normalization: 'sa', beta: 1, T: 1 }).M).toBe(1024);
  });

  test.each([
    [{ M: 100 }, /M: got 100/],
    [{ beta: -1 }, /beta/],
    [{ beta: 'abc' }, /beta/],
    [{ init: { kind: 'cosine', a: 2, k: 1 } }, /init\.a/],
    [{ init: { kind: 'cosine', a: 0.1, k: 40 }, M: 64 }, /init\.k/],
    [{ density0: [1, 2, 3, 4, 5, 6, 7, 8] }, /density0 mass/],
    [{ density0: [1, -1, 0, 0, 0, 0, 0, 0], normalize: true }, /density0\[1\]/],
    [{ kappa: 0 }, /kappa/],
    [{ normalization: 'usa', beta: 1000 }, /usaTime/],
    [{ T: -1 }, /T/],
  ])('rejects %j', (patch, message) => {
    const config = { normalization: 'sa', beta: 1, T: 1, ...patch } as unknown as Parameters<typeof makeMeanFieldCircleProblem>[0];
    expect(() => makeMeanFieldCircleProblem(config)).toThrow(ConfigError);
    expect(() => makeMeanFieldCircleProblem(config)).toThrow(message);
  });

  test('normalize rescales density0', () => {
    const p = makeMeanFieldCircleProblem({ normalization: 'sa', beta: 1, density0: [1, 2, 3, 4, 5, 6, 7, 8], normalize: true, T: 1 });
    expect(Math.abs(densityMass(p.initial) - 1)).toBeLessThan(1e-15);
  });
});
