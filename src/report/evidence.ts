/** The evidence file: every number behind a report, as JSON (schema documented in docs/evidence-schema.md).
 *  `mft check --json`, `mft report` and `mft merge` write it; `mft report --from` renders it without
 *  recomputing. Same outcomes and meta → byte-identical file: keys are written in a fixed order and the
 *  file contains no wall times, dates or host names. */
import { readFileSync } from 'node:fs';
import type { ClaimOutcome } from '../claims/outcome.js';
import { ConfigError } from '../core/config-error.js';
import { PROFILE_NAMES, type ProfileName } from '../core/types.js';
import { toolInfo, type ToolInfo } from './tool-info.js';

export const EVIDENCE_SCHEMA = 'mft-check/evidence@1';

export interface ShardSpec {
  /** 1-based: shard `index` of `count`. */
  readonly index: number;
  readonly count: number;
}

export interface Evidence {
  readonly schema: typeof EVIDENCE_SCHEMA;
  readonly tool: ToolInfo;
  readonly profile: ProfileName;
  readonly masterSeed: number;
  /** Present only in the part file of a sharded run; a merged or unsharded file has none. */
  readonly shard?: ShardSpec;
  readonly claims: readonly ClaimOutcome[];
}

export interface EvidenceMeta {
  readonly profile: ProfileName;
  readonly masterSeed: number;
  readonly shard?: ShardSpec;
  /** Defaults to package.json's name and version. */
  readonly tool?: ToolInfo;
}

export function buildEvidence(outcomes: readonly ClaimOutcome[], meta: EvidenceMeta): Evidence {
  return {
    schema: EVIDENCE_SCHEMA,
    tool: meta.tool ?? toolInfo(),
    profile: meta.profile,
    masterSeed: meta.masterSeed,
    ...(meta.shard === undefined ? {} : { shard: { index: meta.shard.index, count: meta.shard.count } }),
    claims: outcomes,
  };
}

/** Key order of the records the schema defines; keys not listed follow in code-point order. Values under
 *  `case` keep the order their generator gave them (deterministic, and the order a person wrote). */
const KEY_ORDER = [
  // envelope
  'schema', 'tool', 'profile', 'masterSeed', 'shard', 'index', 'count', 'claims',
  // claim outcome
  'id', 'title', 'source', 'key', 'authors', 'arxiv', 'where', 'provenance', 'statement', 'kind', 'expected', 'verdict',
  'verdictReason', 'seed', 'numRuns', 'inconclusiveCases', 'hypothesesAsRun', 'closest', 'keyFigure', 'counterexample', 'control',
  'dropped', 'runs', 'violation', 'replayCommand', 'notes', 'illustration',
  // case records and check outcomes
  'case', 'outcome', 'path', 'holds', 'inconclusive', 'margin', 'summary', 'measurements',
  // measurements, tolerances, figures
  'name', 'version', 'measured', 'predicted', 'unit', 'value', 'reason', 'tolerances', 'figures', 'xLabel', 'yLabel',
  'mark', 'logX', 'logY', 'caption', 'series', 'x', 'y', 'table',
];
const KEY_RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = KEY_RANK.get(a) ?? Number.MAX_SAFE_INTEGER;
  const rb = KEY_RANK.get(b) ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON cannot hold NaN or ±Infinity; a non-finite measurement is a result worth keeping, so it is
 *  written as one of these strings and read back as the number. */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

function canonical(value: unknown, keepOrder: boolean): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map((v) => canonical(v, keepOrder));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    if (!keepOrder) keys.sort(compareKeys);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = canonical((value as Record<string, unknown>)[k], keepOrder || k === 'case');
    return out;
  }
  return value;
}

/** Two-space JSON with a fixed key order and a trailing newline: same evidence → same bytes. */
export function serializeEvidence(evidence: Evidence): string {
  return `${JSON.stringify(canonical(evidence, false), null, 2)}\n`;
}

/** Reads and validates an evidence file; a malformed one raises a ConfigError naming the field. */
export function readEvidence(path: string, flag?: string): Evidence {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(flag ?? 'evidence file', path, `${code === 'ENOENT' ? 'No such file' : `Cannot read it (${code ?? 'unknown error'})`}: expected an evidence file written by \`mft check --json\`, \`mft report\` or \`mft merge\`.`);
  }
  return parseEvidence(text, path);
}

