import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { allClaims } from '../../properties/index.js';
import { defineClaim, type CheckOutcome, type Claim } from '../../src/claims/claim.js';
import { runClaim } from '../../src/claims/runner.js';
import { uniformSphere, Rng } from '../../src/core/rng.js';
import type { Solution } from '../../src/integrate/solution.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { unitEnergy } from '../../src/observables/energy.js';
import { CLAIM_TEST_TIMEOUT_MS } from '../support/claim-timeout.js';

/** When `on`, every solve() (and the circle PDE solver) still integrates for real but reports status
 *  'nonfinite': the data look fine, so a check that ignores `status` would happily pass. */
const injected = vi.hoisted(() => ({ on: false as false | 'all' | 'first', calls: 0, callsInCase: 0 }));
const INJECTED_MESSAGE = 'injected by tests/claims/nonfinite.test.ts: non-finite state after step 1 (t=0.1), token 0';

function poison<S extends { status: string; message: string }>(solution: S): S {
  injected.calls++;
  injected.callsInCase++;
  const hit = injected.on === 'all' || (injected.on === 'first' && injected.callsInCase === 1);
  return hit ? { ...solution, status: 'nonfinite', message: INJECTED_MESSAGE } : solution;
}

vi.mock(import('../../src/integrate/solve.js'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, solve: ((...args: Parameters<typeof actual.solve>) => poison(actual.solve(...args))) as typeof actual.solve };
});
vi.mock(import('../../src/meanfield/circle-pde.js'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, solveMeanFieldCircle: ((...args: Parameters<typeof actual.solveMeanFieldCircle>) => poison(actual.solveMeanFieldCircle(...args))) as typeof actual.solveMeanFieldCircle };
});

interface BlowUpCase {
  readonly beta: number;
  readonly seed: number;
}

/** USA with β ≥ 800 and dt = 0.5: e^{β⟨x_i,x_j⟩} overflows float64 (e^{709.8} = max double) inside the
 *  first RK4 stage, so the state turns non-finite at step 1 whatever the tokens. The conclusion checked
 *  ("energy does not decrease") is true of the exact flow, and a NaN-blind comparison would pass it. */
function blowUpCheck({ beta, seed }: BlowUpCase): CheckOutcome {
  const n = 6;
  const d = 3;
  const x0 = uniformSphere(Rng.fromSeed(seed), n, d);
  const problem = makeAttentionProblem({ normalization: 'usa', beta, x0, n, d, T: 2 });
  const sol: Solution = solve(problem, { scheme: 'rk4', dt: 0.5 });
  const drop = unitEnergy(problem.initial, n, d, beta) - unitEnergy(sol.final, n, d, beta);
  const measurements = [{ name: 'energy drop', measured: drop, predicted: '≤ 0' }];
  if (sol.status !== 'success') return { holds: false, inconclusive: `solver status ${sol.status}: ${sol.message}`, margin: Number.NaN, measurements, tolerances: [] };
  return { holds: !(drop > 0), margin: -drop, measurements, tolerances: [] };
}

function blowUpClaim(): Claim<BlowUpCase> {
  const cases = () => fc.record({ beta: fc.constantFrom(800, 1000), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) });
  return defineClaim<BlowUpCase>({
    id: 'toy-blow-up',
    title: 'USA energy does not decrease (run with a step that overflows)',
    source: { key: 'toy', authors: 'nobody', title: 'toy', arxiv: '0000.00000', where: 'here' },
    provenance: '[standard]',
    statement: 'E_β(x(t)) is non-decreasing for USA',
    kind: 'bound',
    hypotheses: cases,
    check: blowUpCheck,
    // A control that would be "detected" on any finite run, so a missed control cannot be what makes
    // the verdict inconclusive: only the solver status can.
    negativeControl: { dropped: 'nothing (always violated)', cases, check: () => ({ holds: false, margin: -1, measurements: [], tolerances: [] }) },
    expected: 'confirmed',
    budgets: { quick: { numRuns: 4, controlRuns: 2 }, full: { numRuns: 4, controlRuns: 2 } },
    keyFigure: 'energy drop',
  });
}

