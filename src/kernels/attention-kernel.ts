/** The fast fused attention kernel (pure TypeScript), split into phases so that one evaluation can be
 *  shared between threads with bit-identical results (src/kernels/parallel-field.ts).
 *
 *  Computes the unprojected velocity of src/models/attention.ts (same conventions):
 *    F_i = headScale · Σ_h Σ_j w^h_ij V_h x_j,  w = softmax_j(β⟨Q_h x_i, K_h x_j⟩) (sa) or e^{score}/n (usa),
 *  causal rows attend to j ≤ i. Never an n×n matrix; a call allocates nothing.
 *
 *  Phases of one evaluation:
 *    prepare(x)   serial: copies x, forms Q_h x, K_h x, V_h x once, picks each head's path;
 *    runPart(p)   p = 0..parts−1, independent: a fixed share of the pair work, own output region;
 *    finish(out)  serial: adds the parts and heads in a fixed order.
 *  The arithmetic of a row depends on `parts` but never on which thread ran which part, so 1 thread and
 *  `parts` threads give the same bits.
 *
 *  Paths per head:
 *  - general (any Q, K, V, causal): two passes per row (scores into an n-vector and their max, then
 *    exp(s − max) and accumulation), the log-sum-exp of the reference.
 *  - symmetric (Q and K both c·I, or Q and K equal entry-wise, not causal): ⟨q_i, q_j⟩ is computed
 *    with the same products in the same order for (i, j) and (j, i), so s_ij = s_ji bitwise and each
 *    unordered pair's exponential is computed once and added to both rows. The shift is GLOBAL:
 *    C = |scale|·max_i |q_i|² ≥ every score (Cauchy–Schwarz), so e^{s − C} ≤ 1 never overflows; for sa
 *    the shift cancels in w = e^{s−C}/Σe^{s−C}, for usa the factor e^{C}/n is multiplied back as the
 *    reference does with e^{max}. A global shift can underflow a row whose own maximum m_i lies far
 *    below C; since m_i ≥ s_ii = scale·|q_i|², the path is used only when scale ≥ 0 and
 *    C − scale·min_i|q_i|² ≤ SYMMETRIC_MAX_GAP, which always holds near the sphere with Q = K = c·I
 *    (gap = β c²(max|x|² − min|x|²) = O(β·h²) at RK stages); otherwise that evaluation uses the
 *    general path. */
import type { AttentionParams } from '../models/attention.js';
import { type ExpImplementation, fastExp } from './fast-exp.js';
import { applyRows, balancedBounds, planAttentionHeads, symmetricShift } from './head-plan.js';

export interface AttentionKernelOptions {
  /** 'fast' (default): our exp (≤ 2 ulp, src/kernels/fast-exp.ts); 'math': Math.exp. */
  readonly exp?: ExpImplementation;
  /** Use the symmetric-score path where it applies (default true). */
  readonly symmetric?: boolean;
  /** Number of independent parts of one evaluation (default 2, the cores of the target machine). */
  readonly parts?: number;
}

export interface AttentionKernel {
  readonly n: number;
  readonly d: number;
  readonly parts: number;
  /** Float64 count of the one buffer the kernel works in (shareable between threads). */
  readonly bufferLength: number;
  readonly buffer: Float64Array;
  prepare(x: Float64Array): void;
  runPart(part: number): void;
  finish(out: Float64Array): void;
  /** Which path each head took in the last evaluation. */
  paths(): ('general' | 'symmetric')[];
}

interface HeadLayout {
  // offsets into the buffer (−1: not allocated, the head reads x)
  readonly qOff: number;
  readonly kOff: number;
  readonly vOff: number;
  /** general path: n×d contribution, written by the part owning the row */
  readonly outOff: number;
  /** symmetric path: parts × n × (d+1) partial accumulators (d sums and the partition) */
  readonly partOff: number;
}

/** Builds a kernel for fixed params and shapes. `buffer` may be passed (a SharedArrayBuffer view of
 *  length `bufferLength`) so several threads can work on the same evaluation. */