/** Parses and validates evidence text; `source` names the file in error messages. */
export function parseEvidence(text: string, source = 'evidence'): Evidence {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, (error as Error).message, 'The file is not valid JSON: regenerate it with `mft check --json` or `mft report`.');
  }
  return validateEvidence(raw, source);
}

/** Merges the part files of a sharded run into the evidence of one run. Parts must share schema, tool,
 *  profile and master seed; a claim id may appear in one part only. Claims are sorted into `order`
 *  (the registry order of properties/index.ts) when given, else by id. */
export function mergeEvidence(parts: readonly Evidence[], options: { order?: readonly string[]; labels?: readonly string[] } = {}): Evidence {
  if (parts.length === 0) throw new ConfigError('merge inputs', [], 'Pass at least one evidence file, e.g. `mft merge part-*.json`.');
  const label = (i: number) => options.labels?.[i] ?? `part ${i + 1}`;
  const first = parts[0];
  const seen = new Map<string, number>();
  const claims: ClaimOutcome[] = [];
  const shardIndices = new Set<number>();
  parts.forEach((part, i) => {
    for (const [field, a, b] of [
      ['schema', part.schema, first.schema],
      ['profile', part.profile, first.profile],
      ['masterSeed', part.masterSeed, first.masterSeed],
      ['tool.version', `${part.tool.name}@${part.tool.version}`, `${first.tool.name}@${first.tool.version}`],
    ] as const) {
      if (a !== b) throw new ConfigError(`${label(i)}: ${field}`, a, `All parts must come from the same run: ${label(0)} has ${JSON.stringify(b)}. Rerun the odd shard with the same --profile and --seed.`);
    }
    if (part.shard !== undefined) {
      if (first.shard !== undefined && part.shard.count !== first.shard.count)
        throw new ConfigError(`${label(i)}: shard.count`, part.shard.count, `Parts must split the claims the same way: ${label(0)} is one of ${first.shard.count}.`);
      shardIndices.add(part.shard.index);
    }
    for (const claim of part.claims) {
      const where = seen.get(claim.id);
      if (where !== undefined) throw new ConfigError(`${label(i)}: claims id`, claim.id, `Claim already present in ${label(where)}: merge each shard once (check for a duplicated part file).`);
      seen.set(claim.id, i);
      claims.push(claim);
    }
  });
  if (first.shard !== undefined && parts.every((p) => p.shard !== undefined)) {
    const missing: string[] = [];
    for (let k = 1; k <= first.shard.count; k++) if (!shardIndices.has(k)) missing.push(`${k}/${first.shard.count}`);
    if (missing.length > 0) throw new ConfigError('merge inputs', `shards ${missing.join(', ')} missing`, 'Pass the part file of every shard, e.g. `mft merge part-*.json`.');
  }
  const rank = new Map((options.order ?? []).map((id, i) => [id, i]));
  claims.sort((a, b) => {
    const ra = rank.get(a.id) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank.get(b.id) ?? Number.MAX_SAFE_INTEGER;
    if (ra !== rb) return ra - rb;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return buildEvidence(claims, { profile: first.profile, masterSeed: first.masterSeed, tool: first.tool });
}

// ---------------------------------------------------------------------------------------------------
// Validation: checks exactly what the renderer relies on and names the first bad field.

type Obj = Record<string, unknown>;

class Checker {
  constructor(readonly source: string) {}

  fail(path: string, value: unknown, fix: string): never {
    throw new ConfigError(`${this.source}: ${path}`, value, `${fix} The file may be truncated or from another tool; regenerate it with \`mft check --json\` or \`mft report\`.`);
  }

  obj(v: unknown, path: string): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, v, 'Expected an object.');
    return v as Obj;
  }

  str(o: Obj, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string') this.fail(`${path}.${key}`, v, 'Expected a string.');
    return v;
  }

  optStr(o: Obj, key: string, path: string): void {
    if (o[key] !== undefined) this.str(o, key, path);
  }

  bool(o: Obj, key: string, path: string): void {
    if (typeof o[key] !== 'boolean') this.fail(`${path}.${key}`, o[key], 'Expected true or false.');
  }

  oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
    const v = o[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.fail(`${path}.${key}`, v, `Expected one of ${allowed.join(', ')}.`);
    return v as T;
  }

  int(o: Obj, key: string, path: string, min = 0): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(`${path}.${key}`, v, `Expected a whole number ≥ ${min}.`);
    return v;
  }

  /** A number, or one of the non-finite markers; the marker is turned back into the number in place. */
  num(o: Obj | unknown[], key: string | number, path: string): void {
    const v = (o as Obj)[key as string];
    if (typeof v === 'number') return;
    if (typeof v === 'string' && v in NON_FINITE) {
      (o as Obj)[key as string] = NON_FINITE[v];
      return;
    }
    this.fail(typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`, v, 'Expected a number (or "NaN", "Infinity", "-Infinity").');
  }

  arr(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) this.fail(`${path}.${key}`, v, 'Expected an array.');
    return v;
  }

  measurement(v: unknown, path: string): void {
    const m = this.obj(v, path);
    this.str(m, 'name', path);
    this.num(m, 'measured', path);
    if (m.predicted !== undefined && typeof m.predicted !== 'string') this.num(m, 'predicted', path);
    this.optStr(m, 'unit', path);
  }

  tolerance(v: unknown, path: string): void {
    const t = this.obj(v, path);
    this.str(t, 'name', path);
    this.num(t, 'value', path);
    this.str(t, 'reason', path);
  }

  checkOutcome(v: unknown, path: string): void {
    const c = this.obj(v, path);
    this.bool(c, 'holds', path);
    this.optStr(c, 'inconclusive', path);
    this.num(c, 'margin', path);
    this.arr(c, 'measurements', path).forEach((m, i) => this.measurement(m, `${path}.measurements[${i}]`));
    this.arr(c, 'tolerances', path).forEach((t, i) => this.tolerance(t, `${path}.tolerances[${i}]`));
    this.optStr(c, 'summary', path);
  }

  caseRecord(v: unknown, path: string): Obj {
    const r = this.obj(v, path);
    if (!('case' in r)) this.fail(`${path}.case`, undefined, 'Expected the generated case.');
    this.checkOutcome(r.outcome, `${path}.outcome`);
    return r;
  }

  counterexample(v: unknown, path: string): void {
    const r = this.caseRecord(v, path);
    this.int(r, 'seed', path);
    this.str(r, 'path', path);
    this.str(r, 'replayCommand', path);
  }

  figure(v: unknown, path: string): void {
    const f = this.obj(v, path);
    const name = this.str(f, 'name', path);
    // It becomes part of a file name: letters, digits, '.', '_' and '-' only (kebab-case preferred).
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) this.fail(`${path}.name`, name, 'Expected a file-name-safe figure name such as "energy" (letters, digits, ".", "_", "-").');
    for (const k of ['title', 'xLabel', 'yLabel']) this.str(f, k, path);
    for (const k of ['logX', 'logY']) if (f[k] !== undefined) this.bool(f, k, path);
    if (f.mark !== undefined) this.oneOf(f, 'mark', path, ['line', 'point', 'bar']);
    this.optStr(f, 'caption', path);
    this.arr(f, 'series', path).forEach((sv, i) => {
      const sp = `${path}.series[${i}]`;
      const s = this.obj(sv, sp);
      this.str(s, 'name', sp);
      const x = this.arr(s, 'x', sp);
      const y = this.arr(s, 'y', sp);
      if (x.length !== y.length) this.fail(`${sp}.y`, `length ${y.length}`, `Expected as many y values as x values (${x.length}).`);
      x.forEach((_, k) => this.num(x, k, `${sp}.x`));
      y.forEach((_, k) => this.num(y, k, `${sp}.y`));
    });
  }

  claim(v: unknown, path: string, envelope: { profile: ProfileName; masterSeed: number }): void {
    const c = this.obj(v, path);
    const id = this.str(c, 'id', path);
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) this.fail(`${path}.id`, id, 'Expected a kebab-case claim id such as "energy-monotonicity".');
    for (const k of ['title', 'provenance', 'statement', 'verdictReason', 'replayCommand']) this.str(c, k, path);
    const source = this.obj(c.source, `${path}.source`);
    for (const k of ['key', 'authors', 'title', 'arxiv', 'where']) this.str(source, k, `${path}.source`);
    this.oneOf(c, 'kind', path, ['exact', 'bound', 'shape', 'statistical']);
    this.oneOf(c, 'expected', path, ['confirmed', 'refuted', 'inconclusive']);
    this.oneOf(c, 'verdict', path, ['confirmed', 'refuted', 'inconclusive']);
    if (this.oneOf(c, 'profile', path, PROFILE_NAMES) !== envelope.profile)
      this.fail(`${path}.profile`, c.profile, `Expected the file's profile "${envelope.profile}".`);
    if (this.int(c, 'masterSeed', path) !== envelope.masterSeed)
      this.fail(`${path}.masterSeed`, c.masterSeed, `Expected the file's master seed ${envelope.masterSeed}.`);
    this.int(c, 'seed', path);
    this.int(c, 'numRuns', path);
    this.int(c, 'inconclusiveCases', path);
    if (c.hypothesesAsRun !== undefined) {
      const h = this.obj(c.hypothesesAsRun, `${path}.hypothesesAsRun`);
      for (const [k, v] of Object.entries(h)) if (typeof v !== 'string') this.fail(`${path}.hypothesesAsRun.${k}`, v, 'Expected a string describing the values run.');
    }
    this.caseRecord(c.closest, `${path}.closest`);
    if (c.keyFigure !== undefined) this.measurement(c.keyFigure, `${path}.keyFigure`);
    this.arr(c, 'tolerances', path).forEach((t, i) => this.tolerance(t, `${path}.tolerances[${i}]`));
    if (c.counterexample !== undefined) this.counterexample(c.counterexample, `${path}.counterexample`);
    const control = this.obj(c.control, `${path}.control`);
    this.str(control, 'dropped', `${path}.control`);
    this.oneOf(control, 'outcome', `${path}.control`, ['detected', 'missed']);
    this.int(control, 'runs', `${path}.control`);
    if (control.violation !== undefined) this.counterexample(control.violation, `${path}.control.violation`);
    this.arr(c, 'notes', path).forEach((n, i) => {
      if (typeof n !== 'string') this.fail(`${path}.notes[${i}]`, n, 'Expected a string.');
    });
    if (c.illustration !== undefined) {
      const ip = `${path}.illustration`;
      const ill = this.obj(c.illustration, ip);
      this.arr(ill, 'figures', ip).forEach((f, i) => this.figure(f, `${ip}.figures[${i}]`));
      if (ill.table !== undefined) this.arr(ill, 'table', ip).forEach((m, i) => this.measurement(m, `${ip}.table[${i}]`));
    }
  }
}

