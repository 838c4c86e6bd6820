// AssemblyScript source of the WebAssembly SIMD attention kernel (src/kernels/wasm/attention.wasm,
// built by `npm run build:wasm`, loaded by src/kernels/wasm-kernel.ts). Standard 128-bit SIMD only.
//
// Lanes run over two columns j, j+1 of the same row i, never over the coordinate k: each lane sums
// its dot product over k in the same order as the scalar reference, so a score is the same bits as the
// reference's score. Inputs are transposed (coordinate-major, T[k*n + j]) so a pair of columns is one
// 16-byte load. Memory is managed by the host above heapBase(); nothing here allocates.
//
// exp: the algorithm of src/kernels/fast-exp.ts (Cody–Waite reduction, degree-13 Taylor in an Estrin-style
// tree, scale 2^k),
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
  // the evaluation tree of src/kernels/fast-exp.ts, operation for operation (same bits)
  const r2 = r * r;
  const r4 = r2 * r2;
  const tail = C5 + r * C6 + r2 * (C7 + r * C8) + r4 * (C9 + r * C10 + r2 * (C11 + r * C12) + r4 * C13);
  const p = 1.0 + r * (1.0 + r * C2) + r2 * r * (C3 + r * C4 + r2 * tail);
  const bits = (reinterpret<i64>(k + ROUND_SHIFT) - ROUND_SHIFT_BITS + 1023) << 52;
  return p * reinterpret<f64>(bits);
}

// a + r·b, lane-wise
@inline
function lin(r: v128, a: f64, b: f64): v128 {
  return f64x2.add(f64x2.splat(a), f64x2.mul(r, f64x2.splat(b)));
}

