/** mft simulate end to end: the README example, --out/stdin/stdout, recorded states, determinism,
 *  a non-finite run (exit 1, result written), progress output, and the real process once. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { captureCliIo } from '../../../src/cli/io.js';
import { createProgress, type SimulationResult } from '../../../src/cli/commands/simulate.js';
import { UNIT_NORM_TOL } from '../../../src/core/sphere.js';
import { filesIn, runCli, scratchDir, withoutWallTime } from '../support.js';

const EXAMPLE = 'examples/sa-equiangular.json';
/** The equiangular initial Gram matrix is built from square roots and one normalisation per row:
 *  a few ulp of error per entry. */
const GRAM_TOL = 16 * Number.EPSILON;

describe('mft simulate', () => {
  test('the README example runs and its output follows the documented schema', async () => {
    const r = await runCli(['simulate', '--config', EXAMPLE, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as SimulationResult;
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    expect(out.status).toBe('success');
    expect(out.times).toEqual(example.record.times);
    expect(Object.keys(out.observables)).toEqual(example.record.observables);
    for (const values of Object.values(out.observables)) expect(values).toHaveLength(out.times.length);
    expect(out.states).toBeUndefined();
    expect(out.config).toMatchObject({ model: 'sa', beta: 1, n: 8, d: 8, scheme: 'rk4', init: { ...example.init } });
    expect(Object.keys(out.stats).sort()).toEqual(['acceptedSteps', 'rejectedSteps', 'rhsEvaluations', 'wallMs']);
    // Equiangular start with ρ = 0.2: the smallest pairwise inner product is ρ itself.
    expect(Math.abs((out.observables['min-inner-product'][0] as number) - 0.2)).toBeLessThanOrEqual(GRAM_TOL);
    // SA with Q = K = V = I contracts towards consensus: the order parameter grows to 1.
    const r0 = out.observables['order-parameter'];
    expect(r0[r0.length - 1] as number).toBeGreaterThan(r0[0] as number);
  });

  test('--out writes the same result atomically; --config - reads stdin', async () => {
    const dir = scratchDir();
    const out = join(dir, 'result.json');
    const a = await runCli(['simulate', '--config', EXAMPLE, '--out', out, '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe('');
    expect(filesIn(dir)).toEqual(['result.json']); // no temp file left behind
    const b = await runCli(['simulate', '--config', '-', '--quiet'], { stdin: readFileSync(EXAMPLE, 'utf8') });
    expect(b.code, b.stderr).toBe(0);
    expect(withoutWallTime(b.stdout)).toEqual(withoutWallTime(readFileSync(out, 'utf8')));
  });

  test('a refused config leaves an existing result file untouched', async () => {
    const dir = scratchDir();
    const out = join(dir, 'result.json');
    writeFileSync(out, 'previous result\n');
    const r = await runCli(['simulate', '--config', '-', '--out', out, '--quiet'], { stdin: '{"model": "sa", "beta": -1}' });
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous result\n');
    expect(filesIn(dir)).toEqual(['result.json']);
  });

  test('--threads: one large trajectory on 2 threads writes the bytes of 1 thread; a bad count is refused', async () => {
    // n = 300 ≥ PARALLEL_MIN_N, so --threads 2 really splits the field (src/kernels/split-trajectory.ts)
    const config = JSON.stringify({ model: 'sa', beta: 2, init: { kind: 'uniform-sphere', n: 300, d: 3 }, T: 0.02, dt: 0.01, record: { every: 1, states: true } });
    const one = await runCli(['simulate', '--config', '-', '--seed', '3', '--threads', '1', '--quiet'], { stdin: config });
    const two = await runCli(['simulate', '--config', '-', '--seed', '3', '--threads', '2', '--quiet'], { stdin: config });
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(withoutWallTime(two.stdout)).toEqual(withoutWallTime(one.stdout));
    for (const bad of ['0', '2.5', 'many', '']) {
      const r = await runCli(['simulate', '--config', '-', '--threads', bad, '--quiet'], { stdin: config });
      expect(r.code, `--threads ${bad}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--threads');
    }
  });

  test('same config and seed → identical output apart from wall time', async () => {
    const config = JSON.stringify({ model: 'usa', beta: 2, init: { kind: 'uniform-sphere', n: 12, d: 3 }, T: 1, dt: 0.01, record: { every: 25, states: true } });
    const a = await runCli(['simulate', '--config', '-', '--seed', '7', '--quiet'], { stdin: config });
    const b = await runCli(['simulate', '--config', '-', '--seed', '7', '--quiet'], { stdin: config });
    const c = await runCli(['simulate', '--config', '-', '--seed', '8', '--quiet'], { stdin: config });
    expect(a.code, a.stderr).toBe(0);
    expect(withoutWallTime(a.stdout)).toEqual(withoutWallTime(b.stdout));
    expect(withoutWallTime(a.stdout)).not.toEqual(withoutWallTime(c.stdout));
    const out = JSON.parse(a.stdout) as SimulationResult;
    expect(out.config).toMatchObject({ seed: 7, init: { seed: 7 } }); // the resolved seed is recorded
    expect(out.times).toEqual([0, 0.25, 0.5, 0.75, 1].map((t) => expect.closeTo(t, 12)));
    expect(out.states).toHaveLength(out.times.length);
    for (const state of out.states!) {
      expect(state).toHaveLength(12);
      for (const row of state) expect(Math.abs(Math.hypot(...row) - 1)).toBeLessThanOrEqual(UNIT_NORM_TOL);
    }
  });

  test('x0 with normalize: true is normalised; the causal model keeps token 0 fixed', async () => {
    const config = { model: 'causal', beta: 1, x0: [[2, 0, 0], [0, 3, 0], [1, 1, 1]], normalize: true, T: 2, dt: 0.05, record: { times: [0, 2], states: true } };
    const r = await runCli(['simulate', '--config', '-', '--quiet'], { stdin: JSON.stringify(config) });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SimulationResult;
    expect(out.states![0][0]).toEqual([1, 0, 0]);
    expect(out.states![1][0]).toEqual([1, 0, 0]); // with V = I, ẋ_1 = P_{x_1} x_1 = 0 exactly
    expect(out.states![1][1]).not.toEqual(out.states![0][1]);
  });

  test('a run that blows up writes its result with status nonfinite and exits 1', async () => {
    // usa speeds are O(e^{β}): e^{800} overflows float64, so the first step is non-finite.
    const dir = scratchDir();
    const out = join(dir, 'r.json');
    const config = { model: 'usa', beta: 800, init: { kind: 'uniform-sphere', n: 4, d: 3, seed: 3 }, T: 1, dt: 0.1, record: { every: 1, observables: ['order-parameter'] } };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
    const r = await runCli(['simulate', '--config', join(dir, 'c.json'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/status nonfinite: non-finite state after step 1 .*token \d/);
    const text = readFileSync(out, 'utf8');
    const result = JSON.parse(text) as SimulationResult;
    expect(result.status).toBe('nonfinite');
    expect(result.times).toEqual([0]); // only the accepted (finite) state is kept
    expect(text).not.toMatch(/NaN|Infinity|null/);
  });

  test('progress: a redrawn line on a TTY (cleared at the end), a periodic log line otherwise', () => {
    let clock = 0;
    const tty = captureCliIo({ errIsTTY: true });
    const p = createProgress(10, () => clock);
    clock = 1000;
    p.update(2.5);
    p.done();
    tty.restore();
    expect(tty.stderr()).toBe('\r\x1b[Kmft simulate: t = 2.500 of 10 (25.0 %), 1 s\r\x1b[K');

    clock = 0;
    const log = captureCliIo({ errIsTTY: false });
    const q = createProgress(10, () => clock);
    clock = 1000;
    q.update(1); // too soon for a log line
    clock = 12_000;
    q.update(5);
    q.done();
    log.restore();
    expect(log.stderr()).toBe('mft simulate: t = 5.000 of 10 (50.0 %), 12 s\n');
  });
});

describe('mft simulate as a real process', () => {
  test('npx-style launcher: success exit 0 with the result on stdout', () => {
    const r = spawnSync(process.execPath, ['src/cli/mft.mjs', 'simulate', '--config', EXAMPLE], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as SimulationResult).status).toBe('success');
  });

  test('a bad config exits 2 with one line on stderr and writes nothing', () => {
    const dir = scratchDir();
    const r = spawnSync(process.execPath, ['src/cli/mft.mjs', 'simulate', '--config', '-', '--out', join(dir, 'x.json')], {
      encoding: 'utf8',
      input: '{"model": "sa", "beta": "NaN", "init": {"kind": "uniform-sphere", "n": 4, "d": 3}, "T": 1, "dt": 0.1}',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('mft: beta: got "NaN". Expected a finite number ≥ 0 and ≤ 1000000, e.g. 1. β = 0 is the mean-shift/Kuramoto limit; beyond 1e6 use the zero-temperature model.\n');
    expect(filesIn(dir)).toEqual([]);
  });
});
