import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rng } from '../../src/core/rng.js';
import { solve } from '../../src/integrate/solve.js';
import { makeCircleParticleProblem } from '../../src/meanfield/circle-particles.js';
import { solveMeanFieldCircle } from '../../src/meanfield/circle-pde.js';
import { cosineDensity } from '../../src/meanfield/density.js';
import { makeMeanFieldCircleProblem } from '../../src/meanfield/problem.js';
import { quantileParticles, sampleParticles } from '../../src/meanfield/quantile-particles.js';
import { w1Circle, wrappedDifference } from '../../src/meanfield/wasserstein.js';

describe('circle particles', () => {
  test.each([
    ['usa', 0],
    ['usa', 1],
    ['usa', 9],
    ['sa', 1],
    ['sa', 9],
    ['sa', 30],
  ] as const)('Fourier–Bessel evaluation equals the pair sum (%s β=%f, phase lag 0.3)', (norm, beta) => {
    const th = sampleParticles(cosineDensity(128, 0.5, 1), 150, Rng.fromSeed(1));
    const a = makeCircleParticleProblem({ normalization: norm, beta, theta0: th, T: 1, evaluation: 'direct', phaseLag: 0.3 });
    const b = makeCircleParticleProblem({ normalization: norm, beta, theta0: th, T: 1, evaluation: 'fourier', phaseLag: 0.3 });
    const va = new Float64Array(150);
    const vb = new Float64Array(150);
    a.field(0, th, va);
    b.field(0, th, vb);
    const scale = norm === 'usa' ? Math.exp(beta) : 1;
    // Both are sums of n = 150 terms of size ≤ scale; the recurrence for e^{ikθ} adds k·ε, k ≤ K ≈ 60.
    const tol = 200 * Number.EPSILON * scale * 60;
    for (let i = 0; i < 150; i++) expect(Math.abs(va[i] - vb[i]), `i=${i}`).toBeLessThanOrEqual(tol);
  });

  test('dropping the 1/n multiplies the usa velocity by n', () => {
    const th = Float64Array.of(0, 0.5, 2);
    const a = makeCircleParticleProblem({ normalization: 'usa', beta: 1, theta0: th, T: 1 });
    const b = makeCircleParticleProblem({ normalization: 'usa', beta: 1, theta0: th, T: 1, dropMeanFieldScaling: true });
    const va = new Float64Array(3);
    const vb = new Float64Array(3);
    a.field(0, th, va);
    b.field(0, th, vb);
    for (let i = 0; i < 3; i++) expect(vb[i]).toBeCloseTo(3 * va[i], 14);
    expect(() => makeCircleParticleProblem({ normalization: 'usa', beta: 800, theta0: th, T: 1 })).toThrow(ConfigError);
  });
});

describe('agreement with the mean-field PDE', () => {
  const beta = 1;
  const T = 1.5;
  const M = 2048;
  const pde = solveMeanFieldCircle(makeMeanFieldCircleProblem({ normalization: 'usa', beta, M, init: { kind: 'cosine', a: 0.5, k: 1 }, T }), { rtol: 1e-9, atol: 1e-12 });
  const runParticles = (theta0: Float64Array) => solve(makeCircleParticleProblem({ normalization: 'usa', beta, theta0, T }), { scheme: 'rk4', dt: 0.01 }).final;

  test('quantile particles stay at the quantiles of the PDE solution (1-D flows are monotone)', () => {
    const f0 = cosineDensity(M, 0.5, 1);
    const n = 256;
    const moved = runParticles(quantileParticles(f0, n));
    const target = quantileParticles(pde.final, n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(wrappedDifference(moved[i], target[i])));
    // The PDE's W1 error at M = 2048 is ≈ 1e-6 (second order, measured 1.5e-5 at M = 512); quantile
    // positions err by that divided by the local density (≥ 0.5/(2π)): 2e-5 leaves a factor ≈ 2.
    expect(worst, `max quantile deviation ${worst}`).toBeLessThanOrEqual(2e-5);
  });

  test('W1(particles, PDE) shrinks like 1/n for quantile particles (slope −1 ± 0.15)', () => {
    const f0 = cosineDensity(M, 0.5, 1);
    const ns = [32, 64, 128, 256, 512];
    const w = ns.map((n) => w1Circle({ density: pde.final }, { particles: runParticles(quantileParticles(f0, n)) }));
    const slope = (Math.log(w[w.length - 1]) - Math.log(w[0])) / (Math.log(ns[ns.length - 1]) - Math.log(ns[0]));
    expect(Math.abs(slope + 1), `slope=${slope} w=${w}`).toBeLessThanOrEqual(0.15);
  });
});
