/** Initial token configurations on S^{d−1}, deterministic from a seed (all draws from core/rng.ts).
 *
 *  - `uniform-sphere`: n i.i.d. points of σ_d (normalised Gaussians).
 *  - `hemisphere`: i.i.d. uniform on the open hemisphere {⟨x, e_1⟩ > 0} (reflect the first coordinate),
 *    the setting of GLPR-24's hemisphere theorems (then rotated when `rotate`).
 *  - `orthonormal`: e_1, …, e_n (needs n ≤ d), the equiangular configuration with ρ = 0.
 *  - `equiangular`: n unit vectors with ⟨x_i, x_j⟩ = ρ for i ≠ j (needs n ≤ d and −1/(n−1) ≤ ρ ≤ 1): the
 *    rows of the symmetric square root of the Gram matrix (1−ρ)I + ρ11ᵀ, embedded in the first n coordinates.
 *
 *  `rotate: true` applies one Haar-random rotation drawn from the seed to the whole configuration (inner
 *  products are unchanged). Output: flat n×d row-major with unit rows. */
import { ConfigError } from './config-error.js';
import { Rng, uniformSphere } from './rng.js';
import { normalizeRows } from './sphere.js';

export const INIT_KINDS = ['uniform-sphere', 'hemisphere', 'orthonormal', 'equiangular'] as const;
export type InitKind = (typeof INIT_KINDS)[number];

export interface InitSpec {
  readonly kind: InitKind;
  readonly n: number;
  readonly d: number;
  readonly seed: number;
  /** Pairwise inner product of `equiangular`. */
  readonly rho?: number;
  /** Apply a Haar-random rotation from the seed (structured kinds are axis-aligned otherwise). */
  readonly rotate?: boolean;
}

/** Seeds the rotation apart from the point draws, so `rotate` does not change which points are drawn. */
const ROTATION_STREAM = 1;

export function initialTokens(spec: InitSpec): Float64Array {
  const { kind, n, d, seed } = spec;
  if (!Number.isInteger(n) || n < 1) throw new ConfigError('init.n', n, 'Expected a whole number of tokens n ≥ 1, e.g. 16.');
  if (!Number.isInteger(d) || d < 1) throw new ConfigError('init.d', d, 'Expected a whole dimension d ≥ 1, e.g. 3.');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError('init.seed', seed, 'Expected a whole number seed ≥ 0, e.g. 1.');
  const rng = Rng.fromSeed(seed);
  let x: Float64Array;
  switch (kind) {
    case 'uniform-sphere':
      x = uniformSphere(rng.stream(0), n, d);
      break;
    case 'hemisphere':
      x = uniformSphere(rng.stream(0), n, d);
      for (let i = 0; i < n; i++) x[i * d] = Math.abs(x[i * d]);
      break;
    case 'orthonormal':
      requireFits(kind, n, d);
      x = equiangular(n, d, 0);
      break;
    case 'equiangular': {
      requireFits(kind, n, d);
      const rho = spec.rho;
      const low = n > 1 ? -1 / (n - 1) : -1;
      if (typeof rho !== 'number' || !Number.isFinite(rho) || rho < low || rho > 1)
        throw new ConfigError('init.rho', rho, `Equiangular tokens need a pairwise inner product ρ in [${low}, 1] (−1/(n−1) ≤ ρ so the Gram matrix is positive semidefinite), e.g. "rho": 0.5.`);
      x = equiangular(n, d, rho);
      break;
    }
    default:
      throw new ConfigError('init.kind', kind, `Use one of ${INIT_KINDS.join(', ')}.`);
  }
  if (spec.rotate) rotateRows(x, n, d, haarRotation(rng.stream(ROTATION_STREAM), d));
  return x;
}

function requireFits(kind: string, n: number, d: number): void {
  if (n > d) throw new ConfigError('init.n', n, `${kind} tokens need n ≤ d (n = ${n}, d = ${d}): raise d or lower n.`);
}

/** Rows of G^{1/2}, G = (1−ρ)I + ρ11ᵀ: X = √(1−ρ)(I − 11ᵀ/n) + √(1+(n−1)ρ)·11ᵀ/n, so XXᵀ = G. */
function equiangular(n: number, d: number, rho: number): Float64Array {
  const a = Math.sqrt(Math.max(0, 1 - rho));
  const b = Math.sqrt(Math.max(0, 1 + (n - 1) * rho));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i * d + j] = a * ((i === j ? 1 : 0) - 1 / n) + b / n;
  // Each row already has norm 1 up to rounding; normalising makes it unit to the last bit or two.
  normalizeRows(x, n, d);
  return x;
}

/** A Haar-distributed orthogonal d×d matrix: Gram–Schmidt on a Gaussian matrix's columns, which is
 *  QR with the positive-diagonal sign fix (Mezzadri 2007), column-major in `q[col*d + row]`. */
function haarRotation(rng: Rng, d: number): Float64Array {
  const q = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    for (;;) {
      for (let r = 0; r < d; r++) q[c * d + r] = rng.normal();
      // Two passes of modified Gram–Schmidt keep the columns orthogonal to rounding.
      for (let pass = 0; pass < 2; pass++)
        for (let p = 0; p < c; p++) {
          let s = 0;
          for (let r = 0; r < d; r++) s += q[p * d + r] * q[c * d + r];
          for (let r = 0; r < d; r++) q[c * d + r] -= s * q[p * d + r];
        }
      let norm = 0;
      for (let r = 0; r < d; r++) norm += q[c * d + r] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let r = 0; r < d; r++) q[c * d + r] /= norm;
        break;
      }
    }
  }
  return q;
}

/** x_i ← O x_i with O stored column-major. */
function rotateRows(x: Float64Array, n: number, d: number, q: Float64Array): void {
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let c = 0; c < d; c++) {
      const xc = x[i * d + c];
      for (let r = 0; r < d; r++) row[r] += q[c * d + r] * xc;
    }
    x.set(row, i * d);
  }
  normalizeRows(x, n, d);
}
