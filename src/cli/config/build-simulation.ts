/** A validated SimulateConfig → a problem, solved. Builders still validate (they are public boundaries
 *  too), so anything missed here surfaces as a ConfigError before any output, never as a NaN. */
import { ConfigError } from '../../core/config-error.js';
import { initialTokens } from '../../core/init.js';
import type { OdeProblem } from '../../integrate/problem.js';
import type { Solution, SolveStatus } from '../../integrate/solution.js';
import { solve, type Observer, type SolveOptions } from '../../integrate/solve.js';
import { splitTrajectory } from '../../kernels/split-trajectory.js';
import { makeAttentionProblem, type AttentionParams, type Normalization } from '../../models/attention.js';
import { makeCircleProblem, pointsToAngles } from '../../models/circle.js';
import { runDiscreteLayers } from '../../models/discrete-layers.js';
import { makeEuclideanProblem } from '../../models/euclidean.js';
import { makeNoisyProblem } from '../../models/noisy.js';
import { makeZeroTemperatureProblem } from '../../models/zero-temperature.js';
import { makeObservable } from '../../observables/registry.js';
import type { SimulateConfig } from './simulate-config.js';

export interface Simulation {
  readonly problem: OdeProblem;
  readonly options: SolveOptions;
  /** Threads the field runs on (src/kernels/split-trajectory.ts). */
  readonly threads: number;
  /** Stops the field's worker threads (a no-op on one thread). */
  dispose(): Promise<void>;
}

/** Models whose field is the attention kernel, so one trajectory can be split across threads. */
const SPLITTABLE_MODELS = new Set(['sa', 'usa', 'causal', 'multihead', 'discrete-layers']);

/** Layer times are ℓ/L; a recording time within this relative distance of one is that layer. */
const LAYER_TIME_TOL = 1e-9;

/** `threads`: threads for the attention field of one trajectory (1: the calling thread only). */
export function buildSimulation(config: SimulateConfig, onProgress?: (t: number) => void, threads = 1): Simulation {
  const x0 = config.x0 ? config.x0.data : initialTokens(config.init!);
  const built = buildProblem(config, x0);
  const split = SPLITTABLE_MODELS.has(config.model) ? splitTrajectory(built as OdeProblem<AttentionParams>, threads) : undefined;
  const problem: OdeProblem = split?.problem ?? built;
  const observables: Record<string, Observer> = {};
  for (const name of config.record.observables) observables[name] = makeObservable(name, problem);
  const options: SolveOptions = {
    scheme: config.scheme,
    ...(config.dt !== undefined ? { dt: config.dt } : {}),
    ...(config.rtol !== undefined ? { rtol: config.rtol } : {}),
    ...(config.atol !== undefined ? { atol: config.atol } : {}),
    record: {
      ...(config.record.every !== undefined ? { every: config.record.every } : {}),
      ...(config.record.times ? { times: config.record.times } : {}),
      states: config.record.states,
    },
    observables,
    seed: config.seed,
    ...(onProgress ? { onProgress } : {}),
  };
  return { problem, options, threads: split?.threads ?? 1, dispose: split?.dispose ?? (async () => {}) };
}

/** Builds and runs the simulation: `solve` for ODE/SDE models, the layer map for discrete-layers. */
export async function runSimulation(config: SimulateConfig, onProgress?: (t: number) => void, threads = 1): Promise<Solution> {
  const { problem, options, dispose } = buildSimulation(config, onProgress, threads);
  try {
    if (config.model !== 'discrete-layers') return solve(problem, options);
    return runLayers(problem, config, options.observables ?? {});
  } finally {
    await dispose();
  }
}

