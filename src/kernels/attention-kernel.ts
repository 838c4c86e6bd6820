/** The fast fused attention kernel (pure TypeScript), split into phases so that one evaluation can be
 *  shared between threads with bit-identical results (src/kernels/parallel-field.ts).
 *
 *  Computes the unprojected velocity of src/models/attention.ts (same conventions):
 *    F_i = headScale · Σ_h Σ_j w^h_ij V_h x_j,  w = softmax_j(β⟨Q_h x_i, K_h x_j⟩) (sa) or e^{score}/n (usa),
 *  causal rows attend to j ≤ i. Never an n×n matrix; a call allocates nothing.
 *
 *  Phases of one evaluation (chunk c covers rows chunkBounds[c]..chunkBounds[c+1], c < parts):
 *    prepareRows(x, c) independent: forms Q_h x, K_h x, V_h x for the chunk's rows (transposed) and
 *                  the range of their norms;
 *    plan()       serial, O(heads·parts): picks each head's path and shift from those ranges;
 *    runPart(p)   p = 0..parts−1, independent: a fixed share of the pair work, own output region;
 *    reduceRows(c) independent: the symmetric path adds the parts' blocks for the chunk's rows;
 *    writeRows(out, c) after reduceRows(c): the row factors times the sums, heads added in a fixed order.
 *  Any thread may run any chunk or part. The arithmetic of a row depends on `parts` but never on which
 *  thread ran which piece, so any number of threads gives the bits of one thread with the same `parts`.
 *
 *  Layout: Q_h x, K_h x, V_h x are stored transposed (coordinate-major, T[k·n + j]) so each pass over
 *  the columns of a row is a set of sequential streams, with four coordinates per sweep held in locals.
 *  Scores are summed over k in the reference's order, so they are the reference's bits.
 *
 *  Paths per head:
 *  - general (any Q, K, V, causal): per row, scores into an n-vector, their max, exp(s − max) in place,
 *    then the weighted sums: the two-pass log-sum-exp of the reference.
 *  - symmetric (Q and K both c·I, or Q and K equal entry-wise, not causal): ⟨q_i, q_j⟩ is computed
 *    with the same products in the same order for (i, j) and (j, i), so s_ij = s_ji bitwise and each
 *    unordered pair's exponential is computed once and added to both rows; rows go two at a time (the
 *    pairing depends only on the part's row range) so each column is loaded once per two rows. The shift is GLOBAL:
 *    C = |scale|·max_i |q_i|² ≥ every score (Cauchy–Schwarz), so e^{s − C} ≤ 1 never overflows; for sa
 *    the shift cancels in w = e^{s−C}/Σe^{s−C}, for usa the factor e^{C}/n is multiplied back as the
 *    reference does with e^{max}. A global shift can underflow a row whose own maximum m_i lies far
 *    below C; since m_i ≥ s_ii = scale·|q_i|², the path is used only when scale ≥ 0 and
 *    C − scale·min_i|q_i|² ≤ SYMMETRIC_MAX_GAP, which always holds near the sphere with Q = K = c·I
 *    (gap = β c²(max|x|² − min|x|²) = O(β·h²) at RK stages); otherwise that evaluation uses the
 *    general path. */
import type { AttentionParams } from '../models/attention.js';
import { type ExpImplementation, fastExp } from './fast-exp.js';
import { applyRows, balancedBounds, BufferLayout, chunkNeeds, DEFAULT_PARTS, planAttentionHeads, planPaths, reduceSymmetricRows, reductionBounds, squaredNormRange, transposeRows, writeSymmetricHead } from './head-plan.js';

export interface AttentionKernelOptions {
  /** 'fast' (default): our exp (≤ 2 ulp, src/kernels/fast-exp.ts); 'math': Math.exp. */
  readonly exp?: ExpImplementation;
  /** Use the symmetric-score path where it applies (default true). */
  readonly symmetric?: boolean;
  /** Number of independent parts of one evaluation (default DEFAULT_PARTS = 8, for any thread count). */
  readonly parts?: number;
}