export function createAttentionKernel(
  params: AttentionParams,
  n: number,
  d: number,
  options: AttentionKernelOptions = {},
  buffer?: Float64Array | ((length: number) => Float64Array),
): AttentionKernel {
  const parts = options.parts ?? 2;
  const useMath = (options.exp ?? 'fast') === 'math';
  const { heads, causal } = params;
  const usa = params.normalization === 'usa';
  const H = heads.length;
  const plans = planAttentionHeads(params, options.symmetric ?? true);

  let length = 0;
  const take = (size: number): number => {
    const off = length;
    length += size;
    return off;
  };
  const xOff = take(n * d);
  const ctrlOff = take(2 * H); // per head: path (1 symmetric, 0 general), shift C
  const layouts: HeadLayout[] = plans.map((p) => ({
    qOff: p.qScale === undefined ? take(n * p.m) : -1,
    kOff: p.kScale === undefined && !p.kEqualsQ ? take(n * p.m) : -1,
    vOff: p.vScale === undefined ? take(n * d) : -1,
    outOff: take(n * d),
    partOff: p.symmetricCapable ? take(parts * n * (d + 1)) : -1,
  }));
  const bufferLength = length;
  const buf = typeof buffer === 'function' ? buffer(bufferLength) : (buffer ?? new Float64Array(bufferLength));
  if (buf.length < bufferLength) throw new Error(`attention kernel: buffer of ${buf.length} < ${bufferLength} float64`);

  // Per-kernel scratch (not shared: each thread building the kernel has its own).
  const scores = new Float64Array(n);
  const rowAcc = new Float64Array(d);
  const x = buf.subarray(xOff, xOff + n * d);
  const ctrl = buf.subarray(ctrlOff, ctrlOff + 2 * H);

  // Row ranges of the general path (balanced by pair count: a causal row i costs i + 1)
  // and of the symmetric path (row i pairs with j ≥ i: n − i pairs).
  const generalBounds = balancedBounds(n, parts, (i) => (causal ? i + 1 : n));
  const symmetricBounds = balancedBounds(n, parts, (i) => n - i);

  const view = (off: number, size: number): Float64Array => (off < 0 ? x : buf.subarray(off, off + size));
  const headViews = layouts.map((l, h) => ({
    q: view(l.qOff, n * plans[h].m),
    k: plans[h].kEqualsQ ? view(l.qOff, n * plans[h].m) : view(l.kOff, n * plans[h].m),
    v: view(l.vOff, n * d),
    out: buf.subarray(l.outOff, l.outOff + n * d),
    partials: l.partOff < 0 ? new Float64Array(0) : buf.subarray(l.partOff, l.partOff + parts * n * (d + 1)),
    source: heads[h],
  }));

  return {
    n,
    d,
    parts,
    bufferLength,
    buffer: buf,
    prepare(state) {
      x.set(state.subarray(0, n * d));
      for (let h = 0; h < H; h++) {
        const p = plans[h];
        const l = layouts[h];
        const hv = headViews[h];
        if (l.qOff >= 0) applyRows(hv.source.Q.data, p.m, x, n, d, hv.q);
        if (l.kOff >= 0) applyRows(hv.source.K.data, p.m, x, n, d, hv.k);
        if (l.vOff >= 0) applyRows(hv.source.V.data, d, x, n, d, hv.v);
        const shift = p.symmetricCapable ? symmetricShift(hv.q, n, p.m, p.scoreScale) : NaN;
        ctrl[2 * h] = Number.isNaN(shift) ? 0 : 1;
        ctrl[2 * h + 1] = shift;
      }
    },
    runPart(part) {
      for (let h = 0; h < H; h++) {
        const p = plans[h];
        const hv = headViews[h];
        if (ctrl[2 * h] === 1) {
          const stride = n * (d + 1);
          symmetricRows(hv.q, hv.v, p.m, d, n, p.scoreScale, ctrl[2 * h + 1], symmetricBounds[part], symmetricBounds[part + 1], hv.partials, part * stride, rowAcc, useMath);
        } else {
          generalRows(hv.q, hv.k, hv.v, p.m, d, n, p.scoreScale, p.valueScale, usa, causal, generalBounds[part], generalBounds[part + 1], scores, rowAcc, hv.out, useMath);
        }
      }
    },
    finish(out) {
      for (let h = 0; h < H; h++) {
        const hv = headViews[h];
        const valueScale = plans[h].valueScale;
        if (ctrl[2 * h] === 1) {
          const shift = ctrl[2 * h + 1];
          const usaFactor = (valueScale * Math.exp(shift)) / n;
          const part = hv.partials;
          const stride = n * (d + 1);
          for (let i = 0; i < n; i++) {
            let z = 0;
            for (let p = 0; p < parts; p++) if (i >= symmetricBounds[p]) z += part[p * stride + i * (d + 1) + d];
            const factor = usa ? usaFactor : valueScale / z;
            for (let k = 0; k < d; k++) {
              let a = 0;
              for (let p = 0; p < parts; p++) if (i >= symmetricBounds[p]) a += part[p * stride + i * (d + 1) + k];
              const c = factor * a;
              out[i * d + k] = h === 0 ? c : out[i * d + k] + c;
            }
          }
        } else {
          const o = hv.out;
          if (h === 0) out.set(o);
          else for (let t = 0; t < n * d; t++) out[t] += o[t];
        }
      }
    },
    paths() {
      return plans.map((_, h) => (ctrl[2 * h] === 1 ? 'symmetric' : 'general'));
    },
  };
}

