import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { initialTokens, INIT_KINDS, type InitSpec } from '../../src/core/init.js';

/** Rows are normalised once after a few float64 operations: |‖x‖ − 1| is a few ulp at these d. */
const NORM_TOL = 8 * Number.EPSILON;
/** Gram entries of the structured kinds: square roots, a sum of ≤ d products and one rotation, each
 *  rounding to ~ulp; 64ε leaves room for d ≤ 16 terms. */
const GRAM_TOL = 64 * Number.EPSILON;

function gram(x: Float64Array, n: number, d: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
  return s;
}

describe('initialTokens', () => {
  test.each(INIT_KINDS)('%s: deterministic from the seed, unit rows', (kind) => {
    const spec: InitSpec = { kind, n: 5, d: 7, seed: 42, rho: kind === 'equiangular' ? 0.3 : undefined, rotate: true };
    const a = initialTokens(spec);
    const b = initialTokens(spec);
    expect(Buffer.from(a.buffer)).toEqual(Buffer.from(b.buffer));
    const c = initialTokens({ ...spec, seed: 43 });
    expect(Buffer.from(a.buffer)).not.toEqual(Buffer.from(c.buffer)); // rotate makes even structured kinds seed-dependent
    for (let i = 0; i < 5; i++) expect(Math.abs(Math.sqrt(gram(a, 5, 7, i, i)) - 1)).toBeLessThanOrEqual(NORM_TOL);
  });

  test.each([
    [0.5, false],
    [-1 / 3, false],
    [0.9, true],
    [1, true],
    [0, true],
  ])('equiangular rho=%f rotate=%s: every off-diagonal Gram entry is rho', (rho, rotate) => {
    const n = 4;
    const d = 6;
    const x = initialTokens({ kind: 'equiangular', n, d, seed: 9, rho, rotate });
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(Math.abs(gram(x, n, d, i, j) - (i === j ? 1 : rho)), `i=${i} j=${j}`).toBeLessThanOrEqual(GRAM_TOL);
  });

  test('orthonormal without rotation is e_1..e_n; with rotation the rows are still orthonormal', () => {
    const x = initialTokens({ kind: 'orthonormal', n: 3, d: 4, seed: 1 });
    expect(Array.from(x)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    const y = initialTokens({ kind: 'orthonormal', n: 4, d: 4, seed: 1, rotate: true });
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(gram(y, 4, 4, i, j) - (i === j ? 1 : 0))).toBeLessThanOrEqual(GRAM_TOL);
  });

  test('hemisphere: every token has a positive first coordinate', () => {
    const x = initialTokens({ kind: 'hemisphere', n: 200, d: 3, seed: 5 });
    for (let i = 0; i < 200; i++) expect(x[i * 3]).toBeGreaterThan(0);
  });

  test('uniform-sphere: the mean is within 4 standard errors of 0 in each coordinate', () => {
    const n = 4000;
    const d = 3;
    const x = initialTokens({ kind: 'uniform-sphere', n, d, seed: 11 });
    // Each coordinate of a uniform point on S^{d−1} has mean 0 and variance 1/d.
    const se = Math.sqrt(1 / d / n);
    for (let k = 0; k < d; k++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += x[i * d + k] / n;
      expect(Math.abs(mean), `coordinate ${k}`).toBeLessThanOrEqual(4 * se);
    }
  });

  test.each([
    [{ kind: 'orthonormal', n: 4, d: 3, seed: 1 }, 'init.n'],
    [{ kind: 'equiangular', n: 3, d: 3, seed: 1, rho: -0.6 }, 'init.rho'],
    [{ kind: 'equiangular', n: 3, d: 3, seed: 1 }, 'init.rho'],
    [{ kind: 'uniform-sphere', n: 0, d: 3, seed: 1 }, 'init.n'],
    [{ kind: 'uniform-sphere', n: 2, d: 1.5, seed: 1 }, 'init.d'],
    [{ kind: 'uniform-sphere', n: 2, d: 3, seed: -1 }, 'init.seed'],
    [{ kind: 'gaussian', n: 2, d: 3, seed: 1 }, 'init.kind'],
  ] as const)('%j → ConfigError on %s', (spec, field) => {
    expect(() => initialTokens(spec as unknown as InitSpec)).toThrow(ConfigError);
    expect(() => initialTokens(spec as unknown as InitSpec)).toThrow(new RegExp(`^${field.replace('.', '\\.')}: got`));
  });
});