function validateEvidence(raw: unknown, source: string): Evidence {
  const check = new Checker(source);
  const e = check.obj(raw, 'evidence');
  if (e.schema !== EVIDENCE_SCHEMA) check.fail('schema', e.schema, `Expected "${EVIDENCE_SCHEMA}".`);
  const tool = check.obj(e.tool, 'tool');
  check.str(tool, 'name', 'tool');
  check.str(tool, 'version', 'tool');
  const profile = check.oneOf(e, 'profile', 'evidence', PROFILE_NAMES);
  const masterSeed = check.int(e, 'masterSeed', 'evidence');
  if (e.shard !== undefined) {
    const s = check.obj(e.shard, 'shard');
    const count = check.int(s, 'count', 'shard', 1);
    const index = check.int(s, 'index', 'shard', 1);
    if (index > count) check.fail('shard.index', index, `Expected 1 ≤ index ≤ count (${count}).`);
  }
  const ids = new Set<string>();
  check.arr(e, 'claims', 'evidence').forEach((c, i) => {
    check.claim(c, `claims[${i}]`, { profile, masterSeed });
    const id = (c as Obj).id as string;
    if (ids.has(id)) check.fail(`claims[${i}].id`, id, 'Claim ids must be unique within one file.');
    ids.add(id);
  });
  return e as unknown as Evidence;
}
