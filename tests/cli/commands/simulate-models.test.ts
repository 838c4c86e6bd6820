/** Every model of the schema runs through mft simulate, with its model-specific keys. */
import { describe, expect, test } from 'vitest';
import type { SimulationResult } from '../../../src/cli/commands/simulate.js';
import { runCli } from '../support.js';

async function simulate(config: Record<string, unknown>, extra: string[] = []): Promise<SimulationResult> {
  const r = await runCli(['simulate', '--config', '-', '--quiet', ...extra], { stdin: JSON.stringify(config) });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SimulationResult;
}

const INIT3 = { kind: 'uniform-sphere', n: 6, d: 3, seed: 4 };
/** Two float64 runs of the same Euler map through different drivers: rounding only, a few ulp per
 *  step over 20 steps. */
const SAME_MAP_TOL = 1e-13;

describe('mft simulate: the other models', () => {
  test('euclidean: tokens need not be unit vectors, rescaled is echoed', async () => {
    const out = await simulate({ model: 'euclidean', beta: 1, x0: [[2, 0], [0, 3], [-1, 1]], T: 0.5, dt: 0.05, rescaled: true, record: { every: 5, observables: ['diameter'] } });
    expect(out.status).toBe('success');
    expect(out.config).toMatchObject({ model: 'euclidean', rescaled: true });
    expect(out.observables.diameter[0]).toBeCloseTo(Math.hypot(3, 2), 12);
  });

  test('circle: tokens (cos θ, sin θ) become angles; phaseLag and strength are echoed', async () => {
    const out = await simulate({ model: 'circle', beta: 2, init: { kind: 'uniform-sphere', n: 5, d: 2, seed: 2 }, T: 2, dt: 0.05, phaseLag: 0.1, record: { times: [0, 2], states: true, observables: ['order-parameter'] } });
    expect(out.config).toMatchObject({ normalization: 'sa', phaseLag: 0.1, strength: 1 });
    expect(out.states![0]).toHaveLength(5);
    expect(out.states![0][0]).toHaveLength(1); // the solver state is the angle
    expect(out.observables['order-parameter'][1] as number).toBeGreaterThan(out.observables['order-parameter'][0] as number);
  });

  test('noisy: the default scheme is em; the seed fixes the noise', async () => {
    const config = { model: 'noisy', beta: 1, kappa: 4, init: INIT3, T: 0.5, dt: 0.01, record: { times: [0.5], states: true } };
    const a = await simulate(config, ['--seed', '1']);
    const b = await simulate(config, ['--seed', '1']);
    const c = await simulate(config, ['--seed', '2']);
    expect(a.config).toMatchObject({ scheme: 'em', normalization: 'usa', noise: 'independent', kappa: 4, seed: 1 });
    expect(a.states).toEqual(b.states);
    expect(a.states).not.toEqual(c.states);
  });

  test('zero-temperature: no beta', async () => {
    const out = await simulate({ model: 'zero-temperature', init: INIT3, V: [[2, 0, 0], [0, 1, 0], [0, 0, 0.5]], T: 3, dt: 0.01, record: { observables: ['order-parameter'] } });
    expect(out.status).toBe('success');
    expect(out.config).not.toHaveProperty('beta');
  });

  test('discrete-layers: L layers per unit time, the same map as euler-unprojected with dt = 1/L', async () => {
    const layers = await simulate({ model: 'discrete-layers', beta: 1, L: 10, init: INIT3, T: 2, record: { every: 5, states: true } });
    const euler = await simulate({ model: 'sa', beta: 1, init: INIT3, T: 2, dt: 0.1, scheme: 'euler-unprojected', record: { every: 5, states: true } });
    expect(layers.config).toMatchObject({ L: 10, normalization: 'sa' });
    expect(layers.config).not.toHaveProperty('scheme');
    expect(layers.times).toEqual([0, 0.5, 1, 1.5, 2].map((t) => expect.closeTo(t, 12)));
    expect(layers.stats.acceptedSteps).toBe(20);
    expect(layers.states).toHaveLength(euler.states!.length);
    layers.states!.forEach((state, r) =>
      state.forEach((row, i) => row.forEach((v, k) => expect(Math.abs(v - euler.states![r][i][k]), `record ${r} token ${i}`).toBeLessThanOrEqual(SAME_MAP_TOL))),
    );
  });

  test('registry observables with a parameter ("clusters:0.01") are accepted', async () => {
    const out = await simulate({ model: 'sa', beta: 4, init: INIT3, T: 1, dt: 0.05, record: { observables: ['clusters:0.01', 'energy-pair'] } });
    expect(Object.keys(out.observables)).toEqual(['clusters:0.01', 'energy-pair']);
    expect(out.observables['clusters:0.01'][0]).toBe(6);
  });
});
