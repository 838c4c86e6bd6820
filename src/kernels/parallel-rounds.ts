/** The pieces of a split evaluation or Runge–Kutta step (src/kernels/parallel-field.ts), run the same
 *  way by the main thread and the workers over shared memory. An evaluation is two rounds whose pieces
 *  any thread may claim:
 *    PREPARE   `parts` pieces, chunk c: the kernel's prepareRows of the evaluation's input;
 *    EVALUATE  2·parts pieces: first the parts (the kernel's runPart, the pair work), then the chunks'
 *              finish: reduceRows and writeRows of the field's rows, then everything the integrator
 *              does with those rows: the tangent projection and the next stage's input or, after the
 *              last stage, the step's result and error estimate.
 *  A chunk's finish reads only the parts up to kernel.chunkNeeds[c]; it waits for those (a done flag per
 *  part) instead of for every part, so the threads fill the end of the pair work with the first chunks'
 *  finish instead of waiting at a barrier. Nothing in the finish writes what a part still running reads:
 *  the parts read the prepared input (the kernel's own copies), the finish writes the stages, the stage
 *  input and the result. Between rounds the main thread runs the kernel's plan() (O(heads·parts)); every
 *  O(n·d) pass of the step is split by rows over the threads, and the only serial work left on the main
 *  thread is copying the state in and the result out once per step.
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
import { awaitPartsDone, markPartDone } from './parallel-worker-task.js';

export const ROUND_PREPARE = 0;
export const ROUND_EVALUATE = 1;

/** Pieces of a round of this kind. */
export function roundPieces(kind: number, parts: number): number {
  return kind === ROUND_EVALUATE ? 2 * parts : parts;
}

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

/** n·d arrays in the shared state: the input state, the stages, the stage input, the result and the
 *  error estimate (src/cli/config/memory-estimate.ts counts them too). */
export const SHARED_STATE_ARRAYS = MAX_STAGES + 4;

/** Float64 count of the shared state of an n×d problem: the header and SHARED_STATE_ARRAYS arrays. */
export function sharedStateLength(n: number, d: number): number {
  return HEADER_WORDS + SHARED_STATE_ARRAYS * n * d;
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

/** Runs piece `piece` of round `kind` (opened as round number `round`) for stage `stage` on the calling
 *  thread. */
export type RoundPiece = (kind: number, stage: number, round: number, piece: number) => void;

export function createRoundPiece(kernel: AttentionKernel, state: SharedState, ctl: Int32Array): RoundPiece {
  const { d, parts } = kernel;
  const { header, x, stages, stageState, out, errorOut } = state;
  const bounds = kernel.chunkBounds;
  let partMs = 0; // this thread's last part, the spin budget of awaitPartsDone
  return (kind, stage, round, piece) => {
    if (kind === ROUND_PREPARE) {
      kernel.prepareRows(stage === 0 ? x : stageState, piece);
      return;
    }
    if (piece < parts) {
      const started = performance.now();
      kernel.runPart(piece);
      partMs = performance.now() - started;
      markPartDone(ctl, piece, round);
      return;
    }
    const chunk = piece - parts;
    awaitPartsDone(ctl, kernel.chunkNeeds[chunk], round, partMs);
    kernel.reduceRows(chunk);
    const rowStart = bounds[chunk];
    const rowEnd = bounds[chunk + 1];
    const tableauIndex = header[HEADER_TABLEAU];
    if (tableauIndex === FIELD_MODE) {
      kernel.writeRows(out, chunk);
      if (header[HEADER_PROJECT] === 1) projectRowRangeToTangent(x, out, d, rowStart, rowEnd);
      return;
    }
    const tableau = ALL_TABLEAUS[tableauIndex];
    const h = header[HEADER_H];
    const k = stages[stage];
    kernel.writeRows(k, chunk);
    // the stage's input rows, then (the projection done) the next stage's input in their place
    projectRowRangeToTangent(stage === 0 ? x : stageState, k, d, rowStart, rowEnd);
    const from = rowStart * d;
    const to = rowEnd * d;
    if (stage + 1 < tableau.c.length) formStageState(tableau, stage + 1, x, h, stages, stageState, from, to);
    else combineStages(tableau, x, h, stages, stageState, out, header[HEADER_WANT_ERROR] === 1 ? errorOut : undefined, from, to);
  };
}
