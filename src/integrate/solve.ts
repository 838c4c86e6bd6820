/** The driver: steps a problem with a named scheme, records states and observables, and reports a
 *  status instead of throwing or returning NaN when the numerics go wrong. */
import { ConfigError } from '../core/config-error.js';
import { Rng } from '../core/rng.js';
import { createRkWorkspace, rkStep } from './explicit-rk.js';
import type { OdeProblem } from './problem.js';
import { retract } from './retraction.js';
import type { Solution, SolveStatus } from './solution.js';
import { DOPRI5, EULER, HEUN, RK4, type ButcherTableau } from './tableaus.js';

/** Catalogue §1.13: `euler` = S2 (projected Euler, renormalise), `euler-unprojected` = S1 (the scheme of
 *  most published code), `rk4` = S3, `dopri5` = S4, `em` = S5 (projected Euler–Maruyama). */
export const SCHEME_NAMES = ['euler', 'euler-unprojected', 'heun', 'rk4', 'dopri5', 'em'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];

export type Observer = (t: number, x: Float64Array) => number;

export interface RecordOptions {
  /** Record every k accepted steps (plus the first and last state). */
  readonly every?: number;
  /** Record exactly at these times (steps are shortened to land on them). Overrides `every`. */
  readonly times?: readonly number[];
  /** Keep copies of the states at the recording times. */
  readonly states?: boolean;
}

export interface SolveOptions {
  readonly scheme: SchemeName;
  /** Fixed step; for dopri5 the first trial step (default (T − t0)/100). */
  readonly dt?: number;
  readonly rtol?: number;
  readonly atol?: number;
  readonly record?: RecordOptions;
  readonly observables?: Readonly<Record<string, Observer>>;
  /** Hard cap on accepted + rejected steps (default 10^7). */
  readonly maxSteps?: number;
  /** Seed of the noise stream (scheme `em`). */
  readonly seed?: number;
  /** Stop early (status success) once this returns true after an accepted step. */
  readonly stopWhen?: (t: number, x: Float64Array) => boolean;
  /** Called about every `progressEveryMs` milliseconds of wall time with the current time. */
  readonly onProgress?: (t: number) => void;
}

const TABLEAU_OF: Record<string, ButcherTableau> = { euler: EULER, heun: HEUN, rk4: RK4, dopri5: DOPRI5 };
/** Below this step the adaptive controller gives up: 16 ulp of the current time. */
const MIN_STEP_ULPS = 16;
const DEFAULT_MAX_STEPS = 10_000_000;
const PROGRESS_EVERY_MS = 1000;

