/** The JSON config of `mft simulate`, validated field by field at the boundary. Every bad value becomes
 *  a ConfigError naming the field (a JSON path such as `init.n` or `Q[1][0]`), the raw value and the fix.
 *  The result is fully resolved (defaults filled in, seed fixed) so it can be echoed into the output. */
import { ConfigError } from '../../core/config-error.js';
import { INIT_KINDS, type InitKind, type InitSpec } from '../../core/init.js';
import type { FlatMatrix } from '../../core/types.js';
import { MAX_BETA } from '../../core/validate.js';
import { UNIT_NORM_TOL } from '../../core/sphere.js';
import { SCHEME_NAMES, type SchemeName } from '../../integrate/solve.js';
import { OBSERVABLE_NAMES } from '../../observables/registry.js';
import { requireFeasibleSize } from './memory-estimate.js';
import { readMatrix } from './read-matrix.js';
import { readBoolean, readNumber } from './read-number.js';
import { readObject } from './read-object.js';
import { suggestName } from './suggest-name.js';

export const MODEL_NAMES = ['sa', 'usa', 'causal', 'multihead', 'euclidean', 'circle', 'noisy', 'zero-temperature', 'discrete-layers'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
/** Models whose tokens live in R^d; every other model's tokens are unit vectors on the sphere. */
const EUCLIDEAN_MODELS: readonly ModelName[] = ['euclidean'];

/** Keys that only some models take; on any other model they are refused with their owners named. */
const MODEL_KEYS: Readonly<Record<string, readonly ModelName[]>> = {
  normalization: ['circle', 'noisy', 'discrete-layers'],
  kappa: ['noisy'],
  noise: ['noisy'],
  phaseLag: ['circle'],
  strength: ['circle'],
  rescaled: ['euclidean'],
  L: ['discrete-layers'],
};
const TOP_KEYS: readonly string[] = ['description', 'model', 'beta', 'Q', 'K', 'V', 'heads', 'x0', 'init', 'T', 'dt', 'rtol', 'atol', 'scheme', 'record', 'normalize', 'seed', ...Object.keys(MODEL_KEYS)];
/** Models with query/key/value matrices, and those that also take several heads. */
const MATRIX_MODELS: readonly ModelName[] = ['sa', 'usa', 'causal', 'multihead', 'euclidean', 'noisy', 'zero-temperature', 'discrete-layers'];
const HEAD_MODELS: readonly ModelName[] = ['sa', 'usa', 'causal', 'multihead', 'noisy', 'discrete-layers'];
export const NOISE_KINDS = ['independent', 'common'] as const;
const NORMALIZATIONS = ['sa', 'usa'] as const;
const INIT_KEYS = ['kind', 'n', 'd', 'seed', 'rho', 'rotate'] as const;
const RECORD_KEYS = ['every', 'times', 'states', 'observables'] as const;
const HEAD_KEYS = ['Q', 'K', 'V'] as const;

/** Default scheme: RK4 on the projected field (catalogue S3, the reference scheme). */
export const DEFAULT_SCHEME: SchemeName = 'rk4';
/** A 32-bit seed range keeps seeds exact in JSON and in fast-check replay commands. */
const MAX_SEED = 2 ** 32 - 1;
/** More layers per unit time than this is a continuous-time run: use an ODE model with dt = 1/L. */
const MAX_LAYERS_PER_UNIT = 1e7;
/** Upper bound on tokens and dimension separately; the memory estimate bounds n·d jointly. */
const MAX_SIZE = 1e9;

export interface HeadConfig {
  readonly Q?: FlatMatrix;
  readonly K?: FlatMatrix;
  readonly V?: FlatMatrix;
}

export interface RecordConfig {
  readonly every?: number;
  readonly times?: readonly number[];
  readonly states: boolean;
  readonly observables: readonly string[];
}

export interface SimulateConfig {
  readonly description?: string;
  readonly model: ModelName;
  /** Absent only for zero-temperature (the β → ∞ limit). */
  readonly beta?: number;
  /** circle, noisy, discrete-layers: sa (softmax) or usa (1/n) weights. */
  readonly normalization?: 'sa' | 'usa';
  /** noisy: κ > 0 (noise √(2/κ)) and the noise kind. */
  readonly kappa?: number;
  readonly noise?: (typeof NOISE_KINDS)[number];
  /** circle: phase lag φ (radians) and strength ρ of V = ρR_φ. */
  readonly phaseLag?: number;
  readonly strength?: number;
  /** euclidean: integrate z = e^{−tV}x instead of x. */
  readonly rescaled?: boolean;
  /** discrete-layers: layers per unit of layer time (step 1/L, L·T layers). */
  readonly L?: number;
  readonly n: number;
  readonly d: number;
  readonly Q?: FlatMatrix;
  readonly K?: FlatMatrix;
  readonly V?: FlatMatrix;
  readonly heads?: readonly HeadConfig[];
  /** Exactly one of x0 (given tokens) and init (generated tokens). */
  readonly x0?: FlatMatrix;
  readonly init?: InitSpec;
  readonly T: number;
  readonly dt?: number;
  readonly rtol?: number;
  readonly atol?: number;
  readonly scheme: SchemeName;
  readonly record: RecordConfig;
  readonly normalize: boolean;
  /** Master seed of the run: init.seed defaults to it, and the noise of scheme em is drawn from it. */
  readonly seed: number;
}

/** Validates a parsed JSON config. `defaultSeed` (from --seed or MFT_SEED) fills a missing seed. */
export function parseSimulateConfig(raw: unknown, defaultSeed: number): SimulateConfig {
  const c = readObject('config', raw, TOP_KEYS);
  if (c.description !== undefined && typeof c.description !== 'string')
    throw new ConfigError('description', c.description, 'Expected a string (free text, echoed into the output).');

  if (c.model === undefined) throw new ConfigError('model', undefined, `The config needs a model. ${suggestName(undefined, MODEL_NAMES, 'models')}`);
  if (typeof c.model !== 'string' || !(MODEL_NAMES as readonly string[]).includes(c.model))
    throw new ConfigError('model', c.model, `Unknown model. ${suggestName(c.model, MODEL_NAMES, 'models')}`);
  const model = c.model as ModelName;
  const onSphere = !EUCLIDEAN_MODELS.includes(model);
  for (const [key, owners] of Object.entries(MODEL_KEYS))
    if (c[key] !== undefined && !owners.includes(model))
      throw new ConfigError(key, c[key], `${key} is only used by model${owners.length > 1 ? 's' : ''} ${owners.join(', ')}; remove it for model ${model}.`);
  for (const key of ['Q', 'K', 'V'] as const)
    if (c[key] !== undefined && !MATRIX_MODELS.includes(model))
      throw new ConfigError(key, c[key], `Model ${model} has no ${key} matrix (circle is Q = K = V = I; use phaseLag/strength for V = ρR_φ).`);
  if (c.heads !== undefined && !HEAD_MODELS.includes(model)) throw new ConfigError('heads', c.heads, `Model ${model} has one head; heads are for ${HEAD_MODELS.join(', ')}.`);
  if (c.normalize !== undefined && !onSphere) throw new ConfigError('normalize', c.normalize, `Model ${model} lives in R^d: its tokens need not be unit vectors, so remove "normalize".`);

  const seed = c.seed === undefined ? defaultSeed : readNumber('seed', c.seed, { integer: true, min: 0, max: MAX_SEED, example: 'e.g. 20261123' });

  // Tokens first: they fix n and d, which the matrix shapes and the memory estimate need.
  if (c.x0 !== undefined && c.init !== undefined) throw new ConfigError('x0', 'both x0 and init', 'Give either "x0" (the tokens) or "init" (how to generate them), not both.');
  if (c.x0 === undefined && c.init === undefined)
    throw new ConfigError('init', undefined, 'Give "x0" (an n×d array of tokens) or "init", e.g. {"kind": "uniform-sphere", "n": 16, "d": 3, "seed": 1}.');
  const normalize = c.normalize === undefined ? false : readBoolean('normalize', c.normalize);
  let x0: FlatMatrix | undefined;
  let init: InitSpec | undefined;
  if (c.x0 !== undefined) {
    x0 = readMatrix('x0', c.x0, { what: 'the initial tokens x0 (n rows of length d)' });
    if (onSphere) x0 = requireUnitRows(x0, normalize);
  } else {
    init = readInit(c.init, seed);
  }
  const n = x0 ? x0.rows : init!.n;
  const d = x0 ? x0.cols : init!.d;
  if (model === 'circle' && d !== 2)
    throw new ConfigError(x0 ? 'x0' : 'init.d', x0 ? `${n}×${d}` : d, 'The circle model has d = 2: give tokens (cos θ, sin θ) as n×2 unit rows, or init with "d": 2.');

  let beta: number | undefined;
  if (model === 'zero-temperature') {
    if (c.beta !== undefined) throw new ConfigError('beta', c.beta, 'zero-temperature is the β → ∞ limit and takes no beta: remove it (or use sa with a large beta).');
  } else {
    if (c.beta === undefined) throw new ConfigError('beta', undefined, 'The config needs an inverse temperature "beta", e.g. "beta": 1.');
    beta = readNumber('beta', c.beta, {
      min: 0,
      max: MAX_BETA,
      example: 'e.g. 1',
      reason: 'β = 0 is the mean-shift/Kuramoto limit; beyond 1e6 use the zero-temperature model.',
    });
  }
  const modelOptions = readModelOptions(model, c);

  const heads = c.heads === undefined ? undefined : readHeads(c.heads, d);
  if (heads && (c.Q !== undefined || c.K !== undefined || c.V !== undefined))
    throw new ConfigError('heads', 'heads with Q/K/V', 'Give either top-level Q, K, V or a list of heads, not both.');
  if (model === 'multihead' && !heads) throw new ConfigError('heads', c.heads, 'Model multihead needs "heads": a list of {Q, K, V} (each omitted matrix is the identity).');
  const { Q, K, V } = readQkv('', c, d);

  if (c.T === undefined) throw new ConfigError('T', undefined, 'The config needs a horizon "T" (layer time), e.g. "T": 10.');
  const T = readNumber('T', c.T, { min: 0, example: 'e.g. 10' });

  const layered = model === 'discrete-layers';
  if (layered)
    for (const key of ['scheme', 'dt', 'rtol', 'atol'] as const)
      if (c[key] !== undefined) throw new ConfigError(key, c[key], 'discrete-layers steps x ← x + (1/L)F(x) (normalised on the sphere): set L instead and remove scheme, dt, rtol and atol.');
  let scheme: SchemeName = model === 'noisy' ? 'em' : layered ? 'euler-unprojected' : DEFAULT_SCHEME;
  if (c.scheme !== undefined) {
    if (typeof c.scheme !== 'string' || !(SCHEME_NAMES as readonly string[]).includes(c.scheme))
      throw new ConfigError('scheme', c.scheme, `Unknown scheme. ${suggestName(c.scheme, SCHEME_NAMES, 'schemes')}`);
    scheme = c.scheme as SchemeName;
  }
  if (scheme === 'euler-unprojected' && !onSphere) throw new ConfigError('scheme', scheme, `euler-unprojected is the sphere scheme S1; use euler or rk4 for model ${model}.`);
  if (model === 'circle' && scheme === 'euler-unprojected') throw new ConfigError('scheme', scheme, 'The circle model integrates angles, which need no renormalisation: use euler, heun, rk4 or dopri5.');
  if (scheme === 'em' && model !== 'noisy') throw new ConfigError('scheme', scheme, 'Euler–Maruyama is for the noisy model; use rk4 (or dopri5) for deterministic models.');
  if (model === 'noisy' && scheme !== 'em') throw new ConfigError('scheme', scheme, 'The noisy model is an SDE: only "scheme": "em" (Euler–Maruyama) integrates its noise.');
  const adaptive = scheme === 'dopri5';
  if (!adaptive && !layered && c.dt === undefined) throw new ConfigError('dt', undefined, `Scheme ${scheme} takes a fixed step: add "dt" > 0, e.g. "dt": 0.01 (or use "scheme": "dopri5" with rtol/atol).`);
  const dt = c.dt === undefined ? undefined : readNumber('dt', c.dt, { above: 0, example: 'e.g. 0.01', reason: adaptive ? 'For dopri5, dt is the first trial step.' : undefined });
  let rtol: number | undefined;
  let atol: number | undefined;
  for (const key of ['rtol', 'atol'] as const) {
    if (c[key] === undefined) continue;
    if (!adaptive) throw new ConfigError(key, c[key], `${key} is only used by the adaptive scheme dopri5: remove it or set "scheme": "dopri5".`);
    const value = readNumber(key, c[key], { above: 0, max: 1, example: 'e.g. 1e-8' });
    if (key === 'rtol') rtol = value;
    else atol = value;
  }

  const record = readRecord(c.record, T);
  const stepSize = layered ? 1 / modelOptions.L! : dt;
  const recordCount = countRecords(record, T, stepSize);
  // runDiscreteLayers keeps every layer's state in memory, whatever is recorded.
  const internalStates = layered ? Math.ceil(T * modelOptions.L!) + 1 : 0;
  requireFeasibleSize({ n, d, heads: heads?.length ?? 1, recordCount, storesStates: record.states, observableCount: record.observables.length, internalStates });

  return {
    ...(c.description !== undefined ? { description: c.description as string } : {}),
    model,
    ...(beta !== undefined ? { beta } : {}),
    ...modelOptions,
    n,
    d,
    ...(Q ? { Q } : {}),
    ...(K ? { K } : {}),
    ...(V ? { V } : {}),
    ...(heads ? { heads } : {}),
    ...(x0 ? { x0 } : {}),
    ...(init ? { init } : {}),
    T,
    ...(dt !== undefined ? { dt } : {}),
    ...(rtol !== undefined ? { rtol } : {}),
    ...(atol !== undefined ? { atol } : {}),
    scheme,
    record,
    normalize,
    seed,
  };
}

type ModelOptions = Pick<SimulateConfig, 'normalization' | 'kappa' | 'noise' | 'phaseLag' | 'strength' | 'rescaled' | 'L'>;

/** The per-model keys with their defaults (only the keys the model takes appear in the result). */
function readModelOptions(model: ModelName, c: Record<string, unknown>): ModelOptions {
  const out: { -readonly [K in keyof ModelOptions]: ModelOptions[K] } = {};
  if (MODEL_KEYS.normalization.includes(model)) {
    const fallback = model === 'noisy' ? 'usa' : 'sa'; // catalogue §1.8 writes the noisy model in usa form
    const raw = c.normalization ?? fallback;
    if (typeof raw !== 'string' || !(NORMALIZATIONS as readonly string[]).includes(raw))
      throw new ConfigError('normalization', raw, `Use "sa" (softmax weights) or "usa" (weights e^{β⟨x_i,x_j⟩}/n). ${suggestName(raw, NORMALIZATIONS, 'normalizations')}`);
    out.normalization = raw as 'sa' | 'usa';
  }
  if (model === 'noisy') {
    if (c.kappa === undefined) throw new ConfigError('kappa', undefined, 'The noisy model needs "kappa" > 0 (noise strength √(2/κ)), e.g. "kappa": 4.');
    out.kappa = readNumber('kappa', c.kappa, { above: 0, example: 'e.g. 4', reason: 'The noise strength is √(2/κ).' });
    const noise = c.noise ?? 'independent';
    if (typeof noise !== 'string' || !(NOISE_KINDS as readonly string[]).includes(noise))
      throw new ConfigError('noise', noise, `Use "independent" (one Brownian motion per token) or "common" (one shared). ${suggestName(noise, NOISE_KINDS, 'noise kinds')}`);
    out.noise = noise as 'independent' | 'common';
  }
  if (model === 'circle') {
    out.phaseLag = c.phaseLag === undefined ? 0 : readNumber('phaseLag', c.phaseLag, { example: 'e.g. 0.3 (radians)' });
    out.strength = c.strength === undefined ? 1 : readNumber('strength', c.strength, { example: 'e.g. 1' });
  }
  if (model === 'euclidean') out.rescaled = c.rescaled === undefined ? false : readBoolean('rescaled', c.rescaled);
  if (model === 'discrete-layers') {
    if (c.L === undefined) throw new ConfigError('L', undefined, 'discrete-layers needs "L", the number of layers per unit of layer time (step 1/L), e.g. "L": 64.');
    out.L = readNumber('L', c.L, { integer: true, min: 1, max: MAX_LAYERS_PER_UNIT, example: 'e.g. 64' });
  }
  return out;
}

function readInit(raw: unknown, defaultSeed: number): InitSpec {
  const o = readObject('init', raw, INIT_KEYS);
  if (typeof o.kind !== 'string' || !(INIT_KINDS as readonly string[]).includes(o.kind))
    throw new ConfigError('init.kind', o.kind, `Unknown init kind. ${suggestName(o.kind, INIT_KINDS, 'kinds')}`);
  const kind = o.kind as InitKind;
  const n = readNumber('init.n', o.n, { integer: true, min: 1, max: MAX_SIZE, example: 'e.g. 16' });
  const d = readNumber('init.d', o.d, { integer: true, min: 1, max: MAX_SIZE, example: 'e.g. 3' });
  const seed = o.seed === undefined ? defaultSeed : readNumber('init.seed', o.seed, { integer: true, min: 0, max: MAX_SEED, example: 'e.g. 1' });
  if ((kind === 'orthonormal' || kind === 'equiangular') && n > d)
    throw new ConfigError('init.n', n, `${kind} tokens need n ≤ d (here d = ${d}): raise init.d or lower init.n.`);
  let rho: number | undefined;
  if (kind === 'equiangular') {
    if (o.rho === undefined) throw new ConfigError('init.rho', undefined, 'Equiangular tokens need "rho", the pairwise inner product, e.g. "rho": 0.5.');
    const low = n > 1 ? -1 / (n - 1) : -1;
    rho = readNumber('init.rho', o.rho, { min: low, max: 1, example: 'e.g. 0.5', reason: '−1/(n−1) ≤ ρ keeps the Gram matrix positive semidefinite.' });
  } else if (o.rho !== undefined) {
    throw new ConfigError('init.rho', o.rho, `rho is only used by init kind equiangular; remove it for ${kind}.`);
  }
  const rotate = o.rotate === undefined ? false : readBoolean('init.rotate', o.rotate);
  return { kind, n, d, seed, ...(rho !== undefined ? { rho } : {}), rotate };
}

function readQkv(prefix: string, o: Record<string, unknown>, d: number): HeadConfig {
  const Q = o.Q === undefined ? undefined : readMatrix(`${prefix}Q`, o.Q, { cols: d, what: `the query matrix Q (m×d, d = ${d})` });
  const K = o.K === undefined ? undefined : readMatrix(`${prefix}K`, o.K, { rows: Q?.rows, cols: d, what: `the key matrix K (same shape as Q, m×d, d = ${d})` });
  if (Q && !K && Q.rows !== d) throw new ConfigError(`${prefix}K`, undefined, `Q is ${Q.rows}×${d}, so K must be given with the same shape (the identity K is ${d}×${d}).`);
  if (K && !Q && K.rows !== d) throw new ConfigError(`${prefix}Q`, undefined, `K is ${K.rows}×${d}, so Q must be given with the same shape (the identity Q is ${d}×${d}).`);
  const V = o.V === undefined ? undefined : readMatrix(`${prefix}V`, o.V, { rows: d, cols: d, what: `the value matrix V (d×d, d = ${d})` });
  return { ...(Q ? { Q } : {}), ...(K ? { K } : {}), ...(V ? { V } : {}) };
}

function readHeads(raw: unknown, d: number): HeadConfig[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError('heads', raw, 'Expected a non-empty list of heads [{"Q": ..., "K": ..., "V": ...}] (omitted matrices are the identity).');
  return raw.map((h, i) => readQkv(`heads[${i}].`, readObject(`heads[${i}]`, h, HEAD_KEYS), d));
}

function readRecord(raw: unknown, T: number): RecordConfig {
  if (raw === undefined) return { states: false, observables: [] };
  const o = readObject('record', raw, RECORD_KEYS);
  if (o.every !== undefined && o.times !== undefined) throw new ConfigError('record', 'both every and times', 'Give either "every" (steps) or "times" (a list of times), not both.');
  const every = o.every === undefined ? undefined : readNumber('record.every', o.every, { integer: true, min: 1, example: 'e.g. 10 (every 10th step)' });
  let times: number[] | undefined;
  if (o.times !== undefined) {
    if (!Array.isArray(o.times) || o.times.length === 0) throw new ConfigError('record.times', o.times, `Expected a non-empty list of times in [0, ${T}], e.g. [0, ${T}].`);
    times = o.times.map((t, i) => readNumber(`record.times[${i}]`, t, { min: 0, max: T, example: `within [0, T = ${T}]` }));
    for (let i = 1; i < times.length; i++)
      if (!(times[i] > times[i - 1])) throw new ConfigError(`record.times[${i}]`, times[i], 'Recording times must be strictly increasing.');
  }
  const states = o.states === undefined ? false : readBoolean('record.states', o.states);
  let observables: string[] = [];
  if (o.observables !== undefined) {
    if (!Array.isArray(o.observables)) throw new ConfigError('record.observables', o.observables, `Expected a list of names. ${suggestName(undefined, OBSERVABLE_NAMES, 'observables')}`);
    observables = o.observables.map((name, i) => {
      // A name may carry one numeric parameter after a colon ("clusters:1e-2"); the registry checks it.
      const base = typeof name === 'string' ? name.split(':')[0] : name;
      if (typeof name !== 'string' || !OBSERVABLE_NAMES.includes(base as string))
        throw new ConfigError(`record.observables[${i}]`, name, `Unknown observable. ${suggestName(base, OBSERVABLE_NAMES, 'observables')}`);
      return name;
    });
    const duplicate = observables.find((name, i) => observables.indexOf(name) !== i);
    if (duplicate) throw new ConfigError('record.observables', duplicate, 'Each observable may be listed once.');
  }
  return { ...(every !== undefined ? { every } : {}), ...(times ? { times } : {}), states, observables };
}

/** How many times get recorded; for dopri5 with `every` the step count is unknown before the run,
 *  so T/dt (dt = first trial step, default T/100) is used: a lower bound. */
function countRecords(record: RecordConfig, T: number, dt: number | undefined): number {
  if (record.times) return record.times.length;
  const steps = T === 0 ? 0 : Math.ceil(T / (dt ?? T / 100));
  if (record.every === undefined) return 2;
  return Math.floor(steps / record.every) + 2;
}

/** Sphere models: every row must be a unit vector to UNIT_NORM_TOL, or be normalised on request. */
function requireUnitRows(x: FlatMatrix, normalize: boolean): FlatMatrix {
  const { rows: n, cols: d } = x;
  const data = Float64Array.from(x.data);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += data[i * d + k] ** 2;
    const norm = Math.sqrt(s);
    if (normalize) {
      if (!(norm > 0) || !Number.isFinite(norm)) throw new ConfigError(`x0[${i}]`, matrixRow(x, i), 'A zero (or overflowing) row cannot be normalised onto the sphere: give a non-zero direction.');
      for (let k = 0; k < d; k++) data[i * d + k] /= norm;
    } else if (Math.abs(norm - 1) > UNIT_NORM_TOL) {
      throw new ConfigError(`x0[${i}] norm`, Number(norm.toPrecision(12)), `Tokens of sphere models must be unit vectors (to ${UNIT_NORM_TOL}): normalise the rows or add "normalize": true.`);
    }
  }
  return { rows: n, cols: d, data };
}