export interface AttentionKernel {
  readonly n: number;
  readonly d: number;
  readonly parts: number;
  /** Float64 count of the one buffer the kernel works in (shareable between threads). */
  readonly bufferLength: number;
  readonly buffer: Float64Array;
  /** Rows of chunk c: chunkBounds[c]..chunkBounds[c + 1], c < parts (balanced for the reduction). */
  readonly chunkBounds: Int32Array;
  /** Chunk c's reduceRows and writeRows read the output of parts 0..chunkNeeds[c] only. */
  readonly chunkNeeds: Int32Array;
  /** The state's rows of one chunk: their projections (transposed) and norms. */
  prepareRows(x: Float64Array, chunk: number): void;
  /** After every prepareRows: each head's path and shift for this evaluation (one thread). */
  plan(): void;
  /** Every prepareRows in order, then plan (one thread). */
  prepare(x: Float64Array): void;
  runPart(part: number): void;
  /** After every part has run: the reduction of the chunk's rows of the symmetric path. */
  reduceRows(chunk: number): void;
  /** After reduceRows(chunk): the field's rows of the chunk into out. */
  writeRows(out: Float64Array, chunk: number): void;
  /** Every reduceRows and writeRows in order (one thread). */
  finish(out: Float64Array): void;
  /** Which path each head took in the last evaluation. */
  paths(): ('general' | 'symmetric')[];
}

interface HeadLayout {
  /** transposed Q x (m×n), K x (m×n; the same offset when K x = Q x), V x (d×n) */
  readonly qT: number;
  readonly kT: number;
  readonly vT: number;
  /** general path: n×d contribution, written by the part owning the row */
  readonly out: number;
  /** symmetric path: parts × (d+1) × n partial accumulators, transposed (d sums, then the partition) */
  readonly part: number;
}

/** Builds a kernel for fixed params and shapes. `buffer` may be passed (a SharedArrayBuffer view of
 *  length `bufferLength`, or a function making it) so several threads can work on one evaluation. */
