import { describe, expect, test } from 'vitest';
import { expm } from '../../src/analysis/expm.js';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { flatMatrix } from '../../src/core/types.js';
import { solve } from '../../src/integrate/solve.js';
import { makeZeroTemperatureProblem, zeroTemperatureLimit } from '../../src/models/zero-temperature.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

describe('zero-temperature model (§1.11(a))', () => {
  const n = 5;
  const d = 3;
  const x0 = uniformSphere(Rng.fromSeed(19), n, d);
  const V = flatMatrix([[0.6, 0.3, 0], [0.1, -0.2, 0.4], [0, 0.2, 0.1]]);

  test('A = I: x(t) = e^{Vt}x0/|e^{Vt}x0| (Oja flow) to 1e-8', () => {
    const T = 3;
    const sol = solve(makeZeroTemperatureProblem({ x0, n, d, T, V }), { scheme: 'rk4', dt: 1e-2 });
    const E = expm({ rows: 3, cols: 3, data: V.data.map((v) => v * T) }).data;
    for (let i = 0; i < n; i++) {
      const y = [0, 1, 2].map((r) => E[r * 3] * x0[i * 3] + E[r * 3 + 1] * x0[i * 3 + 1] + E[r * 3 + 2] * x0[i * 3 + 2]);
      const norm = Math.hypot(...y);
      // rk4 at dt = 1e-2: global error ~ C·dt⁴ ≈ 1e-9 here; the bound is 1e-8
      for (let r = 0; r < 3; r++) expect(Math.abs(sol.final[i * 3 + r] - y[r] / norm), `i=${i} r=${r}`).toBeLessThanOrEqual(1e-8);
    }
  });

  test('general A: rescaled time; long runs converge to the limit map P₊x0/|P₊x0| of M = VA', () => {
    const Q = flatMatrix([[1.2, 0.1, 0], [0, 0.9, 0], [0.2, 0, 1]]);
    const sol = solve(makeZeroTemperatureProblem({ x0, n, d, T: 60, Q, V }), { scheme: 'dopri5', rtol: 1e-10, atol: 1e-12 });
    expect(sol.status).toBe('success');
    const A = Q; // K = I, so A = KᵀQ = Q
    const M = { rows: 3, cols: 3, data: new Float64Array(9) };
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) M.data[i * 3 + j] += V.data[i * 3 + k] * A.data[k * 3 + j];
    for (let i = 0; i < n; i++) {
      const limit = zeroTemperatureLimit(x0.subarray(i * 3, i * 3 + 3), M);
      // convergence is exponential at rate gap·ds/dt with gap λ1 − Re λ2 = 0.57 and ds/dt = 1/|Ax| ≥ 1/1.5 here,
      // so after t = 60 the remainder is < e^{−20}; what is left is dopri5's rtol 1e-10 accumulated (measured 1e-11)
      for (let r = 0; r < 3; r++) expect(Math.abs(sol.final[i * 3 + r] - limit[r]), `token ${i}`).toBeLessThanOrEqual(1e-8);
    }
  });

  test('limit map: spectral projector on a symmetric example, and clear errors', () => {
    const D = flatMatrix([[2, 0, 0], [0, 1, 0], [0, 0, 2]]);
    const lim = zeroTemperatureLimit(Float64Array.from([0.6, 0.64, 0.48]), D);
    // P₊ projects on span(e1, e3): (0.6, 0, 0.48)/|·|
    const nrm = Math.hypot(0.6, 0.48);
    expect(Math.abs(lim[0] - 0.6 / nrm)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(lim[1])).toBeLessThanOrEqual(1e-14);
    expect(() => zeroTemperatureLimit(Float64Array.from([0, 1, 0]), D)).toThrow(ConfigError);
    expect(() => zeroTemperatureLimit(Float64Array.from([1, 0]), flatMatrix([[0, -1], [1, 0]]))).toThrow(/complex/);
  });
});

