/** Fuzzes `mft simulate` configs (issue #8 item 1): a valid config built from integer grids, then up to
 *  three mutations (a field replaced by junk of another type, an out-of-range value, a misspelt name,
 *  deleted, or an unknown key added), and sometimes the text truncated. The only failure mode allowed is a
 *  ConfigError (one line, exit 2, no file); every accepted run writes JSON without NaN, Infinity or a
 *  stray null, and exits 1 exactly when its status is not success. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { OBSERVABLE_NAMES } from '../../src/observables/registry.js';
import { filesIn, runCli, scratchDir } from './support.js';

const ABSENT = Symbol('absent');

const junk = fc.oneof(
  fc.constant(null),
  fc.constantFrom('NaN', 'Infinity', '-1', '1', 'abc', ''),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant([[1, 0], [0, 1]]),
  fc.constant([1, 2, 3]),
);

/** Entries k/2 with |k| ≤ 2 and d ≤ 3 keep β‖QᵀK‖ ≤ 2·9, so usa speeds stay ≤ e^18 and even dopri5
 *  ends quickly; β = 1e6 is the validated maximum (sa is then near hardmax, usa overflows at once). */
const entry = fc.integer({ min: -2, max: 2 }).map((k) => k / 2);
const matrixOf = (r: number, c: number) => fc.array(fc.array(entry, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: ABSENT as unknown as undefined });

const tokensArb = fc.integer({ min: 1, max: 3 }).chain((d) =>
  fc.oneof(
    fc.record({
      init: fc.record({
        kind: fc.constantFrom('uniform-sphere', 'hemisphere'),
        n: fc.integer({ min: 1, max: 5 }),
        d: fc.constant(d),
        seed: optional(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
        rotate: optional(fc.boolean()),
      }),
    }),
    fc.integer({ min: 1, max: d }).chain((n) =>
      fc.record({
        init: fc.record({
          kind: fc.constant('equiangular'),
          n: fc.constant(n),
          d: fc.constant(d),
          rho: fc.integer({ min: 0, max: 8 }).map((k) => (n > 1 ? -1 / (n - 1) + (k / 8) * (1 + 1 / (n - 1)) : k / 8)),
          rotate: optional(fc.boolean()),
        }),
      }),
    ),
    fc.integer({ min: 1, max: 4 }).chain((n) => fc.record({ x0: matrixOf(n, d), normalize: fc.constant(true) })),
  ).map((tokens) => ({ tokens, d })),
);

const validConfigArb = tokensArb.chain(({ tokens, d }) =>
  fc
    .record({
      model: fc.constantFrom('sa', 'usa', 'causal', 'multihead'),
      beta: fc.oneof(fc.integer({ min: 0, max: 8 }).map((k) => k / 4), fc.constant(1e6)),
      V: optional(matrixOf(d, d)),
      QK: optional(fc.integer({ min: 1, max: 3 }).chain((m) => fc.tuple(matrixOf(m, d), matrixOf(m, d)))),
      heads: fc.array(fc.record({ Q: optional(matrixOf(d, d)), K: optional(matrixOf(d, d)), V: optional(matrixOf(d, d)) }), { minLength: 1, maxLength: 2 }),
      T: fc.constantFrom(0, 0.5, 1, 2),
      timing: fc.oneof(
        fc.record({ scheme: fc.constantFrom('euler', 'euler-unprojected', 'heun', 'rk4'), dt: fc.constantFrom(0.05, 0.1, 0.25, 0.5) }),
        fc.record({ scheme: fc.constant('dopri5'), rtol: optional(fc.integer({ min: 3, max: 10 }).map((k) => 10 ** -k)), atol: optional(fc.integer({ min: 3, max: 12 }).map((k) => 10 ** -k)) }),
      ),
      record: fc.oneof(
        fc.record({ every: fc.integer({ min: 1, max: 4 }), states: fc.boolean(), observables: fc.subarray([...OBSERVABLE_NAMES]) }),
        fc.record({ times: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), states: fc.boolean(), observables: fc.subarray([...OBSERVABLE_NAMES]) }),
      ),
      seed: optional(fc.integer({ min: 0, max: 1000 })),
    })
    .map((c) => {
      // Adaptive steps follow the speed: usa with β‖QᵀK‖ = 18 needs ~10^8 steps and sa at β = 1e6
      // (near hardmax) ~10^5, valid but slow runs. dopri5 cases keep β ≤ 1 and Q = K = I.
      const adaptive = c.timing.scheme === 'dopri5';
      const config: Record<string, unknown> = { model: c.model, beta: adaptive ? Math.min(c.beta, 1) : c.beta, ...tokens, T: c.T, ...c.timing, seed: c.seed };
      if (c.model === 'multihead') config.heads = adaptive ? c.heads.map((h) => ({ V: h.V })) : c.heads;
      else {
        config.V = c.V;
        if ((c.QK as unknown) !== ABSENT && !adaptive) [config.Q, config.K] = c.QK as [number[][], number[][]];
      }
      const times = 'times' in c.record ? [...c.record.times].sort((a, b) => a - b).map((k) => (k / 4) * c.T) : undefined;
      config.record = times ? { ...c.record, times: [...new Set(times)] } : c.record;
      return config;
    }),
);

