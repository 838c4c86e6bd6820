/** Atomicity of the report set: a failure while writing (simulated: the file system throws on the
 *  third temp file) or while rendering leaves the previous report intact and no temp files behind. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { buildEvidence, parseEvidence, serializeEvidence } from '../../src/report/evidence.js';
import { renderReportFiles, writeReportFiles } from '../../src/report/report-files.js';
import { fakeOutcome } from './fixtures/fake-outcome.js';

const fsState = vi.hoisted(() => ({ failOnTempWrite: Number.POSITIVE_INFINITY, tempWrites: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const writeFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith('.tmp') && ++fsState.tempWrites >= fsState.failOnTempWrite) throw new Error('ENOSPC: no space left on device (simulated)');
    return (real.writeFileSync as (...a: unknown[]) => void)(path, ...rest);
  }) as typeof real.writeFileSync;
  return { ...real, default: { ...real, writeFileSync }, writeFileSync };
});

const RUN = { gitCommit: 'abc1234', machine: 'test machine', runLine: 'now' };
const canonical = (ids: string[], verdict: 'confirmed' | 'refuted' = 'confirmed') =>
  parseEvidence(serializeEvidence(buildEvidence(ids.map((id) => fakeOutcome(id, { verdict })), { profile: 'quick', masterSeed: 20261123 })));

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('writeReportFiles', () => {
  beforeEach(() => {
    fsState.failOnTempWrite = Number.POSITIVE_INFINITY;
    fsState.tempWrites = 0;
  });

  test('a write failing mid-set leaves the previous report and no temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mft-atomic-'));
    const first = await renderReportFiles(dir, canonical(['claim-a', 'claim-b']), RUN, '{}\n');
    writeReportFiles(dir, first.files);
    const before = snapshot(dir);
    expect(Object.keys(before)).toContain('/REPORT.md');

    const second = await renderReportFiles(dir, canonical(['claim-a', 'claim-c'], 'refuted'), RUN, '{"x":1}\n');
    fsState.tempWrites = 0;
    fsState.failOnTempWrite = 3;
    expect(() => writeReportFiles(dir, second.files)).toThrow(/simulated/);
    expect(snapshot(dir)).toEqual(before); // same files, same bytes, no *.tmp left over

    fsState.failOnTempWrite = Number.POSITIVE_INFINITY;
    const removed = writeReportFiles(dir, second.files);
    expect(removed.map((p) => p.slice(dir.length)).sort()).toEqual(['/report/figures/claim-b-energy.svg', '/report/figures/claim-b-rate.svg']);
    expect(snapshot(dir)['/REPORT.md']).toContain('claim-c');
  });

  test('a failure while rendering (duplicate figure names) writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mft-atomic-'));
    const outcome = fakeOutcome('claim-a');
    const figure = outcome.illustration!.figures[0];
    const bad = parseEvidence(serializeEvidence(buildEvidence([{ ...outcome, illustration: { figures: [figure, figure] } }], { profile: 'quick', masterSeed: 20261123 })));
    await expect(renderReportFiles(dir, bad, RUN, '{}\n')).rejects.toThrow(/unique/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