describe('zero-temperature builder and limit-map errors', () => {
  const x0 = Float64Array.from([1, 0, 0, 0, 0, 1]);

  test('problem data, params (A = KᵀQ), label; the field is the tangent projection of the raw field', () => {
    const Q = flatMatrix([[1, 2], [0, 1]]);
    const K = flatMatrix([[1, 0], [3, 1]]);
    const V = flatMatrix([[0, 1], [1, 0]]);
    const p = makeZeroTemperatureProblem({ x0: Float64Array.from([1, 0, 0.6, 0.8]), n: 2, d: 2, T: 4, Q, K, V });
    expect([p.n, p.d, p.manifold, p.timeSpan, p.label]).toEqual([2, 2, 'sphere', [0, 4], 'zero-temperature, n=2, d=2']);
    expect(p.params.model).toBe('zero-temperature');
    // KᵀQ = [[1,3],[0,1]]·[[1,2],[0,1]] = [[1,5],[0,1]]
    expect(Array.from(p.params.A.data)).toEqual([1, 5, 0, 1]);
    expect(p.params.V).toBe(V);
    // x = e1: Ax = (1, 0), V Ax/|Ax| = (0, 1), already tangent at e1
    const raw = new Float64Array(4);
    const tangent = new Float64Array(4);
    const x = Float64Array.from([1, 0, 0, 1]);
    p.rawField!(0, x, raw);
    p.field(0, x, tangent);
    expect(Array.from(raw.subarray(0, 2))).toEqual([0, 1]);
    // x = e2: Ax = (5, 1), V Ax/|Ax| = (1, 5)/√26 raw; projected on e2's tangent space: (1, 0)/√26
    const r26 = Math.sqrt(26);
    // a few float64 roundings of O(1) values
    const ROUNDING = 8 * Number.EPSILON;
    expect(Math.abs(raw[2] - 1 / r26)).toBeLessThanOrEqual(ROUNDING);
    expect(Math.abs(raw[3] - 5 / r26)).toBeLessThanOrEqual(ROUNDING);
    expect(Math.abs(tangent[2] - 1 / r26)).toBeLessThanOrEqual(ROUNDING);
    expect(Math.abs(tangent[3])).toBeLessThanOrEqual(ROUNDING);
  });

  test('where Ax = 0 the velocity is 0, not NaN', () => {
    const Q = flatMatrix([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
    const p = makeZeroTemperatureProblem({ x0, n: 2, d: 3, T: 1, Q });
    const out = new Float64Array(6).fill(7);
    p.rawField!(0, x0, out);
    // row 0 = e1: Ax = e1, V = I: velocity e1; row 1 = e3: Ax = 0
    expect(Array.from(out)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  test('every rejected builder input names its field and fix', () => {
    const ok = { x0, n: 2, d: 3, T: 1 };
    const cases: Array<[object, string, string]> = [
      [{ n: 0 }, 'n', 'Expected a whole number ≥ 1, e.g. 16.'],
      [{ d: 0 }, 'd', 'Expected a whole number ≥ 1, e.g. 3.'],
      [{ T: -1 }, 'T', 'Expected a finite horizon T ≥ 0, e.g. 5.'],
      [{ x0: Float64Array.from([2, 0, 0, 0, 0, 1]) }, 'x0 row 0 norm', 'Rows must be unit vectors on the sphere: normalize them (config "normalize": true) or use "init".'],
    ];
    for (const [change, field, fix] of cases) {
      const e = caught(() => makeZeroTemperatureProblem({ ...ok, ...change }));
      expect([e.field, e.fix], field).toEqual([field, fix]);
    }
    expect(caught(() => makeZeroTemperatureProblem({ ...ok, V: flatMatrix([[1, 0], [0, 1]]) })).field).toBe('V');
  });

  test('a defective M (Jordan block) is refused, not answered from a singular eigenvector matrix', () => {
    // [[1,1],[0,1]]: the Oja flow sends (0.6, 0.8) to e1, but W⁻¹ of the EVD is finite garbage (κ ~ 1e15)
    // and the projector built from it returned (0.53, 0.85)
    for (const M of [flatMatrix([[1, 1], [0, 1]]), flatMatrix([[2, 1, 0], [0, 2, 0], [0, 0, 1]])]) {
      const e = caught(() => zeroTemperatureLimit(Float64Array.from(M.rows === 2 ? [0.6, 0.8] : [0.6, 0.8, 0]), M));
      expect([e.field, e.value]).toEqual(['M', 'defective']);
      expect(e.fix).toMatch(/not diagonalisable/);
    }
    // a non-normal but diagonalisable M (κ(W) ≈ 5) is still answered: eigenvalues 2 (vector e1) and 1
    // (vector (1, −1)/√2), so P₊x = (x1 + x2, 0) and the limit of (0.6, 0.8) is e1
    const lim = zeroTemperatureLimit(Float64Array.from([0.6, 0.8]), flatMatrix([[2, 1], [0, 1]]));
    // EVD rounding ~ε·κ(W)·‖M‖ with κ ≈ 5, ‖M‖ = 3: far below 1e-14
    expect(Math.abs(lim[0] - 1)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(lim[1])).toBeLessThanOrEqual(1e-14);
  });

  test('eigenvalues within 1e-10·max|λ| of the top are grouped with it (a relative tolerance)', () => {
    // λ = 100 and 100 − 5e-9: apart by 5e-11 relative, so one leading eigenspace span(e1, e2), and the
    // limit of (0.6, 0.8, 0) is itself; an absolute 1e-10 would split them and answer e1
    const grouped = zeroTemperatureLimit(Float64Array.from([0.6, 0.8, 0]), flatMatrix([[100, 0, 0], [0, 100 - 5e-9, 0], [0, 0, 1]]));
    // symmetric diagonal EVD: exact eigenvectors, a few roundings in the projection
    expect(Math.abs(grouped[0] - 0.6)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(grouped[1] - 0.8)).toBeLessThanOrEqual(1e-14);
    // 100 and 100 − 5e-7 (5e-9 relative) are distinct: the limit is e1
    const split = zeroTemperatureLimit(Float64Array.from([0.6, 0.8, 0]), flatMatrix([[100, 0, 0], [0, 100 - 5e-7, 0], [0, 0, 1]]));
    expect(Math.abs(split[0] - 1)).toBeLessThanOrEqual(1e-14);
  });

  test('limit map errors name M or x0 and say why', () => {
    const complex = caught(() => zeroTemperatureLimit(Float64Array.from([1, 0]), flatMatrix([[0, -1], [1, 0]])));
    expect([complex.field, complex.value, complex.fix]).toEqual(['M', 'eigenvalue 0±1i', 'The eigenvalue of largest real part is complex: the Oja flow rotates and has no limit.']);
    const D = flatMatrix([[2, 0, 0], [0, 1, 0], [0, 0, 2]]);
    const none = caught(() => zeroTemperatureLimit(Float64Array.from([0, 1, 0]), D));
    expect([none.field, none.value, none.fix]).toEqual(['x0', 'P₊x0 = 0', 'x0 has no component along the leading eigenspace: the limit map is undefined there.']);
  });
});
