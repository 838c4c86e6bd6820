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
  const size = x.length;
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
    const row = a[stage];
    for (let i = 0; i < size; i++) {
      let acc = x[i];
      for (let j = 0; j < stage; j++) {
        const aij = row[j];
        if (aij !== 0) acc += h * aij * stages[j][i];
      }
      stageState[i] = acc;
    }
    field(t + c[stage] * h, stageState, k);
    evaluations++;
  }
  for (let i = 0; i < size; i++) {
    let acc = 0;
    for (let j = 0; j < s; j++) {
      const bj = b[j];
      if (bj !== 0) acc += bj * stages[j][i];
    }
    out[i] = x[i] + h * acc;
  }
  if (errorOut && tableau.bHat) {
    const bHat = tableau.bHat;
    for (let i = 0; i < size; i++) {
      let acc = 0;
      for (let j = 0; j < s; j++) acc += (b[j] - bHat[j]) * stages[j][i];
      errorOut[i] = h * acc;
    }
  }
  return evaluations;
}
