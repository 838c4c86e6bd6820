/** Runs one claim: the property under its per-claim seed, then the negative control, and turns both
 *  into a verdict with its evidence (catalogue §0, STYLE §2). Deterministic in (claim, profile, seed). */
import fc from 'fast-check';
import { keyFigureMatches } from './sub-check-key-figure.js';
import { claimSeed } from '../core/seeds.js';
import type { ProfileName } from '../core/types.js';
import type { CheckOutcome, Claim, Verdict } from './claim.js';
import type { CaseRecord, ClaimOutcome, ControlRecord, Counterexample } from './outcome.js';
import { summarizeCases } from './case-summary.js';
import { jsonSafe } from './json-safe.js';

export interface RunClaimOptions {
  readonly profile: ProfileName;
  readonly masterSeed: number;
  /** Replay exactly one case of the property (fast-check path printed with a counterexample). */
  readonly path?: string;
  /** Replay exactly one case of the negative control. */
  readonly controlPath?: string;
  /** Called after every generated case (property and control), for progress reporting. */
  readonly onCase?: (done: number, total: number) => void;
}

/** Shrinking re-runs the check on smaller cases; each run may integrate an ODE for seconds. Past this
 *  many shrink evaluations the remaining candidates are accepted unevaluated, which ends shrinking
 *  deterministically (a time limit would make the evidence depend on the machine). */
const MAX_SHRINK_EVALUATIONS = 24;
/** The control's seed is derived from the claim's so the two explore different cases. */
const CONTROL_SEED_SALT = 0x5bd1e995;

export function replayCommand(claimId: string, options: Pick<RunClaimOptions, 'profile' | 'masterSeed'>, path?: string, control = false): string {
  const parts = ['npm run mft -- check', `--only ${claimId}`, `--profile ${options.profile}`, `--seed ${options.masterSeed}`];
  if (path !== undefined) parts.push(control ? `--control-path "${path}"` : `--path "${path}"`);
  return parts.join(' ');
}

interface PropertyRun {
  readonly failed: boolean;
  readonly threw?: string;
  readonly counterexample?: Counterexample;
  readonly generated: CaseRecord[];
  readonly numRuns: number;
}

function runProperty<Case>(
  arbitrary: fc.Arbitrary<Case>,
  check: (c: Case) => CheckOutcome,
  seed: number,
  numRuns: number,
  path: string | undefined,
  onGenerated: () => void,
  replay: (path: string) => string,
): PropertyRun {
  const generated: CaseRecord[] = [];
  let shrinking = false;
  let shrinkEvaluations = 0;
  let threw: string | undefined;
  const property = fc.property(arbitrary, (c) => {
    if (shrinking) {
      if (shrinkEvaluations >= MAX_SHRINK_EVALUATIONS) return true;
      shrinkEvaluations++;
    }
    let outcome: CheckOutcome;
    try {
      outcome = guardNaN(check(c));
    } catch (error) {
      threw ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      shrinking = true;
      throw error;
    }
    if (!shrinking) {
      generated.push({ case: c, outcome });
      onGenerated();
    }
    const ok = outcome.holds || outcome.inconclusive !== undefined;
    if (!ok) shrinking = true;
    return ok;
  });
  const details = fc.check(property, { seed, numRuns, ...(path !== undefined ? { path } : {}) });
  if (!details.failed) return { failed: false, generated, numRuns: details.numRuns };
  const counterCase = details.counterexample![0];
  const counterPath = details.counterexamplePath ?? '';
  let outcome: CheckOutcome;
  try {
    outcome = check(counterCase);
  } catch {
    outcome = { holds: false, margin: Number.NaN, measurements: [], tolerances: [], summary: `check threw: ${threw}` };
  }
  return {
    failed: true,
    ...(threw !== undefined ? { threw } : {}),
    generated,
    numRuns: details.numRuns,
    counterexample: { case: counterCase, outcome, seed, path: counterPath, replayCommand: replay(counterPath) },
  };
}

/** A check that ignores a non-finite solver state can compare with NaN and still say `holds` (every
 *  comparison with NaN is false, so `!(x > tol)` passes). A NaN margin is never evidence. */
function guardNaN(outcome: CheckOutcome): CheckOutcome {
  if (outcome.inconclusive !== undefined || !Number.isNaN(outcome.margin)) return outcome;
  return { ...outcome, inconclusive: 'the check reported a NaN margin: a non-finite computation is not evidence' };
}

