import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { selectShard } from '../../src/claims/shard.js';
import { buildEvidence, EVIDENCE_SCHEMA, mergeEvidence, parseEvidence, readEvidence, serializeEvidence } from '../../src/report/evidence.js';
import { fakeOutcome } from './fixtures/fake-outcome.js';
import { configErrorOf as errorOf } from '../support/config-error-of.js';

const IDS = ['energy-monotonicity', 'spectral-selection', 'concentration-log-beta', 'exponential-rates', 'global-clustering'];
const META = { profile: 'quick' as const, masterSeed: 20261123 };

/** The same data with every object's keys inserted in reverse order (cases included). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).reverse()) out[k] = k === 'case' ? (value as any)[k] : reverseKeys((value as any)[k]);
  return out;
}

describe('serializeEvidence', () => {
  test('same evidence → same bytes, whatever the key insertion order; trailing newline', () => {
    const outcome = fakeOutcome('energy-monotonicity');
    const reversed = reverseKeys(outcome) as typeof outcome;
    expect(Object.keys(reversed)[0]).toBe(Object.keys(outcome).at(-1));
    const a = serializeEvidence(buildEvidence([outcome], META));
    const b = serializeEvidence(buildEvidence([reversed], META));
    expect(a).toBe(b);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a.startsWith(`{\n  "schema": "${EVIDENCE_SCHEMA}",\n  "tool": {`)).toBe(true);
  });

  test('round-trips through readEvidence, non-finite numbers included', () => {
    const evidence = buildEvidence([fakeOutcome('a-claim'), fakeOutcome('b-claim', { verdict: 'refuted' })], META);
    const text = serializeEvidence(evidence);
    expect(text).toContain('"measured": "NaN"');
    const back = parseEvidence(text);
    expect(Number.isNaN(back.claims[0].closest.outcome.measurements[1].measured)).toBe(true);
    expect(serializeEvidence(back)).toBe(text);
  });

  test('the case keeps the order its generator gave', () => {
    const text = serializeEvidence(buildEvidence([fakeOutcome('a-claim')], META));
    expect(text).toMatch(/"n": 8,\s+"d": 3,\s+"beta": 1.5,\s+"seed": 42/);
  });
});

describe('readEvidence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mft-evidence-'));
  const good = serializeEvidence(buildEvidence([fakeOutcome('a-claim')], META));

  test('reads a file it wrote', () => {
    const path = join(dir, 'good.json');
    writeFileSync(path, good);
    expect(readEvidence(path).claims[0].id).toBe('a-claim');
  });

  test('a missing file, bad JSON and a truncated file are ConfigErrors naming the file', () => {
    const missing = errorOf(() => readEvidence(join(dir, 'nope.json'), '--from'));
    expect(missing.field).toBe('--from');
    expect(missing.message).toContain('nope.json');
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, good.slice(0, good.length / 2));
    expect(errorOf(() => readEvidence(truncated)).field).toContain('truncated.json');
  });

  test.each([
    ['schema', (e: any) => (e.schema = 'other@2'), 'schema'],
    ['verdict', (e: any) => (e.claims[0].verdict = 'maybe'), 'claims[0].verdict'],
    ['control outcome', (e: any) => (e.claims[0].control.outcome = 'ok'), 'claims[0].control.outcome'],
    ['series lengths', (e: any) => e.claims[0].illustration.figures[0].series[0].y.pop(), 'claims[0].illustration.figures[0].series[0].y'],
    ['profile mismatch', (e: any) => (e.claims[0].profile = 'full'), 'claims[0].profile'],
    ['measured', (e: any) => (e.claims[0].closest.outcome.measurements[0].measured = null), 'claims[0].closest.outcome.measurements[0].measured'],
    ['shard index', (e: any) => (e.shard = { index: 3, count: 2 }), 'shard.index'],
  ])('malformed %s → ConfigError naming the field', (_, mutate, field) => {
    const raw = JSON.parse(good);
    mutate(raw);
    const error = errorOf(() => parseEvidence(JSON.stringify(raw), 'x.json'));
    expect(error.field).toBe(`x.json: ${field}`);
    expect(error.message).toContain('regenerate');
  });
});

describe('mergeEvidence', () => {
  const outcomes = IDS.map((id) => fakeOutcome(id));
  const whole = serializeEvidence(buildEvidence(outcomes, META));

  test('shard + merge gives the bytes of one run, for every N', () => {
    for (let count = 1; count <= 6; count++) {
      const parts = Array.from({ length: count }, (_, k) => {
        const shard = { index: k + 1, count };
        const ids = selectShard(IDS, shard);
        return parseEvidence(serializeEvidence(buildEvidence(outcomes.filter((o) => ids.includes(o.id)), { ...META, shard })));
      });
      expect(serializeEvidence(mergeEvidence(parts.reverse(), { order: IDS })), `N=${count}`).toBe(whole);
    }
  });

  test('without a registry order, claims are sorted by id', () => {
    const merged = mergeEvidence([buildEvidence(outcomes.slice(2), META), buildEvidence(outcomes.slice(0, 2), META)]);
    expect(merged.claims.map((c) => c.id)).toEqual([...IDS].sort());
  });

  test('refuses mixed runs, duplicates and missing shards', () => {
    const a = buildEvidence([outcomes[0]], { ...META, shard: { index: 1, count: 2 } });
    const b = buildEvidence([outcomes[1]], { ...META, shard: { index: 2, count: 2 } });
    const otherSeed = buildEvidence([fakeOutcome('x-claim', { masterSeed: 1 })], { profile: 'quick', masterSeed: 1, shard: { index: 2, count: 2 } });
    const otherProfile = buildEvidence([fakeOutcome('x-claim', { profile: 'full' })], { profile: 'full', masterSeed: META.masterSeed });
    expect(errorOf(() => mergeEvidence([a, otherSeed], { labels: ['p1.json', 'p2.json'] })).field).toBe('p2.json: masterSeed');
    expect(errorOf(() => mergeEvidence([a, otherProfile])).field).toBe('part 2: profile');
    expect(errorOf(() => mergeEvidence([a, b, a])).field).toBe('part 3: claims id');
    expect(errorOf(() => mergeEvidence([a])).value).toBe('shards 2/2 missing');
    expect(errorOf(() => mergeEvidence([])).field).toBe('merge inputs');
    expect(mergeEvidence([a, b]).shard).toBeUndefined();
  });
});
