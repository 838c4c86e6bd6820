/** The one generic explicit Runge–Kutta step, driven by a Butcher tableau. Allocation-free per step. */
import type { VectorField } from './problem.js';
import type { ButcherTableau } from './tableaus.js';

export interface RkWorkspace {
  readonly stages: Float64Array[];
  readonly stageState: Float64Array;
}

export function createRkWorkspace(tableau: ButcherTableau, size: number): RkWorkspace {
  return {
    stages: tableau.c.map(() => new Float64Array(size)),
    stageState: new Float64Array(size),
  };
}

/**
 * One step of size h from (t, x) into `out` (out may not alias x). If the tableau has embedded
 * weights and `errorOut` is given, writes the local error estimate h·Σ(b_s − b̂_s)k_s there.
 * If `firstStage` is given (FSAL), it is used as k_1 instead of evaluating the field.
 * Returns the number of field evaluations made.
 */
export function rkStep(
  tableau: ButcherTableau,
  field: VectorField,
  t: number,
  x: Float64Array,
  h: number,
  out: Float64Array,
  ws: RkWorkspace,
  errorOut?: Float64Array,
  firstStage?: Float64Array,
): number {
  const { c } = tableau;
  const { stages, stageState } = ws;
  const s = c.length;
  let evaluations = 0;
  for (let stage = 0; stage < s; stage++) {
    const k = stages[stage];
    if (stage === 0) {
      if (firstStage) k.set(firstStage);
      else {
        field(t, x, k);
        evaluations++;
      }
      continue;
    }
    formStageState(tableau, stage, x, h, stages, stageState, 0, x.length);
    field(t + c[stage] * h, stageState, k);
    evaluations++;
  }
  // the stage state is free now: it holds the sums of the combination
  combineStages(tableau, x, h, stages, stageState, out, errorOut, 0, x.length);
  return evaluations;
}

// The sums below are formed one term at a time over a range of entries (a tight axpy per term) instead of
// term by term per entry: each entry sees the same operations in the same order either way, so the bits do
// not depend on the range split (src/kernels/parallel-field.ts forms them by row chunks on several threads)
// and the stage updates stop costing as much as a field evaluation at n·d ≈ 4096.

/** Entries from..to of the input of stage `stage` ≥ 1: into = x + Σ_j (h·a[stage][j])·k_j. */
export function formStageState(tableau: ButcherTableau, stage: number, x: Float64Array, h: number, stages: readonly Float64Array[], into: Float64Array, from: number, to: number): void {
  const row = tableau.a[stage];
  for (let i = from; i < to; i++) into[i] = x[i];
  for (let j = 0; j < stage; j++) if (row[j] !== 0) addScaled(into, h * row[j], stages[j], from, to);
}

/** Entries from..to of the step's result out = x + h·Σ_j b_j k_j and, when errorOut is given and the
 *  tableau has embedded weights, of the error estimate h·Σ_j (b_j − b̂_j)k_j; acc is scratch. */
export function combineStages(
  tableau: ButcherTableau,
  x: Float64Array,
  h: number,
  stages: readonly Float64Array[],
  acc: Float64Array,
  out: Float64Array,
  errorOut: Float64Array | undefined,
  from: number,
  to: number,
): void {
  const { b, bHat } = tableau;
  acc.fill(0, from, to);
  for (let j = 0; j < b.length; j++) if (b[j] !== 0) addScaled(acc, b[j], stages[j], from, to);
  for (let i = from; i < to; i++) out[i] = x[i] + h * acc[i];
  if (errorOut && bHat) {
    acc.fill(0, from, to);
    for (let j = 0; j < b.length; j++) addScaled(acc, b[j] - bHat[j], stages[j], from, to);
    for (let i = from; i < to; i++) errorOut[i] = h * acc[i];
  }
}

/** y ← y + alpha·v on entries from..to (alpha·v rounded first, as in `acc += alpha * v`). */
function addScaled(y: Float64Array, alpha: number, v: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) y[i] += alpha * v[i];
}