export function runClaim<Case>(claim: Claim<Case>, options: RunClaimOptions): ClaimOutcome {
  const { profile, masterSeed } = options;
  const seed = claimSeed(masterSeed, claim.id);
  const budget = claim.budgets[profile];
  const total = budget.numRuns + budget.controlRuns;
  let done = 0;
  const tick = () => options.onCase?.(++done, total);
  const replayOnly = options.path !== undefined || options.controlPath !== undefined;

  const main =
    options.controlPath !== undefined && options.path === undefined
      ? ({ failed: false, generated: [], numRuns: 0 } as PropertyRun)
      : runProperty(claim.hypotheses(profile), claim.check, seed, budget.numRuns, options.path, tick, (p) => replayCommand(claim.id, options, p));

  const controlSeed = ((seed ^ CONTROL_SEED_SALT) >>> 1) >>> 0;
  const controlCheck = claim.negativeControl.check ?? claim.check;
  const controlRun =
    options.path !== undefined && options.controlPath === undefined
      ? undefined
      : runProperty(claim.negativeControl.cases(profile), controlCheck, controlSeed, budget.controlRuns, options.controlPath, tick, (p) =>
          replayCommand(claim.id, options, p, true),
        );
  const control: ControlRecord = {
    dropped: claim.negativeControl.dropped,
    outcome: controlRun?.failed && controlRun.threw === undefined ? 'detected' : 'missed',
    runs: controlRun?.numRuns ?? 0,
    ...(controlRun?.counterexample ? { violation: controlRun.counterexample } : {}),
  };

  const inconclusive = main.generated.filter((r) => r.outcome.inconclusive !== undefined);
  const decided = main.generated.filter((r) => r.outcome.inconclusive === undefined);
  const closest: CaseRecord =
    main.counterexample ??
    [...decided].sort((a, b) => a.outcome.margin - b.outcome.margin)[0] ??
    main.generated[0] ?? { case: null, outcome: { holds: false, margin: Number.NaN, measurements: [], tolerances: [], summary: 'no case was run' } };

  let verdict: Verdict;
  let verdictReason: string;
  if (main.threw !== undefined) {
    verdict = 'inconclusive';
    verdictReason = `the check threw on a case (${main.threw}): a bug in the check or the solver, not evidence`;
  } else if (main.failed) {
    verdict = 'refuted';
    verdictReason = `a case within the hypotheses violates the conclusion (margin ${closest.outcome.margin})`;
  } else if (inconclusive.length > 0) {
    verdict = 'inconclusive';
    verdictReason = `${inconclusive.length} of ${main.generated.length} cases were inconclusive: ${inconclusive[0].outcome.inconclusive}`;
  } else if (control.outcome === 'missed' && !replayOnly) {
    verdict = 'inconclusive';
    verdictReason =
      controlRun?.threw !== undefined
        ? `the negative control threw (${controlRun.threw}) instead of finding a violation`
        : `the property held on all ${main.generated.length} cases, but the negative control (${control.dropped}) found no violation in ${control.runs} cases: the check has no demonstrated teeth`;
  } else {
    verdict = 'confirmed';
    verdictReason = `the conclusion held on all ${main.generated.length} cases and the negative control (${control.dropped}) was violated as expected`;
  }

  const keyFigure = closest.outcome.measurements.find((m) => keyFigureMatches(m.name, claim.keyFigure));
  const illustration = claim.illustrate && !replayOnly ? claim.illustrate(profile, seed) : undefined;
  return jsonSafe({
    id: claim.id,
    title: claim.title,
    source: claim.source,
    provenance: claim.provenance,
    statement: claim.statement,
    kind: claim.kind,
    expected: claim.expected,
    verdict,
    verdictReason,
    profile,
    masterSeed,
    seed,
    numRuns: main.numRuns,
    inconclusiveCases: inconclusive.length,
    hypothesesAsRun: summarizeCases(main.generated.map((r) => r.case)),
    closest,
    ...(keyFigure ? { keyFigure } : {}),
    tolerances: closest.outcome.tolerances,
    ...(main.counterexample ? { counterexample: main.counterexample } : {}),
    control,
    replayCommand: main.counterexample?.replayCommand ?? replayCommand(claim.id, options),
    notes: claim.notes ?? [],
    ...(illustration ? { illustration } : {}),
  });
}
