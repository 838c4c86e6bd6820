// AssemblyScript source of the WebAssembly SIMD attention kernel (src/kernels/wasm/attention.wasm,
// built by `npm run build:wasm`, loaded by src/kernels/wasm-kernel.ts). Standard 128-bit SIMD only.
//
// Lanes run over two columns j, j+1 of the same row i, never over the coordinate k: each lane sums
// its dot product over k in the same order as the scalar reference, so a score is the same bits as the
// reference's score. Inputs are transposed (coordinate-major, T[k*n + j]) so a pair of columns is one
// 16-byte load. Memory is managed by the host above heapBase(); nothing here allocates.
//
// exp: the algorithm of src/kernels/fast-exp.ts (Cody–Waite reduction, degree-13 Taylor, scale 2^k),
// lane-wise; 2^k is built from its exponent bits, so results below 2^-1022 (x < -708) are flushed to 0,
// and x ≥ 709.43 (k = 1024) is outside the domain (+∞). The kernels only pass x ≤ 4m·ε·β ≈ 0.

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const FLUSH_BELOW: f64 = -708.0;
const C2: f64 = 1.0 / 2.0;
const C3: f64 = 1.0 / 6.0;
const C4: f64 = 1.0 / 24.0;
const C5: f64 = 1.0 / 120.0;
const C6: f64 = 1.0 / 720.0;
const C7: f64 = 1.0 / 5040.0;
const C8: f64 = 1.0 / 40320.0;
const C9: f64 = 1.0 / 362880.0;
const C10: f64 = 1.0 / 3628800.0;
const C11: f64 = 1.0 / 39916800.0;
const C12: f64 = 1.0 / 479001600.0;
const C13: f64 = 1.0 / 6227020800.0;
// 1.5·2^52: its bit pattern plus an integer k is the bit pattern of 1.5·2^52 + k.
const ROUND_SHIFT: f64 = 6755399441055744.0;
const ROUND_SHIFT_BITS: i64 = 0x4338000000000000;

export function heapBase(): usize {
  return __heap_base;
}

@inline
function expScalar(x: f64): f64 {
  if (x < FLUSH_BELOW) return 0.0;
  const k = nearest<f64>(x * LOG2E);
  const r = x - k * LN2_HI - k * LN2_LO;
  const p =
    1.0 + r * (1.0 + r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * (C7 + r * (C8 + r * (C9 + r * (C10 + r * (C11 + r * (C12 + r * C13))))))))))));
  const bits = (reinterpret<i64>(k + ROUND_SHIFT) - ROUND_SHIFT_BITS + 1023) << 52;
  return p * reinterpret<f64>(bits);
}

@inline
function expPair(x: v128): v128 {
  const xc = f64x2.max(x, f64x2.splat(FLUSH_BELOW));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  let p = f64x2.add(f64x2.splat(C12), f64x2.mul(r, f64x2.splat(C13)));
  p = f64x2.add(f64x2.splat(C11), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C10), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C9), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C8), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C7), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C6), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C5), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C4), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C3), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C2), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0), f64x2.mul(r, p));
  const kbits = i64x2.sub(f64x2.add(k, f64x2.splat(ROUND_SHIFT)), i64x2.splat(ROUND_SHIFT_BITS - 1023));
  const scaled = f64x2.mul(p, i64x2.shl(kbits, 52));
  return v128.and(scaled, f64x2.ge(x, f64x2.splat(FLUSH_BELOW)));
}

@inline
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** exp of `count` values in place (for the accuracy test). */
export function expArray(ptr: usize, count: i32): void {
  let t = 0;
  for (; t + 1 < count; t += 2) v128.store(ptr + (<usize>t << 3), expPair(v128.load(ptr + (<usize>t << 3))));
  if (t < count) store<f64>(ptr + (<usize>t << 3), expScalar(load<f64>(ptr + (<usize>t << 3))));
}

