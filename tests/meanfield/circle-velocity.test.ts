import { describe, expect, test } from 'vitest';
import { createCircleVelocity } from '../../src/meanfield/circle-velocity.js';
import { cosineDensity } from '../../src/meanfield/density.js';

const params = (M: number, beta: number, normalization: 'sa' | 'usa', kernelSum: 'fft' | 'direct' | 'auto') =>
  ({ M, beta, normalization, phaseLag: 0.2, kernelSum, usaTime: 'rescaled' }) as const;

describe('circle velocity', () => {
  test('FFT and direct band sums agree to rounding on a smooth density (β = 30)', () => {
    const M = 512;
    const f = cosineDensity(M, 0.8, 3);
    const a = createCircleVelocity(params(M, 30, 'sa', 'fft'));
    const b = createCircleVelocity(params(M, 30, 'sa', 'direct'));
    const na = new Float64Array(M);
    const da = new Float64Array(M);
    const nb = new Float64Array(M);
    const db = new Float64Array(M);
    a.sums(f, na, da);
    b.sums(f, nb, db);
    // FFT rounding ≈ ε log2 M · Σ|terms| ≤ 1e-15 · max f; the band drops terms < 2^-60 (BAND_CUTOFF).
    const tol = 1e-14;
    for (let i = 0; i < M; i++) {
      expect(Math.abs(na[i] - nb[i]), `num i=${i}`).toBeLessThanOrEqual(tol);
      expect(Math.abs(da[i] - db[i]), `den i=${i}`).toBeLessThanOrEqual(tol);
    }
  });

  test.each([
    ['usa', 0],
    ['sa', 1],
    ['sa', 4],
  ] as const)('pruned band-limited FFTs (small β: %s β=%f) equal the exact direct sums', (normalization, beta) => {
    const M = 2048;
    const f = cosineDensity(M, 0.9, 5);
    for (let j = 0; j < M; j++) f[j] *= 1 + 0.3 * Math.sin(j * j); // rough data: every mode present
    const a = createCircleVelocity(params(M, beta, normalization, 'fft'));
    const b = createCircleVelocity(params(M, beta, normalization, 'direct'));
    const na = new Float64Array(M);
    const da = new Float64Array(M);
    const nb = new Float64Array(M);
    const db = new Float64Array(M);
    a.sums(f, na, da);
    b.sums(f, nb, db);
    // the direct sum at small β keeps every offset (the kernel never drops below 2^-60): an exact
    // O(M²) reference. Rounding of both ≈ ε·√M·max f·h·... ≤ 1e-14; dropped spectrum ≤ M·2^-80.
    const tol = 1e-14;
    for (let i = 0; i < M; i++) {
      expect(Math.abs(na[i] - nb[i]), `num i=${i}`).toBeLessThanOrEqual(tol);
      if (normalization === 'sa') expect(Math.abs(da[i] - db[i]), `den i=${i}`).toBeLessThanOrEqual(tol);
    }
  });

  test('the guard: at β = 1e3 on a clustered density the FFT denominators lose their sign, the band sums do not', () => {
    const M = 1024;
    const f = new Float64Array(M);
    f[100] = M / (2 * Math.PI); // all mass in one cell
    const fft = createCircleVelocity(params(M, 1000, 'sa', 'fft'));
    const auto = createCircleVelocity(params(M, 1000, 'sa', 'auto'));
    expect(auto.path).toBe('direct');
    const n1 = new Float64Array(M);
    const d1 = new Float64Array(M);
    const n2 = new Float64Array(M);
    const d2 = new Float64Array(M);
    fft.sums(f, n1, d1);
    auto.sums(f, n2, d2);
    let fftNonPositive = 0;
    for (let i = 0; i < M; i++) if (d1[i] <= 0) fftNonPositive++;
    expect(fftNonPositive, 'FFT rounding makes far-field denominators ≤ 0').toBeGreaterThan(0);
    for (let i = 0; i < M; i++) expect(d2[i]).toBeGreaterThanOrEqual(0);
    // where the band reaches the mass, the direct sum is exact: den = h·e^{β(cos s − 1)}·f
    const h = (2 * Math.PI) / M;
    for (const i of [99, 100, 110, 140]) {
      const s = (i - 100 + 0.5) * h;
      const exact = h * Math.exp(1000 * (Math.cos(s) - 1)) * f[100];
      expect(Math.abs(d2[i] / exact - 1), `i=${i}`).toBeLessThanOrEqual(1e-13);
    }
    // and the velocities stay in [−1, 1] on both paths
    const v = new Float64Array(M);
    expect(fft.evaluate(f, v)).toBeLessThanOrEqual(1);
  });
});
