/** The bad-input corpus (issue #8 item 1): each config must be refused with a ConfigError that names
 *  the field (one line on stderr, exit code 2) and no output file. Table-driven: add a row per case. */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { filesIn, runCli, scratchDir } from './support.js';

const GOOD = {
  model: 'sa',
  beta: 1,
  init: { kind: 'uniform-sphere', n: 4, d: 3, seed: 1 },
  T: 1,
  dt: 0.1,
  scheme: 'rk4',
  record: { every: 2, states: true, observables: ['order-parameter'] },
};
type Config = Record<string, unknown>;
/** GOOD with some top-level keys replaced (undefined deletes the key). */
function good(changes: Config): string {
  const c: Config = { ...GOOD, ...changes };
  for (const key of Object.keys(c)) if (c[key] === undefined) delete c[key];
  return JSON.stringify(c);
}
const init = (changes: Config) => ({ ...GOOD.init, ...changes });
const record = (changes: Config) => ({ ...GOOD.record, ...changes });
const X0 = [
  [1, 0, 0],
  [0, 1, 0],
];

interface Case {
  readonly name: string;
  /** The config text fed on stdin. */
  readonly text: string;
  /** The field the message must start with (after "mft: "). */
  readonly field: string;
  /** Something else the message must say (the fix or the suggestion). */
  readonly says?: string | RegExp;
}

