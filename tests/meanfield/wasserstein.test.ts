import { describe, expect, test } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { cosineDensity, uniformDensity } from '../../src/meanfield/density.js';
import { quantileParticles, sampleParticles } from '../../src/meanfield/quantile-particles.js';
import { circularMean, w1Circle, w2Circle, w2ParticleSets, w2ToDirac, wrappedDifference } from '../../src/meanfield/wasserstein.js';

/** Exact formulas evaluated in float64: sums of ≤ 10^4 terms of size ≤ 2π, rounding ≲ 1e4·ε·2π ≈ 1e-11. */
const EXACT_TOL = 1e-11;

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

/** Brute-force optimal assignment with cost d², d the wrapped angle (the definition of W2 for
 *  equal-weight sets: optimal plans are permutations by Birkhoff). */
function bruteW2(a: Float64Array, b: Float64Array, p = 2): number {
  let best = Infinity;
  for (const perm of permutations(a.length)) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += Math.abs(wrappedDifference(a[i], b[perm[i]])) ** p;
    best = Math.min(best, s);
  }
  return (best / a.length) ** (1 / p);
}

describe('equal-weight particle sets', () => {
  test.each([2, 3, 5, 6])('cyclic shift, quantile formula and brute force agree (n=%i)', (n) => {
    for (let seed = 0; seed < 6; seed++) {
      const rng = Rng.fromSeed(100 * n + seed);
      const a = new Float64Array(n).map(() => 2 * Math.PI * rng.uniform());
      const b = new Float64Array(n).map(() => 2 * Math.PI * rng.uniform());
      const brute = bruteW2(a, b);
      expect(Math.abs(w2ParticleSets(a, b) - brute), `seed=${seed}`).toBeLessThanOrEqual(EXACT_TOL);
      expect(Math.abs(w2Circle({ particles: a }, { particles: b }) - brute), `seed=${seed}`).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(w1Circle({ particles: a }, { particles: b }) - bruteW2(a, b, 1)), `seed=${seed}`).toBeLessThanOrEqual(EXACT_TOL);
    }
  });
});

describe('densities', () => {
  test('uniform vs n midpoint quantiles: W1 = π/(2n), W2 = π/(n√3) exactly', () => {
    const f = uniformDensity(256);
    for (const n of [4, 32, 1000]) {
      const q = quantileParticles(f, n);
      expect(Math.abs(w1Circle({ density: f }, { particles: q }) - Math.PI / (2 * n))).toBeLessThanOrEqual(EXACT_TOL);
      expect(Math.abs(w2Circle({ density: f }, { particles: q }) - Math.PI / (n * Math.sqrt(3)))).toBeLessThanOrEqual(1e-9);
    }
  });

  test('a rotated cosine bump: W1 = (4/π) sin(δ/2) (not δ: rotation is not optimal on the circle)', () => {
    // F − G = (2 sin(δ/2)/(2π)) cos(θ − δ/2) + const and min_c ∫|A cos − c| = 4A  [derived]
    const M = 512;
    const h = (2 * Math.PI) / M;
    const f = cosineDensity(M, 1, 1);
    for (const s of [1, 7, 40, 128]) {
      const g = new Float64Array(M);
      for (let j = 0; j < M; j++) g[(j + s) % M] = f[j];
      const delta = s * h;
      const predicted = (4 / Math.PI) * Math.sin(delta / 2);
      const w1 = w1Circle({ density: f }, { density: g });
      const w2 = w2Circle({ density: f }, { density: g });
      // cell averages replace the smooth CDF by its piecewise-linear interpolant: relative O(h²) error
      expect(Math.abs(w1 - predicted), `s=${s} w1=${w1} predicted=${predicted}`).toBeLessThanOrEqual(h * h * predicted);
      expect(w1).toBeLessThanOrEqual(w2);
      expect(w2).toBeLessThanOrEqual(delta + EXACT_TOL); // the rotation is one admissible plan
    }
  });

  test('W1 ≤ W2, symmetry, and density-vs-samples converges like n^{-1/2}', () => {
    const f = cosineDensity(512, 0.6, 2);
    const rng = Rng.fromSeed(3);
    const p = sampleParticles(f, 400, rng);
    const w1 = w1Circle({ density: f }, { particles: p });
    const w2 = w2Circle({ density: f }, { particles: p });
    expect(w1).toBeLessThanOrEqual(w2 + EXACT_TOL);
    expect(Math.abs(w1Circle({ particles: p }, { density: f }) - w1)).toBeLessThanOrEqual(EXACT_TOL);
    expect(Math.abs(w2Circle({ particles: p }, { density: f }) - w2)).toBeLessThanOrEqual(1e-9);
  });

  test('W2 to a Dirac: one-cell density gives h/√12 at its centre; the antipodal split is handled', () => {
    const M = 64;
    const h = (2 * Math.PI) / M;
    const f = new Float64Array(M);
    f[10] = 1 / h;
    expect(Math.abs(w2ToDirac({ density: f }, 10.5 * h) - h / Math.sqrt(12))).toBeLessThanOrEqual(EXACT_TOL);
    // uniform density: ∫ d² /(2π) = π²/3 for every a, including cuts inside a cell
    const u = uniformDensity(M);
    for (const a of [0, 0.1, 3.3]) expect(Math.abs(w2ToDirac({ density: u }, a) - Math.PI / Math.sqrt(3))).toBeLessThanOrEqual(EXACT_TOL);
    expect(Math.abs(w2ToDirac({ particles: Float64Array.of(0.1, 0.1 + Math.PI) }, 0.1) - Math.PI / Math.sqrt(2))).toBeLessThanOrEqual(EXACT_TOL);
    expect(Math.abs(circularMean({ density: cosineDensity(M, 0.5, 1, 2) }) - 2)).toBeLessThan(1e-12);
  });
});
