/** The kernels `npm run bench` compares, each with its thread count. */
import type { VectorField } from '../../src/integrate/problem.js';
import { createFusedAttentionField } from '../../src/kernels/fused-attention-field.js';
import { createParallelAttentionField, PARALLEL_MIN_N } from '../../src/kernels/parallel-field.js';
import { wasmKernelAvailable } from '../../src/kernels/wasm-kernel.js';
import { referenceAttentionField, type AttentionParams } from '../../src/models/attention.js';

export interface BenchKernelInstance {
  readonly field: VectorField;
  dispose?(): void | Promise<void>;
}

export interface BenchKernel {
  readonly name: string;
  readonly threads: number;
  /** Not benchmarked below this n (thread splitting starts at n = 256). */
  readonly minN?: number;
  create(params: AttentionParams, n: number, d: number): BenchKernelInstance | undefined | Promise<BenchKernelInstance | undefined>;
}

export function benchKernels(): BenchKernel[] {
  const wasm = wasmKernelAvailable();
  return [
    { name: 'reference', threads: 1, create: (p, n, d) => ({ field: referenceAttentionField(p, n, d) }) },
    { name: 'ts', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { kernel: 'ts' }) }) },
    { name: 'ts-mathexp', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { kernel: 'ts', exp: 'math' }) }) },
    { name: 'ts-general', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { kernel: 'ts', symmetric: false }) }) },
    { name: 'ts', threads: 2, minN: PARALLEL_MIN_N, create: (p, n, d) => createParallelAttentionField(p, n, d, { kernel: 'ts', threads: 2 }) },
    { name: 'wasm', threads: 1, create: (p, n, d) => (wasm ? { field: createFusedAttentionField(p, n, d, { kernel: 'wasm' }) } : undefined) },
    { name: 'wasm-general', threads: 1, create: (p, n, d) => (wasm ? { field: createFusedAttentionField(p, n, d, { kernel: 'wasm', symmetric: false }) } : undefined) },
    { name: 'wasm', threads: 2, minN: PARALLEL_MIN_N, create: (p, n, d) => (wasm ? createParallelAttentionField(p, n, d, { kernel: 'wasm', threads: 2 }) : undefined) },
  ];
}
