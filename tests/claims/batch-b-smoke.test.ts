/** Smoke test for claims batch b: a few quick cases hold and the negative control finds a violation.
 *  tests/properties.test.ts runs the full quick budgets; this file keeps to SMOKE_RUNS cases so CI does
 *  not pay twice. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Claim } from '../../src/claims/claim.js';
import { claimSeed, masterSeedFromEnv } from '../../src/core/seeds.js';
import lostInTheMiddle from '../../properties/lost-in-the-middle.js';
import sinkhornGradientFlow from '../../properties/sinkhorn-gradient-flow.js';
import normalizationSpeed from '../../properties/normalization-speed.js';
import layerNormEnergyMinimizers from '../../properties/layer-norm-energy-minimizers.js';
import kuramoto2d from '../../properties/kuramoto-2d.js';
import euclideanPolytope from '../../properties/euclidean-polytope.js';
import depthLimit from '../../properties/depth-limit.js';
import noiseSynchronization from '../../properties/noise-synchronization.js';

const CLAIMS: Claim<any>[] = [lostInTheMiddle, sinkhornGradientFlow, normalizationSpeed, layerNormEnergyMinimizers, kuramoto2d, euclideanPolytope, depthLimit, noiseSynchronization];
/** A handful of property cases: enough to catch a broken check, cheap next to tests/properties.test.ts. */
const SMOKE_RUNS = 3;

describe.each(CLAIMS.map((c) => [c.id, c] as const))('%s', (_id, claim) => {
  const seed = claimSeed(masterSeedFromEnv(), claim.id);
  const budget = claim.budgets.quick;
  test(`hypotheses hold (seed=${seed})`, () => {
    const run = fc.check(fc.property(claim.hypotheses('quick'), (c) => {
      const o = claim.check(c);
      return o.holds && o.inconclusive === undefined;
    }), { seed, numRuns: Math.min(SMOKE_RUNS, budget.numRuns) });
    expect(run.failed, run.failed ? `counterexample ${JSON.stringify(run.counterexample)}` : '').toBe(false);
  });
  test(`negative control detected (seed=${seed})`, () => {
    const control = claim.negativeControl;
    const checkFn = control.check ?? claim.check;
    const run = fc.check(fc.property(control.cases('quick'), (c) => checkFn(c).holds), { seed, numRuns: budget.controlRuns });
    expect(run.failed, `control "${control.dropped}" found no violation`).toBe(true);
  });
});