export function createAttentionKernel(
  params: AttentionParams,
  n: number,
  d: number,
  options: AttentionKernelOptions = {},
  buffer?: Float64Array | ((length: number) => Float64Array),
): AttentionKernel {
  const parts = options.parts ?? DEFAULT_PARTS;
  const useMath = (options.exp ?? 'fast') === 'math';
  const { heads, causal } = params;
  const usa = params.normalization === 'usa';
  const H = heads.length;
  const plans = planAttentionHeads(params, options.symmetric ?? true);

  const layout = new BufferLayout();
  const take = (size: number): number => layout.take(size);
  const ctrlOff = take(2 * H); // per head: path (1 symmetric, 0 general), shift C
  const normsOff = take(2 * H * parts); // per head and chunk: max and min |q_i|² (squaredNormRange)
  const xT = take(n * d); // x transposed, shared by every head whose Q, K or V is c·I
  const layouts: HeadLayout[] = plans.map((p) => {
    const qT = p.qScale === undefined ? take(n * p.m) : xT;
    const kT = p.kEqualsQ ? qT : p.kScale === undefined ? take(n * p.m) : xT;
    return {
      qT,
      kT,
      vT: p.vScale === undefined ? take(n * d) : xT,
      out: take(n * d),
      part: p.symmetricCapable ? take(parts * (d + 1) * n) : -1,
    };
  });
  const bufferLength = layout.length;
  const buf = typeof buffer === 'function' ? buffer(bufferLength) : (buffer ?? new Float64Array(bufferLength));
  if (buf.length < bufferLength) throw new Error(`attention kernel: buffer of ${buf.length} < ${bufferLength} float64`);

  // Per-kernel scratch (not shared: each thread building the kernel has its own).
  const sc = new Float64Array(n);
  const sc2 = new Float64Array(n);
  const sums = new Float64Array(d);
  const ctrl = buf.subarray(ctrlOff, ctrlOff + 2 * H);
  const norms = buf.subarray(normsOff, normsOff + 2 * H * parts);
  const maxM = Math.max(d, ...plans.map((p) => p.m));
  const qRows = plans.map((p) => (p.qScale === undefined ? new Float64Array(n * p.m) : new Float64Array(0)));
  const proj = new Float64Array(n * maxM); // K x or V x before transposition

  // Row ranges of the general path (balanced by pair count: a causal row i costs i + 1)
  // and of the symmetric path (row i pairs with j ≥ i: n − i pairs).
  const generalBounds = balancedBounds(n, parts, (i) => (causal ? i + 1 : n));
  const symmetricBounds = balancedBounds(n, parts, (i) => n - i);
  const reduceBounds = reductionBounds(symmetricBounds, n, parts, parts);
  const needs = chunkNeeds(reduceBounds, [symmetricBounds, generalBounds], parts);

  return {
    n,
    d,
    parts,
    bufferLength,
    buffer: buf,
    chunkBounds: reduceBounds,
    chunkNeeds: needs,
    prepareRows(x, chunk) {
      const a = reduceBounds[chunk];
      const b = reduceBounds[chunk + 1];
      transposeRows(x, n, d, buf, xT, a, b);
      for (let h = 0; h < H; h++) {
        const p = plans[h];
        const l = layouts[h];
        const src = heads[h];
        const q = p.qScale === undefined ? qRows[h] : x; // row-major Q x, for the shift
        if (p.qScale === undefined) {
          applyRows(src.Q.data, p.m, x, d, q, a, b);
          transposeRows(q, n, p.m, buf, l.qT, a, b);
        }
        if (l.kT !== l.qT && l.kT !== xT) {
          applyRows(src.K.data, p.m, x, d, proj, a, b);
          transposeRows(proj, n, p.m, buf, l.kT, a, b);
        }
        if (l.vT !== xT) {
          applyRows(src.V.data, d, x, d, proj, a, b);
          transposeRows(proj, n, d, buf, l.vT, a, b);
        }
        if (p.symmetricCapable) squaredNormRange(q, p.m, a, b, norms, 2 * (h * parts + chunk));
      }
    },
    plan() {
      planPaths(plans, norms, parts, ctrl);
    },
    prepare(x) {
      prepareOnOneThread(this, x);
    },
    runPart(part) {
      for (let h = 0; h < H; h++) {
        const p = plans[h];
        const l = layouts[h];
        if (ctrl[2 * h] === 1) {
          symmetricRows(buf, l.qT, l.vT, p.m, d, n, p.scoreScale, ctrl[2 * h + 1], symmetricBounds[part], symmetricBounds[part + 1], l.part + part * (d + 1) * n, sc, sc2, useMath);
        } else {
          generalRows(buf, l.qT, l.kT, l.vT, p.m, d, n, p.scoreScale, p.valueScale, usa, causal, generalBounds[part], generalBounds[part + 1], sc, sums, l.out, useMath);
        }
      }
    },
    reduceRows(chunk) {
      for (let h = 0; h < H; h++) {
        if (ctrl[2 * h] !== 1) continue;
        const valueScale = plans[h].valueScale;
        const usaFactor = (valueScale * Math.exp(ctrl[2 * h + 1])) / n;
        reduceSymmetricRows(buf, layouts[h].part, parts, symmetricBounds, n, d, usa, usaFactor, valueScale, reduceBounds[chunk], reduceBounds[chunk + 1]);
      }
    },
    writeRows(out, chunk) {
      const a = reduceBounds[chunk];
      const b = reduceBounds[chunk + 1];
      for (let h = 0; h < H; h++) {
        const l = layouts[h];
        if (ctrl[2 * h] === 1) writeSymmetricHead(buf, l.part, n, d, out, h === 0, a, b);
        else if (h === 0) for (let t = a * d; t < b * d; t++) out[t] = buf[l.out + t];
        else for (let t = a * d; t < b * d; t++) out[t] += buf[l.out + t];
      }
    },
    finish(out) {
      finishOnOneThread(this, out);
    },
    paths() {
      return plans.map((_, h) => (ctrl[2 * h] === 1 ? 'symmetric' : 'general'));
    },
  };
}

/** The prepare of one evaluation on the calling thread: every chunk in order, then the plan. */
export function prepareOnOneThread(kernel: AttentionKernel, x: Float64Array): void {
  for (let chunk = 0; chunk < kernel.parts; chunk++) kernel.prepareRows(x, chunk);
  kernel.plan();
}

