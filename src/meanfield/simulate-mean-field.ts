/** `mft simulate` for model "mean-field-circle": a JSON config → the PDE solution as JSON.
 *  Config (every key optional unless marked):
 *    model: "mean-field-circle" (required), normalization: "sa" | "usa" (required), beta (required),
 *    T (required), M (power of two; default len(density0) or 1024), density0: [M cell averages] | init:
 *    {kind: "cosine", a, k, phase?} (f0 = (1 + a cos k(θ − phase))/(2π)) | {kind: "uniform"}, normalize,
 *    kappa (noise κ: diffusion κ^{-1}∂²θ), phaseLag, kernelSum ("auto" | "fft" | "direct"), limiter
 *    ("mc" | "minmod" | "upwind"), usaTime ("layer" | "rescaled"), rtol, atol, dtMax, description,
 *    record: {times?: [...], every?: k, densities?: true (default), observables?: [names]}.
 *  Observables: mass, orderParameter (R = |∫e^{iθ}f|), meanAngle, w2ToMean (W2 to the Dirac at the
 *  circular mean, geodesic), minDensity, maxDensity. Densities are cell averages on cells [jh, (j+1)h). */
import { ConfigError } from '../core/config-error.js';
import { solveMeanFieldCircle, type DensityObserver, type MeanFieldSolution } from './circle-pde.js';
import { densityMass, densityMin, densityOrderParameter } from './density.js';
import { makeMeanFieldCircleProblem, type MeanFieldCircleConfig, type MeanFieldCircleProblem } from './problem.js';
import { w2ToDirac } from './wasserstein.js';

export const MEAN_FIELD_MODEL = 'mean-field-circle';

const TOP_KEYS = ['model', 'description', 'normalization', 'beta', 'M', 'density0', 'init', 'normalize', 'T', 'kappa', 'phaseLag', 'kernelSum', 'limiter', 'usaTime', 'rtol', 'atol', 'dtMax', 'record', 'seed'];
const RECORD_KEYS = ['times', 'every', 'densities', 'observables'];

const OBSERVABLES: Record<string, DensityObserver> = {
  mass: (_t, f) => densityMass(f),
  orderParameter: (_t, f) => densityOrderParameter(f).R,
  meanAngle: (_t, f) => densityOrderParameter(f).meanAngle,
  w2ToMean: (_t, f) => w2ToDirac({ density: f }, densityOrderParameter(f).meanAngle),
  minDensity: (_t, f) => densityMin(f),
  maxDensity: (_t, f) => Math.max(...f),
};
export const MEAN_FIELD_OBSERVABLE_NAMES = Object.keys(OBSERVABLES);

export interface MeanFieldSimulateConfig {
  readonly description?: string;
  readonly problem: MeanFieldCircleConfig;
  readonly rtol?: number;
  readonly atol?: number;
  readonly dtMax?: number;
  readonly record: { readonly times?: readonly number[]; readonly every?: number; readonly densities: boolean; readonly observables: readonly string[] };
}

/** True when a parsed JSON config asks for this model (the CLI dispatches on it). */
export function isMeanFieldCircleConfig(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>).model === MEAN_FIELD_MODEL;
}

function checkKeys(field: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) throw new ConfigError(field === 'config' ? key : `${field}.${key}`, obj[key], `Unknown key "${key}" for model ${MEAN_FIELD_MODEL}. Known keys: ${allowed.join(', ')}.`);
}

function optionalPositive(field: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ConfigError(field, v, `Expected a finite number > 0.`);
  return v;
}

/** Validates the JSON. The problem fields are validated by makeMeanFieldCircleProblem (called here so
 *  that a bad config fails before anything runs). */
