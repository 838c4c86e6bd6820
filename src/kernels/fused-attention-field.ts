/** Single-thread field from a fast kernel: prepare, every part in order, finish. Same bits as the
 *  parallel field with the same parts, on any number of threads (src/kernels/parallel-field.ts). */
import type { VectorField } from '../integrate/problem.js';
import type { AttentionParams } from '../models/attention.js';
import { createAttentionKernel, type AttentionKernel, type AttentionKernelOptions } from './attention-kernel.js';
import { createWasmAttentionKernel } from './wasm-kernel.js';

/** 'auto': WASM SIMD when this runtime has it, else TypeScript. */
export type KernelChoice = 'auto' | 'wasm' | 'ts';

export interface FusedFieldOptions extends AttentionKernelOptions {
  readonly kernel?: KernelChoice;
}

/** The kernel `choice` asks for; 'wasm' throws when WASM SIMD is unavailable, 'auto' falls back to TS. */
export function createKernel(params: AttentionParams, n: number, d: number, options: FusedFieldOptions = {}, buffer?: Float64Array | ((length: number) => Float64Array)): AttentionKernel {
  const choice = options.kernel ?? 'auto';
  if (choice !== 'ts') {
    const wasm = createWasmAttentionKernel(params, n, d, options, buffer);
    if (wasm) return wasm;
    if (choice === 'wasm') throw new Error('WASM SIMD attention kernel unavailable in this runtime (or exp: "math" asked for)');
  }
  return createAttentionKernel(params, n, d, options, buffer);
}

export function createFusedAttentionField(params: AttentionParams, n: number, d: number, options: FusedFieldOptions = {}): VectorField {
  const kernel = createKernel(params, n, d, options);
  return (_t, x, out) => {
    kernel.prepare(x);
    for (let p = 0; p < kernel.parts; p++) kernel.runPart(p);
    kernel.finish(out);
  };
}
