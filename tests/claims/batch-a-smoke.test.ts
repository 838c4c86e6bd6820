/** Smoke test for the claims of batch a (issue #5) until the shared claim runner lands: under the
 *  hypotheses fc.check finds no failing case (inconclusive cases do not count as failures, as in the
 *  runner), and the negative control finds a violation within its budget. Quick profile budgets.
 *  MFT_CLAIM=<id> restricts the run to one claim; MFT_PROFILE=full uses the full budgets.
 *  Now that tests/properties.test.ts runs every claim through the runner, this file would only repeat
 *  that work in CI, so it runs only when asked: MFT_BATCH_A_SMOKE=1 (or MFT_CLAIM set). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Claim } from '../../src/claims/claim.js';
import { claimSeed, masterSeedFromEnv } from '../../src/core/seeds.js';
import type { ProfileName } from '../../src/core/types.js';
import criticalScalingLogN from '../../properties/critical-scaling-log-n.js';
import wendelHemisphere from '../../properties/wendel-hemisphere.js';
import equiangularReduction from '../../properties/equiangular-reduction.js';
import energyExtremizers from '../../properties/energy-extremizers.js';
import metastability from '../../properties/metastability.js';
import criticalScalingGapCounting from '../../properties/critical-scaling-gap-counting.js';
import causalClustering from '../../properties/causal-clustering.js';
import globalClustering from '../../properties/global-clustering.js';
import highDimPhaseDiagram from '../../properties/high-dim-phase-diagram.js';

const CLAIMS: Claim<any>[] = [criticalScalingLogN, wendelHemisphere, equiangularReduction, energyExtremizers, metastability, criticalScalingGapCounting, causalClustering, globalClustering, highDimPhaseDiagram];
const only = process.env.MFT_CLAIM;
const profile = (process.env.MFT_PROFILE ?? 'quick') as ProfileName;

const enabled = process.env.MFT_BATCH_A_SMOKE === '1' || only !== undefined;

test('batch-a smoke claims are registered files', () => {
  expect(CLAIMS.map((c) => c.id).sort()).toEqual([
    'causal-clustering', 'critical-scaling-gap-counting', 'critical-scaling-log-n', 'energy-extremizers', 'equiangular-reduction',
    'global-clustering', 'high-dim-phase-diagram', 'metastability', 'wendel-hemisphere',
  ]);
});

for (const claim of CLAIMS.filter((c) => enabled && (!only || c.id === only))) {
  describe(claim.id, () => {
    const seed = claimSeed(masterSeedFromEnv(), claim.id);
    test(`hypotheses hold (seed=${seed})`, () => {
      const started = performance.now();
      let inconclusive = 0;
      const result = fc.check(
        fc.property(claim.hypotheses(profile), (c) => {
          const outcome = claim.check(c);
          if (outcome.inconclusive !== undefined) {
            inconclusive++;
            return true;
          }
          return outcome.holds;
        }),
        { seed, numRuns: claim.budgets[profile].numRuns },
      );
      const failing = result.counterexample?.[0];
      const detail = failing === undefined ? '' : JSON.stringify({ case: failing, outcome: claim.check(failing) });
      console.log(`${claim.id} property: ${(performance.now() - started).toFixed(0)} ms, ${result.numRuns} runs, ${inconclusive} inconclusive`);
      expect(result.failed, detail).toBe(claim.expected === 'refuted');
    });
    test(`negative control detected (seed=${seed})`, () => {
      const started = performance.now();
      const control = claim.negativeControl;
      const check = control.check ?? claim.check;
      const result = fc.check(
        fc.property(control.cases(profile), (c) => {
          const outcome = check(c);
          return outcome.inconclusive !== undefined || outcome.holds;
        }),
        { seed: seed ^ 0x5bd1e995, numRuns: claim.budgets[profile].controlRuns, endOnFailure: true },
      );
      console.log(`${claim.id} control: ${(performance.now() - started).toFixed(0)} ms, failed=${result.failed} after ${result.numRuns} runs`);
      expect(result.failed, `control "${control.dropped}" missed`).toBe(true);
    });
    if (claim.illustrate)
      test('illustrate is deterministic data', () => {
        const started = performance.now();
        const ill = claim.illustrate!(profile, seed);
        console.log(`${claim.id} illustrate: ${(performance.now() - started).toFixed(0)} ms`);
        expect(ill.figures.length).toBeGreaterThan(0);
        for (const f of ill.figures) for (const s of f.series) expect(s.x.length, `${f.name}/${s.name}`).toBe(s.y.length);
      });
  });
}
