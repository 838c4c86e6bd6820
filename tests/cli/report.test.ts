import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Claim } from '../../src/claims/claim.js';
import { runClaim } from '../../src/claims/runner.js';
import { selectShard } from '../../src/claims/shard.js';
import { run as mergeRun } from '../../src/cli/commands/merge.js';
import { run as reportRun, runReport, type ReportDeps } from '../../src/cli/commands/report.js';
import { ConfigError } from '../../src/core/config-error.js';
import { buildEvidence, serializeEvidence } from '../../src/report/evidence.js';
import { TOY_CLAIMS, toyClaim } from '../report/fixtures/toy-claims.js';
import { xmlRootName } from '../report/support/xml-well-formed.js';

const SEED = 424242;
/** In-process runner (the real one runs registered claims on worker threads by id). */
const inProcess: ReportDeps['runClaims'] = async (claims, options) => ({
  outcomes: claims.map((c) => runClaim(c, options)),
  timings: Object.fromEntries(claims.map((c) => [c.id, 1])),
});
let clock = Date.parse('2026-11-23T01:00:00Z');
const deps = (claims: readonly Claim<any>[] = TOY_CLAIMS): ReportDeps => ({
  claims,
  runClaims: inProcess,
  progress: { quiet: true },
  now: () => new Date((clock += 61_000)),
  log: () => {},
});
const tempDir = () => mkdtempSync(join(tmpdir(), 'mft-report-'));
const read = (path: string) => readFileSync(path, 'utf8');
const withoutRunLine = (md: string) => md.replace(/^- \*\*Run:\*\*.*$/m, '- **Run:** <volatile>');

