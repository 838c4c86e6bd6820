import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { anglesToPoints, makeCircleProblem, pointsToAngles } from '../../src/models/circle.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('circle model (angle form)', () => {
  const rng = Rng.fromSeed(13);
  const n = 7;
  const theta0 = Float64Array.from({ length: n }, () => 2 * Math.PI * rng.uniform());
  // Both runs are rk4 at dt = 1e-3 over T = 2 (error ~1e-13 each) of the same ODE in two coordinates;
  // 1e-10 is the bound.
  const SAME_MODEL_TOL = 1e-10;

  test.each([
    ['sa', 3, 0, 1], ['usa', 2, 0, 1], ['sa', 1, 0.4, 0.7], ['usa', 1.5, -0.3, 1.2],
  ] as const)('%s, β=%f, phase lag %f, strength %f: equals the particle model on S¹ with V = ρR_φ', (normalization, beta, phaseLag, strength) => {
    const T = 2;
    const angles = solve(makeCircleProblem({ normalization, beta, theta0, T, phaseLag, strength }), { scheme: 'rk4', dt: 1e-3 }).final;
    const c = Math.cos(phaseLag);
    const s = Math.sin(phaseLag);
    const V = { rows: 2, cols: 2, data: Float64Array.from([strength * c, -strength * s, strength * s, strength * c]) };
    const particles = solve(makeAttentionProblem({ normalization, beta, x0: anglesToPoints(theta0), n, d: 2, T, V }), { scheme: 'rk4', dt: 1e-3 }).final;
    expect(maxDiff(anglesToPoints(angles), particles)).toBeLessThanOrEqual(SAME_MODEL_TOL);
    // not vacuous: the tokens moved
    expect(maxDiff(angles, theta0)).toBeGreaterThan(1e-2);
  });

  test('large β: no overflow in sa (weights e^{−2β sin²(Δ/2)})', () => {
    const p = makeCircleProblem({ normalization: 'sa', beta: 1e6, theta0, T: 1 });
    const out = new Float64Array(n);
    p.field(0, theta0, out);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  test('angle/point helpers round-trip in [0, 2π); bad input is a ConfigError', () => {
    const t = Float64Array.from([0, 1, 3, 6.2]);
    expect(maxDiff(pointsToAngles(anglesToPoints(t), 4), t)).toBeLessThanOrEqual(4 * Number.EPSILON * 2 * Math.PI);
    expect(pointsToAngles(anglesToPoints([-0.5]), 1)[0]).toBeCloseTo(2 * Math.PI - 0.5, 14);
    expect(() => makeCircleProblem({ normalization: 'sa', beta: -1, theta0, T: 1 })).toThrow(ConfigError);
    expect(() => makeCircleProblem({ normalization: 'sa', beta: 1, theta0: [0, NaN], T: 1 })).toThrow(/theta0\[1\]/);
    expect(() => makeCircleProblem({ normalization: 'sa', beta: 1, theta0: [], T: 1 })).toThrow(ConfigError);
  });
});

describe('circle builder', () => {

  test('every rejected input names its field, value and fix', () => {
    const ok = { normalization: 'sa', beta: 1, theta0: [0, 1], T: 1 } as const;
    const cases: Array<[object, string, unknown, string]> = [
      [{ normalization: 'xa' }, 'normalization', 'xa', 'Use "sa" or "usa".'],
      [{ beta: -1 }, 'beta', -1, 'Expected an inverse temperature β ≥ 0 (β = 0 is the Kuramoto/mean-shift limit).'],
      [{ T: -1 }, 'T', -1, 'Expected a finite horizon T ≥ 0, e.g. 10.'],
      [{ theta0: [] }, 'theta0', [], 'Give at least one angle (radians).'],
      [{ theta0: [0, NaN] }, 'theta0[1]', NaN, 'Expected a finite number, e.g. 0.5.'],
      [{ phaseLag: Infinity }, 'phaseLag', Infinity, 'Expected a finite number, e.g. 0.'],
      [{ strength: NaN }, 'strength', NaN, 'Expected a finite number, e.g. 1.'],
    ];
    for (const [change, field, value, fix] of cases) {
      const e = caught(() => makeCircleProblem({ ...ok, ...change } as Parameters<typeof makeCircleProblem>[0]));
      expect([e.field, e.value, e.fix], field).toEqual([field, value, fix]);
    }
  });

  test('problem data: n angles as an n×1 Euclidean state, params with defaults, label', () => {
    const p = makeCircleProblem({ normalization: 'sa', beta: 1.5, theta0: [0.25, 2], T: 3 });
    expect([p.n, p.d, p.manifold, p.timeSpan]).toEqual([2, 1, 'euclidean', [0, 3]]);
    expect(Array.from(p.initial)).toEqual([0.25, 2]);
    expect(p.params).toEqual({ model: 'circle', normalization: 'sa', beta: 1.5, phaseLag: 0, strength: 1 });
    expect(p.label).toBe('circle sa, n=2, beta=1.5');
    const q = makeCircleProblem({ normalization: 'usa', beta: 2, theta0: [0.3], T: 1, phaseLag: 0.5, strength: 2 });
    expect(q.params).toEqual({ model: 'circle', normalization: 'usa', beta: 2, phaseLag: 0.5, strength: 2 });
    expect(q.label).toBe('circle usa, n=1, beta=2, phaseLag=0.5');
  });

  test('one token: θ̇ = ρ sin φ (sa), ρ e^β sin φ / n (usa); its self-weight is e^0 = 1 after the shift', () => {
    const out = new Float64Array(1);
    makeCircleProblem({ normalization: 'sa', beta: 2, theta0: [0.3], T: 1, phaseLag: 0.5, strength: 2 }).field(0, Float64Array.of(0.3), out);
    // (ρ·sin φ)/1 with the self-weight 1: the same float operations as the reference, so exact
    expect(out[0]).toBe(2 * Math.sin(0.5));
    makeCircleProblem({ normalization: 'usa', beta: 2, theta0: [0.3], T: 1, phaseLag: 0.5, strength: 2 }).field(0, Float64Array.of(0.3), out);
    // float64 rounding of three products: a few ulp
    expect(Math.abs(out[0] - 2 * Math.exp(2) * Math.sin(0.5))).toBeLessThanOrEqual(4 * Number.EPSILON * out[0]);
  });
});
