/** What to solve, as plain data plus allocation-free kernels. How to solve it is a separate value (solve.ts). */
import type { ButcherTableau } from './tableaus.js';

export type Manifold = 'euclidean' | 'sphere';

/** Writes the velocity at (t, x) into `out`. Must not allocate or read `out` before writing it. */
export type VectorField = (t: number, x: Float64Array, out: Float64Array) => void;

/** A drop-in for rkStep(tableau, problem.field, t, x, h, out, ws, errorOut, firstStage) that runs the
 *  whole step itself with the same bits (src/kernels/parallel-field.ts splits it over threads). Returns
 *  the number of field evaluations made. */
export type RkStepper = (
  tableau: ButcherTableau,
  t: number,
  x: Float64Array,
  h: number,
  out: Float64Array,
  errorOut?: Float64Array,
  firstStage?: Float64Array,
) => number;

/** Diffusion of an SDE dX = G(X)dt + σ(X)dW, applied by Euler–Maruyama (scheme `em`). `addIncrement`
 *  adds σ(x)·ΔW for one step of length h into `out` (which already holds the drift step), with σ
 *  evaluated at the step's START state x (Itô), drawing standard normals from `normal` (ΔW = √h·N).
 *  For sphere models the increment is tangent at x and the retraction follows (catalogue S5). */
export interface NoiseTerm {
  readonly description: string;
  readonly addIncrement: (t: number, x: Float64Array, h: number, normal: () => number, out: Float64Array) => void;
}

export interface OdeProblem<P = unknown> {
  /** Number of tokens (rows) and the dimension of each row. The state has n·d entries. */
  readonly n: number;
  readonly d: number;
  /** Initial state, n×d row-major. */
  readonly initial: Float64Array;
  /** [t0, T] in layer time (one layer of a residual network is one unit of t / L steps). */
  readonly timeSpan: readonly [number, number];
  readonly params: P;
  readonly manifold: Manifold;
  /** The velocity. On the sphere this is the projected (tangent) field G(x) = P_x F(x). */
  readonly field: VectorField;
  /** On the sphere: the unprojected F(x), used by the `euler-unprojected` scheme (catalogue S1). */
  readonly rawField?: VectorField;
  /** Steps with `field` (every scheme but `euler-unprojected`) go through this when it is set. */
  readonly rkStep?: RkStepper;
  readonly noise?: NoiseTerm;
  /** Short human description (model, β, shapes) used in messages and reports. */
  readonly label: string;
}