/** Paths a mutation may hit (dots go into objects) and what it puts there (ABSENT deletes the key). */
const PATHS = ['model', 'beta', 'init', 'init.kind', 'init.n', 'init.d', 'init.seed', 'init.rho', 'x0', 'normalize', 'Q', 'K', 'V', 'heads', 'T', 'dt', 'scheme', 'rtol', 'atol', 'record', 'record.every', 'record.times', 'record.states', 'record.observables', 'seed', 'betta', 'init.size'];
/** Small numbers only: a mutated T of 1e6 would be a valid but hour-long run, not a bad input. */
const replacement = fc.oneof(
  junk,
  fc.constant(ABSENT),
  fc.integer({ min: -4, max: 8 }).map((k) => k / 4),
  fc.constantFrom(-1e-9, 'casual', 'rk5', 'order-parameter', 'bogus'),
  fc.constant([[1, 0, 0], [0, 1, 0]]),
);
const mutationArb = fc.oneof(
  fc.record({ path: fc.constantFrom(...PATHS), value: replacement }),
  fc.record({ path: fc.constant('beta'), value: fc.constantFrom(2e6, 1e9) }),
  // Sizes the memory estimate must refuse (n = 2e6 would be accepted, and its n² field take hours).
  fc.record({ path: fc.constantFrom('init.n', 'init.d'), value: fc.constantFrom(1e9, 1e12) }),
);

function mutate(config: Record<string, unknown>, mutations: ReadonlyArray<{ path: string; value: unknown }>): unknown {
  const copy = structuredClone(strip(config)) as Record<string, unknown>;
  for (const { path, value } of mutations) {
    const keys = path.split('.');
    let target: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        target = {};
        break;
      }
      target = next as Record<string, unknown>;
    }
    target[keys[keys.length - 1]] = value;
  }
  return strip(copy);
}

/** Drops every ABSENT field (recursively) so absent means "key not present". */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== ABSENT) out[k] = strip(v);
    return out;
  }
  return value;
}

function assertAllFinite(values: unknown, where: string): void {
  if (Array.isArray(values)) values.forEach((v, i) => assertAllFinite(v, `${where}[${i}]`));
  else expect(typeof values === 'number' && Number.isFinite(values), `${where} = ${String(values)}`).toBe(true);
}

describe('config fuzzing', () => {
  test('the only failure mode is a ConfigError, and no output holds a NaN', async () => {
    let accepted = 0;
    let refused = 0;
    const dir = scratchDir();
    const out = join(dir, 'out.json');
    await fc.assert(
      fc.asyncProperty(validConfigArb, fc.array(mutationArb, { maxLength: 3 }), fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }), async (config, mutations, cut) => {
        const full = JSON.stringify(mutate(config, mutations));
        const text = cut === null ? full : full.slice(0, cut % (full.length + 1));
        rmSync(out, { force: true });
        const r = await runCli(['simulate', '--config', '-', '--out', out, '--quiet'], { stdin: text });
        expect(r.stdout).toBe('');
        if (r.code === 2) {
          refused++;
          expect(r.stderr, text).toMatch(/^mft: [^\n]+\n$/);
          expect(filesIn(dir)).toEqual([]);
          return;
        }
        accepted++;
        expect([0, 1], `${text}\n${r.stderr}`).toContain(r.code);
        expect(existsSync(out), r.stderr).toBe(true);
        const written = readFileSync(out, 'utf8');
        const result = JSON.parse(written) as { status: string; message: string; times: number[]; states?: number[][][]; observables: Record<string, Array<number | null>> };
        // The message may name the value it refused ("energy-sa is Infinity at t=0"); the data may not.
        expect(JSON.stringify({ ...result, message: '' })).not.toMatch(/NaN|Infinity/);
        expect(r.code === 0, r.stderr).toBe(result.status === 'success');
        if (r.code === 1) expect(r.stderr).toMatch(/^mft simulate: status [a-z-]+: [^\n]+\n$/);
        else expect(r.stderr).toBe('');
        assertAllFinite(result.times, 'times');
        if (result.states) assertAllFinite(result.states, 'states');
        for (const [name, values] of Object.entries(result.observables))
          if (result.status === 'success') assertAllFinite(values, `observables.${name}`);
        expect(filesIn(dir)).toEqual(['out.json']);
      }),
      { numRuns: 300 },
    );
    // The generator must reach both branches, or the property says nothing about one of them.
    expect(accepted, 'accepted runs').toBeGreaterThan(10);
    expect(refused, 'refused configs').toBeGreaterThan(10);
  });
});
