/** The one vitest entry for claims: every registered claim, quick profile, the same way `mft check` runs it. */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { allClaims } from '../properties/index.js';
import { runClaim } from '../src/claims/runner.js';
import { claimSeed, masterSeedFromEnv } from '../src/core/seeds.js';

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

describe('claims (quick profile)', () => {
  for (const claim of allClaims) {
    const seed = claimSeed(MASTER_SEED, claim.id);
    test(`${claim.id} (seed=${seed})`, () => {
      const outcome = runClaim(claim, { profile: 'quick', masterSeed: MASTER_SEED });
      const context = `${outcome.verdictReason}\nreplay: ${outcome.replayCommand}`;
      expect(outcome.control.outcome, context).toBe('detected'); // a check that can't fail proves nothing
      expect(outcome.verdict, context).toBe(claim.expected);
    });
  }
});
