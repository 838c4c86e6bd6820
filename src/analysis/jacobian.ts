/** Finite-difference Jacobians of a VectorField at a state, and their eigenvalues (ml-matrix EVD).
 *
 *  Euclidean: J_ab = ∂G_a/∂x_b by central differences, (G(x + h e_b) − G(x − h e_b))/(2h).
 *  Sphere (n rows on S^{d−1}): the Jacobian is restricted to the tangent space T = ⊕_i x_i^⊥. Each row
 *  gets an orthonormal tangent basis u_{i,1..d−1}; column (i,a) is the central difference of G along
 *  the retracted curve normalise(x ± h u_{i,a}) (retracting keeps G on its domain and changes the
 *  difference only at O(h²)), and the result is expressed in the same basis. At an equilibrium G = 0
 *  this is the linearisation of the flow on the manifold, so its eigenvalues are the local rates.
 *
 *  Error: truncation O(h²·|G‴|) + rounding O(ε·|G|/h); h = 1e-6 balances them near 1e-11 for O(1) fields. */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { VectorField } from '../integrate/problem.js';

export const DEFAULT_JACOBIAN_STEP = 1e-6;

export interface JacobianOptions {
  /** Perturbation size h (default 1e-6). */
  readonly step?: number;
  /** When given, the state is n rows on S^{d−1} and the Jacobian is taken on the tangent space. */
  readonly sphere?: { readonly n: number; readonly d: number };
  readonly t?: number;
}

export interface JacobianResult {
  /** Square Jacobian, row-major: size m = n·d (Euclidean) or n·(d−1) (sphere tangent space). */
  readonly matrix: Float64Array;
  readonly size: number;
  /** Tangent basis used on the sphere: basis[(i·(d−1) + a)·d + k] (row i, direction a, coordinate k). */
  readonly basis?: Float64Array;
}

export function finiteDifferenceJacobian(field: VectorField, x: Float64Array, options: JacobianOptions = {}): JacobianResult {
  const h = options.step ?? DEFAULT_JACOBIAN_STEP;
  const t = options.t ?? 0;
  const len = x.length;
  const plus = new Float64Array(len);
  const minus = new Float64Array(len);
  const xp = new Float64Array(len);
  const xm = new Float64Array(len);
  if (!options.sphere) {
    const J = new Float64Array(len * len);
    for (let b = 0; b < len; b++) {
      xp.set(x);
      xm.set(x);
      xp[b] += h;
      xm[b] -= h;
      field(t, xp, plus);
      field(t, xm, minus);
      for (let a = 0; a < len; a++) J[a * len + b] = (plus[a] - minus[a]) / (2 * h);
    }
    return { matrix: J, size: len };
  }
  const { n, d } = options.sphere;
  if (n * d !== len) throw new Error(`finiteDifferenceJacobian: state has ${len} entries, expected n·d = ${n * d}`);
  const m = n * (d - 1);
  const basis = tangentBasis(x, n, d);
  const J = new Float64Array(m * m);
  for (let col = 0; col < m; col++) {
    const i = Math.floor(col / (d - 1));
    xp.set(x);
    xm.set(x);
    let sp = 0;
    let sm = 0;
    for (let k = 0; k < d; k++) {
      const u = basis[col * d + k];
      xp[i * d + k] += h * u;
      xm[i * d + k] -= h * u;
      sp += xp[i * d + k] ** 2;
      sm += xm[i * d + k] ** 2;
    }
    for (let k = 0; k < d; k++) {
      xp[i * d + k] /= Math.sqrt(sp);
      xm[i * d + k] /= Math.sqrt(sm);
    }
    field(t, xp, plus);
    field(t, xm, minus);
    for (let row = 0; row < m; row++) {
      const r = Math.floor(row / (d - 1));
      let s = 0;
      for (let k = 0; k < d; k++) s += basis[row * d + k] * (plus[r * d + k] - minus[r * d + k]);
      J[row * m + col] = s / (2 * h);
    }
  }
  return { matrix: J, size: m, basis };
}

/** Orthonormal basis of x_i^⊥ for every row: Gram–Schmidt of the coordinate axes against x_i, skipping
 *  the axis most aligned with x_i (so no near-zero vector is normalised). */
export function tangentBasis(x: Float64Array, n: number, d: number): Float64Array {
  const basis = new Float64Array(n * (d - 1) * d);
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let skip = 0;
    for (let k = 1; k < d; k++) if (Math.abs(x[i * d + k]) > Math.abs(x[i * d + skip])) skip = k;
    let a = 0;
    for (let axis = 0; axis < d; axis++) {
      if (axis === skip) continue;
      v.fill(0);
      v[axis] = 1;
      // Twice Gram–Schmidt ("twice is enough") against x_i and the vectors already built.
      for (let pass = 0; pass < 2; pass++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += v[k] * x[i * d + k];
        for (let k = 0; k < d; k++) v[k] -= s * x[i * d + k];
        for (let b = 0; b < a; b++) {
          const off = (i * (d - 1) + b) * d;
          let q = 0;
          for (let k = 0; k < d; k++) q += v[k] * basis[off + k];
          for (let k = 0; k < d; k++) v[k] -= q * basis[off + k];
        }
      }
      let norm = 0;
      for (let k = 0; k < d; k++) norm += v[k] * v[k];
      norm = Math.sqrt(norm);
      const off = (i * (d - 1) + a) * d;
      for (let k = 0; k < d; k++) basis[off + k] = v[k] / norm;
      a++;
    }
  }
  return basis;
}

export interface Eigenvalues {
  readonly real: number[];
  readonly imaginary: number[];
}

/** Eigenvalues of a square row-major matrix (general, possibly non-symmetric), sorted by real part
 *  ascending (ties by imaginary part). */
export function eigenvalues(matrix: Float64Array, size: number): Eigenvalues {
  const rows: number[][] = [];
  for (let r = 0; r < size; r++) rows.push(Array.from(matrix.subarray(r * size, (r + 1) * size)));
  const evd = new EigenvalueDecomposition(new Matrix(rows));
  const pairs = evd.realEigenvalues.map((re, k) => [re, evd.imaginaryEigenvalues[k]] as const);
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return { real: pairs.map((p) => p[0]), imaginary: pairs.map((p) => p[1]) };
}