/** The finish of one evaluation on the calling thread: each chunk reduced and written, in order. */
export function finishOnOneThread(kernel: AttentionKernel, out: Float64Array): void {
  for (let chunk = 0; chunk < kernel.parts; chunk++) {
    kernel.reduceRows(chunk);
    kernel.writeRows(out, chunk);
  }
}

/** sc[j] = Σ_k q_i[k]·kT[k][j] for j ∈ [j0, j1), summed over k in order from 0 (the reference's bits),
 *  up to four coordinates per sweep. q_i is column i of qT. */
function scoreSweeps(b: Float64Array, qT: number, kT: number, m: number, n: number, i: number, sc: Float64Array, j0: number, j1: number): void {
  for (let kc = 0; kc < m; kc += 4) {
    const c = Math.min(4, m - kc);
    const o0 = kT + kc * n;
    const q0 = b[qT + kc * n + i];
    const first = kc === 0;
    if (c === 4) {
      const q1 = b[qT + (kc + 1) * n + i], q2 = b[qT + (kc + 2) * n + i], q3 = b[qT + (kc + 3) * n + i];
      const o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      for (let j = j0; j < j1; j++) {
        let s = first ? 0 : sc[j];
        s += q0 * b[o0 + j];
        s += q1 * b[o1 + j];
        s += q2 * b[o2 + j];
        s += q3 * b[o3 + j];
        sc[j] = s;
      }
    } else if (c === 3) {
      const q1 = b[qT + (kc + 1) * n + i], q2 = b[qT + (kc + 2) * n + i];
      const o1 = o0 + n, o2 = o1 + n;
      for (let j = j0; j < j1; j++) {
        let s = first ? 0 : sc[j];
        s += q0 * b[o0 + j];
        s += q1 * b[o1 + j];
        s += q2 * b[o2 + j];
        sc[j] = s;
      }
    } else if (c === 2) {
      const q1 = b[qT + (kc + 1) * n + i];
      const o1 = o0 + n;
      for (let j = j0; j < j1; j++) {
        let s = first ? 0 : sc[j];
        s += q0 * b[o0 + j];
        s += q1 * b[o1 + j];
        sc[j] = s;
      }
    } else {
      for (let j = j0; j < j1; j++) {
        let s = first ? 0 : sc[j];
        s += q0 * b[o0 + j];
        sc[j] = s;
      }
    }
  }
}

/** scoreSweeps for rows ia and ib of qT over the same columns [j0, j1) into sc and sc2: each score is
 *  the same arithmetic as scoreSweeps (same bits); four-coordinate sweeps load each column once for
 *  both rows. */
function scoreSweeps2(b: Float64Array, qT: number, m: number, n: number, ia: number, ib: number, sc: Float64Array, sc2: Float64Array, j0: number, j1: number): void {
  if (m % 4 !== 0) {
    scoreSweeps(b, qT, qT, m, n, ia, sc, j0, j1);
    scoreSweeps(b, qT, qT, m, n, ib, sc2, j0, j1);
    return;
  }
  for (let kc = 0; kc < m; kc += 4) {
    const r0 = qT + kc * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    const a0 = b[r0 + ia], a1 = b[r1 + ia], a2 = b[r2 + ia], a3 = b[r3 + ia];
    const c0 = b[r0 + ib], c1 = b[r1 + ib], c2 = b[r2 + ib], c3 = b[r3 + ib];
    const first = kc === 0;
    for (let j = j0; j < j1; j++) {
      const y0 = b[r0 + j], y1 = b[r1 + j], y2 = b[r2 + j], y3 = b[r3 + j];
      let s = first ? 0 : sc[j];
      s += a0 * y0;
      s += a1 * y1;
      s += a2 * y2;
      s += a3 * y3;
      sc[j] = s;
      let t = first ? 0 : sc2[j];
      t += c0 * y0;
      t += c1 * y1;
      t += c2 * y2;
      t += c3 * y3;
      sc2[j] = t;
    }
  }
}

