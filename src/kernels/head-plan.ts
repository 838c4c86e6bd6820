/** What every attention kernel decides once per head (shared by the TS and WASM kernels, so both take
 *  the same path and fold the same scalars as the reference src/models/attention.ts). */
import { scalarOfIdentity } from '../core/linalg.js';
import type { AttentionParams } from '../models/attention.js';

/** With the global shift a weight is e^{s−m_i}·e^{m_i−C}; weights stay normal doubles (exact to the
 *  last bit like the reference's) while s − m_i > −708 + gap. With gap ≤ 600 only weights below
 *  e^{−108} ≈ 1e−47 of the row's largest can differ from the reference: far below float64 resolution. */
export const SYMMETRIC_MAX_GAP = 600;

export interface HeadPlan {
  /** Rows of Q and K (the score dimension). */
  readonly m: number;
  /** Set when the matrix is c·I: the product is skipped and c folded into β or the output factor. */
  readonly qScale: number | undefined;
  readonly kScale: number | undefined;
  readonly vScale: number | undefined;
  /** Q and K equal entry-wise (not c·I): K x = Q x is formed once. */
  readonly kEqualsQ: boolean;
  /** Scores are symmetric bitwise (Q, K both c·I, or K = Q) and the model is not causal. */
  readonly symmetricCapable: boolean;
  /** β·(c_Q)·(c_K), multiplied in the same order as the reference. */
  readonly scoreScale: number;
  /** headScale·(c_V). */
  readonly valueScale: number;
}

export function planAttentionHeads(params: AttentionParams, allowSymmetric: boolean): HeadPlan[] {
  return params.heads.map((h) => {
    const qScale = scalarOfIdentity(h.Q);
    const kScale = scalarOfIdentity(h.K);
    const vScale = scalarOfIdentity(h.V);
    const kEqualsQ = qScale === undefined && sameEntries(h.Q.data, h.K.data);
    let scoreScale = params.beta;
    if (qScale !== undefined) scoreScale *= qScale;
    if (kScale !== undefined) scoreScale *= kScale;
    return {
      m: h.Q.rows,
      qScale,
      kScale,
      vScale,
      kEqualsQ,
      symmetricCapable: allowSymmetric && !params.causal && ((qScale !== undefined && kScale !== undefined) || kEqualsQ),
      scoreScale,
      valueScale: vScale !== undefined ? params.headScale * vScale : params.headScale,
    };
  });
}

/** into[at] = max, into[at + 1] = min of |q_i|² over rows rowStart..rowEnd (q row-major, m columns);
 *  0 and +∞ for an empty range. Max and min are exact, so the ranges of any split combine to the bits
 *  of one pass (the kernels' prepareRows write one pair per chunk, plan() combines them). */
export function squaredNormRange(q: Float64Array, m: number, rowStart: number, rowEnd: number, into: Float64Array, at: number): void {
  let maxSq = 0;
  let minSq = Infinity;
  for (let i = rowStart; i < rowEnd; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += q[i * m + k] * q[i * m + k];
    if (s > maxSq) maxSq = s;
    if (s < minSq) minSq = s;
  }
  into[at] = maxSq;
  into[at + 1] = minSq;
}

/** The global shift C of the symmetric path from max_i |q_i|² and min_i |q_i|² of this state, or NaN
 *  when the path must not be used (negative score scale, or some row's maximum may lie more than
 *  SYMMETRIC_MAX_GAP below C). */
export function shiftFromNorms(maxSq: number, minSq: number, m: number, scale: number): number {
  if (!(scale >= 0)) return NaN;
  // Margin of 4m ulp: rounding of a dot product cannot push a score above C (Cauchy–Schwarz bound).
  const shift = scale * maxSq * (1 + 4 * m * Number.EPSILON);
  return shift - scale * minSq <= SYMMETRIC_MAX_GAP ? shift : NaN;
}

/** The path (1 symmetric, 0 general) and shift of every head into ctrl[2h], ctrl[2h + 1], from the
 *  per-chunk norm pairs norms[(h·chunks + c)·2 ..] (squaredNormRange); heads that cannot take the
 *  symmetric path get 0 and NaN. */
export function planPaths(plans: readonly HeadPlan[], norms: Float64Array, chunks: number, ctrl: Float64Array): void {
  for (let h = 0; h < plans.length; h++) {
    const p = plans[h];
    let shift = NaN;
    if (p.symmetricCapable) {
      let maxSq = 0;
      let minSq = Infinity;
      for (let c = 0; c < chunks; c++) {
        const at = 2 * (h * chunks + c);
        if (norms[at] > maxSq) maxSq = norms[at];
        if (norms[at + 1] < minSq) minSq = norms[at + 1];
      }
      shift = shiftFromNorms(maxSq, minSq, p.m, p.scoreScale);
    }
    ctrl[2 * h] = Number.isNaN(shift) ? 0 : 1;
    ctrl[2 * h + 1] = shift;
  }
}