function matrixRow(x: FlatMatrix, i: number): number[] {
  return Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols));
}

/** The resolved config as plain JSON (matrices as rows), echoed into the output so a result says
 *  exactly what produced it, seed included. */
export function simulateConfigToJson(config: SimulateConfig): Record<string, unknown> {
  const rows = (m: FlatMatrix) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  const head = (h: HeadConfig) => ({ ...(h.Q ? { Q: rows(h.Q) } : {}), ...(h.K ? { K: rows(h.K) } : {}), ...(h.V ? { V: rows(h.V) } : {}) });
  return {
    ...(config.description !== undefined ? { description: config.description } : {}),
    model: config.model,
    ...(config.beta !== undefined ? { beta: config.beta } : {}),
    ...(config.normalization !== undefined ? { normalization: config.normalization } : {}),
    ...(config.kappa !== undefined ? { kappa: config.kappa, noise: config.noise } : {}),
    ...(config.phaseLag !== undefined ? { phaseLag: config.phaseLag, strength: config.strength } : {}),
    ...(config.rescaled !== undefined ? { rescaled: config.rescaled } : {}),
    ...(config.L !== undefined ? { L: config.L } : {}),
    n: config.n,
    d: config.d,
    ...head(config),
    ...(config.heads ? { heads: config.heads.map(head) } : {}),
    ...(config.x0 ? { x0: rows(config.x0) } : {}),
    ...(config.init ? { init: { ...config.init } } : {}),
    T: config.T,
    ...(config.dt !== undefined ? { dt: config.dt } : {}),
    ...(config.rtol !== undefined ? { rtol: config.rtol } : {}),
    ...(config.atol !== undefined ? { atol: config.atol } : {}),
    ...(config.model === 'discrete-layers' ? {} : { scheme: config.scheme }),
    record: { ...config.record },
    normalize: config.normalize,
    seed: config.seed,
  };
}