describe('a solver blow-up is inconclusive, never a pass', () => {
  test('solve reports nonfinite with the step, time and token (USA, β = 800, dt = 0.5, rk4)', () => {
    const x0 = uniformSphere(Rng.fromSeed(1), 6, 3);
    const sol = solve(makeAttentionProblem({ normalization: 'usa', beta: 800, x0, n: 6, d: 3, T: 2 }), { scheme: 'rk4', dt: 0.5 });
    expect(sol.status).toBe('nonfinite');
    expect(sol.message).toMatch(/step 1 \(t=0\.5\), token \d+/);
    expect(sol.finalTime).toBe(0); // the bad step is not accepted: the last state kept is finite
    expect(Array.from(sol.final).every(Number.isFinite)).toBe(true);
  });

  test('a toy claim whose every case blows up comes out inconclusive with the solver message', () => {
    const outcome = runClaim(blowUpClaim(), { profile: 'quick', masterSeed: 20261123 });
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.control.outcome).toBe('detected');
    expect(outcome.inconclusiveCases).toBe(outcome.numRuns);
    expect(outcome.verdictReason).toMatch(/solver status nonfinite: non-finite state after step 1 \(t=0\.5\), token \d+/);
  });

  test('a check that ignores the status: the runner catches a NaN margin, but not a finite one (why claims guard the status)', () => {
    // NaN > 0 is false, so `!(drop > 0)` "holds" on garbage. The runner treats a NaN margin as inconclusive…
    const nanBlind = { ...blowUpClaim(), check: (c: BlowUpCase) => ({ ...blowUpCheck(c), inconclusive: undefined, holds: true }) };
    expect(Number.isNaN(blowUpCheck({ beta: 800, seed: 1 }).margin)).toBe(true);
    expect(runClaim(nanBlind, { profile: 'quick', masterSeed: 20261123 }).verdict).toBe('inconclusive');
    // …but solve keeps the last finite state, so measurements look sane, and a check that derives a finite
    // margin from them without reading the status would be confirmed: every claim must read `status`.
    const drop = blowUpCheck({ beta: 800, seed: 1 }).measurements[0].measured;
    expect(Number.isFinite(drop)).toBe(true);
    const statusBlind = { ...blowUpClaim(), check: (c: BlowUpCase) => ({ ...blowUpCheck(c), inconclusive: undefined, holds: true, margin: 1 }) };
    expect(runClaim(statusBlind, { profile: 'quick', masterSeed: 20261123 }).verdict).toBe('confirmed');
  });
});

/** Small runs of every registered claim that calls a solver, with solve() (and the circle PDE solver)
 *  reporting 'nonfinite' on every call, or only on the first call of each case (a check that runs
 *  several solves must guard all of them). The data stay intact. Budgets are cut to a couple of cases
 *  and illustrations skipped: the question is only whether a non-success status can reach 'confirmed'. */
describe('registered claims turn a non-success solver status into inconclusive', () => {
  const solving: string[] = [];
  const modes = [
    ['all', { numRuns: 1, controlRuns: 1 }],
    ['first', { numRuns: 1, controlRuns: 1 }],
  ] as const;
  for (const [mode, budget] of modes)
    for (const claim of allClaims) {
      test(`${claim.id}: ${mode === 'all' ? 'every solve' : 'the first solve of each case'} non-finite`, () => {
        const check = (c: unknown) => {
          injected.callsInCase = 0;
          return claim.check(c);
        };
        injected.on = mode;
        injected.calls = 0;
        try {
          const outcome = runClaim({ ...claim, check, illustrate: undefined, budgets: { quick: budget, full: budget } }, { profile: 'quick', masterSeed: 20261123 });
          if (injected.calls === 0) return; // this claim never calls a solver (closed forms, Monte Carlo, own steppers)
          if (mode === 'all') solving.push(claim.id);
          expect(outcome.verdict, outcome.verdictReason).not.toBe('confirmed');
          expect(outcome.verdict, outcome.verdictReason).toBe('inconclusive');
        } finally {
          injected.on = false;
        }
      }, CLAIM_TEST_TIMEOUT_MS);
    }
  test('the injection reached the claims that integrate ODEs/PDEs (else the tests above prove nothing)', () => {
    // Claims listed at the time of writing that call solve() or solveMeanFieldCircle(); new ones may join.
    const known = ['energy-monotonicity', 'spectral-selection', 'exponential-rates', 'concentration-log-beta', 'normalization-speed', 'mean-field-limit'];
    expect(solving).toEqual(expect.arrayContaining(known.filter((id) => allClaims.some((c) => c.id === id))));
  });
});