/** Rows [rowStart, rowEnd) of one head, general path: two passes (max, then exp and accumulate). */
function generalRows(
  q: Float64Array,
  kx: Float64Array,
  v: Float64Array,
  m: number,
  d: number,
  n: number,
  scale: number,
  vScale: number,
  usa: boolean,
  causal: boolean,
  rowStart: number,
  rowEnd: number,
  scores: Float64Array,
  acc: Float64Array,
  out: Float64Array,
  useMath: boolean,
): void {
  for (let i = rowStart; i < rowEnd; i++) {
    const jEnd = causal ? i + 1 : n;
    const qi = i * m;
    let max = -Infinity;
    if (m === 3) {
      const q0 = q[qi], q1 = q[qi + 1], q2 = q[qi + 2];
      for (let j = 0, kj = 0; j < jEnd; j++, kj += 3) {
        let s = q0 * kx[kj];
        s += q1 * kx[kj + 1];
        s += q2 * kx[kj + 2];
        s *= scale;
        scores[j] = s;
        if (s > max) max = s;
      }
    } else {
      for (let j = 0; j < jEnd; j++) {
        const kj = j * m;
        let s = 0;
        for (let k = 0; k < m; k++) s += q[qi + k] * kx[kj + k];
        s *= scale;
        scores[j] = s;
        if (s > max) max = s;
      }
    }
    let weightSum = 0;
    const oi = i * d;
    if (d === 3) {
      let a0 = 0, a1 = 0, a2 = 0;
      for (let j = 0, vj = 0; j < jEnd; j++, vj += 3) {
        const w = useMath ? Math.exp(scores[j] - max) : fastExp(scores[j] - max);
        weightSum += w;
        a0 += w * v[vj];
        a1 += w * v[vj + 1];
        a2 += w * v[vj + 2];
      }
      const factor = usa ? (vScale * Math.exp(max)) / n : vScale / weightSum;
      out[oi] = factor * a0;
      out[oi + 1] = factor * a1;
      out[oi + 2] = factor * a2;
    } else {
      acc.fill(0);
      for (let j = 0; j < jEnd; j++) {
        const w = useMath ? Math.exp(scores[j] - max) : fastExp(scores[j] - max);
        weightSum += w;
        const vj = j * d;
        for (let k = 0; k < d; k++) acc[k] += w * v[vj + k];
      }
      const factor = usa ? (vScale * Math.exp(max)) / n : vScale / weightSum;
      for (let k = 0; k < d; k++) out[oi + k] = factor * acc[k];
    }
  }
}

/** Rows [rowStart, rowEnd) of one symmetric head: every pair (i, j ≥ i) once, its weight e^{s−C}
 *  added to row i (times v_j) and to row j (times v_i) in this part's accumulator (n × (d+1), the last
 *  column the partition). Rows ≥ rowStart are zeroed first: this part writes nothing below them. */
function symmetricRows(
  q: Float64Array,
  v: Float64Array,
  m: number,
  d: number,
  n: number,
  scale: number,
  shift: number,
  rowStart: number,
  rowEnd: number,
  part: Float64Array,
  off: number,
  rowAcc: Float64Array,
  useMath: boolean,
): void {
  const w1 = d + 1;
  part.fill(0, off + rowStart * w1, off + n * w1);
  for (let i = rowStart; i < rowEnd; i++) {
    const qi = i * m;
    const vi = i * d;
    const pi = off + i * w1;
    let z = 0;
    if (m === 3 && d === 3) {
      const q0 = q[qi], q1 = q[qi + 1], q2 = q[qi + 2];
      const v0 = v[vi], v1 = v[vi + 1], v2 = v[vi + 2];
      let a0 = 0, a1 = 0, a2 = 0;
      for (let j = i, qj = i * 3, pj = off + i * 4; j < n; j++, qj += 3, pj += 4) {
        let s = q0 * q[qj];
        s += q1 * q[qj + 1];
        s += q2 * q[qj + 2];
        s *= scale;
        const w = useMath ? Math.exp(s - shift) : fastExp(s - shift);
        if (j === i) {
          z += w;
          a0 += w * v0;
          a1 += w * v1;
          a2 += w * v2;
          continue;
        }
        z += w;
        a0 += w * v[qj];
        a1 += w * v[qj + 1];
        a2 += w * v[qj + 2];
        part[pj] += w * v0;
        part[pj + 1] += w * v1;
        part[pj + 2] += w * v2;
        part[pj + 3] += w;
      }
      part[pi] += a0;
      part[pi + 1] += a1;
      part[pi + 2] += a2;
    } else {
      rowAcc.fill(0);
      for (let j = i; j < n; j++) {
        const qj = j * m;
        let s = 0;
        for (let k = 0; k < m; k++) s += q[qi + k] * q[qj + k];
        s *= scale;
        const w = useMath ? Math.exp(s - shift) : fastExp(s - shift);
        z += w;
        const vj = j * d;
        for (let k = 0; k < d; k++) rowAcc[k] += w * v[vj + k];
        if (j === i) continue;
        const pj = off + j * w1;
        for (let k = 0; k < d; k++) part[pj + k] += w * v[vi + k];
        part[pj + d] += w;
      }
      for (let k = 0; k < d; k++) part[pi + k] += rowAcc[k];
    }
    part[pi + d] += z;
  }
}