export function parseMeanFieldSimulateConfig(raw: unknown): MeanFieldSimulateConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('config', raw, 'Expected a JSON object.');
  const c = raw as Record<string, unknown>;
  checkKeys('config', c, TOP_KEYS);
  if (c.description !== undefined && typeof c.description !== 'string') throw new ConfigError('description', c.description, 'Expected a string.');
  if (c.density0 !== undefined && !Array.isArray(c.density0)) throw new ConfigError('density0', c.density0, 'Expected an array of M cell averages.');
  const recordRaw = (c.record ?? {}) as Record<string, unknown>;
  if (typeof recordRaw !== 'object' || Array.isArray(recordRaw)) throw new ConfigError('record', c.record, 'Expected an object {times?, every?, densities?, observables?}.');
  checkKeys('record', recordRaw, RECORD_KEYS);
  const observables = recordRaw.observables === undefined ? ['mass', 'orderParameter'] : recordRaw.observables;
  if (!Array.isArray(observables)) throw new ConfigError('record.observables', observables, `Expected a list among ${MEAN_FIELD_OBSERVABLE_NAMES.join(', ')}.`);
  for (const name of observables)
    if (typeof name !== 'string' || !(name in OBSERVABLES)) throw new ConfigError('record.observables', name, `Unknown observable. Use ${MEAN_FIELD_OBSERVABLE_NAMES.join(', ')}.`);
  if (recordRaw.times !== undefined && (!Array.isArray(recordRaw.times) || recordRaw.times.some((t) => typeof t !== 'number')))
    throw new ConfigError('record.times', recordRaw.times, 'Expected a list of times in [0, T].');
  if (recordRaw.densities !== undefined && typeof recordRaw.densities !== 'boolean') throw new ConfigError('record.densities', recordRaw.densities, 'Expected true or false.');
  const problem: MeanFieldCircleConfig = {
    normalization: c.normalization as MeanFieldCircleConfig['normalization'],
    beta: c.beta as number,
    T: c.T as number,
    ...(c.M !== undefined ? { M: c.M as number } : {}),
    ...(c.density0 !== undefined ? { density0: c.density0 as number[] } : {}),
    ...(c.init !== undefined ? { init: c.init as MeanFieldCircleConfig['init'] } : {}),
    ...(c.normalize !== undefined ? { normalize: c.normalize === true } : {}),
    ...(c.kappa !== undefined ? { kappa: c.kappa as number } : {}),
    ...(c.phaseLag !== undefined ? { phaseLag: c.phaseLag as number } : {}),
    ...(c.kernelSum !== undefined ? { kernelSum: c.kernelSum as MeanFieldCircleConfig['kernelSum'] } : {}),
    ...(c.limiter !== undefined ? { limiter: c.limiter as MeanFieldCircleConfig['limiter'] } : {}),
    ...(c.usaTime !== undefined ? { usaTime: c.usaTime as MeanFieldCircleConfig['usaTime'] } : {}),
  };
  makeMeanFieldCircleProblem(problem); // validates
  return {
    ...(c.description !== undefined ? { description: c.description as string } : {}),
    problem,
    rtol: optionalPositive('rtol', c.rtol),
    atol: optionalPositive('atol', c.atol),
    dtMax: optionalPositive('dtMax', c.dtMax),
    record: {
      ...(recordRaw.times !== undefined ? { times: recordRaw.times as number[] } : {}),
      ...(recordRaw.every !== undefined ? { every: recordRaw.every as number } : {}),
      densities: recordRaw.densities === undefined ? true : (recordRaw.densities as boolean),
      observables: observables as string[],
    },
  };
}

export interface MeanFieldSimulationResult {
  readonly model: typeof MEAN_FIELD_MODEL;
  readonly status: MeanFieldSolution['status'];
  readonly message: string;
  readonly stats: MeanFieldSolution['stats'];
  readonly config: Record<string, unknown>;
  readonly grid: { readonly M: number; readonly cellWidth: number; readonly convention: string };
  readonly times: number[];
  readonly observables: Record<string, Array<number | null>>;
  readonly densities?: number[][];
}

/** Builds the problem (the same builder other code uses) and solves it. */
export function simulateMeanField(config: MeanFieldSimulateConfig): MeanFieldSimulationResult {
  const problem: MeanFieldCircleProblem = makeMeanFieldCircleProblem(config.problem);
  const observables: Record<string, DensityObserver> = {};
  for (const name of config.record.observables) observables[name] = OBSERVABLES[name];
  const sol = solveMeanFieldCircle(problem, {
    ...(config.rtol !== undefined ? { rtol: config.rtol } : {}),
    ...(config.atol !== undefined ? { atol: config.atol } : {}),
    ...(config.dtMax !== undefined ? { dtMax: config.dtMax } : {}),
    record: { ...(config.record.times ? { times: config.record.times } : {}), ...(config.record.every ? { every: config.record.every } : {}), densities: config.record.densities },
    observables,
  });
  const obs: Record<string, Array<number | null>> = {};
  for (const [name, values] of Object.entries(sol.observables)) obs[name] = Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  const { density0, ...rest } = config.problem;
  return {
    model: MEAN_FIELD_MODEL,
    status: sol.status,
    message: sol.message,
    stats: sol.stats,
    config: { model: MEAN_FIELD_MODEL, ...(config.description ? { description: config.description } : {}), ...rest, ...(density0 ? { density0: Array.from(density0) } : {}), M: problem.M, record: config.record },
    grid: { M: problem.M, cellWidth: problem.h, convention: 'cell averages on cells [j·h, (j+1)·h), h = 2π/M; mass h·Σf = 1' },
    times: Array.from(sol.times),
    observables: obs,
    ...(config.record.densities ? { densities: sol.densities.map((f) => Array.from(f)) } : {}),
  };
}
