import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defineClaim, type CheckOutcome, type Claim } from '../../src/claims/claim.js';
import { runClaim } from '../../src/claims/runner.js';

/** Toy claim "x² ≥ 0 on the integers" whose control (drop: squaring) checks x ≥ 0 and must fail. */
function outcomeOf(value: number): CheckOutcome {
  return { holds: value >= 0, margin: value, measurements: [{ name: 'value', measured: value, predicted: '≥ 0' }], tolerances: [] };
}

function toyClaim(overrides: Partial<Claim<{ x: number }>> = {}): Claim<{ x: number }> {
  return defineClaim<{ x: number }>({
    id: 'toy',
    title: 'squares are non-negative',
    source: { key: 'toy', authors: 'nobody', title: 'toy', arxiv: '0000.00000', where: 'here' },
    provenance: '[standard]',
    statement: 'x² ≥ 0',
    kind: 'exact',
    hypotheses: () => fc.record({ x: fc.integer({ min: -100, max: 100 }) }),
    check: ({ x }) => outcomeOf(x * x),
    negativeControl: { dropped: 'squaring', cases: () => fc.record({ x: fc.integer({ min: -100, max: 100 }) }), check: ({ x }) => outcomeOf(x) },
    expected: 'confirmed',
    budgets: { quick: { numRuns: 20, controlRuns: 50 }, full: { numRuns: 100, controlRuns: 100 } },
    keyFigure: 'value',
    ...overrides,
  });
}

const options = { profile: 'quick', masterSeed: 7 } as const;

describe('runClaim', () => {
  test('a true property with a detected control is confirmed, and the control keeps a shrunk violation', () => {
    const outcome = runClaim(toyClaim(), options);
    expect(outcome.verdict).toBe('confirmed');
    expect(outcome.control.outcome).toBe('detected');
    expect(outcome.control.violation?.case).toEqual({ x: -1 }); // shrinks to the smallest negative integer
    expect(outcome.numRuns).toBe(20);
  });

  test('a false property is refuted with a replayable counterexample', () => {
    const claim = toyClaim({ check: ({ x }) => outcomeOf(x * x - 50) });
    const outcome = runClaim(claim, options);
    expect(outcome.verdict).toBe('refuted');
    const ce = outcome.counterexample!;
    expect(ce.outcome.holds).toBe(false);
    expect(ce.replayCommand).toContain(`--path "${ce.path}"`);
    const replayed = runClaim(claim, { ...options, path: ce.path });
    expect(replayed.counterexample?.case).toEqual(ce.case);
  });

  test('a control that cannot fail makes the verdict inconclusive', () => {
    const outcome = runClaim(toyClaim({ negativeControl: { dropped: 'nothing', cases: () => fc.record({ x: fc.integer({ min: 0, max: 5 }) }) } }), options);
    expect(outcome.control.outcome).toBe('missed');
    expect(outcome.verdict).toBe('inconclusive');
  });

  test('inconclusive cases never count as a pass', () => {
    const outcome = runClaim(toyClaim({ check: ({ x }) => ({ ...outcomeOf(x * x), inconclusive: x % 7 === 0 ? 'solver status nonfinite' : undefined } as CheckOutcome) }), {
      ...options,
      profile: 'full',
    });
    expect(outcome.inconclusiveCases).toBeGreaterThan(0);
    expect(outcome.verdict).toBe('inconclusive');
  });

  test('a NaN margin is inconclusive even when the check says it holds', () => {
    const outcome = runClaim(toyClaim({ check: ({ x }) => ({ ...outcomeOf(x * x), margin: x === 3 ? Number.NaN : x * x }) }), {
      ...options,
      profile: 'full',
    });
    expect(outcome.inconclusiveCases).toBeGreaterThan(0);
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.verdictReason).toContain('NaN margin');
  });

  test('a check that throws is reported as inconclusive with the error, not as a refutation', () => {
    const outcome = runClaim(toyClaim({ check: () => { throw new Error('boom'); } }), options);
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.verdictReason).toContain('boom');
  });

  test('the same seed gives the same evidence bytes; another seed another sample', () => {
    const a = JSON.stringify(runClaim(toyClaim(), options));
    expect(JSON.stringify(runClaim(toyClaim(), options))).toBe(a);
    expect(JSON.stringify(runClaim(toyClaim(), { ...options, masterSeed: 8 }))).not.toBe(a);
  });
});
