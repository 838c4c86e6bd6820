/** What running one claim produces: the evidence behind a verdict. Plain JSON-serialisable data, so it
 *  can cross worker threads, be sharded, merged and re-rendered (`mft report --from`). Contains no wall
 *  times: the same master seed and profile must give byte-identical evidence. */
import type { ProfileName } from '../core/types.js';
import type { CheckOutcome, ClaimSource, ControlOutcome, Illustration, Measurement, Tolerance, Verdict, VerdictKind } from './claim.js';

export interface CaseRecord {
  /** The case as generated (JSON-serialisable). */
  readonly case: unknown;
  readonly outcome: CheckOutcome;
}

export interface Counterexample extends CaseRecord {
  /** fast-check seed and path that replay exactly this case. */
  readonly seed: number;
  readonly path: string;
  readonly replayCommand: string;
}

export interface ControlRecord {
  readonly dropped: string;
  readonly outcome: ControlOutcome;
  readonly runs: number;
  /** The shrunk case on which the conclusion failed (present when detected). */
  readonly violation?: Counterexample;
}

export interface ClaimOutcome {
  readonly id: string;
  readonly title: string;
  readonly source: ClaimSource;
  readonly provenance: string;
  readonly statement: string;
  readonly kind: VerdictKind;
  readonly expected: Verdict;
  readonly verdict: Verdict;
  /** Why the verdict is what it is, in one or two sentences. */
  readonly verdictReason: string;
  readonly profile: ProfileName;
  readonly masterSeed: number;
  /** The per-claim seed given to fast-check (claimSeed(masterSeed, id)). */
  readonly seed: number;
  readonly numRuns: number;
  readonly inconclusiveCases: number;
  /** Field → what the generated cases covered (range and distinct count, or the values seen). */
  readonly hypothesesAsRun?: Readonly<Record<string, string>>;
  /** The case with the smallest margin (the closest call), for the measured-vs-predicted table. */
  readonly closest: CaseRecord;
  readonly keyFigure?: Measurement;
  readonly tolerances: readonly Tolerance[];
  readonly counterexample?: Counterexample;
  readonly control: ControlRecord;
  readonly replayCommand: string;
  readonly notes: readonly string[];
  readonly illustration?: Illustration;
}
