import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng } from '../../src/core/rng.js';
import type { FlatMatrix } from '../../src/core/types.js';
import { solve } from '../../src/integrate/solve.js';
import {
  attentionMarginals,
  attentionVelocity,
  extendedPotential,
  makeSinkhornProblem,
  sinkhornObjective,
  sinkhornPotentials,
  type SinkhornCost,
} from '../../src/models/sinkhorn.js';
import { configErrorOf as caught } from '../support/config-error-of.js';

function randomCase(seed: number, n: number, d: number): { x: Float64Array; cost: SinkhornCost } {
  const rng = Rng.fromSeed(seed);
  const x = new Float64Array(n * d);
  rng.fillNormal(x);
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) data[i * d + j] = data[j * d + i] = rng.normal() / Math.sqrt(d);
  return { x, cost: { n, d, A: { rows: d, cols: d, data }, epsilon: 1 } };
}

describe('symmetric Sinkhorn potentials', () => {
  test('solve Σ_j e^{f_i+f_j+c_ij}/n = 1 to 1e-13 and give a doubly stochastic kernel', () => {
    const { x, cost } = randomCase(1, 12, 3);
    const p = sinkhornPotentials(x, cost);
    expect(p.converged).toBe(true);
    expect(p.residual).toBeLessThanOrEqual(1e-13);
    const { rowSums, colSums } = attentionMarginals(x, cost, 'sinkhorn', p.f);
    // rows and columns: n terms each within e^{1e-13}: 12·1e-13 ≪ 1e-11
    for (let i = 0; i < 12; i++) {
      expect(Math.abs(rowSums[i] - 1)).toBeLessThan(1e-11);
      expect(Math.abs(colSums[i] - 1)).toBeLessThan(1e-11);
    }
  });

  test('softmax rows sum to 1 but its columns do not', () => {
    const { x, cost } = randomCase(2, 10, 2);
    const { rowSums, colSums } = attentionMarginals(x, cost, 'softmax');
    for (const r of rowSums) expect(Math.abs(r - 1)).toBeLessThan(1e-14 * 10); // n rounded terms
    expect(Math.max(...Array.from(colSums, (c) => Math.abs(c - 1)))).toBeGreaterThan(1e-3);
  });

  test('equals a direct double-precision check against the defining equation (n = 2 closed form)', () => {
    // n = 2, d = 1, A = [a]: symmetric solution by symmetry of the equations is checked directly.
    const x = Float64Array.from([0.3, -1.1]);
    const cost: SinkhornCost = { n: 2, d: 1, A: { rows: 1, cols: 1, data: Float64Array.from([0.7]) }, epsilon: 1 };
    const { f } = sinkhornPotentials(x, cost);
    for (let i = 0; i < 2; i++) {
      let s = 0;
      for (let j = 0; j < 2; j++) s += Math.exp(f[i] + f[j] + 0.7 * x[i] * x[j]) / 2;
      expect(Math.abs(s - 1)).toBeLessThan(1e-13);
    }
  });

  test('Γ_i = −∇f(x_i) (central differences)', () => {
    const { x, cost } = randomCase(3, 6, 2);
    const { f } = sinkhornPotentials(x, cost);
    const v = new Float64Array(12);
    attentionVelocity(x, cost, cost.A, 'sinkhorn', f, v);
    const h = 1e-5;
    for (let i = 0; i < 6; i++)
      for (let k = 0; k < 2; k++) {
        const yp = x.slice(i * 2, i * 2 + 2);
        const ym = x.slice(i * 2, i * 2 + 2);
        yp[k] += h;
        ym[k] -= h;
        const g = (extendedPotential(yp, x, cost, f) - extendedPotential(ym, x, cost, f)) / (2 * h);
        expect(Math.abs(-g - v[i * 2 + k])).toBeLessThan(1e-7); // O(h²) truncation + 1e-13/h
      }
  });

  test('large costs stay finite (log domain)', () => {
    const { x, cost } = randomCase(4, 8, 2);
    const hot: SinkhornCost = { ...cost, epsilon: 1e-3 };
    // costs up to ~1e4: exp would overflow without log-sum-exp. (With an indefinite A the averaged
    // iteration converges slowly at such ε; only finiteness is asserted here.)
    const p = sinkhornPotentials(x, hot, { maxSweeps: 200 });
    expect(p.f.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(p.residual)).toBe(true);
  });
});