function figureLinks(md: string): string[] {
  return [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
}

describe('mft report', () => {
  const outA = tempDir();
  const outB = tempDir();
  const reportOptions = (outDir: string) => ({ profile: 'quick' as const, masterSeed: SEED, outDir, quiet: true });

  test('writes REPORT.md, evidence, timings and every linked figure as valid SVG; exit 0 when all as recorded', async () => {
    const result = await runReport(reportOptions(outA), deps());
    expect(result.exitCode).toBe(0);
    const md = read(join(outA, 'REPORT.md'));
    const links = figureLinks(md);
    expect(links).toHaveLength(2 * TOY_CLAIMS.length);
    for (const link of links) {
      expect(link.startsWith('report/figures/'), link).toBe(true);
      expect(xmlRootName(read(join(outA, link))), link).toBe('svg');
    }
    expect(readdirSync(join(outA, 'report', 'figures')).sort()).toEqual(links.map((l) => l.slice('report/figures/'.length)).sort());
    expect(md).toContain('confirmed (shape)'); // toy-fourth is a shape claim
    expect(md).toContain('derived (not read in the paper)');
    expect(md.match(/^- \*\*Run:\*\*/gm)).toHaveLength(1);
    const timings = JSON.parse(read(join(outA, 'report', 'timings.json')));
    expect(Object.keys(timings.claims)).toEqual(TOY_CLAIMS.map((c) => c.id));
    expect(read(join(outA, 'report', 'evidence.json'))).not.toMatch(/wallMs|startedAt|\d{4}-\d\d-\d\dT/);
  });

  test('same seed and profile: byte-identical figures and evidence, REPORT.md equal apart from the run line', async () => {
    await runReport(reportOptions(outB), deps());
    const mdA = read(join(outA, 'REPORT.md'));
    const mdB = read(join(outB, 'REPORT.md'));
    expect(mdA).not.toBe(mdB); // the clock moved: the run line differs ...
    expect(withoutRunLine(mdA)).toBe(withoutRunLine(mdB)); // ... and nothing else
    expect(read(join(outB, 'report', 'evidence.json'))).toBe(read(join(outA, 'report', 'evidence.json')));
    for (const f of readdirSync(join(outA, 'report', 'figures'))) expect(read(join(outB, 'report', 'figures', f)), f).toBe(read(join(outA, 'report', 'figures', f)));
  });

  test('--from re-renders byte-identically without recomputing (the run line comes from timings.json)', async () => {
    const outC = tempDir();
    const calls: string[] = [];
    const spy: ReportDeps['runClaims'] = async (claims, o) => (calls.push('ran'), inProcess!(claims, o));
    const result = await runReport({ ...reportOptions(outC), from: join(outA, 'report', 'evidence.json') }, { ...deps(), runClaims: spy });
    expect(calls).toEqual([]);
    expect(result.exitCode).toBe(0);
    for (const rel of ['REPORT.md', 'report/evidence.json', 'report/timings.json', ...figureLinks(read(join(outA, 'REPORT.md')))])
      expect(read(join(outC, rel)), rel).toBe(read(join(outA, rel)));
  });

  test('--from without timings.json still renders, with the run line saying so', async () => {
    const outD = tempDir();
    const evidencePath = join(outD, 'evidence.json');
    writeFileSync(evidencePath, read(join(outA, 'report', 'evidence.json')));
    await runReport({ ...reportOptions(outD), from: evidencePath }, deps());
    const md = read(join(outD, 'REPORT.md'));
    expect(md).toMatch(/^- \*\*Run:\*\* not recorded \(rendered .* from .*evidence\.json\)$/m);
    expect(withoutRunLine(md).replace(/^- \*\*(Tool|Machine):\*\*.*$/gm, '')).toBe(withoutRunLine(read(join(outA, 'REPORT.md'))).replace(/^- \*\*(Tool|Machine):\*\*.*$/gm, ''));
  });

  test('a subset with --only removes the figures of claims no longer present', async () => {
    const outE = tempDir();
    await runReport(reportOptions(outE), deps());
    const result = await runReport({ ...reportOptions(outE), only: 'toy-cube' }, deps());
    expect(result.removed.length).toBe(4);
    expect(readdirSync(join(outE, 'report', 'figures')).sort()).toEqual(['toy-cube-curve.svg', 'toy-cube-log.svg']);
    expect(read(join(outE, 'REPORT.md'))).toContain('--only toy-cube');
  });

  test('exit 1 when a verdict differs from the recorded one', async () => {
    const wrong = [toyClaim('toy-cube', 3, 'confirmed')];
    const result = await runReport(reportOptions(tempDir()), deps(wrong));
    expect(result.exitCode).toBe(1);
  });

  test('shard + merge gives the evidence of one run', async () => {
    // Claims in id order: the merge command sorts by registry order, and these toys are not registered.
    const claims = [...TOY_CLAIMS].sort((a, b) => (a.id < b.id ? -1 : 1));
    const dir = tempDir();
    const whole = serializeEvidence(buildEvidence(claims.map((c) => runClaim(c, { profile: 'quick', masterSeed: SEED })), { profile: 'quick', masterSeed: SEED }));
    const count = 2;
    const parts = Array.from({ length: count }, (_, k) => {
      const shard = { index: k + 1, count };
      const outcomes = selectShard(claims, shard).map((c) => runClaim(c, { profile: 'quick', masterSeed: SEED }));
      const path = join(dir, `part-${k + 1}.json`);
      writeFileSync(path, serializeEvidence(buildEvidence(outcomes, { profile: 'quick', masterSeed: SEED, shard })));
      return path;
    });
    const out = join(dir, 'evidence.json');
    expect(await mergeRun([...parts.reverse(), '--out', out, '--quiet'])).toBe(0);
    expect(read(out)).toBe(whole);
  });

  test('flag errors are ConfigErrors (exit 2 in the CLI) and write nothing', async () => {
    await expect(reportRun(['--from', 'x.json', '--profile', 'full', '--quiet'])).rejects.toThrow(ConfigError);
    await expect(reportRun(['--profile', 'medium', '--quiet', '--out', tempDir()])).rejects.toThrow(ConfigError);
    await expect(reportRun(['--from', join(tempDir(), 'missing.json'), '--quiet', '--out', tempDir()])).rejects.toThrow(ConfigError);
    await expect(mergeRun([])).rejects.toThrow(ConfigError);
    const dir = tempDir();
    await expect(reportRun(['--only', 'no-such-claim', '--quiet', '--out', dir])).rejects.toThrow(ConfigError);
    expect(existsSync(join(dir, 'REPORT.md'))).toBe(false);
  });
});