export function solve(problem: OdeProblem, options: SolveOptions): Solution {
  const started = performance.now();
  validateOptions(problem, options);
  const { n, d, manifold } = problem;
  const [t0, tEnd] = problem.timeSpan;
  const size = n * d;
  const record = options.record ?? {};
  const stopTimes = record.times ? [...record.times].sort((p, q) => p - q) : [];
  const observers = Object.entries(options.observables ?? {});

  const times: number[] = [];
  const states: Float64Array[] = [];
  const observed: number[][] = observers.map(() => []);
  const keep = (t: number, state: Float64Array) => {
    times.push(t);
    if (record.states) states.push(Float64Array.from(state));
    for (let o = 0; o < observers.length; o++) observed[o].push(observers[o][1](t, state));
  };

  let x = Float64Array.from(problem.initial);
  let next = new Float64Array(size);
  const errorEstimate = new Float64Array(size);
  const scheme = options.scheme;
  const tableau = TABLEAU_OF[scheme === 'euler-unprojected' || scheme === 'em' ? 'euler' : scheme];
  const ws = createRkWorkspace(tableau, size);
  const field = scheme === 'euler-unprojected' ? problem.rawField ?? problem.field : problem.field;
  const stepper = scheme === 'euler-unprojected' ? undefined : problem.rkStep;
  const adaptive = scheme === 'dopri5';
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const noiseRng = scheme === 'em' ? Rng.fromSeed(options.seed ?? 0) : undefined;
  const normal = noiseRng ? () => noiseRng.normal() : undefined;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;

  let t = t0;
  let h = options.dt ?? (tEnd - t0) / 100;
  let stopIndex = 0;
  while (stopIndex < stopTimes.length && stopTimes[stopIndex] < t0) stopIndex++;
  if (stopTimes.length === 0 || stopTimes[stopIndex] === t0) {
    keep(t, x);
    if (stopTimes.length > 0) stopIndex++;
  }

  let rhsEvaluations = 0;
  let acceptedSteps = 0;
  let rejectedSteps = 0;
  let status: SolveStatus = 'success';
  let message = '';
  let lastProgress = started;
  let lastRecordedStep = 0;

  while (t < tEnd) {
    if (acceptedSteps + rejectedSteps >= maxSteps) {
      status = 'max-steps';
      message = `stopped after ${maxSteps} steps at t=${t}; raise maxSteps or the step size`;
      break;
    }
    const target = stopIndex < stopTimes.length ? Math.min(stopTimes[stopIndex], tEnd) : tEnd;
    let step = Math.min(h, target - t);
    // Land exactly on the target instead of leaving a sliver step of a few ulp.
    if (target - (t + step) <= MIN_STEP_ULPS * Number.EPSILON * Math.max(1, Math.abs(target))) step = target - t;
    const landsOnTarget = t + step >= target;

    const errorOut = adaptive ? errorEstimate : undefined;
    rhsEvaluations += stepper ? stepper(tableau, t, x, step, next, errorOut) : rkStep(tableau, field, t, x, step, next, ws, errorOut);
    // Itô: the diffusion is evaluated at the start of the step (x), not at the drift-updated `next`.
    if (normal && problem.noise) problem.noise.addIncrement(t, x, step, normal, next);

    if (adaptive) {
      const err = errorNorm(errorEstimate, x, next, rtol, atol);
      if (!(err <= 1)) {
        rejectedSteps++;
        if (!Number.isFinite(err)) {
          h = step / 10;
        } else {
          h = step * Math.max(0.2, 0.9 * Math.pow(err, -1 / 5));
        }
        if (h < MIN_STEP_ULPS * Number.EPSILON * Math.max(1, Math.abs(t))) {
          const badToken = allFiniteRow(next, n, d);
          status = badToken < 0 ? 'step-too-small' : 'nonfinite';
          message =
            badToken < 0
              ? `step size fell to ${h} at t=${t} after ${acceptedSteps} accepted steps; the problem is stiff`
              : `non-finite trial state at step ${acceptedSteps + 1} (t=${t}), token ${badToken}: the step size fell to ${h} without a finite step; reduce rtol/atol or check the model (for usa, speeds grow like e^{β‖QᵀK‖})`;
          break;
        }
        continue;
      }
      const proposed = step * Math.min(5, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-16), -1 / 5)));
      // A step cut short to land on a recording time says nothing about the step size the problem allows:
      // keep the step proposed before the cut, else a sliver (1e-9 before a recording time) would force
      // dozens of ×5 regrowth steps afterwards.
      h = step < h ? Math.max(proposed, h) : proposed;
    }

    retract(manifold, next, n, d);
    const badRow = allFiniteRow(next, n, d);
    if (badRow >= 0) {
      status = 'nonfinite';
      message = `non-finite state after step ${acceptedSteps + 1} (t=${t + step}), token ${badRow}; reduce dt (for usa, dt ∝ e^{-β‖QᵀK‖})`;
      break;
    }
    const previous = x;
    x = next;
    next = previous;
    t = landsOnTarget ? target : t + step;
    acceptedSteps++;

    if (stopTimes.length > 0) {
      if (landsOnTarget && stopIndex < stopTimes.length && target === stopTimes[stopIndex]) {
        keep(t, x);
        stopIndex++;
      }
    } else if (record.every && acceptedSteps - lastRecordedStep >= record.every) {
      keep(t, x);
      lastRecordedStep = acceptedSteps;
    }
    if (options.stopWhen && options.stopWhen(t, x)) {
      message = `stopped early at t=${t}: stop condition met`;
      break;
    }
    if (options.onProgress) {
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        options.onProgress(t);
        lastProgress = now;
      }
    }
  }
  if (stopTimes.length === 0 && times[times.length - 1] !== t) keep(t, x);
  if (status === 'success' && message === '') message = `reached t=${t}`;

  const observables: Record<string, Float64Array> = {};
  observers.forEach(([name], o) => (observables[name] = Float64Array.from(observed[o])));
  return {
    times: Float64Array.from(times),
    states,
    observables,
    final: x,
    finalTime: t,
    status,
    message,
    stats: { rhsEvaluations, acceptedSteps, rejectedSteps, wallMs: performance.now() - started },
    ...(noiseRng ? { seed: options.seed ?? 0 } : {}),
  };
}

