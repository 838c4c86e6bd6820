import { describe, expect, test } from 'vitest';
import { gapKeysFor } from '../../src/report/catalogue-notes.js';
import { buildEvidence, parseEvidence, serializeEvidence } from '../../src/report/evidence.js';
import { allAsExpected, formatNumber, linkedFigures, renderReport, verdictText } from '../../src/report/markdown.js';
import { fakeOutcome } from './fixtures/fake-outcome.js';

const RUN = { gitCommit: 'abc1234', machine: 'X, 2 cores, Node v20', runLine: '2026-11-23 01:30:00 UTC · total wall time 3.2 s' };
const evidenceOf = (...outcomes: ReturnType<typeof fakeOutcome>[]) =>
  parseEvidence(serializeEvidence(buildEvidence(outcomes, { profile: 'quick', masterSeed: 20261123 })));

describe('formatNumber', () => {
  test.each([
    [0, '0'], [42, '42'], [-3.01, '-3.01'], [0.25, '0.25'], [1 / 3, '0.3333'], [3.5e-9, '3.5e-9'], [1.8e-15, '1.8e-15'],
    [123456.7, '1.235e5'], [2e7, '2e7'], [Number.NaN, 'NaN'], [Number.NEGATIVE_INFINITY, '-Infinity'], ['≥ 0', '≥ 0'],
  ])('%s → %s', (value, text) => expect(formatNumber(value)).toBe(text));
});

describe('renderReport', () => {
  const shape = fakeOutcome('shape-claim', { kind: 'shape' });
  const refuted = fakeOutcome('refuted-claim', { verdict: 'refuted', expected: 'confirmed', control: 'missed', provenance: '[survey] RIG restating KY', figures: false });
  const md = renderReport(evidenceOf(shape, refuted), RUN);

  test('header: version, commit, profile, seed, machine and exactly one run line', () => {
    expect(md).toContain('mft-check 0.1.0, commit `abc1234`');
    expect(md).toContain('**Profile:** `quick` · **master seed:** 20261123');
    expect(md).toContain('**Machine:** X, 2 cores, Node v20');
    expect(md.split('\n').filter((l) => l.includes('2026-11-23'))).toHaveLength(1);
  });

  test('summary rows: shape verdicts, mismatches, controls, key figures, arXiv ids', () => {
    const row = (id: string) => md.split('\n').find((l) => l.startsWith(`| [${id}]`))!;
    expect(row('shape-claim')).toContain('| confirmed (shape) |');
    expect(row('shape-claim')).toContain('min dE/dt: 3.5e-9 vs ≥ 0');
    expect(row('shape-claim')).toContain('arXiv:2312.10794');
    expect(row('refuted-claim')).toContain('**refuted** (recorded: confirmed)');
    expect(row('refuted-claim')).toContain('not violated');
  });

  test('sections: derived provenance, counterexample with replay, tolerances with reasons, figures, notes', () => {
    expect(md).toContain('derived (not read in the paper)');
    expect(md).toContain('**Counterexample** (shrunk, within the hypotheses): `{"n":2,"d":2,"beta":0,"seed":1}`');
    expect(md).toContain('--path "3:1:0"');
    expect(md).toContain('| `ROUND_TOL` | 1.8e-15 | float64 sum of n² terms: n²·2.2e-16·scale |');
    expect(md).toContain('![Energy along trajectories](report/figures/shape-claim-energy.svg)');
    expect(md).toContain('Shrunk violation: `{"n":2,"d":2,"beta":1,"seed":0}`');
    expect(md).toContain('- The constant C of the bound is unknown');
    expect(linkedFigures(evidenceOf(shape, refuted))).toEqual(['report/figures/shape-claim-energy.svg', 'report/figures/shape-claim-rate.svg']);
  });

  test('closing section: every catalogue flag, and only the gaps of the sources present', () => {
    expect(md).toContain('GLPR-24 v1 vs v4 numbering.');
    expect(md).toContain('The earlier RIG attribution of the long-context theorem to CLPR-Q.');
    expect(md).toContain('| KY | exact hypotheses of "homogeneous alignment"');
    expect(md).not.toContain('| GKPR |');
    expect(md.endsWith('|\n')).toBe(true);
  });

  test('verdict helpers and the exit rule', () => {
    expect(verdictText({ verdict: 'refuted', kind: 'shape' })).toBe('refuted (shape)');
    expect(verdictText({ verdict: 'inconclusive', kind: 'shape' })).toBe('inconclusive');
    expect(allAsExpected(evidenceOf(shape))).toBe(true);
    expect(allAsExpected(evidenceOf(shape, refuted))).toBe(false);
    expect(allAsExpected(evidenceOf(fakeOutcome('x', { control: 'missed' })))).toBe(false);
  });
});

describe('source and key-figure formatting', () => {
  test('several arXiv ids give several links; the unit is written once', () => {
    const base = fakeOutcome('multi-source');
    const outcome = { ...base, source: { ...base.source, arxiv: '2312.10794; 2504.14697' }, keyFigure: { name: 'rate', measured: 14.78, predicted: 14.78, unit: '1/t' } };
    const md = renderReport(evidenceOf(outcome), RUN);
    expect(md).toContain('[arXiv:2312.10794](https://arxiv.org/abs/2312.10794), [arXiv:2504.14697](https://arxiv.org/abs/2504.14697)');
    expect(md).toContain('| rate: 14.78 vs 14.78 (1/t) |');
    expect(md).toContain('Dropped hypothesis: V = I (take V = −I instead).\n');
  });
});

describe('partial runs', () => {
  test('a shard part says which shard it is; an empty run says so', () => {
    const part = parseEvidence(serializeEvidence(buildEvidence([fakeOutcome('a-claim')], { profile: 'quick', masterSeed: 20261123, shard: { index: 2, count: 3 } })));
    expect(renderReport(part, RUN)).toContain('- **Shard:** 2 of 3 (a partial run');
    expect(renderReport(evidenceOf(), RUN)).toContain('(No claims in this run.)');
  });
});

describe('gapKeysFor', () => {
  test('source key, keys named in the source or provenance, and RIG for [survey]', () => {
    expect(gapKeysFor({ source: { key: 'GKPR', where: 'Thm 1' }, provenance: '[paper]' })).toEqual(['GKPR']);
    expect(gapKeysFor({ source: { key: 'GLPR-24', where: 'BPA Thm 2' }, provenance: '[survey] restating CLPR-Q' }).sort()).toEqual(['BPA', 'CLPR-Q', 'RIG']);
    expect(gapKeysFor({ source: { key: 'CLPR-C', where: '' }, provenance: '[paper]' })).toEqual(['CLPR-C']);
  });
});