/**
 * Symmetric path, rows [rowStart, rowEnd): every pair (i, j ≥ i) once with weight e^{scale·⟨q_i,q_j⟩ − shift},
 * added to row i (times v_j) and row j (times v_i). qT: m×n, vT: d×n (transposed). partT: d×n sums, then n
 * partitions; rows ≥ rowStart are zeroed first. Scratch: qi (m), vi (d), rowAcc (d v128).
 */
export function symmetricRows(
  qT: usize, vT: usize, m: i32, d: i32, n: i32, scale: f64, shift: f64,
  rowStart: i32, rowEnd: i32, partT: usize, qi: usize, vi: usize, rowAcc: usize,
): void {
  const zT: usize = partT + ((<usize>d * <usize>n) << 3);
  for (let k = 0; k <= d; k++) memory.fill(partT + ((<usize>k * <usize>n + <usize>rowStart) << 3), 0, (<usize>(n - rowStart)) << 3);
  const nBytes: usize = <usize>n << 3;
  const vScale = f64x2.splat(scale);
  const vShift = f64x2.splat(shift);
  for (let i = rowStart; i < rowEnd; i++) {
    const iOff: usize = <usize>i << 3;
    for (let k = 0; k < m; k++) store<f64>(qi + (<usize>k << 3), load<f64>(qT + <usize>k * nBytes + iOff));
    for (let k = 0; k < d; k++) {
      store<f64>(vi + (<usize>k << 3), load<f64>(vT + <usize>k * nBytes + iOff));
      v128.store(rowAcc + (<usize>k << 4), f64x2.splat(0.0));
    }
    // the diagonal term
    let sd: f64 = 0.0;
    for (let k = 0; k < m; k++) sd += load<f64>(qi + (<usize>k << 3)) * load<f64>(qi + (<usize>k << 3));
    sd *= scale;
    const wd = expScalar(sd - shift);
    let zAcc = f64x2.splat(0.0);
    let j = i + 1;
    for (; j + 1 < n; j += 2) {
      const jOff: usize = <usize>j << 3;
      let s = f64x2.splat(0.0);
      for (let k = 0; k < m; k++) {
        s = f64x2.add(s, f64x2.mul(v128.load_splat<f64>(qi + (<usize>k << 3)), v128.load(qT + <usize>k * nBytes + jOff)));
      }
      const w = expPair(f64x2.sub(f64x2.mul(s, vScale), vShift));
      zAcc = f64x2.add(zAcc, w);
      for (let k = 0; k < d; k++) {
        const col = <usize>k * nBytes + jOff;
        const ra = rowAcc + (<usize>k << 4);
        v128.store(ra, f64x2.add(v128.load(ra), f64x2.mul(w, v128.load(vT + col))));
        const pa = partT + col;
        v128.store(pa, f64x2.add(v128.load(pa), f64x2.mul(w, v128.load_splat<f64>(vi + (<usize>k << 3)))));
      }
      const za = zT + jOff;
      v128.store(za, f64x2.add(v128.load(za), w));
    }
    let tailW: f64 = 0.0;
    if (j < n) {
      const jOff: usize = <usize>j << 3;
      let s: f64 = 0.0;
      for (let k = 0; k < m; k++) s += load<f64>(qi + (<usize>k << 3)) * load<f64>(qT + <usize>k * nBytes + jOff);
      s *= scale;
      tailW = expScalar(s - shift);
      for (let k = 0; k < d; k++) {
        const col = <usize>k * nBytes + jOff;
        const ra = rowAcc + (<usize>k << 4);
        v128.store(ra, f64x2.replace_lane(v128.load(ra), 0, f64x2.extract_lane(v128.load(ra), 0) + tailW * load<f64>(vT + col)));
        store<f64>(partT + col, load<f64>(partT + col) + tailW * load<f64>(vi + (<usize>k << 3)));
      }
      store<f64>(zT + jOff, load<f64>(zT + jOff) + tailW);
    }
    for (let k = 0; k < d; k++) {
      const col = <usize>k * nBytes + iOff;
      store<f64>(partT + col, load<f64>(partT + col) + (wd * load<f64>(vi + (<usize>k << 3)) + hsum(v128.load(rowAcc + (<usize>k << 4)))));
    }
    store<f64>(zT + iOff, load<f64>(zT + iOff) + (wd + hsum(zAcc) + tailW));
  }
}

