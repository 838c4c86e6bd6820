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
  const { a, b, c } = tableau;
  const { stages, stageState } = ws;
  const s = c.length;
  let evaluations = 0;
  // Sums are formed one term at a time over whole arrays (a tight axpy per term) instead of term by term
  // per entry: each entry still sees the same operations in the same order, so the bits are unchanged,
  // and the stage updates stop costing as much as a field evaluation at n·d ≈ 4096.
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
    const row = a[stage];
    stageState.set(x);
    for (let j = 0; j < stage; j++) if (row[j] !== 0) addScaled(stageState, h * row[j], stages[j]);
    field(t + c[stage] * h, stageState, k);
    evaluations++;
  }
  // the stage state is free now: it holds Σ b_j k_j
  const acc = stageState;
  acc.fill(0);
  for (let j = 0; j < s; j++) if (b[j] !== 0) addScaled(acc, b[j], stages[j]);
  for (let i = 0; i < out.length; i++) out[i] = x[i] + h * acc[i];
  if (errorOut && tableau.bHat) {
    const bHat = tableau.bHat;
    acc.fill(0);
    for (let j = 0; j < s; j++) addScaled(acc, b[j] - bHat[j], stages[j]);
    for (let i = 0; i < errorOut.length; i++) errorOut[i] = h * acc[i];
  }
  return evaluations;
}

/** y ← y + alpha·v, entry by entry (alpha·v rounded first, as in `acc += alpha * v`). */
function addScaled(y: Float64Array, alpha: number, v: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * v[i];
}