/** out[k] = Σ_{j ∈ [j0, j1)} w_j·vT[k][j] for k < d (row sums in locals, four coordinates per sweep). */
function weightedSums(b: Float64Array, vT: number, d: number, n: number, sc: Float64Array, j0: number, j1: number, out: Float64Array): void {
  for (let kc = 0; kc < d; kc += 4) {
    const c = Math.min(4, d - kc);
    const o0 = vT + kc * n;
    if (c === 4) {
      const o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let j = j0; j < j1; j++) {
        const w = sc[j];
        a0 += w * b[o0 + j];
        a1 += w * b[o1 + j];
        a2 += w * b[o2 + j];
        a3 += w * b[o3 + j];
      }
      out[kc] = a0;
      out[kc + 1] = a1;
      out[kc + 2] = a2;
      out[kc + 3] = a3;
    } else if (c === 3) {
      const o1 = o0 + n, o2 = o1 + n;
      let a0 = 0, a1 = 0, a2 = 0;
      for (let j = j0; j < j1; j++) {
        const w = sc[j];
        a0 += w * b[o0 + j];
        a1 += w * b[o1 + j];
        a2 += w * b[o2 + j];
      }
      out[kc] = a0;
      out[kc + 1] = a1;
      out[kc + 2] = a2;
    } else if (c === 2) {
      const o1 = o0 + n;
      let a0 = 0, a1 = 0;
      for (let j = j0; j < j1; j++) {
        const w = sc[j];
        a0 += w * b[o0 + j];
        a1 += w * b[o1 + j];
      }
      out[kc] = a0;
      out[kc + 1] = a1;
    } else {
      let a0 = 0;
      for (let j = j0; j < j1; j++) a0 += sc[j] * b[o0 + j];
      out[kc] = a0;
    }
  }
}

/** Rows [rowStart, rowEnd) of one head, general path: scores and max, exp(s − max), weighted sums. */
function generalRows(
  b: Float64Array,
  qT: number,
  kT: number,
  vT: number,
  m: number,
  d: number,
  n: number,
  scale: number,
  vScale: number,
  usa: boolean,
  causal: boolean,
  rowStart: number,
  rowEnd: number,
  sc: Float64Array,
  sums: Float64Array,
  out: number,
  useMath: boolean,
): void {
  for (let i = rowStart; i < rowEnd; i++) {
    const jEnd = causal ? i + 1 : n;
    scoreSweeps(b, qT, kT, m, n, i, sc, 0, jEnd);
    let max = -Infinity;
    for (let j = 0; j < jEnd; j++) {
      const s = sc[j] * scale;
      sc[j] = s;
      if (s > max) max = s;
    }
    let weightSum = 0;
    if (useMath) {
      for (let j = 0; j < jEnd; j++) {
        const w = Math.exp(sc[j] - max); // ≤ 1: log-sum-exp, no overflow at any β
        sc[j] = w;
        weightSum += w;
      }
    } else {
      for (let j = 0; j < jEnd; j++) {
        const w = fastExp(sc[j] - max);
        sc[j] = w;
        weightSum += w;
      }
    }
    weightedSums(b, vT, d, n, sc, 0, jEnd, sums);
    // sa: divide by the partition; usa: multiply back e^{max}/n (its speeds really are O(e^{β}))
    const factor = usa ? (vScale * Math.exp(max)) / n : vScale / weightSum;
    const oi = out + i * d;
    for (let k = 0; k < d; k++) b[oi + k] = factor * sums[k];
  }
}

/** Rows [rowStart, rowEnd) of one symmetric head: every pair (i, j ≥ i) once, its weight e^{s−C} added
 *  to row i (times v_j) and to row j (times v_i) in this part's transposed accumulator at `part`
 *  ((d+1)×n, the last row the partitions). Columns ≥ rowStart are zeroed first: this part writes
 *  nothing below them. */
