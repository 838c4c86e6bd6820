/** A published claim as an executable, falsifiable property (catalogue §0, STYLE §2–3).
 *  A claim is one file `properties/<id>.ts` whose default export satisfies `Claim`. */
import type fc from 'fast-check';
import type { ProfileName } from '../core/types.js';

export type Verdict = 'confirmed' | 'refuted' | 'inconclusive';
export type ControlOutcome = 'detected' | 'missed';
/** Catalogue §0 verdict kinds: `shape` verdicts are reported as "confirmed (shape)". */
export type VerdictKind = 'exact' | 'bound' | 'shape' | 'statistical';

export interface ClaimSource {
  /** Catalogue key, e.g. 'GLPR-24'. */
  readonly key: string;
  readonly authors: string;
  readonly title: string;
  /** arXiv identifier, e.g. '2312.10794'. */
  readonly arxiv: string;
  /** Theorem, equation or section, e.g. 'eqs. 3.5–3.8, Lemmas 3.6/3.7'. */
  readonly where: string;
}

/** One measured figure, next to what the theory predicts for it. */
export interface Measurement {
  readonly name: string;
  readonly measured: number;
  /** A number, or a relation such as '≤ 0' or '> 0' when the claim is a bound or a shape. */
  readonly predicted?: number | string;
  readonly unit?: string;
}

/** Every tolerance is a named value with the reason it is that size (integrator error, rounding, SE). */
export interface Tolerance {
  readonly name: string;
  readonly value: number;
  readonly reason: string;
}

/** What `check` returns for one case. */
export interface CheckOutcome {
  /** The conclusion held on this case (within the stated tolerances). */
  readonly holds: boolean;
  /** Set when the numerics cannot decide (solver status not success, error larger than the effect,
   *  run stopped on a metastable plateau): the case counts as inconclusive, never as a pass. */
  readonly inconclusive?: string;
  /** Signed slack of the deciding inequality in its natural units: > 0 held, < 0 violated. */
  readonly margin: number;
  readonly measurements: readonly Measurement[];
  readonly tolerances: readonly Tolerance[];
  /** One line describing the case in words, for reports and failure messages. */
  readonly summary?: string;
}

/** The same check with exactly one hypothesis dropped; it is expected to find a violation. */
export interface NegativeControl<Case> {
  /** Which hypothesis is dropped, in words. */
  readonly dropped: string;
  readonly cases: (profile: ProfileName) => fc.Arbitrary<Case>;
  /** Defaults to the claim's own check. */
  readonly check?: (c: Case) => CheckOutcome;
}

export interface Budget {
  /** Number of random cases of the property. */
  readonly numRuns: number;
  /** Number of cases tried by the negative control before it is declared missed. */
  readonly controlRuns: number;
}

/** A curve for a figure: one named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** Data for one figure, rendered by src/report/figures.ts (Vega-Lite → SVG). */
export interface FigureData {
  /** File suffix: figures are written as `<claim-id>-<name>.svg`. */
  readonly name: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** 'line' (default) or 'point' (scatter) or 'bar' (histogram: x = bin centres). */
  readonly mark?: 'line' | 'point' | 'bar';
  readonly caption?: string;
}

/** Deterministic extra evidence for the report: figures and a measured-vs-predicted table. */
export interface Illustration {
  readonly figures: readonly FigureData[];
  readonly table?: readonly Measurement[];
}

export interface Claim<Case = unknown> {
  /** Kebab-case; equals the file name under properties/, the figure name and the --only value. */
  readonly id: string;
  readonly title: string;
  readonly source: ClaimSource;
  /** Provenance tags as the catalogue gives them: [paper], [survey], [code], [abstract], [secondary],
   *  [derived], [derived✓], [standard], with what each covers. Derived statements must say so. */
  readonly provenance: string;
  /** The statement being checked, in plain mathematics. */
  readonly statement: string;
  readonly kind: VerdictKind;
  /** Cases satisfying the hypotheses. Prefer {n, d, beta, seed}-style records that shrink meaningfully. */
  readonly hypotheses: (profile: ProfileName) => fc.Arbitrary<Case>;
  /** Runs the solver on one case and decides the conclusion. Must be deterministic in the case. */
  readonly check: (c: Case) => CheckOutcome;
  readonly negativeControl: NegativeControl<Case>;
  /** What the evidence showed when the claim was recorded. Never tuned to make CI green. */
  readonly expected: Verdict;
  readonly budgets: Readonly<Record<ProfileName, Budget>>;
  /** Name of the measurement shown as the claim's key figure in summaries. */
  readonly keyFigure: string;
  /** Caveats for the report: derived statements, unknown constants (catalogue §5), flags. */
  readonly notes?: readonly string[];
  /** Optional figures and tables for the report, deterministic in (profile, seed). */
  readonly illustrate?: (profile: ProfileName, seed: number) => Illustration;
}

/** Helper so claim files get full type inference for their Case type. */
export function defineClaim<Case>(claim: Claim<Case>): Claim<Case> {
  return claim;
}
