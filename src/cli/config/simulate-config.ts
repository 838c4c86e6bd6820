/** The JSON config of `mft simulate`, validated field by field at the boundary. Every bad value becomes
 *  a ConfigError naming the field (a JSON path such as `init.n` or `Q[1][0]`), the raw value and the fix.
 *  The result is fully resolved (defaults filled in, seed fixed) so it can be echoed into the output. */
import { ConfigError } from '../../core/config-error.js';
import { INIT_KINDS, type InitKind, type InitSpec } from '../../core/init.js';
import type { FlatMatrix } from '../../core/types.js';
import { MAX_BETA } from '../../core/validate.js';
import { UNIT_NORM_TOL } from '../../core/sphere.js';
import { SCHEME_NAMES, type SchemeName } from '../../integrate/solve.js';
import { requireFeasibleSize } from './memory-estimate.js';
import { readMatrix } from './read-matrix.js';
import { readBoolean, readNumber } from './read-number.js';
import { readObject } from './read-object.js';
import { SIMULATION_OBSERVABLE_NAMES } from './simulation-observables.js';
import { suggestName } from './suggest-name.js';

export const MODEL_NAMES = ['sa', 'usa', 'causal', 'multihead', 'euclidean', 'circle', 'noisy', 'zero-temperature', 'discrete-layers'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
/** Models whose tokens live on the sphere (rows must be unit vectors). */
const EUCLIDEAN_MODELS: readonly ModelName[] = ['euclidean'];

const TOP_KEYS = ['description', 'model', 'beta', 'Q', 'K', 'V', 'heads', 'x0', 'init', 'T', 'dt', 'rtol', 'atol', 'scheme', 'record', 'normalize', 'seed'] as const;
const INIT_KEYS = ['kind', 'n', 'd', 'seed', 'rho', 'rotate'] as const;
const RECORD_KEYS = ['every', 'times', 'states', 'observables'] as const;
const HEAD_KEYS = ['Q', 'K', 'V'] as const;

/** Default scheme: RK4 on the projected field (catalogue S3, the reference scheme). */
export const DEFAULT_SCHEME: SchemeName = 'rk4';
/** A 32-bit seed range keeps seeds exact in JSON and in fast-check replay commands. */
const MAX_SEED = 2 ** 32 - 1;
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
  readonly beta: number;
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

  if (c.beta === undefined) throw new ConfigError('beta', undefined, 'The config needs an inverse temperature "beta", e.g. "beta": 1.');
  const beta = readNumber('beta', c.beta, {
    min: 0,
    max: MAX_BETA,
    example: 'e.g. 1',
    reason: 'β = 0 is the mean-shift/Kuramoto limit; beyond 1e6 use the zero-temperature model.',
  });

  const heads = c.heads === undefined ? undefined : readHeads(c.heads, d);
  if (heads && (c.Q !== undefined || c.K !== undefined || c.V !== undefined))
    throw new ConfigError('heads', 'heads with Q/K/V', 'Give either top-level Q, K, V or a list of heads, not both.');
  if (model === 'multihead' && !heads) throw new ConfigError('heads', c.heads, 'Model multihead needs "heads": a list of {Q, K, V} (each omitted matrix is the identity).');
  const { Q, K, V } = readQkv('', c, d);

  if (c.T === undefined) throw new ConfigError('T', undefined, 'The config needs a horizon "T" (layer time), e.g. "T": 10.');
  const T = readNumber('T', c.T, { min: 0, example: 'e.g. 10' });

  let scheme: SchemeName = DEFAULT_SCHEME;
  if (c.scheme !== undefined) {
    if (typeof c.scheme !== 'string' || !(SCHEME_NAMES as readonly string[]).includes(c.scheme))
      throw new ConfigError('scheme', c.scheme, `Unknown scheme. ${suggestName(c.scheme, SCHEME_NAMES, 'schemes')}`);
    scheme = c.scheme as SchemeName;
  }
  if (scheme === 'euler-unprojected' && !onSphere) throw new ConfigError('scheme', scheme, 'euler-unprojected is the sphere scheme S1; use euler or rk4 for the Euclidean model.');
  const adaptive = scheme === 'dopri5';
  if (!adaptive && c.dt === undefined) throw new ConfigError('dt', undefined, `Scheme ${scheme} takes a fixed step: add "dt" > 0, e.g. "dt": 0.01 (or use "scheme": "dopri5" with rtol/atol).`);
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
  const recordCount = countRecords(record, T, dt);
  requireFeasibleSize({ n, d, heads: heads?.length ?? 1, recordCount, storesStates: record.states, observableCount: record.observables.length });

  return {
    ...(c.description !== undefined ? { description: c.description as string } : {}),
    model,
    beta,
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
    if (!Array.isArray(o.observables)) throw new ConfigError('record.observables', o.observables, `Expected a list of names. ${suggestName(undefined, SIMULATION_OBSERVABLE_NAMES, 'observables')}`);
    observables = o.observables.map((name, i) => {
      if (typeof name !== 'string' || !SIMULATION_OBSERVABLE_NAMES.includes(name))
        throw new ConfigError(`record.observables[${i}]`, name, `Unknown observable. ${suggestName(name, SIMULATION_OBSERVABLE_NAMES, 'observables')}`);
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
    beta: config.beta,
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
    scheme: config.scheme,
    record: { ...config.record },
    normalize: config.normalize,
    seed: config.seed,
  };
}
