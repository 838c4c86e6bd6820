/** `discrete-layers` (catalogue §1.12 [abstract + secondary: GR; form derived]): a residual network with
 *  L layers per unit of layer time, x^{ℓ+1} = x^ℓ + (1/L) F(x^ℓ), t = ℓ/L.
 *  - Euclidean problems: F is the problem's field, no normalisation.
 *  - Sphere problems (post-LN): x^{ℓ+1} = normalise(x^ℓ + (1/L) F(x^ℓ)) with F the UNPROJECTED field,
 *    which is exactly scheme S1 (`euler-unprojected`) with dt = 1/L [derived].
 *  The number of layers is L·(T − t0), which must be a whole number. */
import { ConfigError } from '../core/config-error.js';
import { requirePositiveInteger } from '../core/validate.js';
import type { OdeProblem } from '../integrate/problem.js';
import { retract } from '../integrate/retraction.js';

export interface DiscreteLayersResult {
  readonly final: Float64Array;
  /** States after each layer, including the input (layers + 1 entries). */
  readonly states: Float64Array[];
  /** Layer times t_ℓ = t0 + ℓ/L. */
  readonly times: Float64Array;
  readonly layers: number;
}

/** Relative slack when checking that L·(T − t0) is a whole number (T given in decimal, e.g. 0.3·10). */
const LAYER_COUNT_TOL = 1e-9;

export function runDiscreteLayers(problem: OdeProblem, L: number): DiscreteLayersResult {
  requirePositiveInteger('L', L, '64');
  const [t0, tEnd] = problem.timeSpan;
  const exact = L * (tEnd - t0);
  const layers = Math.round(exact);
  if (Math.abs(exact - layers) > LAYER_COUNT_TOL * Math.max(1, exact))
    throw new ConfigError('L', L, `L·T = ${exact} must be a whole number of layers; choose T a multiple of 1/L.`);
  const { n, d } = problem;
  const sphere = problem.manifold === 'sphere';
  const F = sphere ? problem.rawField ?? problem.field : problem.field;
  const h = 1 / L;
  let x = Float64Array.from(problem.initial);
  const velocity = new Float64Array(n * d);
  const states = [Float64Array.from(x)];
  const times = new Float64Array(layers + 1);
  times[0] = t0;
  for (let l = 0; l < layers; l++) {
    const t = t0 + l * h;
    F(t, x, velocity);
    const next = new Float64Array(n * d);
    for (let q = 0; q < next.length; q++) next[q] = x[q] + h * velocity[q];
    retract(problem.manifold, next, n, d);
    x = next;
    states.push(next);
    times[l + 1] = t0 + (l + 1) * h;
  }
  return { final: x, states, times, layers };
}