const CASES: Case[] = [
  // β
  { name: 'beta as the string "NaN"', text: good({ beta: 'NaN' }), field: 'beta', says: '"NaN"' },
  { name: 'beta null', text: good({ beta: null }), field: 'beta', says: 'got null' },
  { name: 'beta negative', text: good({ beta: -1 }), field: 'beta', says: '≥ 0' },
  { name: 'beta above 1e6', text: good({ beta: 2e6 }), field: 'beta', says: 'zero-temperature' },
  { name: 'beta a quoted number', text: good({ beta: '2' }), field: 'beta', says: 'without quotes' },
  { name: 'beta missing', text: good({ beta: undefined }), field: 'beta', says: 'needs' },
  { name: 'beta "Infinity"', text: good({ beta: 'Infinity' }), field: 'beta' },
  { name: 'beta 1e999 (overflows to Infinity in JSON.parse)', text: good({ beta: 1 }).replace('"beta":1', '"beta":1e999'), field: 'beta', says: 'Infinity' },
  // time and step
  { name: 'T negative', text: good({ T: -1 }), field: 'T', says: '≥ 0' },
  { name: 'T missing', text: good({ T: undefined }), field: 'T' },
  { name: 'dt zero', text: good({ dt: 0 }), field: 'dt', says: '> 0' },
  { name: 'dt negative', text: good({ dt: -0.01 }), field: 'dt' },
  { name: 'dt missing for a fixed-step scheme', text: good({ dt: undefined }), field: 'dt', says: 'dopri5' },
  { name: 'rtol with a fixed-step scheme', text: good({ rtol: 1e-6 }), field: 'rtol', says: 'only used by' },
  { name: 'atol zero with dopri5', text: good({ scheme: 'dopri5', atol: 0 }), field: 'atol' },
  // names
  { name: 'unknown model, no close name', text: good({ model: 'transformer' }), field: 'model', says: 'Valid models' },
  { name: 'misspelt model', text: good({ model: 'casual' }), field: 'model', says: 'Did you mean "causal"' },
  { name: 'model missing', text: good({ model: undefined }), field: 'model' },
  { name: 'misspelt scheme', text: good({ scheme: 'rk5' }), field: 'scheme', says: 'Did you mean "rk4"' },
  { name: 'scheme of the wrong type', text: good({ scheme: 4 }), field: 'scheme' },
  { name: 'misspelt observable', text: good({ record: record({ observables: ['order-paramter'] }) }), field: 'record.observables[0]', says: 'Did you mean "order-parameter"' },
  { name: 'observables not a list', text: good({ record: record({ observables: 'order-parameter' }) }), field: 'record.observables' },
  { name: 'unknown top-level key', text: good({ betta: 2 }), field: 'betta', says: 'Did you mean "beta"' },
  { name: 'unknown init key', text: good({ init: init({ dim: 3 }) }), field: 'init.dim' },
  { name: 'unknown record key', text: good({ record: record({ state: true }) }), field: 'record.state', says: 'Did you mean "states"' },
  { name: 'misspelt init kind', text: good({ init: init({ kind: 'uniform-spere' }) }), field: 'init.kind', says: 'Did you mean "uniform-sphere"' },
  // sizes
  { name: 'n = 0', text: good({ init: init({ n: 0 }) }), field: 'init.n', says: '≥ 1' },
  { name: 'd = 0', text: good({ init: init({ d: 0 }) }), field: 'init.d' },
  { name: 'n fractional', text: good({ init: init({ n: 2.5 }) }), field: 'init.n', says: 'whole number' },
  { name: 'n as a string', text: good({ init: init({ n: 'four' }) }), field: 'init.n' },
  { name: 'orthonormal with n > d', text: good({ init: init({ kind: 'orthonormal', n: 5 }) }), field: 'init.n', says: 'n ≤ d' },
  { name: 'equiangular without rho', text: good({ init: init({ kind: 'equiangular', n: 3 }) }), field: 'init.rho' },
  { name: 'equiangular rho below −1/(n−1)', text: good({ init: init({ kind: 'equiangular', n: 3, rho: -0.75 }) }), field: 'init.rho', says: 'positive semidefinite' },
  { name: 'rho for a kind that has none', text: good({ init: init({ rho: 0.5 }) }), field: 'init.rho' },
  { name: 'seed negative', text: good({ seed: -3 }), field: 'seed' },
  { name: 'init.seed fractional', text: good({ init: init({ seed: 1.5 }) }), field: 'init.seed' },
  { name: 'huge n·d refused up front with the estimate', text: good({ init: init({ n: 1e6, d: 1e4 }) }), field: 'n·d', says: /bytes\)"\. That exceeds the 2\.00 GiB limit/ },
  { name: 'stored states that would not fit', text: good({ init: init({ n: 1000, d: 100 }), T: 100, dt: 0.001, record: record({ every: 1 }) }), field: 'record.states', says: /about \d.* bytes/ },
  { name: 'too many recorded times even without states', text: good({ T: 1e6, dt: 1e-6, record: { every: 1 } }), field: 'record', says: 'record less often' },
  // tokens
  { name: 'x0 and init together', text: good({ x0: X0 }), field: 'x0', says: 'not both' },
  { name: 'neither x0 nor init', text: good({ init: undefined }), field: 'init' },
  { name: 'x0 rows of unequal length', text: good({ init: undefined, x0: [[1, 0, 0], [0, 1]] }), field: 'x0[1]', says: 'same length' },
  { name: 'x0 with a "NaN" string entry', text: good({ init: undefined, x0: [[1, 'NaN', 0], [0, 1, 0]] }), field: 'x0[0][1]', says: '"NaN"' },
  { name: 'x0 with a null entry', text: good({ init: undefined, x0: [[1, 0, 0], [null, 1, 0]] }), field: 'x0[1][0]' },
  { name: 'x0 not a matrix', text: good({ init: undefined, x0: [1, 0, 0] }), field: 'x0[0]' },
  { name: 'x0 empty', text: good({ init: undefined, x0: [] }), field: 'x0' },
  { name: 'non-unit token on the sphere', text: good({ init: undefined, x0: [[1, 0, 0], [0, 2, 0]] }), field: 'x0[1] norm', says: '"normalize": true' },
  { name: 'zero token with normalize', text: good({ init: undefined, x0: [[1, 0, 0], [0, 0, 0]], normalize: true }), field: 'x0[1]', says: 'zero' },
  { name: 'normalize as a string', text: good({ init: undefined, x0: X0, normalize: 'true' }), field: 'normalize' },
  // matrices
  { name: 'Q with the wrong number of columns', text: good({ Q: [[1, 0], [0, 1]] }), field: 'Q', says: 'm×3' },
  { name: 'V not square', text: good({ V: [[1, 0], [0, 1], [0, 0]] }), field: 'V', says: '3×3' },
  { name: 'K shaped differently from Q', text: good({ Q: [[1, 0, 0]], K: [[1, 0, 0], [0, 1, 0]] }), field: 'K', says: '1×3' },
  { name: 'rectangular Q without K', text: good({ Q: [[1, 0, 0], [0, 1, 0]] }), field: 'K', says: 'same shape' },
  { name: 'V entry Infinity (1e999)', text: good({ V: [[1, 0, 0], [0, 1, 0], [0, 0, 2]] }).replace('2]]', '1e999]]'), field: 'V[2][2]' },
  { name: 'heads empty', text: good({ model: 'multihead', heads: [] }), field: 'heads' },
  { name: 'multihead without heads', text: good({ model: 'multihead' }), field: 'heads', says: 'needs' },
  { name: 'heads together with Q', text: good({ heads: [{}], Q: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }), field: 'heads', says: 'not both' },
  { name: 'unknown key inside a head', text: good({ model: 'multihead', heads: [{ W: [[1]] }] }), field: 'heads[0].W' },
  { name: 'head V of the wrong shape', text: good({ model: 'multihead', heads: [{}, { V: [[1]] }] }), field: 'heads[1].V' },
  // record
  { name: 'record.every zero', text: good({ record: record({ every: 0 }) }), field: 'record.every' },
  { name: 'record.times decreasing', text: good({ record: { times: [0.5, 0.2] } }), field: 'record.times[1]', says: 'increasing' },
  { name: 'record.times beyond T', text: good({ record: { times: [0, 2] } }), field: 'record.times[1]', says: '≤ 1' },
  { name: 'record.every and record.times together', text: good({ record: { every: 1, times: [0] } }), field: 'record', says: 'not both' },
  { name: 'record.states "yes"', text: good({ record: record({ states: 'yes' }) }), field: 'record.states' },
  { name: 'description not a string', text: good({ description: 5 }), field: 'description' },
  // model-specific keys
  { name: 'kappa on a model without noise', text: good({ kappa: 4 }), field: 'kappa', says: 'only used by model noisy' },
  { name: 'noisy without kappa', text: good({ model: 'noisy', scheme: 'em' }), field: 'kappa' },
  { name: 'noisy with kappa ≤ 0', text: good({ model: 'noisy', scheme: 'em', kappa: 0 }), field: 'kappa', says: '> 0' },
  { name: 'noisy with a misspelt noise kind', text: good({ model: 'noisy', scheme: 'em', kappa: 1, noise: 'comon' }), field: 'noise', says: 'Did you mean "common"' },
  { name: 'noisy with a deterministic scheme', text: good({ model: 'noisy', kappa: 1 }), field: 'scheme', says: 'SDE' },
  { name: 'em for a deterministic model', text: good({ scheme: 'em' }), field: 'scheme', says: 'noisy' },
  { name: 'circle in d = 3', text: good({ model: 'circle' }), field: 'init.d', says: 'd = 2' },
  { name: 'circle with a V matrix', text: good({ model: 'circle', init: init({ d: 2 }), V: [[1, 0], [0, 1]] }), field: 'V', says: 'phaseLag' },
  { name: 'zero-temperature with beta', text: good({ model: 'zero-temperature' }), field: 'beta', says: 'β → ∞' },
  { name: 'discrete-layers without L', text: good({ model: 'discrete-layers', scheme: undefined, dt: undefined }), field: 'L' },
  { name: 'discrete-layers with dt', text: good({ model: 'discrete-layers', L: 10, scheme: undefined }), field: 'dt', says: 'set L instead' },
  { name: 'discrete-layers with L·T not whole', text: good({ model: 'discrete-layers', L: 3, T: 0.5, scheme: undefined, dt: undefined }), field: 'L', says: 'whole number' },
  { name: 'discrete-layers recording between layers', text: good({ model: 'discrete-layers', L: 10, scheme: undefined, dt: undefined, record: { times: [0.25] } }), field: 'record.times[0]', says: 'layer times' },
  { name: 'discrete-layers keeping more layer states than fit', text: good({ model: 'discrete-layers', L: 1e7, T: 100, scheme: undefined, dt: undefined, record: { times: [0, 100] } }), field: 'L', says: 'layer states kept' },
  { name: 'normalize for the Euclidean model', text: good({ model: 'euclidean', normalize: true }), field: 'normalize', says: 'R^d' },
  { name: 'normalization misspelt', text: good({ model: 'circle', init: init({ d: 2 }), normalization: 'usa2' }), field: 'normalization' },
  { name: 'an observable parameter that is not a number', text: good({ record: record({ observables: ['clusters:abc'] }) }), field: 'record.observables', says: 'finite number' },
  // malformed JSON
  { name: 'a doubled comma', text: '{\n  "model": "sa",,\n  "beta": 1\n}', field: 'stdin (line 2, column 17)', says: 'double-quoted property name' },
  { name: 'truncated JSON', text: good({}).slice(0, 40), field: 'stdin (line 1, column 41)', says: 'truncated' },
  { name: 'empty input', text: '', field: 'stdin (line 1, column 1)', says: 'truncated' },
  { name: 'a bare NaN literal', text: '{"model": "sa", "beta": NaN}', field: 'stdin (line 1, column 25)', says: 'no NaN/Infinity' },
  { name: 'a trailing comma', text: '{"model": "sa", "beta": 1,}', field: 'stdin (line 1, column 27)' },
  { name: 'text after the JSON value', text: `${good({})} x`, field: `stdin (line 1, column ${good({}).length + 2})`, says: 'nothing after the end' },
  { name: 'a top-level array', text: '[1, 2]', field: 'config', says: 'JSON object' },
];

