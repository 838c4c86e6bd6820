/** The WebAssembly SIMD attention kernel (source asm/attention.ts, built by `npm run build:wasm` into
 *  src/kernels/wasm/attention.wasm; tests/kernels/wasm-build.test.ts checks the committed bytes equal a
 *  fresh build). Same phases, paths and part split as src/kernels/attention-kernel.ts; the pair loops run
 *  in WASM on two columns per instruction, projections, shifts and the final sa/usa factors in JS.
 *
 *  Each kernel instance owns a WebAssembly instance and memory (never shared); what threads share is the
 *  Float64Array `buffer`: the state, the per-head path and shift, and each part's results. A part first
 *  brings its instance's transposed copies up to date with the shared state (a generation counter). */
import { readFileSync } from 'node:fs';
import type { AttentionParams } from '../models/attention.js';
import { finishOnOneThread, prepareOnOneThread, type AttentionKernel, type AttentionKernelOptions } from './attention-kernel.js';
import { applyRows, balancedBounds, BufferLayout, chunkNeeds, DEFAULT_PARTS, planAttentionHeads, planPaths, reduceSymmetricRows, reductionBounds, squaredNormRange, transposeRows, writeSymmetricHead } from './head-plan.js';

// tsconfig's lib has no DOM, so the few WebAssembly JS API members used here are typed locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface WasmExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  expArray(ptr: number, count: number): void;
  symmetricRows(qT: number, vT: number, m: number, d: number, n: number, scale: number, shift: number, rowStart: number, rowEnd: number, partT: number, qi: number, vi: number, sc: number): void;
  generalRows(q: number, kT: number, vT: number, m: number, d: number, n: number, scale: number, causal: number, rowStart: number, rowEnd: number, rows: number, sc: number): void;
}

export const WASM_KERNEL_URL = new URL('./wasm/attention.wasm', import.meta.url);

let compiled: object | null | undefined;

/** The compiled module, or null when this runtime cannot compile it (no WASM SIMD, file missing). */
export function wasmAttentionModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(readFileSync(WASM_KERNEL_URL)) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled ?? null;
}

export function wasmKernelAvailable(): boolean {
  return wasmAttentionModule() !== null;
}

function instantiate(): WasmExports {
  const module = wasmAttentionModule();
  if (!module || !wasmApi) throw new Error('WASM attention kernel unavailable');
  return new wasmApi.Instance(module, {
    env: {
      abort: () => {
        throw new Error('WASM attention kernel aborted');
      },
    },
  }).exports as unknown as WasmExports;
}

/** e^x of every entry through the WASM exp (two lanes at a time; for the accuracy tests). */
export function wasmExpArray(values: Float64Array): Float64Array {
  const w = instantiate();
  const base = align(w.heapBase());
  ensureBytes(w.memory, base + values.length * 8);
  new Float64Array(w.memory.buffer, base, values.length).set(values);
  w.expArray(base, values.length);
  return Float64Array.from(new Float64Array(w.memory.buffer, base, values.length));
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}

function ensureBytes(memory: WasmMemory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
}

