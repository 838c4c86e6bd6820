import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { circleQuantileParticles } from '../../../src/claims/arbitraries/circle-quantile-particles.js';
import { haarRotation } from '../../../src/claims/arbitraries/haar-rotation.js';
import { hemisphereData } from '../../../src/claims/arbitraries/hemisphere-data.js';
import { seedArbitrary } from '../../../src/claims/arbitraries/seed.js';
import { spectralNorm } from '../../../src/claims/arbitraries/spectral-norm.js';
import { eigenvector, symmetricWithSpectrum } from '../../../src/claims/arbitraries/symmetric-with-spectrum.js';
import { Rng } from '../../../src/core/rng.js';

// Orthonormality of a twice-Gram–Schmidt frame: ~d·ε per entry; 1e-14 covers d ≤ 16.
const ORTHO_TOL = 1e-14;
// Reconstruction V v_k = λ_k v_k: d products of O(|λ|) terms, ~d·ε·max|λ|.
const EIGEN_TOL = 1e-13;

describe('case generators', () => {
  test('seedArbitrary: same fast-check seed gives the same case seed; values are 31-bit', () => {
    const a = fc.sample(seedArbitrary(), { seed: 42, numRuns: 5 });
    expect(fc.sample(seedArbitrary(), { seed: 42, numRuns: 5 })).toEqual(a);
    for (const s of a) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
  });

  test.each([2, 3, 8])('haarRotation d=%i: orthogonal, same seed → same bytes', (d) => {
    const O = haarRotation(Rng.fromSeed(11), d);
    expect(Array.from(haarRotation(Rng.fromSeed(11), d).data)).toEqual(Array.from(O.data));
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += O.data[k * d + a] * O.data[k * d + b];
        expect(Math.abs(s - (a === b ? 1 : 0))).toBeLessThan(ORTHO_TOL);
      }
  });

  test('symmetricWithSpectrum: exactly symmetric, V v_k = λ_k v_k, deterministic', () => {
    const spectrum = [2, -1.5, 0.5, 0.25];
    const { matrix, eigenvectors } = symmetricWithSpectrum(spectrum, Rng.fromSeed(5));
    const d = spectrum.length;
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) expect(matrix.data[r * d + c]).toBe(matrix.data[c * d + r]);
    for (let k = 0; k < d; k++) {
      const v = eigenvector(eigenvectors, k);
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += matrix.data[r * d + c] * v[c];
        expect(Math.abs(s - spectrum[k] * v[r])).toBeLessThan(EIGEN_TOL);
      }
    }
    expect(Array.from(symmetricWithSpectrum(spectrum, Rng.fromSeed(5)).matrix.data)).toEqual(Array.from(matrix.data));
  });

  test('spectralNorm of O·diag(λ)·Oᵀ is max|λ| (to SVD rounding, ~d·ε·max|λ|)', () => {
    const { matrix } = symmetricWithSpectrum([0.5, -3, 2, 1], Rng.fromSeed(8));
    expect(Math.abs(spectralNorm(matrix) - 3)).toBeLessThan(1e-13);
  });

  test('hemisphereData: unit rows to 1e-14, all strictly inside the hemisphere, deterministic', () => {
    const n = 40;
    const d = 3;
    const data = hemisphereData(Rng.fromSeed(9), n, d);
    expect(Array.from(hemisphereData(Rng.fromSeed(9), n, d).x)).toEqual(Array.from(data.x));
    for (let i = 0; i < n; i++) {
      let s = 0;
      let p = 0;
      for (let k = 0; k < d; k++) {
        s += data.x[i * d + k] ** 2;
        p += data.x[i * d + k] * data.pole[k];
      }
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-14);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeGreaterThanOrEqual(data.margin);
    }
  });

  test('circleQuantileParticles: increasing, inverts the CDF, symmetric under θ→θ+π for k = 2', () => {
    const n = 64;
    const a = 0.5;
    const th = circleQuantileParticles(n, a, 1);
    for (let i = 0; i < n; i++) {
      if (i > 0) expect(th[i]).toBeGreaterThan(th[i - 1]);
      const F = (th[i] + Math.PI + a * Math.sin(th[i])) / (2 * Math.PI);
      expect(Math.abs(F - (i + 0.5) / n)).toBeLessThan(1e-15);
    }
    const t2 = circleQuantileParticles(n, a, 2);
    for (let i = 0; i < n / 2; i++) expect(Math.abs(t2[i + n / 2] - t2[i] - Math.PI)).toBeLessThan(1e-14);
  });
});