function symmetricRows(
  b: Float64Array,
  qT: number,
  vT: number,
  m: number,
  d: number,
  n: number,
  scale: number,
  shift: number,
  rowStart: number,
  rowEnd: number,
  part: number,
  sc: Float64Array,
  sc2: Float64Array,
  useMath: boolean,
): void {
  for (let k = 0; k <= d; k++) b.fill(0, part + k * n + rowStart, part + (k + 1) * n);
  const zRow = part + d * n;
  for (let i = rowStart; i < rowEnd; i++) {
    const j0 = i + 1;
    if (m === 3 && d === 3 && !useMath) {
      if (i + 1 < rowEnd) {
        symmetricRowPair3(b, qT, vT, n, scale, shift, i, part, zRow);
        i++; // rows i and i + 1 done together
      } else symmetricRow3(b, qT, vT, n, scale, shift, i, part, zRow);
      continue;
    }
    if (!useMath && i + 1 < rowEnd) {
      symmetricRowPair(b, qT, vT, m, d, n, scale, shift, i, part, zRow, sc, sc2);
      i++; // rows i and i + 1 done together
      continue;
    }
    scoreSweeps(b, qT, qT, m, n, i, sc, i, n); // from the diagonal: sc[i] = |q_i|²
    const wd = useMath ? Math.exp(sc[i] * scale - shift) : fastExp(sc[i] * scale - shift);
    sc[i] = wd;
    let z = wd;
    if (useMath) {
      for (let j = j0; j < n; j++) {
        const w = Math.exp(sc[j] * scale - shift);
        sc[j] = w;
        z += w;
        b[zRow + j] += w;
      }
    } else {
      for (let j = j0; j < n; j++) {
        const w = fastExp(sc[j] * scale - shift);
        sc[j] = w;
        z += w;
        b[zRow + j] += w;
      }
    }
    b[zRow + i] += z;
    // row i: Σ_{j ≥ i} w_ij v_j (diagonal included); row j > i: += w_ij v_i
    for (let kc = 0; kc < d; kc += 4) {
      const c = Math.min(4, d - kc);
      const o0 = vT + kc * n;
      const p0 = part + kc * n;
      if (c === 4) {
        const o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
        const p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
        const v0 = b[o0 + i], v1 = b[o1 + i], v2 = b[o2 + i], v3 = b[o3 + i];
        const wd = sc[i];
        let a0 = wd * v0, a1 = wd * v1, a2 = wd * v2, a3 = wd * v3;
        for (let j = j0; j < n; j++) {
          const w = sc[j];
          a0 += w * b[o0 + j];
          a1 += w * b[o1 + j];
          a2 += w * b[o2 + j];
          a3 += w * b[o3 + j];
          b[p0 + j] += w * v0;
          b[p1 + j] += w * v1;
          b[p2 + j] += w * v2;
          b[p3 + j] += w * v3;
        }
        b[p0 + i] += a0;
        b[p1 + i] += a1;
        b[p2 + i] += a2;
        b[p3 + i] += a3;
      } else if (c === 3) {
        const o1 = o0 + n, o2 = o1 + n;
        const p1 = p0 + n, p2 = p1 + n;
        const v0 = b[o0 + i], v1 = b[o1 + i], v2 = b[o2 + i];
        const wd = sc[i];
        let a0 = wd * v0, a1 = wd * v1, a2 = wd * v2;
        for (let j = j0; j < n; j++) {
          const w = sc[j];
          a0 += w * b[o0 + j];
          a1 += w * b[o1 + j];
          a2 += w * b[o2 + j];
          b[p0 + j] += w * v0;
          b[p1 + j] += w * v1;
          b[p2 + j] += w * v2;
        }
        b[p0 + i] += a0;
        b[p1 + i] += a1;
        b[p2 + i] += a2;
      } else {
        for (let k = kc; k < kc + c; k++) {
          const ok = vT + k * n;
          const pk = part + k * n;
          const vk = b[ok + i];
          let a = sc[i] * vk;
          for (let j = j0; j < n; j++) {
            const w = sc[j];
            a += w * b[ok + j];
            b[pk + j] += w * vk;
          }
          b[pk + i] += a;
        }
      }
    }
  }
}

/** m = d = 3, fast exp: the generic row of symmetricRows in one loop (score, weight, both rows'
 *  updates), the same operations in the same order, so the same bits with less memory traffic. */
