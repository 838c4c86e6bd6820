/** The one vitest entry for claims: every registered claim, quick profile, the same way `mft check` runs it. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { allClaims } from '../properties/index.js';
import type { ClaimOutcome } from '../src/claims/outcome.js';
import { runClaim } from '../src/claims/runner.js';
import { runReport } from '../src/cli/commands/report.js';
import { writeFileAtomic } from '../src/core/atomic-write.js';
import { buildEvidence, serializeEvidence } from '../src/report/evidence.js';
import { linkedFigures } from '../src/report/markdown.js';
import { claimSeed, masterSeedFromEnv } from '../src/core/seeds.js';
import { CLAIM_TEST_TIMEOUT_MS } from './support/claim-timeout.js';

const MASTER_SEED = masterSeedFromEnv();

describe('claim registry', () => {
  test('every file in properties/ is registered and each id equals its file name', () => {
    const files = readdirSync(new URL('../properties/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(allClaims.map((c) => c.id).sort()).toEqual(files);
  });

  test('ids are unique kebab-case and every claim has a control and both budgets', () => {
    const ids = allClaims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const claim of allClaims) {
      expect(claim.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(claim.negativeControl.dropped.length, claim.id).toBeGreaterThan(0);
      expect(claim.budgets.quick.numRuns, claim.id).toBeGreaterThan(0);
      expect(claim.budgets.quick.controlRuns, claim.id).toBeGreaterThan(0);
    }
  });
});

const outcomes: ClaimOutcome[] = [];

describe('claims (quick profile)', () => {
  for (const claim of allClaims) {
    const seed = claimSeed(MASTER_SEED, claim.id);
    test(`${claim.id} (seed=${seed})`, () => {
      const outcome = runClaim(claim, { profile: 'quick', masterSeed: MASTER_SEED });
      outcomes.push(outcome);
      const context = `${outcome.verdictReason}\nreplay: ${outcome.replayCommand}`;
      expect(outcome.control.outcome, context).toBe('detected'); // a check that can't fail proves nothing
      expect(outcome.verdict, context).toBe(claim.expected);
    }, CLAIM_TEST_TIMEOUT_MS);
  }
});

// CI renders the quick report from this very run's evidence, so a broken renderer cannot land without
// running every claim a second time.
describe('quick report from this run', () => {
  test('REPORT.md renders, shows every claim, and every linked figure is a valid SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mft-report-'));
    try {
      const evidencePath = join(dir, 'evidence-in.json');
      writeFileAtomic(evidencePath, serializeEvidence(buildEvidence(outcomes, { profile: 'quick', masterSeed: MASTER_SEED })));
      const result = await runReport({ profile: 'quick', masterSeed: MASTER_SEED, outDir: dir, from: evidencePath, quiet: true }, { log: () => {} });
      const report = readFileSync(join(dir, 'REPORT.md'), 'utf8');
      for (const o of outcomes) expect(report, o.id).toContain(`## ${o.id}`);
      for (const figure of linkedFigures(result.evidence)) {
        const path = join(dir, figure);
        expect(existsSync(path), figure).toBe(true);
        expect(readFileSync(path, 'utf8'), figure).toMatch(/^<svg[\s>]/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