/** Index of the first row holding a non-finite entry, or −1. */
function allFiniteRow(x: Float64Array, n: number, d: number): number {
  for (let i = 0; i < n * d; i++) if (!Number.isFinite(x[i])) return Math.floor(i / d);
  return -1;
}

/** Hairer's scaled RMS norm of the local error estimate. */
function errorNorm(err: Float64Array, x: Float64Array, xNew: Float64Array, rtol: number, atol: number): number {
  let s = 0;
  for (let i = 0; i < err.length; i++) {
    const scale = atol + rtol * Math.max(Math.abs(x[i]), Math.abs(xNew[i]));
    const r = err[i] / scale;
    s += r * r;
  }
  return Math.sqrt(s / err.length);
}

function validateOptions(problem: OdeProblem, o: SolveOptions): void {
  if (!(SCHEME_NAMES as readonly string[]).includes(o.scheme))
    throw new ConfigError('scheme', o.scheme, `Use one of ${SCHEME_NAMES.join(', ')}.`);
  const [t0, tEnd] = problem.timeSpan;
  if (!Number.isFinite(t0) || !Number.isFinite(tEnd) || tEnd < t0)
    throw new ConfigError('T', tEnd, 'Expected a finite end time T ≥ 0 (T ≥ t0).');
  if (o.scheme !== 'dopri5' && o.dt === undefined) throw new ConfigError('dt', o.dt, `Scheme ${o.scheme} needs a fixed step: pass dt > 0, e.g. dt 0.01.`);
  if (o.dt !== undefined && !(Number.isFinite(o.dt) && o.dt > 0)) throw new ConfigError('dt', o.dt, 'Expected a finite step dt > 0, e.g. 0.01.');
  for (const [field, v] of [['rtol', o.rtol], ['atol', o.atol]] as const)
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new ConfigError(field, v, `Expected a finite ${field} > 0, e.g. 1e-8.`);
  if (o.scheme === 'em' && !problem.noise) throw new ConfigError('scheme', o.scheme, 'Scheme em needs a noisy problem (model "noisy"); use rk4 for deterministic models.');
  if (o.scheme === 'euler-unprojected' && problem.manifold !== 'sphere')
    throw new ConfigError('scheme', o.scheme, 'euler-unprojected is the sphere scheme S1; use euler for Euclidean models.');
  if (o.maxSteps !== undefined && !(Number.isInteger(o.maxSteps) && o.maxSteps >= 1))
    throw new ConfigError('maxSteps', o.maxSteps, 'Expected a whole number of steps ≥ 1, e.g. 1000000.');
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) throw new ConfigError('seed', o.seed, 'Expected a whole number, e.g. 20261123.');
  const every = o.record?.every;
  if (every !== undefined && !(Number.isInteger(every) && every >= 1)) throw new ConfigError('record.every', every, 'Expected a whole number of steps ≥ 1.');
  for (const time of o.record?.times ?? [])
    if (!Number.isFinite(time) || time < t0 || time > tEnd) throw new ConfigError('record.times', time, `Recording times must lie in [${t0}, ${tEnd}].`);
}
