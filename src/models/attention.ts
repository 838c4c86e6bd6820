/** Self-attention dynamics on the sphere: `sa`, `usa`, `causal`, `multihead` (catalogue §1.1–1.4).
 *
 *  sa:  ẋ_i = P_{x_i}( Σ_h Σ_j A^h_ij V_h x_j ),  A^h_ij = softmax_j β⟨Q_h x_i, K_h x_j⟩ (each head its own partition)
 *  usa: ẋ_i = P_{x_i}( (1/n) Σ_h Σ_j e^{β⟨Q_h x_i, K_h x_j⟩} V_h x_j )
 *  causal: token i attends to j ≤ i only (masked before the log-sum-exp, never by zeroing weights).
 *
 *  The kernel is fused: scores of one row into an n-vector, max, exp, accumulate. Never an n×n matrix. */
import { ConfigError } from '../core/config-error.js';
import { tangentField } from '../core/sphere.js';
import { scalarOfIdentity } from '../core/linalg.js';
import { identityMatrix, type FlatMatrix } from '../core/types.js';
import { requireBeta, requireMatrix, requirePositiveInteger, requireState, requireHorizon } from '../core/validate.js';
import type { OdeProblem, VectorField } from '../integrate/problem.js';
import { createFusedAttentionField, type FusedFieldOptions, type KernelChoice } from '../kernels/fused-attention-field.js';

export type Normalization = 'sa' | 'usa';

export interface AttentionHead {
  readonly Q: FlatMatrix; // m×d
  readonly K: FlatMatrix; // m×d
  readonly V: FlatMatrix; // d×d
}

export interface AttentionParams {
  readonly normalization: Normalization;
  readonly beta: number;
  readonly heads: readonly AttentionHead[];
  readonly causal: boolean;
  /** Multiplies the sum over heads: 1 (sum, GLPR-24 eq. 2.7) or 1/H (averaged heads, variant (a)). */
  readonly headScale: number;
}

export interface AttentionSpec {
  readonly normalization: Normalization;
  readonly beta: number;
  readonly x0: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly T: number;
  readonly Q?: FlatMatrix;
  readonly K?: FlatMatrix;
  readonly V?: FlatMatrix;
  /** Several heads; when given, Q/K/V must be omitted. */
  readonly heads?: readonly Partial<AttentionHead>[];
  readonly causal?: boolean;
  readonly headScale?: number;
  /** Rows are normalised instead of rejected when not unit. */
  readonly normalize?: boolean;
  /** PRY's d = 2 results allow small negative β. */
  readonly allowNegativeBeta?: boolean;
}

/** Builds the problem after validating every field. */
export function makeAttentionProblem(spec: AttentionSpec): OdeProblem<AttentionParams> {
  if (spec.normalization !== 'sa' && spec.normalization !== 'usa')
    throw new ConfigError('normalization', spec.normalization, 'Use "sa" (softmax) or "usa" (unnormalised, 1/n).');
  if (spec.headScale !== undefined && !Number.isFinite(spec.headScale))
    throw new ConfigError('headScale', spec.headScale, 'Expected a finite number: 1 (sum over heads) or 1/H (average).');
  const n = requirePositiveInteger('n', spec.n, '32');
  const d = requirePositiveInteger('d', spec.d, '3');
  const beta = requireBeta('beta', spec.beta, spec.allowNegativeBeta);
  requireHorizon(spec.T, '10');
  const x0 = Float64Array.from(spec.x0);
  if (spec.normalize) {
    requireState('x0', x0, n, d, false);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x0[i * d + k] ** 2;
      if (s === 0) throw new ConfigError(`x0 row ${i}`, 0, 'A zero row cannot be normalised onto the sphere.');
      for (let k = 0; k < d; k++) x0[i * d + k] /= Math.sqrt(s);
    }
  }
  requireState('x0', x0, n, d, true);
  if (spec.heads && (spec.Q || spec.K || spec.V)) throw new ConfigError('heads', 'heads with Q/K/V', 'Give either Q, K, V or a list of heads, not both.');
  const rawHeads = spec.heads ?? [{ Q: spec.Q, K: spec.K, V: spec.V }];
  if (rawHeads.length === 0) throw new ConfigError('heads', [], 'Give at least one head {Q, K, V}.');
  const heads = rawHeads.map((h, index) => resolveHead(h, d, spec.heads ? `heads[${index}].` : ''));
  const params: AttentionParams = {
    normalization: spec.normalization,
    beta,
    heads,
    causal: spec.causal ?? false,
    headScale: spec.headScale ?? 1,
  };
  const raw = createAttentionField(params, n, d);
  const field: VectorField = tangentField(raw, n, d);
  const name = `${params.causal ? 'causal ' : ''}${params.normalization}${heads.length > 1 ? ` ${heads.length} heads` : ''}`;
  return {
    n,
    d,
    initial: x0,
    timeSpan: [0, spec.T],
    params,
    manifold: 'sphere',
    field,
    rawField: raw,
    label: `${name}, n=${n}, d=${d}, beta=${beta}`,
  };
}

