import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import type { OdeProblem } from '../../src/integrate/problem.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

/** Three scalar tokens: x' = −x for tokens 0 and 1, x' = x² for token 2 (blows up at t = 1 from x = 1). */
const blowUp: OdeProblem = {
  n: 3, d: 1, initial: Float64Array.from([1, 2, 1]), timeSpan: [0, 2], params: {}, manifold: 'euclidean',
  field: (_t, x, out) => {
    out[0] = -x[0];
    out[1] = -x[1];
    out[2] = x[2] * x[2];
  },
  label: 'blow-up',
};

const decay: OdeProblem = { ...blowUp, n: 1, initial: Float64Array.from([1]), timeSpan: [0, 1], field: (_t, x, out) => { out[0] = -x[0]; } };

describe('solve statuses and recording', () => {
  test('a field that blows up gives status nonfinite, naming the step and the token', () => {
    const sol = solve(blowUp, { scheme: 'euler', dt: 0.01 });
    expect(sol.status).toBe('nonfinite');
    expect(sol.message).toMatch(/after step \d+/);
    expect(sol.message).toMatch(/token 2/);
    expect(sol.finalTime).toBeLessThan(2);
    // the returned state is the last finite one
    expect(Array.from(sol.final).every(Number.isFinite)).toBe(true);
  });

  test('dopri5 on a blow-up does not loop forever: nonfinite or step-too-small', () => {
    const sol = solve(blowUp, { scheme: 'dopri5', rtol: 1e-6 });
    expect(['nonfinite', 'step-too-small']).toContain(sol.status);
    expect(sol.finalTime).toBeLessThan(1.0001);
  });

  test('dopri5 meeting a NaN names the step and the token too', () => {
    // token 1's speed turns NaN past t = 0.5: every trial step across it is rejected until the step vanishes
    const poisoned: OdeProblem = { ...blowUp, field: (t, x, out) => { out[0] = -x[0]; out[1] = t > 0.5 ? NaN : -x[1]; out[2] = 0; } };
    const sol = solve(poisoned, { scheme: 'dopri5', rtol: 1e-6 });
    expect(sol.status).toBe('nonfinite');
    expect(sol.message).toMatch(/at step \d+ \(t=0\.(5|4999)/); // stuck just before t = 0.5
    expect(sol.message).toMatch(/token 1\b/);
    expect(sol.finalTime).toBeLessThanOrEqual(0.5);
    expect(Array.from(sol.final).every(Number.isFinite)).toBe(true);
  });

  test('dopri5 meeting a NaN in token 0 still says nonfinite and names token 0 (not step-too-small)', () => {
    const poisoned: OdeProblem = { ...blowUp, field: (t, x, out) => { out[0] = t > 0.5 ? NaN : -x[0]; out[1] = -x[1]; out[2] = 0; } };
    const sol = solve(poisoned, { scheme: 'dopri5', rtol: 1e-6 });
    expect(sol.status).toBe('nonfinite');
    expect(sol.message).toMatch(/^non-finite trial state at step \d+ \(t=0\.(5|4999)\d*\), token 0: /);
  });

  test('max-steps stops with a status and a message, not an exception', () => {
    const sol = solve(decay, { scheme: 'rk4', dt: 0.01, maxSteps: 5 });
    expect(sol.status).toBe('max-steps');
    expect(sol.stats.acceptedSteps).toBe(5);
    expect(sol.message).toMatch(/5 steps/);
  });

  test('record.times land exactly, with fixed and adaptive steps, and the states there are accurate', () => {
    const times = [0, 0.1, 0.35, 0.7, 1];
    for (const options of [{ scheme: 'rk4' as const, dt: 0.1 }, { scheme: 'dopri5' as const, rtol: 1e-10, atol: 1e-12 }]) {
      const sol = solve(decay, { ...options, record: { times, states: true } });
      expect(Array.from(sol.times)).toEqual(times);
      expect(sol.finalTime).toBe(1);
      sol.states.forEach((s, k) => expect(Math.abs(s[0] - Math.exp(-times[k])), `${options.scheme} t=${times[k]}`).toBeLessThanOrEqual(1e-6));
    }
  });

  test('record.every keeps the first, every k-th and the last state; observables are evaluated there', () => {
    const sol = solve(decay, { scheme: 'euler', dt: 0.1, record: { every: 3 }, observables: { value: (_t, x) => x[0] } });
    expect(Array.from(sol.times).map((t) => Math.round(t * 10))).toEqual([0, 3, 6, 9, 10]);
    expect(sol.observables.value[0]).toBe(1);
    expect(sol.observables.value[4]).toBeCloseTo(0.9 ** 10, 14);
  });

  test('stopWhen ends early with status success', () => {
    const sol = solve(decay, { scheme: 'rk4', dt: 0.01, stopWhen: (_t, x) => x[0] < 0.5 });
    expect(sol.status).toBe('success');
    expect(sol.finalTime).toBeCloseTo(0.7, 1);
    expect(sol.final[0]).toBeLessThan(0.5);
  });

  test('bad options are ConfigErrors naming the field', () => {
    const p = makeAttentionProblem({ normalization: 'sa', beta: 1, x0: uniformSphere(Rng.fromSeed(1), 3, 2), n: 3, d: 2, T: 1 });
    expect(() => solve(p, { scheme: 'rk4' })).toThrow(ConfigError);
    expect(() => solve(p, { scheme: 'rk4', dt: -1 })).toThrow(/dt/);
    expect(() => solve(p, { scheme: 'em', dt: 0.1 })).toThrow(/noisy/);
    expect(() => solve(decay, { scheme: 'euler-unprojected', dt: 0.1 })).toThrow(/Euclidean/);
    expect(() => solve(p, { scheme: 'rk4', dt: 0.1, record: { times: [2] } })).toThrow(/record.times/);
    expect(() => solve(p, { scheme: 'rk4', dt: 0.1, maxSteps: 0 })).toThrow(/maxSteps/);
    expect(() => solve(p, { scheme: 'rk4', dt: 0.1, seed: 1.5 })).toThrow(/seed/);
    // @ts-expect-error: an unknown scheme from untyped JSON
    expect(() => solve(p, { scheme: 'rk45', dt: 0.1 })).toThrow(/scheme/);
  });
});

describe('dopri5 step control around recording times', () => {
  test('a sliver before a recording time does not collapse the step size afterwards', () => {
    const plain = solve(decay, { scheme: 'dopri5', rtol: 1e-8 });
    const sliver = solve(decay, { scheme: 'dopri5', rtol: 1e-8, record: { times: [0.5 - 1e-9, 0.5, 1] } });
    expect(sliver.status).toBe('success');
    // the two extra landings may cost a few steps, not the ~13 ×5-regrowth steps from 1e-9 back to ~0.1
    expect(sliver.stats.acceptedSteps).toBeLessThanOrEqual(plain.stats.acceptedSteps + 4);
    expect(Math.abs(sliver.final[0] - Math.exp(-1))).toBeLessThanOrEqual(1e-7);
  });
});

describe('solve option errors: field, value and fix', () => {
  const sphere = makeAttentionProblem({ normalization: 'sa', beta: 1, x0: uniformSphere(Rng.fromSeed(1), 3, 2), n: 3, d: 2, T: 1 });

  test.each([
    ['unknown scheme', decay, { scheme: 'rk45', dt: 0.1 }, 'scheme', 'rk45', 'Use one of euler, euler-unprojected, heun, rk4, dopri5, em.'],
    ['T < t0', { ...decay, timeSpan: [1, 0.5] }, { scheme: 'rk4', dt: 0.1 }, 'T', 0.5, 'Expected a finite end time T ≥ 0 (T ≥ t0).'],
    ['t0 not finite', { ...decay, timeSpan: [Number.NaN, 1] }, { scheme: 'rk4', dt: 0.1 }, 'T', 1, 'Expected a finite end time T ≥ 0 (T ≥ t0).'],
    ['T not finite', { ...decay, timeSpan: [0, Infinity] }, { scheme: 'rk4', dt: 0.1 }, 'T', Infinity, 'Expected a finite end time T ≥ 0 (T ≥ t0).'],
    ['fixed step missing', decay, { scheme: 'heun' }, 'dt', undefined, 'Scheme heun needs a fixed step: pass dt > 0, e.g. dt 0.01.'],
    ['dt = 0', decay, { scheme: 'rk4', dt: 0 }, 'dt', 0, 'Expected a finite step dt > 0, e.g. 0.01.'],
    ['dt = ∞', decay, { scheme: 'rk4', dt: Infinity }, 'dt', Infinity, 'Expected a finite step dt > 0, e.g. 0.01.'],
    ['rtol = 0', decay, { scheme: 'dopri5', rtol: 0 }, 'rtol', 0, 'Expected a finite rtol > 0, e.g. 1e-8.'],
    ['atol = NaN', decay, { scheme: 'dopri5', atol: Number.NaN }, 'atol', Number.NaN, 'Expected a finite atol > 0, e.g. 1e-8.'],
    ['atol = ∞', decay, { scheme: 'dopri5', atol: Infinity }, 'atol', Infinity, 'Expected a finite atol > 0, e.g. 1e-8.'],
    ['em without noise', sphere, { scheme: 'em', dt: 0.1 }, 'scheme', 'em', 'Scheme em needs a noisy problem (model "noisy"); use rk4 for deterministic models.'],
    ['S1 on a Euclidean problem', decay, { scheme: 'euler-unprojected', dt: 0.1 }, 'scheme', 'euler-unprojected', 'euler-unprojected is the sphere scheme S1; use euler for Euclidean models.'],
    ['maxSteps = 2.5', decay, { scheme: 'rk4', dt: 0.1, maxSteps: 2.5 }, 'maxSteps', 2.5, 'Expected a whole number of steps ≥ 1, e.g. 1000000.'],
    ['maxSteps = 0', decay, { scheme: 'rk4', dt: 0.1, maxSteps: 0 }, 'maxSteps', 0, 'Expected a whole number of steps ≥ 1, e.g. 1000000.'],
    ['seed = 2^60', decay, { scheme: 'rk4', dt: 0.1, seed: 2 ** 60 }, 'seed', 2 ** 60, 'Expected a whole number, e.g. 20261123.'],
    ['record.every = 0', decay, { scheme: 'rk4', dt: 0.1, record: { every: 0 } }, 'record.every', 0, 'Expected a whole number of steps ≥ 1.'],
    ['record.every = 1.5', decay, { scheme: 'rk4', dt: 0.1, record: { every: 1.5 } }, 'record.every', 1.5, 'Expected a whole number of steps ≥ 1.'],
    ['record time before t0', decay, { scheme: 'rk4', dt: 0.1, record: { times: [0.5, -0.1] } }, 'record.times', -0.1, 'Recording times must lie in [0, 1].'],
    ['record time after T', decay, { scheme: 'rk4', dt: 0.1, record: { times: [1.5] } }, 'record.times', 1.5, 'Recording times must lie in [0, 1].'],
    ['record time NaN', decay, { scheme: 'rk4', dt: 0.1, record: { times: [Number.NaN] } }, 'record.times', Number.NaN, 'Recording times must lie in [0, 1].'],
  ] as Array<[string, OdeProblem, object, string, unknown, string]>)('%s', (_label, problem, options, field, value, fix) => {
    const e = caught(() => solve(problem, options as Parameters<typeof solve>[1]));
    expect([e.field, e.value, e.fix]).toEqual([field, value, fix]);
  });

  test('boundary values that are accepted: T = t0, record times at both ends, maxSteps = 1, every = 1', () => {
    const still = solve({ ...decay, timeSpan: [0.5, 0.5] }, { scheme: 'rk4', dt: 0.1 });
    expect([still.status, still.finalTime, still.stats.acceptedSteps]).toEqual(['success', 0.5, 0]);
    expect(Array.from(solve(decay, { scheme: 'rk4', dt: 0.5, record: { times: [0, 1] } }).times)).toEqual([0, 1]);
    expect(solve(decay, { scheme: 'rk4', dt: 0.5, maxSteps: 1 }).stats.acceptedSteps).toBe(1);
    expect(Array.from(solve(decay, { scheme: 'rk4', dt: 0.5, record: { every: 1 } }).times)).toEqual([0, 0.5, 1]);
  });
});
