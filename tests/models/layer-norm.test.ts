import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { makeAttentionProblem } from '../../src/models/attention.js';
import { createEquiangularField, createPreLnField, makeEquiangularLayerNormProblem, makeLayerNormProblem } from '../../src/models/layer-norm.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

describe('pre-LN field', () => {
  test('ṙ_i = ⟨θ_i, A_i⟩ and θ̇_i = P_θ A_i / r_i (radius uses the inner product, not the coordinate sum)', () => {
    const n = 5;
    const d = 3;
    const rng = Rng.fromSeed(7);
    const theta = uniformSphere(rng, n, d);
    const radii = [0.5, 1, 2, 3, 4];
    const x = theta.map((v, k) => v * radii[Math.floor(k / d)]);
    const out = new Float64Array(n * d);
    createPreLnField(2, n, d)(0, x, out);
    // The direction field equals sa's unprojected attention average of the directions.
    const saRaw = makeAttentionProblem({ normalization: 'sa', beta: 2, x0: theta, n, d, T: 1 }).rawField!;
    const sa = new Float64Array(n * d);
    saRaw(0, theta, sa);
    for (let k = 0; k < n * d; k++) expect(Math.abs(out[k] - sa[k])).toBeLessThan(1e-15); // same sums, same order ±1 ulp
  });

  test('scale invariance: the velocity depends on directions only', () => {
    const x = Float64Array.from([1, 0, 0, 1, 0.6, 0.8]);
    const y = Float64Array.from([3, 0, 0, 0.5, 6, 8]);
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    const field = createPreLnField(1.5, 3, 2);
    field(0, x, a);
    field(0, y, b);
    for (let k = 0; k < 6; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-15);
  });
});

describe('pre-LN field at large β', () => {
  test('β = 1e4: finite (log-sum-exp shift by the row maximum) and equal to sa\'s raw field on the directions', () => {
    const n = 6;
    const d = 3;
    const theta = uniformSphere(Rng.fromSeed(11), n, d);
    const x = theta.map((v, k) => v * (1 + Math.floor(k / d)));
    const beta = 1e4;
    const out = new Float64Array(n * d);
    createPreLnField(beta, n, d)(0, x, out);
    expect(out.every(Number.isFinite)).toBe(true);
    const sa = new Float64Array(n * d);
    makeAttentionProblem({ normalization: 'sa', beta, x0: theta, n, d, T: 1 }).rawField!(0, theta, sa);
    // the logits are O(β): their rounding, β·O(ε), enters the weights relatively; the directions x/|x|
    // differ from theta by an ulp
    const tol = 16 * beta * Number.EPSILON;
    for (let k = 0; k < n * d; k++) expect(Math.abs(out[k] - sa[k]), `k=${k}`).toBeLessThanOrEqual(tol);
  });
});

describe('pre-LN builder', () => {
  test('problem data, params and label; non-unit tokens are accepted', () => {
    const x0 = Float64Array.from([2, 0, 0, 0.5]);
    const p = makeLayerNormProblem({ scheme: 'pre-ln', beta: 1.5, x0, n: 2, d: 2, T: 3 });
    expect([p.n, p.d, p.manifold, p.timeSpan]).toEqual([2, 2, 'euclidean', [0, 3]]);
    expect(p.params).toEqual({ scheme: 'pre-ln', beta: 1.5 });
    expect(p.label).toBe('pre-LN, n=2, d=2, beta=1.5');
    expect(Array.from(p.initial)).toEqual([2, 0, 0, 0.5]);
    expect(p.initial).not.toBe(x0);
  });

  test('every rejected input names its field and fix', () => {
    const ok = { scheme: 'pre-ln', beta: 1, x0: Float64Array.from([1, 0, 0, 1]), n: 2, d: 2, T: 1 } as const;
    const cases: Array<[object, string, string]> = [
      [{ scheme: 'mid-ln' }, 'scheme', 'Use "pre-ln" or "post-ln".'],
      [{ n: 0 }, 'n', 'Expected a whole number ≥ 1, e.g. 8.'],
      [{ d: 0 }, 'd', 'Expected a whole number ≥ 1, e.g. 8.'],
      [{ T: -1 }, 'T', 'Expected a finite horizon T ≥ 0, e.g. 10.'],
      [{ x0: Float64Array.from([1, 0, 0, 0]) }, 'x0 row 1', 'pre-LN needs non-zero tokens: the direction θ_i = x_i/|x_i| is undefined at 0.'],
    ];
    for (const [change, field, fix] of cases) {
      const e = caught(() => makeLayerNormProblem({ ...ok, ...change } as Parameters<typeof makeLayerNormProblem>[0]));
      expect([e.field, e.fix], field).toEqual([field, fix]);
    }
    expect(caught(() => makeLayerNormProblem({ ...ok, beta: -1 })).field).toBe('beta');
    expect(caught(() => makeLayerNormProblem({ ...ok, x0: Float64Array.from([1, 0, 0]) })).field).toBe('x0');
  });
});