describe('makeSinkhornProblem', () => {
  test('F_n decreases along the Sinkhorn flow (dopri5) and the run is deterministic', () => {
    const { x, cost } = randomCase(5, 6, 2);
    const run = () => solve(makeSinkhornProblem({ normalization: 'sinkhorn', x0: x, n: 6, d: 2, T: 0.5, A: cost.A }), { scheme: 'rk4', dt: 0.01 });
    const a = run();
    const b = run();
    expect(a.status).toBe('success');
    expect(Array.from(a.final)).toEqual(Array.from(b.final));
    const f0 = sinkhornObjective(sinkhornPotentials(x, cost).f);
    const f1 = sinkhornObjective(sinkhornPotentials(a.final, cost).f);
    expect(f1).toBeLessThan(f0);
  });

  test('bad input raises ConfigError', () => {
    const A: FlatMatrix = { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0, 1]) };
    expect(() => makeSinkhornProblem({ normalization: 'sinkhorn', x0: new Float64Array(4), n: 2, d: 2, T: 1, A, epsilon: 0 })).toThrow(ConfigError);
    expect(() => makeSinkhornProblem({ normalization: 'sinkhorn', x0: new Float64Array(3), n: 2, d: 2, T: 1, A })).toThrow(ConfigError);
  });
});

describe('makeSinkhornProblem builder', () => {
  const A: FlatMatrix = { rows: 2, cols: 2, data: Float64Array.from([1, 0.5, 0.5, 2]) };
  const x0 = Float64Array.from([1, 0, 0, 1, -1, 0.5]);

  test('problem data, params (V defaults to A), label', () => {
    const p = makeSinkhornProblem({ normalization: 'sinkhorn', x0, n: 3, d: 2, T: 2, A, epsilon: 0.5 });
    expect([p.n, p.d, p.manifold, p.timeSpan]).toEqual([3, 2, 'euclidean', [0, 2]]);
    expect(p.params.normalization).toBe('sinkhorn');
    expect(p.params.cost).toEqual({ n: 3, d: 2, A, epsilon: 0.5 });
    expect(p.params.V).toBe(A);
    expect(p.label).toBe('sinkhorn attention in R^2, n=3, epsilon=0.5');
    expect(Array.from(p.initial)).toEqual(Array.from(x0));
    expect(p.initial).not.toBe(x0);
    const q = makeSinkhornProblem({ normalization: 'softmax', x0, n: 3, d: 2, T: 2, A });
    expect(q.params.cost.epsilon).toBe(1);
    expect(q.label).toBe('softmax attention in R^2, n=3, epsilon=1');
  });

  test('the fields are Γ with softmax rows, or with the Sinkhorn potentials of the current state (warm start changes nothing beyond the tolerance)', () => {
    const V: FlatMatrix = { rows: 2, cols: 2, data: Float64Array.from([0, 1, -1, 0.3]) };
    const cost: SinkhornCost = { n: 3, d: 2, A, epsilon: 0.5 };
    const soft = new Float64Array(6);
    makeSinkhornProblem({ normalization: 'softmax', x0, n: 3, d: 2, T: 1, A, V, epsilon: 0.5 }).field(0, x0, soft);
    const softRef = new Float64Array(6);
    attentionVelocity(x0, cost, V, 'softmax', undefined, softRef);
    expect(Array.from(soft)).toEqual(Array.from(softRef));
    const p = makeSinkhornProblem({ normalization: 'sinkhorn', x0, n: 3, d: 2, T: 1, A, V, epsilon: 0.5 });
    const sink = new Float64Array(6);
    const sinkRef = new Float64Array(6);
    // second call warm-started from the potentials of another state
    p.field(0, x0.map((v) => v * 0.9), sink);
    p.field(0, x0, sink);
    attentionVelocity(x0, cost, V, 'sinkhorn', sinkhornPotentials(x0, cost).f, sinkRef);
    // potentials to 1e-13 relative to max(1, |f|) (|f| ≲ 3 here) enter K_ij = e^{f_i + f_j + c_ij} relatively;
    // |Γ| ≲ 3·|V|·|x| ≈ 5
    for (let q = 0; q < 6; q++) expect(Math.abs(sink[q] - sinkRef[q]), `q=${q}`).toBeLessThanOrEqual(2 * 3 * 1e-13 * 5);
    // and Sinkhorn is not softmax here
    expect(Math.max(...sink.map((v, q) => Math.abs(v - soft[q])))).toBeGreaterThan(1e-3);
  });

  test('every rejected input names its field and fix', () => {
    const ok = { normalization: 'sinkhorn', x0, n: 3, d: 2, T: 1, A } as const;
    const cases: Array<[object, string, string]> = [
      [{ n: 0 }, 'n', 'Expected a whole number ≥ 1, e.g. 16.'],
      [{ d: 0 }, 'd', 'Expected a whole number ≥ 1, e.g. 2.'],
      [{ epsilon: Number.NaN }, 'epsilon', 'Expected a finite number, e.g. 1.'],
      [{ epsilon: -1 }, 'epsilon', 'Expected a temperature ε > 0, e.g. 1.'],
      [{ epsilon: 0 }, 'epsilon', 'Expected a temperature ε > 0, e.g. 1.'],
      [{ T: -1 }, 'T', 'Expected a finite horizon T ≥ 0, e.g. 1.'],
      [{ normalization: 'sparsemax' }, 'normalization', 'Use "sinkhorn" or "softmax".'],
      [{ A: { rows: 3, cols: 3, data: new Float64Array(9) } }, 'A', 'Expected a 2×2 matrix (d = 2).'],
      [{ V: { rows: 1, cols: 2, data: new Float64Array(2) } }, 'V', 'Expected a 2×2 matrix (d = 2).'],
    ];
    for (const [change, field, fix] of cases) {
      const e = caught(() => makeSinkhornProblem({ ...ok, ...change } as Parameters<typeof makeSinkhornProblem>[0]));
      expect([e.field, e.fix], field).toEqual([field, fix]);
    }
    expect(caught(() => makeSinkhornProblem({ ...ok, epsilon: -1 })).value).toBe(-1);
    expect(caught(() => makeSinkhornProblem({ ...ok, x0: new Float64Array(5) })).field).toBe('x0');
  });
});

