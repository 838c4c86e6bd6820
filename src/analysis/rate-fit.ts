/** Exponential rates from a recorded curve: least squares of log y against t over a stated window,
 *  with the slope's standard error and a Student-t confidence interval (analysis/regression.ts).
 *  Convention: y(t) ≈ C·e^{slope·t}; a decay has slope < 0 and `decayRate` = −slope (per unit of
 *  layer time t). Only points with y > 0 inside the window enter the fit. */
import { linearRegression, MIN_REGRESSION_POINTS, type LinearFit } from './regression.js';

export interface RateWindow {
  /** Time window [tMin, tMax] (inclusive); omitted ends are open. */
  readonly tMin?: number;
  readonly tMax?: number;
  /** Value window [yMin, yMax] (inclusive), e.g. 1e-11 < ε < 1e-5: fits the regime, not the clock. */
  readonly yMin?: number;
  readonly yMax?: number;
}

export interface RateFit extends LinearFit {
  /** −slope: the exponential decay rate (per unit of t). */
  readonly decayRate: number;
  readonly window: RateWindow;
  /** First and last time that entered the fit. */
  readonly tFirst: number;
  readonly tLast: number;
}

/** Fits log y = intercept + slope·t over the points inside `window`. Returns undefined when fewer than
 *  3 points qualify (the caller reports that as inconclusive, never as a pass). */
export function fitExponentialRate(times: ArrayLike<number>, values: ArrayLike<number>, window: RateWindow = {}, confidence = 0.95): RateFit | undefined {
  if (times.length !== values.length) throw new Error(`fitExponentialRate: ${times.length} times but ${values.length} values`);
  const ts: number[] = [];
  const logs: number[] = [];
  const { tMin = -Infinity, tMax = Infinity, yMin = 0, yMax = Infinity } = window;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const y = values[i];
    if (!(y > 0) || !Number.isFinite(y) || y < yMin || y > yMax || t < tMin || t > tMax) continue;
    ts.push(t);
    logs.push(Math.log(y));
  }
  if (ts.length < MIN_REGRESSION_POINTS) return undefined;
  const fit = linearRegression(ts, logs, confidence);
  return { ...fit, decayRate: -fit.slope, window, tFirst: ts[0], tLast: ts[ts.length - 1] };
}
