import { describe, expect, test } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { NoiseTerm, OdeProblem } from '../../src/integrate/problem.js';
import { solve } from '../../src/integrate/solve.js';
import { makeNoisyProblem } from '../../src/models/noisy.js';
import { logLogSlope } from '../support/log-log-slope.js';

describe('scheme em (Euler–Maruyama)', () => {
  test('strong order ½ on geometric Brownian motion, every path driven by the same Brownian increments at all dt', () => {
    // dX = aX dt + bX dW, X_T = X_0 exp((a − b²/2)T + bW_T). M paths are M independent "tokens" (d = 1).
    const a = 0.5;
    const b = 1;
    const T = 1;
    const paths = 400;
    const fineSteps = 2 ** 10;
    const hFine = T / fineSteps;
    const rng = Rng.fromSeed(77);
    const W = new Float64Array(paths * (fineSteps + 1)); // W[p, k] = W_p(k·hFine)
    for (let p = 0; p < paths; p++)
      for (let k = 1; k <= fineSteps; k++) W[p * (fineSteps + 1) + k] = W[p * (fineSteps + 1) + k - 1] + Math.sqrt(hFine) * rng.normal();
    const noise: NoiseTerm = {
      description: 'bX dW from a stored Brownian path',
      addIncrement: (t, x, h, _normal, out) => {
        const k0 = Math.round(t / hFine);
        const k1 = Math.round((t + h) / hFine);
        for (let p = 0; p < paths; p++) out[p] += b * x[p] * (W[p * (fineSteps + 1) + k1] - W[p * (fineSteps + 1) + k0]);
      },
    };
    const problem: OdeProblem = {
      n: paths, d: 1, initial: new Float64Array(paths).fill(1), timeSpan: [0, T], params: {}, manifold: 'euclidean',
      field: (_t, x, out) => { for (let p = 0; p < paths; p++) out[p] = a * x[p]; },
      noise, label: 'gbm',
    };
    const dts = [2 ** -4, 2 ** -5, 2 ** -6, 2 ** -7, 2 ** -8];
    const errors = dts.map((dt) => {
      const final = solve(problem, { scheme: 'em', dt, seed: 1 }).final;
      let e = 0;
      for (let p = 0; p < paths; p++) e += Math.abs(final[p] - Math.exp((a - b * b / 2) * T + b * W[p * (fineSteps + 1) + fineSteps]));
      return e / paths;
    });
    const slope = logLogSlope(dts, errors);
    // 0.2 as for the deterministic orders: here the mean errors also carry Monte-Carlo noise ~1/√M ≈ 5 % at
    // M = 400, correlated across dt (same paths), which moves a 5-point slope by well under 0.1.
    expect(Math.abs(slope - 0.5), `slope=${slope} errors=${errors.map((e) => e.toExponential(2))}`).toBeLessThan(0.2);
  });

  test('Brownian motion on S²: E⟨X_t, X_0⟩ = e^{−(d−1)t/κ} (drift off), normalisation supplying the Itô drift', () => {
    const d = 3;
    const kappa = 2;
    const T = 1;
    const paths = 2000;
    const x0 = new Float64Array(paths * d);
    for (let i = 0; i < paths; i++) x0[i * d + 2] = 1;
    const noisy = makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n: paths, d, T, kappa, noise: 'independent' });
    const problem = { ...noisy, field: (_t: number, _x: Float64Array, out: Float64Array) => out.fill(0) };
    const final = solve(problem, { scheme: 'em', dt: 1e-3, seed: 2026 }).final;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < paths; i++) {
      const c = final[i * d + 2];
      sum += c;
      sum2 += c * c;
    }
    const mean = sum / paths;
    const se = Math.sqrt((sum2 / paths - mean * mean) / paths);
    const predicted = Math.exp((-(d - 1) * T) / kappa);
    // 4 standard errors (catalogue §0); the scheme's weak bias O(dt) ≈ 1e-3 is ≪ SE ≈ 0.01.
    expect(Math.abs(mean - predicted), `mean=${mean} predicted=${predicted} se=${se}`).toBeLessThanOrEqual(4 * se);
    // the identity has teeth: without the normalisation's drift (no retraction) the mean would stay at 1
    expect(predicted).toBeLessThan(1 - 20 * se);
  });

  test('common noise moves coincident tokens together; independent noise separates them', () => {
    const d = 3;
    const n = 4;
    const x0 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) x0[i * d] = 1;
    for (const [kind, together] of [['common', true], ['independent', false]] as const) {
      const p = makeNoisyProblem({ normalization: 'sa', beta: 1, x0, n, d, T: 0.5, kappa: 1, noise: kind });
      const final = solve(p, { scheme: 'em', dt: 1e-2, seed: 5 }).final;
      let spread = 0;
      for (let i = 1; i < n; i++) for (let k = 0; k < d; k++) spread = Math.max(spread, Math.abs(final[i * d + k] - final[k]));
      if (together) expect(spread, kind).toBe(0);
      else expect(spread, kind).toBeGreaterThan(1e-2);
      // and the tokens left their start: the noise acted
      expect(Math.abs(final[0] - 1)).toBeGreaterThan(1e-4);
    }
  });

  test('same seed, same path; different seed, different path', () => {
    const d = 3;
    const x0 = Float64Array.from([1, 0, 0, 0, 1, 0]);
    const p = makeNoisyProblem({ normalization: 'usa', beta: 1, x0, n: 2, d, T: 0.3, kappa: 3, noise: 'independent' });
    const a = solve(p, { scheme: 'em', dt: 1e-2, seed: 9 });
    const b = solve(p, { scheme: 'em', dt: 1e-2, seed: 9 });
    const c = solve(p, { scheme: 'em', dt: 1e-2, seed: 10 });
    expect(Array.from(b.final)).toEqual(Array.from(a.final));
    expect(Array.from(c.final)).not.toEqual(Array.from(a.final));
    expect(a.seed).toBe(9);
  });
});