function symmetricRow3(b: Float64Array, qT: number, vT: number, n: number, scale: number, shift: number, i: number, part: number, zRow: number): void {
  const q0 = b[qT + i], q1 = b[qT + n + i], q2 = b[qT + 2 * n + i];
  const o0 = vT, o1 = vT + n, o2 = vT + 2 * n;
  const p0 = part, p1 = part + n, p2 = part + 2 * n;
  const v0 = b[o0 + i], v1 = b[o1 + i], v2 = b[o2 + i];
  let sd = 0;
  sd += q0 * b[qT + i];
  sd += q1 * b[qT + n + i];
  sd += q2 * b[qT + 2 * n + i];
  const wd = fastExp(sd * scale - shift);
  let z = wd;
  let a0 = wd * v0, a1 = wd * v1, a2 = wd * v2;
  const r0 = qT, r1 = qT + n, r2 = qT + 2 * n;
  for (let j = i + 1; j < n; j++) {
    let s = 0;
    s += q0 * b[r0 + j];
    s += q1 * b[r1 + j];
    s += q2 * b[r2 + j];
    const w = fastExp(s * scale - shift);
    z += w;
    b[zRow + j] += w;
    a0 += w * b[o0 + j];
    a1 += w * b[o1 + j];
    a2 += w * b[o2 + j];
    b[p0 + j] += w * v0;
    b[p1 + j] += w * v1;
    b[p2 + j] += w * v2;
  }
  b[zRow + i] += z;
  b[p0 + i] += a0;
  b[p1 + i] += a1;
  b[p2 + i] += a2;
}

/** m = d = 3, fast exp, rows i and i + 1 together: each column j > i + 1 is loaded once for both rows and
 *  its accumulator updated once with both weights. (Other bits than two symmetricRow3 calls, the same
 *  for any thread: the pairing depends only on the part's row range.) */
function symmetricRowPair3(b: Float64Array, qT: number, vT: number, n: number, scale: number, shift: number, i: number, part: number, zRow: number): void {
  const r0 = qT, r1 = qT + n, r2 = qT + 2 * n;
  const o0 = vT, o1 = vT + n, o2 = vT + 2 * n;
  const p0 = part, p1 = part + n, p2 = part + 2 * n;
  const i1 = i + 1;
  const qa0 = b[r0 + i], qa1 = b[r1 + i], qa2 = b[r2 + i];
  const qb0 = b[r0 + i1], qb1 = b[r1 + i1], qb2 = b[r2 + i1];
  const va0 = b[o0 + i], va1 = b[o1 + i], va2 = b[o2 + i];
  const vb0 = b[o0 + i1], vb1 = b[o1 + i1], vb2 = b[o2 + i1];
  // the three pairs among rows i, i + 1: (i, i), (i, i+1), (i+1, i+1)
  let s = 0;
  s += qa0 * qa0;
  s += qa1 * qa1;
  s += qa2 * qa2;
  const waa = fastExp(s * scale - shift);
  s = 0;
  s += qa0 * qb0;
  s += qa1 * qb1;
  s += qa2 * qb2;
  const wab = fastExp(s * scale - shift);
  s = 0;
  s += qb0 * qb0;
  s += qb1 * qb1;
  s += qb2 * qb2;
  const wbb = fastExp(s * scale - shift);
  let za = waa + wab;
  let zb = wbb + wab;
  let a0 = waa * va0 + wab * vb0, a1 = waa * va1 + wab * vb1, a2 = waa * va2 + wab * vb2;
  let c0 = wbb * vb0 + wab * va0, c1 = wbb * vb1 + wab * va1, c2 = wbb * vb2 + wab * va2;
  for (let j = i + 2; j < n; j++) {
    const x0 = b[r0 + j], x1 = b[r1 + j], x2 = b[r2 + j];
    let sa = 0;
    sa += qa0 * x0;
    sa += qa1 * x1;
    sa += qa2 * x2;
    let sb = 0;
    sb += qb0 * x0;
    sb += qb1 * x1;
    sb += qb2 * x2;
    const wa = fastExp(sa * scale - shift);
    const wb = fastExp(sb * scale - shift);
    za += wa;
    zb += wb;
    b[zRow + j] += wa + wb;
    const y0 = b[o0 + j], y1 = b[o1 + j], y2 = b[o2 + j];
    a0 += wa * y0;
    a1 += wa * y1;
    a2 += wa * y2;
    c0 += wb * y0;
    c1 += wb * y1;
    c2 += wb * y2;
    b[p0 + j] += wa * va0 + wb * vb0;
    b[p1 + j] += wa * va1 + wb * vb1;
    b[p2 + j] += wa * va2 + wb * vb2;
  }
  b[zRow + i] += za;
  b[zRow + i1] += zb;
  b[p0 + i] += a0;
  b[p1 + i] += a1;
  b[p2 + i] += a2;
  b[p0 + i1] += c0;
  b[p1 + i1] += c1;
  b[p2 + i1] += c2;
}

