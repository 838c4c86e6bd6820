import { beforeAll, describe, expect, test } from 'vitest';
import { allClaims } from '../../properties/index.js';
import type { Claim } from '../../src/claims/claim.js';
import { runClaims } from '../../src/claims/run-claims.js';
import { buildEvidence, serializeEvidence } from '../../src/report/evidence.js';

/** Three of the cheapest registered claims (quick profile, single thread, measured 2026-11-23 on the
 *  2-core machine: lost-in-the-middle ≈ 1.0 s, wendel-hemisphere ≈ 1.9 s, critical-scaling-log-n ≈ 2.0 s):
 *  an ODE claim, a Monte-Carlo claim and a fixture-backed scaling claim, so the solver, the Rng streams
 *  and fast-check's generation all feed the bytes compared below. */
const CHEAP_IDS = ['lost-in-the-middle', 'wendel-hemisphere', 'critical-scaling-log-n'];
const SEED = 20261123;
const OTHER_SEED = 7;

function claimsById(ids: readonly string[]): Claim<any>[] {
  return ids.map((id) => {
    const claim = allClaims.find((c) => c.id === id);
    if (!claim) throw new Error(`claim ${id} is no longer registered: pick another cheap claim`);
    return claim;
  });
}

async function evidenceBytes(masterSeed: number, workers: number): Promise<string> {
  const { outcomes } = await runClaims(claimsById(CHEAP_IDS), { profile: 'quick', masterSeed, workers });
  return serializeEvidence(buildEvidence(outcomes, { profile: 'quick', masterSeed }));
}

describe('evidence is a function of (claims, profile, master seed) only', () => {
  let first: string;
  let second: string;
  let twoWorkers: string;
  let otherSeed: string;
  beforeAll(async () => {
    first = await evidenceBytes(SEED, 1);
    second = await evidenceBytes(SEED, 1);
    twoWorkers = await evidenceBytes(SEED, 2);
    otherSeed = await evidenceBytes(OTHER_SEED, 2);
  });

  test('the runs produced real evidence (every claim decided, cases recorded)', () => {
    const evidence = JSON.parse(first) as { claims: { id: string; numRuns: number; closest: { case: unknown } }[] };
    expect(evidence.claims.map((c) => c.id)).toEqual(CHEAP_IDS);
    for (const claim of evidence.claims) {
      expect(claim.numRuns, claim.id).toBeGreaterThan(0);
      expect(claim.closest.case, claim.id).not.toBeNull();
    }
  });

  test('same master seed, two runs in one thread → byte-identical evidence JSON', () => {
    expect(second).toBe(first);
  });

  test('same master seed, 1 worker vs 2 worker threads → byte-identical evidence JSON', () => {
    expect(twoWorkers).toBe(first);
  });

  test('a different master seed → different evidence, claim by claim (other per-claim seeds and cases)', () => {
    expect(otherSeed).not.toBe(first);
    const a = JSON.parse(first) as { claims: { id: string; seed: number; closest: unknown }[] };
    const b = JSON.parse(otherSeed) as typeof a;
    for (let i = 0; i < CHEAP_IDS.length; i++) {
      expect(b.claims[i].id).toBe(a.claims[i].id);
      expect(b.claims[i].seed, a.claims[i].id).not.toBe(a.claims[i].seed);
      // Not just the recorded seed: the cases generated from it, and what the check measured, differ.
      expect(JSON.stringify(b.claims[i].closest), a.claims[i].id).not.toBe(JSON.stringify(a.claims[i].closest));
    }
  });
});
