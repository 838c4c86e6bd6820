import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { isMeanFieldCircleConfig, parseMeanFieldSimulateConfig, simulateMeanField } from '../../src/meanfield/simulate-mean-field.js';

describe('simulate: model mean-field-circle', () => {
  test('init cosine: records densities and observables, mass 1', () => {
    const raw = { model: 'mean-field-circle', normalization: 'sa', beta: 4, M: 64, init: { kind: 'cosine', a: 0.5, k: 2 }, T: 1, record: { times: [0, 0.5, 1], observables: ['mass', 'orderParameter', 'w2ToMean'] } };
    expect(isMeanFieldCircleConfig(raw)).toBe(true);
    const result = simulateMeanField(parseMeanFieldSimulateConfig(raw));
    expect(result.status).toBe('success');
    expect(result.times).toEqual([0, 0.5, 1]);
    expect(result.densities).toHaveLength(3);
    expect(result.densities![0]).toHaveLength(64);
    for (const m of result.observables.mass) expect(Math.abs((m as number) - 1)).toBeLessThan(1e-12);
    expect(JSON.parse(JSON.stringify(result)).config.init.k).toBe(2);
  });

  test('density0 with normalize, noise and densities off', () => {
    const raw = { model: 'mean-field-circle', normalization: 'usa', beta: 1, density0: [1, 2, 3, 4, 4, 3, 2, 1], normalize: true, T: 0.5, kappa: 3, record: { densities: false } };
    const result = simulateMeanField(parseMeanFieldSimulateConfig(raw));
    expect(result.status).toBe('success');
    expect(result.densities).toBeUndefined();
  });

  test.each([
    [{ bogus: 1 }, /bogus/],
    [{ M: 100 }, /M/],
    [{ record: { observables: ['energy'] } }, /observable/],
    [{ density0: 'abc' }, /density0/],
    [{ rtol: -1 }, /rtol/],
  ])('bad config %j is a ConfigError', (patch, message) => {
    const raw = { model: 'mean-field-circle', normalization: 'sa', beta: 1, T: 1, ...patch };
    expect(() => parseMeanFieldSimulateConfig(raw)).toThrow(ConfigError);
    expect(() => parseMeanFieldSimulateConfig(raw)).toThrow(message);
  });
});

describe('mft simulate dispatch (in-process CLI)', () => {
  test('model mean-field-circle runs through `mft simulate`, and a bad grid is exit 2 with one line', async () => {
    const { runCli } = await import('../cli/support.js');
    const good = JSON.stringify({ model: 'mean-field-circle', normalization: 'usa', beta: 1, M: 32, init: { kind: 'cosine', a: 0.3, k: 1 }, T: 0.5, record: { times: [0, 0.5] } });
    const r = await runCli(['simulate', '--config', '-', '--quiet'], { stdin: good });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { model: string; densities: number[][]; times: number[] };
    expect(out.model).toBe('mean-field-circle');
    expect(out.densities).toHaveLength(2);
    const bad = await runCli(['simulate', '--config', '-', '--quiet'], { stdin: good.replace('"M":32', '"M":30') });
    expect(bad.code).toBe(2);
    expect(bad.stderr.startsWith('mft: M: got 30'), bad.stderr).toBe(true);
  });
});