/** Fills omitted Q, K, V with the identity and checks their shapes (Q, K: m×d with the same m; V: d×d). */
export function resolveHead(h: Partial<AttentionHead>, d: number, prefix = ''): AttentionHead {
  const Q = h.Q ?? identityMatrix(d);
  const K = h.K ?? identityMatrix(d);
  const V = h.V ?? identityMatrix(d);
  requireMatrix(`${prefix}Q`, Q, undefined, d);
  requireMatrix(`${prefix}K`, K, Q.rows, d);
  requireMatrix(`${prefix}V`, V, d, d);
  return { Q, K, V };
}


/**
 * The unprojected velocity F_i = headScale · Σ_h Σ_j w^h_ij V_h x_j, with w = softmax (sa) or e^{score}/n
 * (usa). Buffers are allocated once here; a call allocates nothing.
 *
 * Dispatches to the fast kernels of src/kernels (WASM SIMD when the runtime has it, else TypeScript;
 * symmetric-score path when Q and K allow it), which agree with `referenceAttentionField` to ≤ 1e-14
 * after one RK4 step (tests/kernels/attention-kernel.test.ts). Every Q, K, V, head count, causal mask
 * and normalisation is supported. `{ kernel: 'reference' }` selects the simple kernel. One thread: for
 * one trajectory over both cores see src/kernels/parallel-field.ts.
 */
export function createAttentionField(params: AttentionParams, n: number, d: number, options: AttentionFieldOptions = {}): VectorField {
  if (options.kernel === 'reference') return referenceAttentionField(params, n, d);
  if (options.kernel === undefined && n < FAST_KERNEL_MIN_N) return referenceAttentionField(params, n, d);
  return createFusedAttentionField(params, n, d, options as FusedFieldOptions);
}

/** Below this n the fast kernels' fixed per-call work (transposed copies, parts, final sum) costs more
 *  than the n² pair work: measured crossover n ≈ 8 (n=3: 0.23 µs reference vs 0.69 µs WASM; n=8: equal;
 *  n=32: 26 µs vs 7 µs). Not a correctness switch: both agree to 1e-14. */
export const FAST_KERNEL_MIN_N = 8;

export interface AttentionFieldOptions extends Omit<FusedFieldOptions, 'kernel'> {
  readonly kernel?: KernelChoice | 'reference';
}

/**
 * The simple fused kernel (one row at a time: scores into an n-vector, max, exp, accumulate), kept as
 * the reference the fast kernels of src/kernels are tested against. Same conventions as createAttentionField.
 */