describe('equiangular reduction', () => {
  test('problem data: state [ℓ, r] = [log(1 − ρ0), 1], params, label', () => {
    const p = makeEquiangularLayerNormProblem('pre-ln', 4, 2, 0.5, 3);
    expect(Array.from(p.initial)).toEqual([Math.log(0.5), 1]);
    expect([p.n, p.d, p.manifold, p.timeSpan]).toEqual([1, 2, 'euclidean', [0, 3]]);
    expect(p.params).toEqual({ scheme: 'pre-ln', n: 4, beta: 2 });
    expect(p.label).toBe('equiangular pre-ln, n=4, beta=2');
  });

  test('ρ0 range −1/(n−1) ≤ ρ0 < 1: both ends, with the ConfigError text', () => {
    expect(makeEquiangularLayerNormProblem('post-ln', 4, 1, -1 / 3, 1).initial[0]).toBe(Math.log(1 + 1 / 3));
    for (const bad of [-0.5, -1 / 3 - 1e-9, 1]) {
      const e = caught(() => makeEquiangularLayerNormProblem('post-ln', 4, 1, bad, 1));
      expect([e.field, e.value, e.fix]).toEqual(['rho0', bad, 'Expected −1/(n−1) ≤ ρ0 < 1 (equiangular data), e.g. 0.']);
    }
  });

  test('post-LN: ℓ′ does not depend on r (s = 1) and r′ = 0; pre-LN divides ℓ′ by r', () => {
    const post = createEquiangularField('post-ln', 5, 2);
    const pre = createEquiangularField('pre-ln', 5, 2);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    post(0, Float64Array.of(-1, 1), a);
    post(0, Float64Array.of(-1, 3), b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a[1]).toBe(0);
    pre(0, Float64Array.of(-1, 1), b);
    expect(b[0]).toBe(a[0]);
    pre(0, Float64Array.of(-1, 4), b);
    // one extra division by r = 4 (a power of two): exact
    expect(b[0]).toBe(a[0] / 4);
  });

  test('pre-LN particles from orthonormal data follow the (ρ, r) ODE (RK4; 1e-9 as in catalogue §3.21)', () => {
    const n = 4;
    const x0 = new Float64Array(n * n);
    for (let i = 0; i < n; i++) x0[i * n + i] = 1;
    const p = solve(makeLayerNormProblem({ scheme: 'pre-ln', beta: 1, x0, n, d: n, T: 3 }), { scheme: 'rk4', dt: 1e-3 });
    const q = solve(makeEquiangularLayerNormProblem('pre-ln', n, 1, 0, 3), { scheme: 'rk4', dt: 1e-4 });
    const r = Math.hypot(...p.final.subarray(0, n));
    let dot = 0;
    for (let k = 0; k < n; k++) dot += p.final[k] * p.final[n + k];
    expect(Math.abs(dot / (r * Math.hypot(...p.final.subarray(n, 2 * n))) - (1 - Math.exp(q.final[0])))).toBeLessThan(1e-9);
    expect(Math.abs(r - q.final[1])).toBeLessThan(1e-9);
  });

  test('post-LN reduced ODE equals GLPR-24 (6.9) for sa: ρ′ = 2(1−ρ)((n−1)ρ+1)/(e^{β(1−ρ)} + n − 1)', () => {
    const n = 6;
    const beta = 2;
    const T = 2;
    const q = solve(makeEquiangularLayerNormProblem('post-ln', n, beta, 0, T), { scheme: 'rk4', dt: 1e-4 });
    let rho = 0;
    const h = 1e-4;
    const f = (g: number) => (2 * (1 - g) * ((n - 1) * g + 1)) / (Math.exp(beta * (1 - g)) + n - 1);
    for (let k = 0; k < T / h; k++) {
      const k1 = f(rho), k2 = f(rho + (h / 2) * k1), k3 = f(rho + (h / 2) * k2), k4 = f(rho + h * k3);
      rho += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    expect(Math.abs(1 - Math.exp(q.final[0]) - rho)).toBeLessThan(1e-12); // two RK4 runs at dt = 1e-4: C·dt⁴ ≈ 1e-16
    expect(q.final[1]).toBe(1);
  });

  test('post-LN scheme is sa on the sphere', () => {
    const x0 = Float64Array.from([1, 0, 0, 1]);
    const p = makeLayerNormProblem({ scheme: 'post-ln', beta: 1, x0, n: 2, d: 2, T: 1 });
    expect(p.manifold).toBe('sphere');
  });

  test('bad input raises ConfigError', () => {
    expect(() => makeLayerNormProblem({ scheme: 'pre-ln', beta: 1, x0: Float64Array.from([0, 0, 1, 0]), n: 2, d: 2, T: 1 })).toThrow(ConfigError);
    expect(() => makeEquiangularLayerNormProblem('pre-ln', 4, 1, 1, 1)).toThrow(ConfigError);
  });
});