/** Same contract as createAttentionKernel; undefined when WASM SIMD is unavailable. */
export function createWasmAttentionKernel(
  params: AttentionParams,
  n: number,
  d: number,
  options: AttentionKernelOptions = {},
  buffer?: Float64Array | ((length: number) => Float64Array),
): AttentionKernel | undefined {
  if (!wasmKernelAvailable()) return undefined;
  if (options.exp === 'math') return undefined; // WASM has no Math.exp of its own; use the TS kernel
  const parts = options.parts ?? DEFAULT_PARTS;
  const { heads, causal } = params;
  const usa = params.normalization === 'usa';
  const H = heads.length;
  const plans = planAttentionHeads(params, options.symmetric ?? true);

  // Shared layout (Float64 offsets): state, control (path, shift per head; generation), then per head the
  // general rows (n × (d+2): sums, partition, max) or the symmetric parts (parts × (d+1) × n, transposed).
  const layout = new BufferLayout();
  const take = (size: number): number => layout.take(size);
  const xOff = take(n * d);
  const ctrlOff = take(2 * H + 1);
  const normsOff = take(2 * H * parts); // per head and chunk: max and min |q_i|² (squaredNormRange)
  const rowsOffs = plans.map(() => take(n * (d + 2)));
  const partOffs = plans.map((p) => (p.symmetricCapable ? take(parts * (d + 1) * n) : -1));
  const bufferLength = layout.length;
  const buf = typeof buffer === 'function' ? buffer(bufferLength) : (buffer ?? new Float64Array(bufferLength));
  if (buf.length < bufferLength) throw new Error(`wasm attention kernel: buffer of ${buf.length} < ${bufferLength} float64`);
  const x = buf.subarray(xOff, xOff + n * d);
  const ctrl = buf.subarray(ctrlOff, ctrlOff + 2 * H + 1);
  const norms = buf.subarray(normsOff, normsOff + 2 * H * parts);

  // Local WASM memory (byte offsets, 16-aligned), per head: q row-major, qT, kT, vT, partT, rows; scratch.
  const w = instantiate();
  let bytes = align(w.heapBase());
  const alloc = (count: number): number => {
    const off = bytes;
    bytes = align(bytes + 8 * count);
    return off;
  };
  const local = plans.map((p) => ({
    q: alloc(n * p.m),
    qT: alloc(n * p.m),
    kT: alloc(n * p.m),
    vT: alloc(n * d),
    partT: p.symmetricCapable ? alloc((d + 1) * n) : 0,
    rows: alloc(n * (d + 2)),
  }));
  // two rows' worth of scratch (the symmetric path pairs rows; asm/attention.ts symmetricRows)
  const scoresPtr = alloc(2 * ((n + 3) & ~1));
  const maxM = Math.max(d, ...plans.map((p) => p.m));
  const qiPtr = alloc(2 * maxM);
  const viPtr = alloc(2 * d);
  ensureBytes(w.memory, bytes);
  const generalBounds = balancedBounds(n, parts, (i) => (causal ? i + 1 : n));
  const symmetricBounds = balancedBounds(n, parts, (i) => n - i);
  const reduceBounds = reductionBounds(symmetricBounds, n, parts, parts);
  const needs = chunkNeeds(reduceBounds, [symmetricBounds, generalBounds], parts);
  // One view of the instance's memory for the kernel's life: the memory never grows after set-up.
  const f64 = new Float64Array(w.memory.buffer);
  // The copies out of WASM memory, as views made once (no allocation per evaluation): per head and part,
  // the symmetric block's d + 1 rows from the part's first row on, and the general rows of the part.
  const symmetricCopies = plans.map((p, h) =>
    p.symmetricCapable
      ? Array.from({ length: parts }, (_, part) => {
          const r0 = symmetricBounds[part];
          return Array.from({ length: d + 1 }, (_, k) => ({
            from: f64.subarray(local[h].partT / 8 + k * n + r0, local[h].partT / 8 + (k + 1) * n),
            to: partOffs[h] + part * (d + 1) * n + k * n + r0,
          }));
        })
      : [],
  );
  const generalCopies = plans.map((_, h) =>
    Array.from({ length: parts }, (_, part) => ({
      from: f64.subarray(local[h].rows / 8 + generalBounds[part] * (d + 2), local[h].rows / 8 + generalBounds[part + 1] * (d + 2)),
      to: rowsOffs[h] + generalBounds[part] * (d + 2),
    })),
  );

  // JS scratch for the projections.
  const qx = plans.map((p) => (p.qScale === undefined ? new Float64Array(n * p.m) : x));
  const kx = plans.map((p, h) => (p.kEqualsQ ? qx[h] : p.kScale === undefined ? new Float64Array(n * p.m) : x));
  const vx = plans.map((p) => (p.vScale === undefined ? new Float64Array(n * d) : x));

  let localGeneration = -1;

  const project = (): void => {
    for (let h = 0; h < H; h++) {
      const p = plans[h];
      const src = heads[h];
      if (p.qScale === undefined) applyRows(src.Q.data, p.m, x, d, qx[h], 0, n);
      if (!p.kEqualsQ && p.kScale === undefined) applyRows(src.K.data, p.m, x, d, kx[h], 0, n);
      if (p.vScale === undefined) applyRows(src.V.data, d, x, d, vx[h], 0, n);
    }
  };
  const upload = (): void => {
    const f = f64;
    for (let h = 0; h < H; h++) {
      const p = plans[h];
      const l = local[h];
      const m = p.m;
      const q = qx[h];
      const k = kx[h];
      const v = vx[h];
      const sym = ctrl[2 * h] === 1;
      if (sym) transposeRows(q, n, m, f, l.qT / 8, 0, n);
      else {
        f.set(q, l.q / 8); // q holds exactly n·m entries (x itself when Q = c·I, m = d)
        transposeRows(k, n, m, f, l.kT / 8, 0, n);
      }
      if (!(sym && v === q)) transposeRows(v, n, d, f, l.vT / 8, 0, n);
    }
    localGeneration = ctrl[2 * H];
  };

  return {
    n,
    d,
    parts,
    bufferLength,
    buffer: buf,
    chunkBounds: reduceBounds,
    chunkNeeds: needs,
    prepareRows(state, chunk) {
      const a = reduceBounds[chunk];
      const b = reduceBounds[chunk + 1];
      x.set(state.subarray(a * d, b * d), a * d);
      for (let h = 0; h < H; h++) {
        const p = plans[h];
        if (!p.symmetricCapable) continue;
        // the norms of Q x over the chunk's rows; each thread forms all of Q x again before its first part
        if (p.qScale === undefined) applyRows(heads[h].Q.data, p.m, x, d, qx[h], a, b);
        squaredNormRange(qx[h], p.m, a, b, norms, 2 * (h * parts + chunk));
      }
    },
    plan() {
      planPaths(plans, norms, parts, ctrl);
      // a new generation: every thread's first part brings its instance's copies up to date
      ctrl[2 * H] = (ctrl[2 * H] + 1) % 2 ** 40;
    },
    prepare(state) {
      prepareOnOneThread(this, state);
    },
    runPart(part) {
      if (localGeneration !== ctrl[2 * H]) {
        project();
        upload();
      }
      for (let h = 0; h < H; h++) {
        const p = plans[h];
        const l = local[h];
        if (ctrl[2 * h] === 1) {
          const r0 = symmetricBounds[part];
          // Q and V both multiples of I (SA with Q = K = V = I): q and v are the state itself, one transposed copy
          const vT = vx[h] === qx[h] ? l.qT : l.vT;
          w.symmetricRows(l.qT, vT, p.m, d, n, p.scoreScale, ctrl[2 * h + 1], r0, symmetricBounds[part + 1], l.partT, qiPtr, viPtr, scoresPtr);
          for (const copy of symmetricCopies[h][part]) buf.set(copy.from, copy.to);
        } else {
          const r0 = generalBounds[part];
          const r1 = generalBounds[part + 1];
          w.generalRows(l.q, l.kT, l.vT, p.m, d, n, p.scoreScale, causal ? 1 : 0, r0, r1, l.rows, scoresPtr);
          const copy = generalCopies[h][part];
          buf.set(copy.from, copy.to);
        }
      }
    },
    reduceRows(chunk) {
      for (let h = 0; h < H; h++) {
        if (ctrl[2 * h] !== 1) continue;
        const valueScale = plans[h].valueScale;
        const usaFactor = (valueScale * Math.exp(ctrl[2 * h + 1])) / n;
        reduceSymmetricRows(buf, partOffs[h], parts, symmetricBounds, n, d, usa, usaFactor, valueScale, reduceBounds[chunk], reduceBounds[chunk + 1]);
      }
    },
    writeRows(out, chunk) {
      const a = reduceBounds[chunk];
      const b = reduceBounds[chunk + 1];
      for (let h = 0; h < H; h++) {
        const valueScale = plans[h].valueScale;
        if (ctrl[2 * h] === 1) writeSymmetricHead(buf, partOffs[h], n, d, out, h === 0, a, b);
        else {
          const base = rowsOffs[h];
          for (let i = a; i < b; i++) {
            const r = base + i * (d + 2);
            const z = buf[r + d];
            // sa: divide by the partition; usa: multiply back e^{max}/n, as the reference does
            const factor = usa ? (valueScale * Math.exp(buf[r + d + 1])) / n : valueScale / z;
            for (let k = 0; k < d; k++) {
              const c = factor * buf[r + k];
              out[i * d + k] = h === 0 ? c : out[i * d + k] + c;
            }
          }
        }
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