/**
 * General path, rows [rowStart, rowEnd): two passes per row (scores and their max, then exp(s − max) and
 * accumulation), causal rows stop at j = i. q: n×m row-major, kT: m×n, vT: d×n. Writes per row into
 * rows (n × (d+2)): the d sums, the partition, the max (the host applies sa/usa factors).
 * Scratch: scores (n + 1), rowAcc (d v128).
 */
export function generalRows(
  q: usize, kT: usize, vT: usize, m: i32, d: i32, n: i32, scale: f64, causal: i32,
  rowStart: i32, rowEnd: i32, rows: usize, scores: usize, rowAcc: usize,
): void {
  const nBytes: usize = <usize>n << 3;
  const vScale = f64x2.splat(scale);
  for (let i = rowStart; i < rowEnd; i++) {
    const jEnd = causal ? i + 1 : n;
    const qi: usize = q + ((<usize>i * <usize>m) << 3);
    let vMax = f64x2.splat(-Infinity);
    let j = 0;
    for (; j + 1 < jEnd; j += 2) {
      const jOff: usize = <usize>j << 3;
      let s = f64x2.splat(0.0);
      for (let k = 0; k < m; k++) {
        s = f64x2.add(s, f64x2.mul(v128.load_splat<f64>(qi + (<usize>k << 3)), v128.load(kT + <usize>k * nBytes + jOff)));
      }
      s = f64x2.mul(s, vScale);
      v128.store(scores + jOff, s);
      vMax = f64x2.max(vMax, s);
    }
    let rowMax: f64 = Math.max(f64x2.extract_lane(vMax, 0), f64x2.extract_lane(vMax, 1));
    if (j < jEnd) {
      let s: f64 = 0.0;
      for (let k = 0; k < m; k++) s += load<f64>(qi + (<usize>k << 3)) * load<f64>(kT + <usize>k * nBytes + (<usize>j << 3));
      s *= scale;
      store<f64>(scores + (<usize>j << 3), s);
      if (s > rowMax) rowMax = s;
    }
    for (let k = 0; k < d; k++) v128.store(rowAcc + (<usize>k << 4), f64x2.splat(0.0));
    const vm = f64x2.splat(rowMax);
    let zAcc = f64x2.splat(0.0);
    j = 0;
    for (; j + 1 < jEnd; j += 2) {
      const jOff: usize = <usize>j << 3;
      const w = expPair(f64x2.sub(v128.load(scores + jOff), vm));
      zAcc = f64x2.add(zAcc, w);
      for (let k = 0; k < d; k++) {
        const ra = rowAcc + (<usize>k << 4);
        v128.store(ra, f64x2.add(v128.load(ra), f64x2.mul(w, v128.load(vT + <usize>k * nBytes + jOff))));
      }
    }
    let z = hsum(zAcc);
    const out: usize = rows + ((<usize>i * <usize>(d + 2)) << 3);
    if (j < jEnd) {
      const w = expScalar(load<f64>(scores + (<usize>j << 3)) - rowMax);
      z += w;
      for (let k = 0; k < d; k++) store<f64>(out + (<usize>k << 3), hsum(v128.load(rowAcc + (<usize>k << 4))) + w * load<f64>(vT + <usize>k * nBytes + (<usize>j << 3)));
    } else {
      for (let k = 0; k < d; k++) store<f64>(out + (<usize>k << 3), hsum(v128.load(rowAcc + (<usize>k << 4))));
    }
    store<f64>(out + (<usize>d << 3), z);
    store<f64>(out + (<usize>(d + 1) << 3), rowMax);
  }
}