describe('Sinkhorn pieces against their definitions (ε ≠ 1, weights, residual, caps)', () => {
  /** log Σ_j e^{v_j} with the maximum shift, written out. */
  const lse = (v: number[]): number => {
    const m = Math.max(...v);
    return m + Math.log(v.reduce((s, t) => s + Math.exp(t - m), 0));
  };
  /** c_ij = ⟨x_i, A x_j⟩/ε, directly. */
  function costs(x: Float64Array, cost: SinkhornCost): number[][] {
    const { n, d, A, epsilon } = cost;
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let r = 0; r < d; r++) for (let k = 0; k < d; k++) s += x[i * d + r] * A.data[r * d + k] * x[j * d + k];
        return s / epsilon;
      }),
    );
  }
  const { x, cost: base } = randomCase(6, 5, 2);
  const weights = Float64Array.from([0.1, 0.3, 0.2, 0.25, 0.15]);

  test('ε = 0.4 with weights: Σ_j w_j e^{f_i + f_j + c_ij} = 1, the second marginal in units of w is 1, the extended potential equals f_i at the particles', () => {
    const cost: SinkhornCost = { ...base, epsilon: 0.4, weights };
    const p = sinkhornPotentials(x, cost);
    expect(p.converged).toBe(true);
    const c = costs(x, cost);
    for (let i = 0; i < 5; i++) {
      // the defining equation in log form, to the solver's tolerance 1e-13·max(1, |f_i|)
      const lhs = lse(c[i].map((cij, j) => Math.log(weights[j]) + p.f[i] + p.f[j] + cij));
      expect(Math.abs(lhs), `row ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.f[i])));
      // f(x_i) = −log Σ_j w_j e^{f_j + c_ij} = f_i by the same equation
      expect(Math.abs(extendedPotential(x.subarray(i * 2, i * 2 + 2), x, cost, p.f) - p.f[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.f[i])));
    }
    const { rowSums, colSums } = attentionMarginals(x, cost, 'sinkhorn', p.f);
    // n = 5 terms each within a factor e^{1e-12}
    for (let i = 0; i < 5; i++) {
      expect(Math.abs(rowSums[i] - 1)).toBeLessThanOrEqual(1e-11);
      expect(Math.abs(colSums[i] - 1)).toBeLessThanOrEqual(1e-11);
    }
  });

  test('uniform weights, ε = 0.4: the extended potential at the particles is f_i (log n enters with its sign)', () => {
    const cost: SinkhornCost = { ...base, epsilon: 0.4 };
    const p = sinkhornPotentials(x, cost);
    for (let i = 0; i < 5; i++)
      expect(Math.abs(extendedPotential(x.subarray(i * 2, i * 2 + 2), x, cost, p.f) - p.f[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.f[i])));
  });

  test('softmax velocity Γ_i = Σ_j softmax_j(log w_j + c_ij) V x_j, written out (ε = 0.4)', () => {
    const cost: SinkhornCost = { ...base, epsilon: 0.4 };
    const V: FlatMatrix = { rows: 2, cols: 2, data: Float64Array.from([0.5, -1, 2, 0.25]) };
    const out = new Float64Array(10);
    attentionVelocity(x, cost, V, 'softmax', undefined, out);
    const c = costs(x, cost);
    for (let i = 0; i < 5; i++) {
      const z = lse(c[i]);
      for (let r = 0; r < 2; r++) {
        let v = 0;
        for (let j = 0; j < 5; j++) v += Math.exp(c[i][j] - z) * (V.data[r * 2] * x[j * 2] + V.data[r * 2 + 1] * x[j * 2 + 1]);
        // sums of 5 products of O(1–10) values in another order: ~1e-14
        expect(Math.abs(out[i * 2 + r] - v), `Γ[${i}][${r}]`).toBeLessThanOrEqual(1e-13);
      }
    }
  });

  test('F_n = Σ_i w_i f_i − ½, uniform or weighted', () => {
    expect(sinkhornObjective(Float64Array.from([1, 2, 3]))).toBe(1.5);
    expect(sinkhornObjective(Float64Array.from([1, 2, 3]), Float64Array.from([0.5, 0.25, 0.25]))).toBe(1.25);
  });

  test('one sweep from a warm start: the residual is max_i |f_i + log Σ_j w_j e^{f_j + c_ij}| / max(1, |f_i|), then f ← ½(f − log-sum)', () => {
    const cost: SinkhornCost = { ...base, epsilon: 0.4 };
    const initial = Float64Array.from([3, -2, 0.5, 0.25, -3]);
    const c = costs(x, cost);
    const logSums = c.map((row) => lse(row.map((cij, j) => -Math.log(5) + initial[j] + cij)));
    const ratios = logSums.map((l, i) => Math.abs(initial[i] + l) / Math.max(1, Math.abs(initial[i])));
    const p = sinkhornPotentials(x, cost, { initial, maxSweeps: 1 });
    expect([p.sweeps, p.converged]).toEqual([1, false]);
    // the largest ratio is not in the last row, so a "last row wins" residual would differ
    expect(ratios.indexOf(Math.max(...ratios))).not.toBe(4);
    expect(Math.abs(p.residual - Math.max(...ratios))).toBeLessThanOrEqual(1e-14 * Math.max(1, p.residual));
    for (let i = 0; i < 5; i++) expect(Math.abs(p.f[i] - 0.5 * (initial[i] - logSums[i]))).toBeLessThanOrEqual(1e-13);
    // the initial array is copied, not written
    expect(Array.from(initial)).toEqual([3, -2, 0.5, 0.25, -3]);
  });

  test('caps and flags: maxSweeps is exact, 0 sweeps report an infinite residual, a warm start at the solution needs no sweep, NaN never converges', () => {
    const cost: SinkhornCost = { ...base, epsilon: 0.4 };
    expect(sinkhornPotentials(x, cost, { maxSweeps: 3 }).sweeps).toBe(3);
    const none = sinkhornPotentials(x, cost, { maxSweeps: 0 });
    expect([none.sweeps, none.residual, none.converged, Array.from(none.f)]).toEqual([0, Infinity, false, [0, 0, 0, 0, 0]]);
    const solved = sinkhornPotentials(x, cost);
    const again = sinkhornPotentials(x, cost, { initial: solved.f });
    expect([again.sweeps, again.converged]).toEqual([0, true]);
    const bad = x.slice();
    bad[3] = Number.NaN;
    const nan = sinkhornPotentials(bad, cost, { maxSweeps: 5 });
    expect(nan.converged).toBe(false);
    expect(nan.residual).toBeNaN();
  });

  test('strong attraction (A = I, ε = 0.01, costs up to ~500): the log domain keeps the potentials exact', () => {
    const cost: SinkhornCost = { n: 5, d: 2, A: { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0, 1]) }, epsilon: 0.01 };
    const p = sinkhornPotentials(x, cost);
    expect(p.converged).toBe(true);
    expect(Math.max(...Array.from(p.f, Math.abs))).toBeGreaterThan(100);
    const c = costs(x, cost);
    for (let i = 0; i < 5; i++) {
      const lhs = lse(c[i].map((cij, j) => -Math.log(5) + p.f[i] + p.f[j] + cij));
      expect(Math.abs(lhs), `row ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.f[i])));
    }
  });
});
