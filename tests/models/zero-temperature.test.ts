import { describe, expect, test } from 'vitest';
import { expm } from '../../src/analysis/expm.js';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { flatMatrix } from '../../src/core/types.js';
import { solve } from '../../src/integrate/solve.js';
import { makeZeroTemperatureProblem, zeroTemperatureLimit } from '../../src/models/zero-temperature.js';

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