describe('bad input corpus: ConfigError naming the field, exit 2, nothing written', () => {
  test('the corpus has at least 30 cases and no duplicate names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  test.each(CASES)('$name → $field', async ({ text, field, says }) => {
    const dir = scratchDir();
    const r = await runCli(['simulate', '--config', '-', '--out', join(dir, 'out.json'), '--quiet'], { stdin: text });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n') && r.stderr.indexOf('\n') === r.stderr.length - 1, r.stderr).toBe(true); // one line, no stack
    expect(r.stderr.startsWith(`mft: ${field}: got `), r.stderr).toBe(true);
    if (says !== undefined) expect(r.stderr).toMatch(says);
    expect(filesIn(dir)).toEqual([]);
  });

  test.each([
    [['simulate'], '--config'],
    [['simulate', '--config', '/nonexistent/problem.json'], '--config'],
    [['simulate', '--config', 'examples'], '--config'],
    [['simulate', '--config', 'examples/sa-equiangular.json', '--seed', 'abc'], '--seed'],
    [['simulate', '--config', 'examples/sa-equiangular.json', 'extra'], 'simulate'],
  ])('flags %j → %s', async (argv, field) => {
    const r = await runCli(argv);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.startsWith(`mft: ${field}: got `), r.stderr).toBe(true);
  });

  test('an unknown flag is a parseArgs error: one line, exit 2', async () => {
    const r = await runCli(['simulate', '--config', 'examples/sa-equiangular.json', '--outt', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mft: Unknown option '--outt'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
