/** Observed convergence order: the least-squares slope of log y against log x (src/analysis/regression). */
import { linearRegression } from '../../src/analysis/regression.js';

export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  return linearRegression(xs.map(Math.log), ys.map(Math.log)).slope;
}