function buildProblem(config: SimulateConfig, x0: Float64Array): OdeProblem {
  const { model, n, d, T } = config;
  const beta = config.beta ?? 0;
  const matrices = { ...(config.Q ? { Q: config.Q } : {}), ...(config.K ? { K: config.K } : {}), ...(config.V ? { V: config.V } : {}) };
  const attention = (normalization: Normalization) => ({
    normalization,
    beta,
    x0,
    n,
    d,
    T,
    ...matrices,
    ...(config.heads ? { heads: config.heads } : {}),
    causal: model === 'causal',
    normalize: false, // rows were normalised (or checked) at the boundary already
  });
  switch (model) {
    case 'sa':
    case 'causal':
    case 'multihead':
      return makeAttentionProblem(attention('sa'));
    case 'usa':
      return makeAttentionProblem(attention('usa'));
    case 'discrete-layers':
      return makeAttentionProblem(attention(config.normalization!));
    case 'noisy':
      return makeNoisyProblem({ ...attention(config.normalization!), kappa: config.kappa!, noise: config.noise! });
    case 'euclidean':
      return makeEuclideanProblem({ beta, x0, n, d, T, ...matrices, rescaled: config.rescaled ?? false });
    case 'zero-temperature':
      return makeZeroTemperatureProblem({ x0, n, d, T, ...matrices });
    case 'circle':
      return makeCircleProblem({ normalization: config.normalization!, beta, theta0: pointsToAngles(x0, n), T, phaseLag: config.phaseLag, strength: config.strength });
    default:
      throw new ConfigError('model', model, 'No builder for this model.');
  }
}

/** discrete-layers as a Solution: x^{ℓ+1} = normalise(x^ℓ + (1/L)F(x^ℓ)), recorded like solve records
 *  (every k layers, or at given times, which must be layer times ℓ/L). */
function runLayers(problem: OdeProblem, config: SimulateConfig, observers: Readonly<Record<string, Observer>>): Solution {
  const started = performance.now();
  const L = config.L!;
  const picked: number[] = [];
  const layerCount = Math.round(L * config.T);
  if (config.record.times) {
    config.record.times.forEach((t, i) => {
      const layer = Math.round(t * L);
      if (Math.abs(t * L - layer) > LAYER_TIME_TOL * Math.max(1, t * L))
        throw new ConfigError(`record.times[${i}]`, t, `discrete-layers records at layer times ℓ/L (L = ${L}): use multiples of ${1 / L}.`);
      picked.push(layer);
    });
  }
  const result = runDiscreteLayers(problem, L);
  if (!config.record.times) {
    const every = config.record.every ?? Math.max(1, result.layers);
    for (let l = 0; l <= result.layers; l += every) picked.push(l);
    if (picked[picked.length - 1] !== result.layers) picked.push(result.layers);
  }
  let status: SolveStatus = 'success';
  let message = `reached t=${result.times[result.layers]} after ${result.layers} layers`;
  const firstBad = result.states.findIndex((x) => !x.every(Number.isFinite));
  let keep = picked;
  if (firstBad >= 0) {
    status = 'nonfinite';
    const row = Math.floor(result.states[firstBad].findIndex((v) => !Number.isFinite(v)) / config.d);
    message = `non-finite state after layer ${firstBad} (t=${result.times[firstBad]}), token ${row}`;
    keep = picked.filter((l) => l < firstBad);
  }
  const names = Object.keys(observers);
  const observables: Record<string, Float64Array> = {};
  for (const name of names) observables[name] = Float64Array.from(keep, (l) => observers[name](result.times[l], result.states[l]));
  const last = firstBad >= 0 ? Math.max(0, firstBad - 1) : result.layers;
  return {
    times: Float64Array.from(keep, (l) => result.times[l]),
    states: config.record.states ? keep.map((l) => result.states[l]) : [],
    observables,
    final: result.states[last],
    finalTime: result.times[last],
    status,
    message,
    stats: { rhsEvaluations: firstBad >= 0 ? firstBad : layerCount, acceptedSteps: firstBad >= 0 ? firstBad : layerCount, rejectedSteps: 0, wallMs: performance.now() - started },
  };
}