describe('initialTokens: boundaries of the accepted input', () => {
  function errorOf(spec: InitSpec): ConfigError {
    try {
      initialTokens(spec);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error(`expected a ConfigError for ${JSON.stringify(spec)}`);
  }

  test('n = 1, d = 1 and seed = 0 are valid; 0, fractions and negative seeds are not, each with its fix', () => {
    expect(Array.from(initialTokens({ kind: 'uniform-sphere', n: 1, d: 1, seed: 0 })).map(Math.abs)).toEqual([1]);
    const n0 = errorOf({ kind: 'uniform-sphere', n: 0, d: 3, seed: 1 });
    expect([n0.field, n0.fix]).toEqual(['init.n', 'Expected a whole number of tokens n ≥ 1, e.g. 16.']);
    expect(errorOf({ kind: 'uniform-sphere', n: 2.5, d: 3, seed: 1 }).field).toBe('init.n');
    const d0 = errorOf({ kind: 'uniform-sphere', n: 2, d: 0, seed: 1 });
    expect([d0.field, d0.fix]).toEqual(['init.d', 'Expected a whole dimension d ≥ 1, e.g. 3.']);
    expect(errorOf({ kind: 'uniform-sphere', n: 2, d: 1.5, seed: 1 }).field).toBe('init.d');
    const seed = errorOf({ kind: 'uniform-sphere', n: 2, d: 3, seed: -1 });
    expect([seed.field, seed.fix]).toEqual(['init.seed', 'Expected a whole number seed ≥ 0, e.g. 1.']);
  });

  test('equiangular ρ must lie in [−1/(n−1), 1] (n = 1: [−1, 1]); structured kinds need n ≤ d', () => {
    expect(() => initialTokens({ kind: 'equiangular', n: 3, d: 3, seed: 1, rho: -0.5 })).not.toThrow();
    expect(() => initialTokens({ kind: 'equiangular', n: 1, d: 2, seed: 1, rho: -1 })).not.toThrow();
    const low = errorOf({ kind: 'equiangular', n: 3, d: 3, seed: 1, rho: -0.51 });
    expect(low.field).toBe('init.rho');
    expect(low.fix).toMatch(/^Equiangular tokens need a pairwise inner product ρ in \[-0\.5, 1\]/);
    expect(errorOf({ kind: 'equiangular', n: 1, d: 2, seed: 1, rho: -1.01 }).fix).toMatch(/ρ in \[-1, 1\]/);
    expect(errorOf({ kind: 'equiangular', n: 3, d: 3, seed: 1, rho: 1.01 }).field).toBe('init.rho');
    expect(errorOf({ kind: 'equiangular', n: 3, d: 3, seed: 1, rho: Number.NaN }).field).toBe('init.rho');
    expect(errorOf({ kind: 'equiangular', n: 3, d: 3, seed: 1 }).field).toBe('init.rho');
    // @ts-expect-error: a string from untyped JSON
    expect(errorOf({ kind: 'equiangular', n: 3, d: 3, seed: 1, rho: '0.5' }).field).toBe('init.rho');
    const fits = errorOf({ kind: 'orthonormal', n: 4, d: 3, seed: 1 });
    expect([fits.field, fits.fix]).toEqual(['init.n', 'orthonormal tokens need n ≤ d (n = 4, d = 3): raise d or lower n.']);
    // @ts-expect-error: an unknown kind from untyped JSON
    const kind = errorOf({ kind: 'gaussian', n: 2, d: 3, seed: 1 });
    expect([kind.field, kind.fix]).toEqual(['init.kind', 'Use one of uniform-sphere, hemisphere, orthonormal, equiangular.']);
  });

  test('hemisphere reflects the first coordinate of the uniform-sphere draw of the same seed', () => {
    const u = initialTokens({ kind: 'uniform-sphere', n: 6, d: 3, seed: 4 });
    const h = initialTokens({ kind: 'hemisphere', n: 6, d: 3, seed: 4 });
    for (let i = 0; i < 18; i++) expect(h[i]).toBe(i % 3 === 0 ? Math.abs(u[i]) : u[i]);
  });
});