@inline
function expPair(x: v128): v128 {
  const xc = f64x2.max(x, f64x2.splat(FLUSH_BELOW));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  // ((C9 + r·C10) + r2·(C11 + r·C12)) + r4·C13
  const hi = f64x2.add(
    f64x2.add(lin(r, C9, C10), f64x2.mul(r2, lin(r, C11, C12))),
    f64x2.mul(r4, f64x2.splat(C13)),
  );
  // ((C5 + r·C6) + r2·(C7 + r·C8)) + r4·hi
  const tail = f64x2.add(f64x2.add(lin(r, C5, C6), f64x2.mul(r2, lin(r, C7, C8))), f64x2.mul(r4, hi));
  // (1 + r·(1 + r·C2)) + (r2·r)·((C3 + r·C4) + r2·tail)
  const head = f64x2.add(f64x2.splat(1.0), f64x2.mul(r, lin(r, 1.0, C2)));
  const p = f64x2.add(head, f64x2.mul(f64x2.mul(r2, r), f64x2.add(lin(r, C3, C4), f64x2.mul(r2, tail))));
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

// Score pass over columns [j0, j1) of row i: sc[j] = Σ_k qi[k]·kT[k][j], summed over k in order (the
// reference's order, so each score has the reference's bits), four coordinates per sweep so the partial
// sums stream through sc while the four q_i[k] stay in registers. The scalar last column (odd count)
// is the caller's.
@inline
function scorePass(qi: usize, kT: usize, m: i32, nBytes: usize, sc: usize, j0: i32, j1: i32): void {
  let kc = 0;
  for (; kc + 4 <= m; kc += 4) {
    const q0 = v128.load_splat<f64>(qi + (<usize>kc << 3));
    const q1 = v128.load_splat<f64>(qi + (<usize>(kc + 1) << 3));
    const q2 = v128.load_splat<f64>(qi + (<usize>(kc + 2) << 3));
    const q3 = v128.load_splat<f64>(qi + (<usize>(kc + 3) << 3));
    const r0 = kT + <usize>kc * nBytes;
    const r1 = r0 + nBytes;
    const r2 = r1 + nBytes;
    const r3 = r2 + nBytes;
    for (let j = j0; j + 1 < j1; j += 2) {
      const o: usize = <usize>j << 3;
      let acc = kc == 0 ? f64x2.splat(0.0) : v128.load(sc + o);
      acc = f64x2.add(acc, f64x2.mul(q0, v128.load(r0 + o)));
      acc = f64x2.add(acc, f64x2.mul(q1, v128.load(r1 + o)));
      acc = f64x2.add(acc, f64x2.mul(q2, v128.load(r2 + o)));
      acc = f64x2.add(acc, f64x2.mul(q3, v128.load(r3 + o)));
      v128.store(sc + o, acc);
    }
  }
  for (; kc < m; kc++) {
    const q0 = v128.load_splat<f64>(qi + (<usize>kc << 3));
    const r0 = kT + <usize>kc * nBytes;
    for (let j = j0; j + 1 < j1; j += 2) {
      const o: usize = <usize>j << 3;
      const acc = kc == 0 ? f64x2.splat(0.0) : v128.load(sc + o);
      v128.store(sc + o, f64x2.add(acc, f64x2.mul(q0, v128.load(r0 + o))));
    }
  }
}

@inline
function scalarScore(qi: usize, kT: usize, m: i32, nBytes: usize, j: i32): f64 {
  let s: f64 = 0.0;
  for (let k = 0; k < m; k++) s += load<f64>(qi + (<usize>k << 3)) * load<f64>(kT + <usize>k * nBytes + (<usize>j << 3));
  return s;
}

/**
 * Symmetric path, rows [rowStart, rowEnd): every pair (i, j ≥ i) once with weight e^{scale·⟨q_i,q_j⟩ − shift},
 * added to row i (times v_j) and row j (times v_i). qT: m×n, vT: d×n (transposed). partT: d×n sums, then n
 * partitions; rows ≥ rowStart are zeroed first. Scratch for two rows: qi (2m), vi (2d), sc (2·((n + 3) & ~1)) weights.
 */
export function symmetricRows(
  qT: usize, vT: usize, m: i32, d: i32, n: i32, scale: f64, shift: f64,
  rowStart: i32, rowEnd: i32, partT: usize, qi: usize, vi: usize, sc: usize,
): void {
  const zT: usize = partT + ((<usize>d * <usize>n) << 3);
  for (let k = 0; k <= d; k++) memory.fill(partT + ((<usize>k * <usize>n + <usize>rowStart) << 3), 0, (<usize>(n - rowStart)) << 3);
  const nBytes: usize = <usize>n << 3;
  const vScale = f64x2.splat(scale);
  const vShift = f64x2.splat(shift);
  // rows two at a time share every column load and accumulator update (scratch: qi, vi and sc hold
  // both rows, the second row's part at qi + 8m, vi + 8d, sc + 8·pairStride)
  const qi2: usize = qi + (<usize>m << 3);
  const vi2: usize = vi + (<usize>d << 3);
  const sc2: usize = sc + (<usize>((n + 3) & ~1) << 3);
  let i = rowStart;
  for (; i + 1 < rowEnd; i += 2) {
    const iOff: usize = <usize>i << 3;
    for (let k = 0; k < m; k++) {
      store<f64>(qi + (<usize>k << 3), load<f64>(qT + <usize>k * nBytes + iOff));
      store<f64>(qi2 + (<usize>k << 3), load<f64>(qT + <usize>k * nBytes + iOff + 8));
    }
    for (let k = 0; k < d; k++) {
      store<f64>(vi + (<usize>k << 3), load<f64>(vT + <usize>k * nBytes + iOff));
      store<f64>(vi2 + (<usize>k << 3), load<f64>(vT + <usize>k * nBytes + iOff + 8));
    }
    symmetricRowPair(qT, vT, m, d, n, nBytes, scale, shift, i, partT, zT, qi, qi2, vi, vi2, sc, sc2);
  }
  for (; i < rowEnd; i++) {
    const iOff: usize = <usize>i << 3;
    for (let k = 0; k < m; k++) store<f64>(qi + (<usize>k << 3), load<f64>(qT + <usize>k * nBytes + iOff));
    for (let k = 0; k < d; k++) store<f64>(vi + (<usize>k << 3), load<f64>(vT + <usize>k * nBytes + iOff));
    const j0 = i + 1;
    const pairsEnd = j0 + ((n - j0) & ~1); // columns [j0, pairsEnd) in pairs, then at most one
    scorePass(qi, qT, m, nBytes, sc, j0, pairsEnd);
    // weights, and the j-side partitions
    let zAcc = f64x2.splat(0.0);
    for (let j = j0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const w = expPair(f64x2.sub(f64x2.mul(v128.load(sc + o), vScale), vShift));
      v128.store(sc + o, w);
      zAcc = f64x2.add(zAcc, w);
      v128.store(zT + o, f64x2.add(v128.load(zT + o), w));
    }
    let tailW: f64 = 0.0;
    if (pairsEnd < n) {
      let s = scalarScore(qi, qT, m, nBytes, pairsEnd);
      s *= scale;
      tailW = expScalar(s - shift);
      const o: usize = <usize>pairsEnd << 3;
      store<f64>(zT + o, load<f64>(zT + o) + tailW);
    }
    let sd: f64 = 0.0;
    for (let k = 0; k < m; k++) sd += load<f64>(qi + (<usize>k << 3)) * load<f64>(qi + (<usize>k << 3));
    sd *= scale;
    const wd = expScalar(sd - shift);
    // accumulation, four coordinates per sweep with the row sums in registers
    let kc = 0;
    for (; kc + 4 <= d; kc += 4) {
      const r0 = <usize>kc * nBytes;
      const r1 = r0 + nBytes;
      const r2 = r1 + nBytes;
      const r3 = r2 + nBytes;
      const v0 = v128.load_splat<f64>(vi + (<usize>kc << 3));
      const v1 = v128.load_splat<f64>(vi + (<usize>(kc + 1) << 3));
      const v2 = v128.load_splat<f64>(vi + (<usize>(kc + 2) << 3));
      const v3 = v128.load_splat<f64>(vi + (<usize>(kc + 3) << 3));
      let a0 = f64x2.splat(0.0);
      let a1 = f64x2.splat(0.0);
      let a2 = f64x2.splat(0.0);
      let a3 = f64x2.splat(0.0);
      for (let j = j0; j < pairsEnd; j += 2) {
        const o: usize = <usize>j << 3;
        const w = v128.load(sc + o);
        a0 = f64x2.add(a0, f64x2.mul(w, v128.load(vT + r0 + o)));
        a1 = f64x2.add(a1, f64x2.mul(w, v128.load(vT + r1 + o)));
        a2 = f64x2.add(a2, f64x2.mul(w, v128.load(vT + r2 + o)));
        a3 = f64x2.add(a3, f64x2.mul(w, v128.load(vT + r3 + o)));
        v128.store(partT + r0 + o, f64x2.add(v128.load(partT + r0 + o), f64x2.mul(w, v0)));
        v128.store(partT + r1 + o, f64x2.add(v128.load(partT + r1 + o), f64x2.mul(w, v1)));
        v128.store(partT + r2 + o, f64x2.add(v128.load(partT + r2 + o), f64x2.mul(w, v2)));
        v128.store(partT + r3 + o, f64x2.add(v128.load(partT + r3 + o), f64x2.mul(w, v3)));
      }
      finishCoordinate(a0, kc, vT, partT, vi, nBytes, iOff, wd, tailW, pairsEnd, n);
      finishCoordinate(a1, kc + 1, vT, partT, vi, nBytes, iOff, wd, tailW, pairsEnd, n);
      finishCoordinate(a2, kc + 2, vT, partT, vi, nBytes, iOff, wd, tailW, pairsEnd, n);
      finishCoordinate(a3, kc + 3, vT, partT, vi, nBytes, iOff, wd, tailW, pairsEnd, n);
    }
    for (; kc < d; kc++) {
      const r0 = <usize>kc * nBytes;
      const v0 = v128.load_splat<f64>(vi + (<usize>kc << 3));
      let a0 = f64x2.splat(0.0);
      for (let j = j0; j < pairsEnd; j += 2) {
        const o: usize = <usize>j << 3;
        const w = v128.load(sc + o);
        a0 = f64x2.add(a0, f64x2.mul(w, v128.load(vT + r0 + o)));
        v128.store(partT + r0 + o, f64x2.add(v128.load(partT + r0 + o), f64x2.mul(w, v0)));
      }
      finishCoordinate(a0, kc, vT, partT, vi, nBytes, iOff, wd, tailW, pairsEnd, n);
    }
    store<f64>(zT + iOff, load<f64>(zT + iOff) + (wd + hsum(zAcc) + tailW));
  }
}

// Score pass of two rows over columns [j0, j1) in pairs: sc[j] = ⟨q_a, k_j⟩, sc2[j] = ⟨q_b, k_j⟩, each
// summed over k in order (scorePass's arithmetic, so the same bits), every column load shared.
@inline
function scorePass2(qa: usize, qb: usize, kT: usize, m: i32, nBytes: usize, sc: usize, sc2: usize, j0: i32, j1: i32): void {
  let kc = 0;
  for (; kc + 4 <= m; kc += 4) {
    const a0 = v128.load_splat<f64>(qa + (<usize>kc << 3));
    const a1 = v128.load_splat<f64>(qa + (<usize>(kc + 1) << 3));
    const a2 = v128.load_splat<f64>(qa + (<usize>(kc + 2) << 3));
    const a3 = v128.load_splat<f64>(qa + (<usize>(kc + 3) << 3));
    const b0 = v128.load_splat<f64>(qb + (<usize>kc << 3));
    const b1 = v128.load_splat<f64>(qb + (<usize>(kc + 1) << 3));
    const b2 = v128.load_splat<f64>(qb + (<usize>(kc + 2) << 3));
    const b3 = v128.load_splat<f64>(qb + (<usize>(kc + 3) << 3));
    const r0 = kT + <usize>kc * nBytes;
    const r1 = r0 + nBytes;
    const r2 = r1 + nBytes;
    const r3 = r2 + nBytes;
    for (let j = j0; j + 1 < j1; j += 2) {
      const o: usize = <usize>j << 3;
      const y0 = v128.load(r0 + o);
      const y1 = v128.load(r1 + o);
      const y2 = v128.load(r2 + o);
      const y3 = v128.load(r3 + o);
      let acc = kc == 0 ? f64x2.splat(0.0) : v128.load(sc + o);
      acc = f64x2.add(acc, f64x2.mul(a0, y0));
      acc = f64x2.add(acc, f64x2.mul(a1, y1));
      acc = f64x2.add(acc, f64x2.mul(a2, y2));
      acc = f64x2.add(acc, f64x2.mul(a3, y3));
      v128.store(sc + o, acc);
      let acc2 = kc == 0 ? f64x2.splat(0.0) : v128.load(sc2 + o);
      acc2 = f64x2.add(acc2, f64x2.mul(b0, y0));
      acc2 = f64x2.add(acc2, f64x2.mul(b1, y1));
      acc2 = f64x2.add(acc2, f64x2.mul(b2, y2));
      acc2 = f64x2.add(acc2, f64x2.mul(b3, y3));
      v128.store(sc2 + o, acc2);
    }
  }
  for (; kc < m; kc++) {
    const a0 = v128.load_splat<f64>(qa + (<usize>kc << 3));
    const b0 = v128.load_splat<f64>(qb + (<usize>kc << 3));
    const r0 = kT + <usize>kc * nBytes;
    for (let j = j0; j + 1 < j1; j += 2) {
      const o: usize = <usize>j << 3;
      const y0 = v128.load(r0 + o);
      const acc = kc == 0 ? f64x2.splat(0.0) : v128.load(sc + o);
      v128.store(sc + o, f64x2.add(acc, f64x2.mul(a0, y0)));
      const acc2 = kc == 0 ? f64x2.splat(0.0) : v128.load(sc2 + o);
      v128.store(sc2 + o, f64x2.add(acc2, f64x2.mul(b0, y0)));
    }
  }
}

// Rows a = i and b = i + 1 of the symmetric path together: the diagonals, the pair (a, b), then every
// column j ≥ i + 2 with both rows' weights; each column's v_j is loaded once for both rows and its sums
// updated once with w_aj·v_a + w_bj·v_b.
@inline
function symmetricRowPair(
  qT: usize, vT: usize, m: i32, d: i32, n: i32, nBytes: usize, scale: f64, shift: f64, i: i32,
  partT: usize, zT: usize, qa: usize, qb: usize, va: usize, vb: usize, sc: usize, sc2: usize,
): void {
  const i1 = i + 1;
  const j0 = i + 2;
  const pairsEnd = j0 + ((n - j0) & ~1);
  const hasTail = pairsEnd < n;
  let saa: f64 = 0.0;
  let sab: f64 = 0.0;
  let sbb: f64 = 0.0;
  for (let k = 0; k < m; k++) {
    const x = load<f64>(qa + (<usize>k << 3));
    const y = load<f64>(qb + (<usize>k << 3));
    saa += x * x;
    sab += x * y;
    sbb += y * y;
  }
  const waa = expScalar(saa * scale - shift);
  const wab = expScalar(sab * scale - shift);
  const wbb = expScalar(sbb * scale - shift);
  scorePass2(qa, qb, qT, m, nBytes, sc, sc2, j0, pairsEnd);
  const vScale = f64x2.splat(scale);
  const vShift = f64x2.splat(shift);
  let za = f64x2.splat(0.0);
  let zb = f64x2.splat(0.0);
  for (let j = j0; j < pairsEnd; j += 2) {
    const o: usize = <usize>j << 3;
    const wa = expPair(f64x2.sub(f64x2.mul(v128.load(sc + o), vScale), vShift));
    const wb = expPair(f64x2.sub(f64x2.mul(v128.load(sc2 + o), vScale), vShift));
    v128.store(sc + o, wa);
    v128.store(sc2 + o, wb);
    za = f64x2.add(za, wa);
    zb = f64x2.add(zb, wb);
    v128.store(zT + o, f64x2.add(v128.load(zT + o), f64x2.add(wa, wb)));
  }
  let ta: f64 = 0.0;
  let tb: f64 = 0.0;
  if (hasTail) {
    let s = scalarScore(qa, qT, m, nBytes, pairsEnd);
    s *= scale;
    ta = expScalar(s - shift);
    let s2 = scalarScore(qb, qT, m, nBytes, pairsEnd);
    s2 *= scale;
    tb = expScalar(s2 - shift);
    const o: usize = <usize>pairsEnd << 3;
    store<f64>(zT + o, load<f64>(zT + o) + (ta + tb));
  }
  const iOff: usize = <usize>i << 3;
  store<f64>(zT + iOff, load<f64>(zT + iOff) + ((waa + wab) + hsum(za) + ta));
  store<f64>(zT + iOff + 8, load<f64>(zT + iOff + 8) + ((wbb + wab) + hsum(zb) + tb));
  let kc = 0;
  for (; kc + 2 <= d; kc += 2) {
    const r0 = <usize>kc * nBytes;
    const r1 = r0 + nBytes;
    const va0 = v128.load_splat<f64>(va + (<usize>kc << 3));
    const va1 = v128.load_splat<f64>(va + (<usize>(kc + 1) << 3));
    const vb0 = v128.load_splat<f64>(vb + (<usize>kc << 3));
    const vb1 = v128.load_splat<f64>(vb + (<usize>(kc + 1) << 3));
    let a0 = f64x2.splat(0.0);
    let a1 = f64x2.splat(0.0);
    let c0 = f64x2.splat(0.0);
    let c1 = f64x2.splat(0.0);
    for (let j = j0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const wa = v128.load(sc + o);
      const wb = v128.load(sc2 + o);
      const y0 = v128.load(vT + r0 + o);
      const y1 = v128.load(vT + r1 + o);
      a0 = f64x2.add(a0, f64x2.mul(wa, y0));
      a1 = f64x2.add(a1, f64x2.mul(wa, y1));
      c0 = f64x2.add(c0, f64x2.mul(wb, y0));
      c1 = f64x2.add(c1, f64x2.mul(wb, y1));
      v128.store(partT + r0 + o, f64x2.add(v128.load(partT + r0 + o), f64x2.add(f64x2.mul(wa, va0), f64x2.mul(wb, vb0))));
      v128.store(partT + r1 + o, f64x2.add(v128.load(partT + r1 + o), f64x2.add(f64x2.mul(wa, va1), f64x2.mul(wb, vb1))));
    }
    finishPairCoordinate(a0, c0, kc, vT, partT, va, vb, nBytes, iOff, waa, wab, wbb, ta, tb, hasTail, pairsEnd);
    finishPairCoordinate(a1, c1, kc + 1, vT, partT, va, vb, nBytes, iOff, waa, wab, wbb, ta, tb, hasTail, pairsEnd);
  }
  for (; kc < d; kc++) {
    const r0 = <usize>kc * nBytes;
    const va0 = v128.load_splat<f64>(va + (<usize>kc << 3));
    const vb0 = v128.load_splat<f64>(vb + (<usize>kc << 3));
    let a0 = f64x2.splat(0.0);
    let c0 = f64x2.splat(0.0);
    for (let j = j0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const wa = v128.load(sc + o);
      const wb = v128.load(sc2 + o);
      const y0 = v128.load(vT + r0 + o);
      a0 = f64x2.add(a0, f64x2.mul(wa, y0));
      c0 = f64x2.add(c0, f64x2.mul(wb, y0));
      v128.store(partT + r0 + o, f64x2.add(v128.load(partT + r0 + o), f64x2.add(f64x2.mul(wa, va0), f64x2.mul(wb, vb0))));
    }
    finishPairCoordinate(a0, c0, kc, vT, partT, va, vb, nBytes, iOff, waa, wab, wbb, ta, tb, hasTail, pairsEnd);
  }
}

// Coordinate k of a row pair: rows a and b get their diagonal, their mutual pair, their column sums and
// the odd last column; that column gets its share of v_a and v_b.
@inline
function finishPairCoordinate(
  a: v128, c: v128, k: i32, vT: usize, partT: usize, va: usize, vb: usize, nBytes: usize, iOff: usize,
  waa: f64, wab: f64, wbb: f64, ta: f64, tb: f64, hasTail: bool, tailJ: i32,
): void {
  const row = partT + <usize>k * nBytes;
  const vak = load<f64>(va + (<usize>k << 3));
  const vbk = load<f64>(vb + (<usize>k << 3));
  let totalA = (waa * vak + wab * vbk) + hsum(a);
  let totalB = (wbb * vbk + wab * vak) + hsum(c);
  if (hasTail) {
    const o: usize = <usize>tailJ << 3;
    const y = load<f64>(vT + <usize>k * nBytes + o);
    totalA += ta * y;
    totalB += tb * y;
    store<f64>(row + o, load<f64>(row + o) + (ta * vak + tb * vbk));
  }
  store<f64>(row + iOff, load<f64>(row + iOff) + totalA);
  store<f64>(row + iOff + 8, load<f64>(row + iOff + 8) + totalB);
}

// Row i, coordinate k: adds the diagonal, the pair sums and the odd last column to row i, and the last
// column's share of v_i to that column.
@inline
function finishCoordinate(a: v128, k: i32, vT: usize, partT: usize, vi: usize, nBytes: usize, iOff: usize, wd: f64, tailW: f64, tailJ: i32, n: i32): void {
  const row = <usize>k * nBytes;
  const vik = load<f64>(vi + (<usize>k << 3));
  let total = wd * vik + hsum(a);
  if (tailJ < n) {
    const o: usize = <usize>tailJ << 3;
    total += tailW * load<f64>(vT + row + o);
    store<f64>(partT + row + o, load<f64>(partT + row + o) + tailW * vik);
  }
  store<f64>(partT + row + iOff, load<f64>(partT + row + iOff) + total);
}

/**
 * General path, rows [rowStart, rowEnd): two passes per row (scores and their max, then exp(s − max) and
 * accumulation), causal rows stop at j = i. q: n×m row-major, kT: m×n, vT: d×n. Writes per row into
 * rows (n × (d+2)): the d sums, the partition, the max (the host applies sa/usa factors).
 * Scratch: sc (two rows: 2·((n + 3) & ~1)).
 */
export function generalRows(
  q: usize, kT: usize, vT: usize, m: i32, d: i32, n: i32, scale: f64, causal: i32,
  rowStart: i32, rowEnd: i32, rows: usize, sc: usize,
): void {
  const nBytes: usize = <usize>n << 3;
  const vScale = f64x2.splat(scale);
  let i = rowStart;
  if (!causal) {
    // rows two at a time share every column load (sc2: the second row's weights, as in symmetricRows)
    const sc2: usize = sc + (<usize>((n + 3) & ~1) << 3);
    for (; i + 1 < rowEnd; i += 2) generalRowPair(q, kT, vT, m, d, n, nBytes, scale, i, rows, sc, sc2);
  }
  for (; i < rowEnd; i++) {
    const jEnd = causal ? i + 1 : n;
    const pairsEnd = jEnd & ~1;
    const qi: usize = q + ((<usize>i * <usize>m) << 3);
    scorePass(qi, kT, m, nBytes, sc, 0, pairsEnd);
    let vMax = f64x2.splat(-Infinity);
    for (let j = 0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const s = f64x2.mul(v128.load(sc + o), vScale);
      v128.store(sc + o, s);
      vMax = f64x2.max(vMax, s);
    }
    let rowMax: f64 = Math.max(f64x2.extract_lane(vMax, 0), f64x2.extract_lane(vMax, 1));
    let tailS: f64 = 0.0;
    if (pairsEnd < jEnd) {
      tailS = scalarScore(qi, kT, m, nBytes, pairsEnd);
      tailS *= scale;
      if (tailS > rowMax) rowMax = tailS;
    }
    const vm = f64x2.splat(rowMax);
    let zAcc = f64x2.splat(0.0);
    for (let j = 0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const w = expPair(f64x2.sub(v128.load(sc + o), vm));
      v128.store(sc + o, w);
      zAcc = f64x2.add(zAcc, w);
    }
    const tailW = pairsEnd < jEnd ? expScalar(tailS - rowMax) : 0.0;
    const out: usize = rows + ((<usize>i * <usize>(d + 2)) << 3);
    let kc = 0;
    for (; kc + 4 <= d; kc += 4) {
      const r0 = vT + <usize>kc * nBytes;
      const r1 = r0 + nBytes;
      const r2 = r1 + nBytes;
      const r3 = r2 + nBytes;
      let a0 = f64x2.splat(0.0);
      let a1 = f64x2.splat(0.0);
      let a2 = f64x2.splat(0.0);
      let a3 = f64x2.splat(0.0);
      for (let j = 0; j < pairsEnd; j += 2) {
        const o: usize = <usize>j << 3;
        const w = v128.load(sc + o);
        a0 = f64x2.add(a0, f64x2.mul(w, v128.load(r0 + o)));
        a1 = f64x2.add(a1, f64x2.mul(w, v128.load(r1 + o)));
        a2 = f64x2.add(a2, f64x2.mul(w, v128.load(r2 + o)));
        a3 = f64x2.add(a3, f64x2.mul(w, v128.load(r3 + o)));
      }
      const t: usize = <usize>pairsEnd << 3;
      const has = pairsEnd < jEnd;
      store<f64>(out + (<usize>kc << 3), hsum(a0) + (has ? tailW * load<f64>(r0 + t) : 0.0));
      store<f64>(out + (<usize>(kc + 1) << 3), hsum(a1) + (has ? tailW * load<f64>(r1 + t) : 0.0));
      store<f64>(out + (<usize>(kc + 2) << 3), hsum(a2) + (has ? tailW * load<f64>(r2 + t) : 0.0));
      store<f64>(out + (<usize>(kc + 3) << 3), hsum(a3) + (has ? tailW * load<f64>(r3 + t) : 0.0));
    }
    for (; kc < d; kc++) {
      const r0 = vT + <usize>kc * nBytes;
      let a0 = f64x2.splat(0.0);
      for (let j = 0; j < pairsEnd; j += 2) {
        const o: usize = <usize>j << 3;
        a0 = f64x2.add(a0, f64x2.mul(v128.load(sc + o), v128.load(r0 + o)));
      }
      store<f64>(out + (<usize>kc << 3), hsum(a0) + (pairsEnd < jEnd ? tailW * load<f64>(r0 + (<usize>pairsEnd << 3)) : 0.0));
    }
    store<f64>(out + (<usize>d << 3), hsum(zAcc) + tailW);
    store<f64>(out + (<usize>(d + 1) << 3), rowMax);
  }
}

// Rows i and i + 1 of the general path without a mask (columns [0, n) for both): one score sweep for
// both rows, each row's own max and weights, then the weighted sums with every v_j loaded once. The
// per-row arithmetic is generalRows' (same scores, max, weights and summation order per row).
@inline
function generalRowPair(q: usize, kT: usize, vT: usize, m: i32, d: i32, n: i32, nBytes: usize, scale: f64, i: i32, rows: usize, sc: usize, sc2: usize): void {
  const pairsEnd = n & ~1;
  const hasTail = pairsEnd < n;
  const qa: usize = q + ((<usize>i * <usize>m) << 3);
  const qb: usize = qa + (<usize>m << 3);
  scorePass2(qa, qb, kT, m, nBytes, sc, sc2, 0, pairsEnd);
  const vScale = f64x2.splat(scale);
  let maxA = f64x2.splat(-Infinity);
  let maxB = f64x2.splat(-Infinity);
  for (let j = 0; j < pairsEnd; j += 2) {
    const o: usize = <usize>j << 3;
    const sa = f64x2.mul(v128.load(sc + o), vScale);
    const sb = f64x2.mul(v128.load(sc2 + o), vScale);
    v128.store(sc + o, sa);
    v128.store(sc2 + o, sb);
    maxA = f64x2.max(maxA, sa);
    maxB = f64x2.max(maxB, sb);
  }
  let rowMaxA: f64 = Math.max(f64x2.extract_lane(maxA, 0), f64x2.extract_lane(maxA, 1));
  let rowMaxB: f64 = Math.max(f64x2.extract_lane(maxB, 0), f64x2.extract_lane(maxB, 1));
  let tailSA: f64 = 0.0;
  let tailSB: f64 = 0.0;
  if (hasTail) {
    tailSA = scalarScore(qa, kT, m, nBytes, pairsEnd);
    tailSA *= scale;
    if (tailSA > rowMaxA) rowMaxA = tailSA;
    tailSB = scalarScore(qb, kT, m, nBytes, pairsEnd);
    tailSB *= scale;
    if (tailSB > rowMaxB) rowMaxB = tailSB;
  }
  const vmA = f64x2.splat(rowMaxA);
  const vmB = f64x2.splat(rowMaxB);
  let zA = f64x2.splat(0.0);
  let zB = f64x2.splat(0.0);
  for (let j = 0; j < pairsEnd; j += 2) {
    const o: usize = <usize>j << 3;
    const wa = expPair(f64x2.sub(v128.load(sc + o), vmA));
    const wb = expPair(f64x2.sub(v128.load(sc2 + o), vmB));
    v128.store(sc + o, wa);
    v128.store(sc2 + o, wb);
    zA = f64x2.add(zA, wa);
    zB = f64x2.add(zB, wb);
  }
  const tailWA = hasTail ? expScalar(tailSA - rowMaxA) : 0.0;
  const tailWB = hasTail ? expScalar(tailSB - rowMaxB) : 0.0;
  const outA: usize = rows + ((<usize>i * <usize>(d + 2)) << 3);
  const outB: usize = outA + ((<usize>(d + 2)) << 3);
  const t: usize = <usize>pairsEnd << 3;
  let kc = 0;
  for (; kc + 2 <= d; kc += 2) {
    const r0 = vT + <usize>kc * nBytes;
    const r1 = r0 + nBytes;
    let a0 = f64x2.splat(0.0);
    let a1 = f64x2.splat(0.0);
    let b0 = f64x2.splat(0.0);
    let b1 = f64x2.splat(0.0);
    for (let j = 0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const wa = v128.load(sc + o);
      const wb = v128.load(sc2 + o);
      const y0 = v128.load(r0 + o);
      const y1 = v128.load(r1 + o);
      a0 = f64x2.add(a0, f64x2.mul(wa, y0));
      a1 = f64x2.add(a1, f64x2.mul(wa, y1));
      b0 = f64x2.add(b0, f64x2.mul(wb, y0));
      b1 = f64x2.add(b1, f64x2.mul(wb, y1));
    }
    store<f64>(outA + (<usize>kc << 3), hsum(a0) + (hasTail ? tailWA * load<f64>(r0 + t) : 0.0));
    store<f64>(outA + (<usize>(kc + 1) << 3), hsum(a1) + (hasTail ? tailWA * load<f64>(r1 + t) : 0.0));
    store<f64>(outB + (<usize>kc << 3), hsum(b0) + (hasTail ? tailWB * load<f64>(r0 + t) : 0.0));
    store<f64>(outB + (<usize>(kc + 1) << 3), hsum(b1) + (hasTail ? tailWB * load<f64>(r1 + t) : 0.0));
  }
  for (; kc < d; kc++) {
    const r0 = vT + <usize>kc * nBytes;
    let a0 = f64x2.splat(0.0);
    let b0 = f64x2.splat(0.0);
    for (let j = 0; j < pairsEnd; j += 2) {
      const o: usize = <usize>j << 3;
      const y0 = v128.load(r0 + o);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(sc + o), y0));
      b0 = f64x2.add(b0, f64x2.mul(v128.load(sc2 + o), y0));
    }
    store<f64>(outA + (<usize>kc << 3), hsum(a0) + (hasTail ? tailWA * load<f64>(r0 + t) : 0.0));
    store<f64>(outB + (<usize>kc << 3), hsum(b0) + (hasTail ? tailWB * load<f64>(r0 + t) : 0.0));
  }
  store<f64>(outA + (<usize>d << 3), hsum(zA) + tailWA);
  store<f64>(outA + (<usize>(d + 1) << 3), rowMaxA);
  store<f64>(outB + (<usize>d << 3), hsum(zB) + tailWB);
  store<f64>(outB + (<usize>(d + 1) << 3), rowMaxB);
}
