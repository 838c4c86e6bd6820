/** The pieces of a split evaluation or Runge–Kutta step (src/kernels/parallel-field.ts), run the same
 *  way by the main thread and the workers over shared memory. An evaluation is three rounds, each of
 *  `parts` pieces that any thread may claim:
 *    PREPARE  chunk c: the kernel's prepareRows of the input state (only before a step's first stage;
 *             later stages are prepared at the end of the previous FINISH);
 *    PARTS    part p: the kernel's runPart (the pair work);
 *    FINISH   chunk c: reduceRows and writeRows of the field's rows, then everything the integrator does
 *             with those rows: the tangent projection, the next stage's input (and its prepareRows) or,
 *             after the last stage, the step's result and error estimate.
 *  Between rounds the main thread runs the kernel's plan() (O(heads·parts)). Every O(n·d) pass of the
 *  step is thus split by rows over the threads, and the only serial work left on the main thread is
 *  copying the state in and the result out once per step.
 *
 *  Bits: the stage sums and the combination are formStageState / combineStages of rkStep, and the
 *  projection is projectRowRangeToTangent, each on its chunk's rows; every entry sees the operations of
 *  the one-thread step in the same order, so a split step gives rkStep's bits with the tangent field of
 *  the same kernel (tests/kernels/parallel-field.test.ts). The attention field is autonomous, so the
 *  stage times c_s·h are not needed. */
import { projectRowRangeToTangent } from '../core/sphere.js';
import { combineStages, formStageState } from '../integrate/explicit-rk.js';
import { ALL_TABLEAUS } from '../integrate/tableaus.js';
import type { AttentionKernel } from './attention-kernel.js';

export const ROUND_PREPARE = 0;
export const ROUND_PARTS = 1;
export const ROUND_FINISH = 2;

/** Most stages of a tableau the split step runs (the tableaus of src/integrate/tableaus.ts). */
const MAX_STAGES = Math.max(...ALL_TABLEAUS.map((t) => t.c.length));

/** Header words (Float64) before the state arrays. */
const HEADER_H = 0;
/** Index into ALL_TABLEAUS, or −1: a single field evaluation (FIELD_MODE). */
const HEADER_TABLEAU = 1;
const HEADER_WANT_ERROR = 2;
const HEADER_PROJECT = 3;
const HEADER_WORDS = 4;
export const FIELD_MODE = -1;

/** Float64 count of the shared state of an n×d problem: the header, the input state, the stages, the
 *  stage input, the result and the error estimate. */
export function sharedStateLength(n: number, d: number): number {
  return HEADER_WORDS + (MAX_STAGES + 4) * n * d;
}

export interface SharedState {
  readonly header: Float64Array;
  /** The step's start state, or the state of a single evaluation. */
  readonly x: Float64Array;
  readonly stages: readonly Float64Array[];
  readonly stageState: Float64Array;
  readonly out: Float64Array;
  readonly errorOut: Float64Array;
}

export function sharedStateViews(buffer: Float64Array, n: number, d: number): SharedState {
  const size = n * d;
  let offset = HEADER_WORDS;
  const next = (): Float64Array => buffer.subarray(offset, (offset += size));
  return {
    header: buffer.subarray(0, HEADER_WORDS),
    x: next(),
    stages: Array.from({ length: MAX_STAGES }, next),
    stageState: next(),
    out: next(),
    errorOut: next(),
  };
}

/** What the main thread sets before the rounds of one evaluation or step. */
export function describeEvaluation(state: SharedState, project: boolean): void {
  state.header[HEADER_TABLEAU] = FIELD_MODE;
  state.header[HEADER_PROJECT] = project ? 1 : 0;
}

export function describeStep(state: SharedState, tableauIndex: number, h: number, wantError: boolean): void {
  state.header[HEADER_H] = h;
  state.header[HEADER_TABLEAU] = tableauIndex;
  state.header[HEADER_WANT_ERROR] = wantError ? 1 : 0;
  state.header[HEADER_PROJECT] = 1;
}

/** Runs piece `piece` of round `kind` for stage `stage` on the calling thread. */
export type RoundPiece = (kind: number, stage: number, piece: number) => void;

export function createRoundPiece(kernel: AttentionKernel, state: SharedState): RoundPiece {
  const { d } = kernel;
  const { header, x, stages, stageState, out, errorOut } = state;
  const bounds = kernel.chunkBounds;
  return (kind, stage, piece) => {
    if (kind === ROUND_PARTS) {
      kernel.runPart(piece);
      return;
    }
    if (kind === ROUND_PREPARE) {
      kernel.prepareRows(x, piece);
      return;
    }
    kernel.reduceRows(piece);
    const rowStart = bounds[piece];
    const rowEnd = bounds[piece + 1];
    const tableauIndex = header[HEADER_TABLEAU];
    if (tableauIndex === FIELD_MODE) {
      kernel.writeRows(out, piece);
      if (header[HEADER_PROJECT] === 1) projectRowRangeToTangent(x, out, d, rowStart, rowEnd);
      return;
    }
    const tableau = ALL_TABLEAUS[tableauIndex];
    const h = header[HEADER_H];
    const k = stages[stage];
    kernel.writeRows(k, piece);
    projectRowRangeToTangent(stage === 0 ? x : stageState, k, d, rowStart, rowEnd);
    const from = rowStart * d;
    const to = rowEnd * d;
    if (stage + 1 < tableau.c.length) {
      formStageState(tableau, stage + 1, x, h, stages, stageState, from, to);
      kernel.prepareRows(stageState, piece);
    } else {
      combineStages(tableau, x, h, stages, stageState, out, header[HEADER_WANT_ERROR] === 1 ? errorOut : undefined, from, to);
    }
  };
}
