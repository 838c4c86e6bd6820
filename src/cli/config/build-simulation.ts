/** A validated SimulateConfig → the problem to solve and the solve options. Builders still validate
 *  (they are public boundaries too), so anything missed here surfaces as a ConfigError, not a NaN. */
import { ConfigError } from '../../core/config-error.js';
import { initialTokens } from '../../core/init.js';
import type { OdeProblem } from '../../integrate/problem.js';
import type { Observer, SolveOptions } from '../../integrate/solve.js';
import { makeAttentionProblem, type Normalization } from '../../models/attention.js';
import type { SimulateConfig } from './simulate-config.js';
import { SIMULATION_OBSERVABLES } from './simulation-observables.js';

export interface Simulation {
  readonly problem: OdeProblem;
  readonly options: SolveOptions;
}

export function buildSimulation(config: SimulateConfig, onProgress?: (t: number) => void): Simulation {
  const { n, d } = config;
  const x0 = config.x0 ? config.x0.data : initialTokens(config.init!);
  const problem = buildProblem(config, x0);
  const observables: Record<string, Observer> = {};
  for (const name of config.record.observables) observables[name] = SIMULATION_OBSERVABLES[name]({ n, d, beta: config.beta });
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
  return { problem, options };
}

function buildProblem(config: SimulateConfig, x0: Float64Array): OdeProblem {
  const { model, n, d, beta, T } = config;
  switch (model) {
    case 'sa':
    case 'usa':
    case 'causal':
    case 'multihead': {
      const normalization: Normalization = model === 'usa' ? 'usa' : 'sa';
      return makeAttentionProblem({
        normalization,
        beta,
        x0,
        n,
        d,
        T,
        ...(config.Q ? { Q: config.Q } : {}),
        ...(config.K ? { K: config.K } : {}),
        ...(config.V ? { V: config.V } : {}),
        ...(config.heads ? { heads: config.heads } : {}),
        causal: model === 'causal',
        // x0 rows were normalised (or checked) at the boundary already.
        normalize: false,
      });
    }
    default:
      throw new ConfigError('model', model, 'This model is in the schema but not wired into mft simulate in this build yet; use sa, usa, causal or multihead.');
  }
}