/** Fast exp, rows i and i + 1 together (any m, d): scores and weights per row as in symmetricRows, then
 *  each column's v_j is loaded once for both rows and its accumulator updated once with both weights. */
function symmetricRowPair(
  b: Float64Array,
  qT: number,
  vT: number,
  m: number,
  d: number,
  n: number,
  scale: number,
  shift: number,
  i: number,
  part: number,
  zRow: number,
  sc: Float64Array,
  sc2: Float64Array,
): void {
  const i1 = i + 1;
  const j0 = i + 2;
  scoreSweeps(b, qT, qT, m, n, i, sc, i, i1); // sc[i] = |q_i|²
  scoreSweeps2(b, qT, m, n, i, i1, sc, sc2, i1, n); // sc[i+1] = ⟨q_i, q_{i+1}⟩, sc2[i+1] = |q_{i+1}|²
  const waa = fastExp(sc[i] * scale - shift);
  const wab = fastExp(sc[i1] * scale - shift);
  const wbb = fastExp(sc2[i1] * scale - shift);
  let za = waa + wab;
  let zb = wbb + wab;
  for (let j = j0; j < n; j++) {
    const wa = fastExp(sc[j] * scale - shift);
    const wb = fastExp(sc2[j] * scale - shift);
    sc[j] = wa;
    sc2[j] = wb;
    za += wa;
    zb += wb;
    b[zRow + j] += wa + wb;
  }
  b[zRow + i] += za;
  b[zRow + i1] += zb;
  let kc = 0;
  for (; kc + 4 <= d; kc += 4) {
    const o0 = vT + kc * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    const p0 = part + kc * n, p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
    const va0 = b[o0 + i], va1 = b[o1 + i], va2 = b[o2 + i], va3 = b[o3 + i];
    const vb0 = b[o0 + i1], vb1 = b[o1 + i1], vb2 = b[o2 + i1], vb3 = b[o3 + i1];
    let a0 = waa * va0 + wab * vb0, a1 = waa * va1 + wab * vb1, a2 = waa * va2 + wab * vb2, a3 = waa * va3 + wab * vb3;
    let c0 = wbb * vb0 + wab * va0, c1 = wbb * vb1 + wab * va1, c2 = wbb * vb2 + wab * va2, c3 = wbb * vb3 + wab * va3;
    for (let j = j0; j < n; j++) {
      const wa = sc[j];
      const wb = sc2[j];
      const y0 = b[o0 + j], y1 = b[o1 + j], y2 = b[o2 + j], y3 = b[o3 + j];
      a0 += wa * y0;
      a1 += wa * y1;
      a2 += wa * y2;
      a3 += wa * y3;
      c0 += wb * y0;
      c1 += wb * y1;
      c2 += wb * y2;
      c3 += wb * y3;
      b[p0 + j] += wa * va0 + wb * vb0;
      b[p1 + j] += wa * va1 + wb * vb1;
      b[p2 + j] += wa * va2 + wb * vb2;
      b[p3 + j] += wa * va3 + wb * vb3;
    }
    b[p0 + i] += a0;
    b[p1 + i] += a1;
    b[p2 + i] += a2;
    b[p3 + i] += a3;
    b[p0 + i1] += c0;
    b[p1 + i1] += c1;
    b[p2 + i1] += c2;
    b[p3 + i1] += c3;
  }
  for (; kc < d; kc++) {
    const o = vT + kc * n;
    const p = part + kc * n;
    const va = b[o + i];
    const vb = b[o + i1];
    let a = waa * va + wab * vb;
    let c = wbb * vb + wab * va;
    for (let j = j0; j < n; j++) {
      const wa = sc[j];
      const wb = sc2[j];
      const y = b[o + j];
      a += wa * y;
      c += wb * y;
      b[p + j] += wa * va + wb * vb;
    }
    b[p + i] += a;
    b[p + i1] += c;
  }
}