export function referenceAttentionField(params: AttentionParams, n: number, d: number): VectorField {
  const { beta, heads, causal, headScale } = params;
  const usa = params.normalization === 'usa';
  const prepared = heads.map((h) => ({
    head: h,
    m: h.Q.rows,
    qIdentity: scalarOfIdentity(h.Q),
    kIdentity: scalarOfIdentity(h.K),
    vIdentity: scalarOfIdentity(h.V),
    qx: new Float64Array(n * h.Q.rows),
    kx: new Float64Array(n * h.Q.rows),
    vx: new Float64Array(n * d),
  }));
  const scores = new Float64Array(n);
  const acc = new Float64Array(d);
  return (_t, x, out) => {
    out.fill(0);
    for (const p of prepared) {
      const m = p.m;
      // When Q (or K, V) is c·I the product is a scaling; fold the scale into β instead of copying.
      let scoreScale = beta;
      let qx: Float64Array, kx: Float64Array, vx: Float64Array;
      if (p.qIdentity !== undefined) {
        qx = x;
        scoreScale *= p.qIdentity;
      } else {
        multiplyRows(p.head.Q, x, n, d, p.qx);
        qx = p.qx;
      }
      if (p.kIdentity !== undefined) {
        kx = x;
        scoreScale *= p.kIdentity;
      } else {
        multiplyRows(p.head.K, x, n, d, p.kx);
        kx = p.kx;
      }
      let vScale = headScale;
      if (p.vIdentity !== undefined) {
        vx = x;
        vScale *= p.vIdentity;
      } else {
        multiplyRows(p.head.V, x, n, d, p.vx);
        vx = p.vx;
      }
      for (let i = 0; i < n; i++) {
        const jEnd = causal ? i + 1 : n;
        const qi = i * m;
        let max = -Infinity;
        for (let j = 0; j < jEnd; j++) {
          const kj = j * m;
          let s = 0;
          for (let k = 0; k < m; k++) s += qx[qi + k] * kx[kj + k];
          s *= scoreScale;
          scores[j] = s;
          if (s > max) max = s;
        }
        acc.fill(0);
        let weightSum = 0;
        for (let j = 0; j < jEnd; j++) {
          const w = Math.exp(scores[j] - max); // ≤ 1: log-sum-exp, no overflow at any β
          weightSum += w;
          const vj = j * d;
          for (let k = 0; k < d; k++) acc[k] += w * vx[vj + k];
        }
        // sa: divide by the partition; usa: multiply back e^{max}/n (its speeds really are O(e^{β}))
        const factor = usa ? (vScale * Math.exp(max)) / n : vScale / weightSum;
        const oi = i * d;
        for (let k = 0; k < d; k++) out[oi + k] += factor * acc[k];
      }
    }
  };
}

function multiplyRows(M: FlatMatrix, x: Float64Array, n: number, d: number, out: Float64Array): void {
  const rows = M.rows;
  const data = M.data;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += data[r * d + k] * x[i * d + k];
      out[i * rows + r] = s;
    }
  }
}

/**
 * Log attention weights log A_ij of one row i for head h (sa normalisation, causal mask honoured),
 * written into out[0..n) (masked entries −Infinity). For observables (entropy, max weight).
 */
export function attentionLogWeights(params: AttentionParams, x: Float64Array, n: number, d: number, i: number, out: Float64Array, headIndex = 0): void {
  const { Q, K } = params.heads[headIndex];
  const m = Q.rows;
  const qi = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Q.data[r * d + k] * x[i * d + k];
    qi[r] = s;
  }
  let max = -Infinity;
  const jEnd = params.causal ? i + 1 : n;
  for (let j = 0; j < n; j++) {
    if (j >= jEnd) {
      out[j] = -Infinity;
      continue;
    }
    let s = 0;
    for (let r = 0; r < m; r++) {
      let kx = 0;
      for (let k = 0; k < d; k++) kx += K.data[r * d + k] * x[j * d + k];
      s += qi[r] * kx;
    }
    out[j] = params.beta * s;
    if (out[j] > max) max = out[j];
  }
  let sum = 0;
  for (let j = 0; j < jEnd; j++) sum += Math.exp(out[j] - max);
  const logZ = max + Math.log(sum);
  for (let j = 0; j < jEnd; j++) out[j] -= logZ;
}