/** bounds[p]..bounds[p+1] splits rows 0..n so each part carries about the same cost. */
export function balancedBounds(n: number, parts: number, cost: (i: number) => number): Int32Array {
  const bounds = new Int32Array(parts + 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += cost(i);
  let acc = 0;
  let p = 1;
  for (let i = 0; i < n && p < parts; i++) {
    acc += cost(i);
    while (p < parts && acc >= (total * p) / parts) bounds[p++] = i + 1;
  }
  while (p <= parts) bounds[p++] = n;
  return bounds;
}

/** out (n×rows) ← rows of M·x_i for i in rowStart..rowEnd, the loop order of the reference's
 *  multiplyRows (same bits). */
export function applyRows(M: Float64Array, rows: number, x: Float64Array, d: number, out: Float64Array, rowStart: number, rowEnd: number): void {
  for (let i = rowStart; i < rowEnd; i++) {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += M[r * d + k] * x[i * d + k];
      out[i * rows + r] = s;
    }
  }
}

/** dst[off + k·n + i] = src[i·cols + k] for i in rowStart..rowEnd (coordinate-major copy). */
export function transposeRows(src: Float64Array, n: number, cols: number, dst: Float64Array, off: number, rowStart: number, rowEnd: number): void {
  for (let i = rowStart; i < rowEnd; i++) for (let k = 0; k < cols; k++) dst[off + k * n + i] = src[i * cols + k];
}

function sameEntries(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Consecutive ranges of one flat buffer, in the order asked for: take(size) returns the range's offset,
 *  `length` the total so far (the kernels lay out their shared Float64Array with it). */
export class BufferLayout {
  length = 0;
  take(size: number): number {
    const offset = this.length;
    this.length += size;
    return offset;
  }
}

/** The symmetric path's finish for one head, first half: rows rowStart..rowEnd of part 0's block
 *  become the complete sums and the row factors. Part p's block at base + p·(d+1)·n holds d transposed
 *  sums and the partitions for columns ≥ bounds[p] (it wrote nothing below); parts 1.. are added into
 *  part 0's block in part order, then each partition becomes factor_i = usaFactor (usa) or
 *  valueScale / partition_i (sa). Each entry's additions happen in the same order whatever the row range,
 *  so reducing in any split (or on any thread) gives the same bits. Shared by both kernels. */
export function reduceSymmetricRows(
  buf: Float64Array,
  base: number,
  parts: number,
  bounds: Int32Array,
  n: number,
  d: number,
  usa: boolean,
  usaFactor: number,
  valueScale: number,
  rowStart: number,
  rowEnd: number,
): void {
  const stride = (d + 1) * n;
  for (let p = 1; p < parts; p++) {
    const from = Math.max(bounds[p], rowStart);
    for (let r = 0; r <= d; r++) {
      const to = base + r * n;
      const src = base + p * stride + r * n;
      for (let i = from; i < rowEnd; i++) buf[to + i] += buf[src + i];
    }
  }
  const zRow = base + d * n;
  for (let i = rowStart; i < rowEnd; i++) buf[zRow + i] = usa ? usaFactor : valueScale / buf[zRow + i];
}

/** Second half, rows rowStart..rowEnd: out[i·d + k] = factor_i·sum (first head) or adds it (later
 *  heads), one contiguous pass per coordinate over the reduced block. */
export function writeSymmetricHead(buf: Float64Array, base: number, n: number, d: number, out: Float64Array, firstHead: boolean, rowStart: number, rowEnd: number): void {
  const zRow = base + d * n;
  for (let k = 0; k < d; k++) {
    const row = base + k * n;
    if (firstHead) for (let i = rowStart; i < rowEnd; i++) out[i * d + k] = buf[zRow + i] * buf[row + i];
    else for (let i = rowStart; i < rowEnd; i++) out[i * d + k] += buf[zRow + i] * buf[row + i];
  }
}

/** Row ranges for reducing the symmetric parts in `chunks` pieces of about equal work: row i takes one
 *  addition per part p ≥ 1 with bounds[p] ≤ i, plus its factor. */
export function reductionBounds(bounds: Int32Array, n: number, parts: number, chunks: number): Int32Array {
  return balancedBounds(n, chunks, (i) => {
    let cost = 1;
    for (let p = 1; p < parts; p++) if (bounds[p] <= i) cost++;
    return cost;
  });
}

/** For each chunk c (rows chunkBounds[c]..chunkBounds[c+1]): the last part whose output its finish may
 *  read. Under each split in `splits` part p writes only rows (general path) or columns (symmetric
 *  blocks) from split[p] on, so a chunk ending before split[p] never reads part p. */
export function chunkNeeds(chunkBounds: Int32Array, splits: readonly Int32Array[], parts: number): Int32Array {
  const needs = new Int32Array(parts);
  for (let c = 0; c < parts; c++) {
    const end = chunkBounds[c + 1];
    for (const split of splits) for (let p = 0; p < parts; p++) if (split[p] < end && p > needs[c]) needs[c] = p;
  }
  return needs;
}

/** Parts of every evaluation by default, whatever the thread count: threads claim parts as they become
 *  free (src/kernels/parallel-worker-task.ts), so 8 parts balance 2 threads of unequal speed (a core
 *  shared with another process runs at half speed) and give the same bits on 1, 2, 4 or 8 threads.
 *  Measured cost of the split on one thread: ≤ 3 % at n = 4096, d = 16 (parts 1 → 4). */
export const DEFAULT_PARTS = 8;
