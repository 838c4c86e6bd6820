/** The kernels `npm run bench` compares, each with its thread count. */
import type { VectorField } from '../../src/integrate/problem.js';
import { referenceAttentionField, type AttentionParams } from '../../src/models/attention.js';
import { createFusedAttentionField } from '../../src/kernels/fused-attention-field.js';

export interface BenchKernelInstance {
  readonly field: VectorField;
  dispose?(): void | Promise<void>;
}

export interface BenchKernel {
  readonly name: string;
  readonly threads: number;
  /** Not benchmarked below this n (e.g. thread splitting starts at n = 256). */
  readonly minN?: number;
  create(params: AttentionParams, n: number, d: number): BenchKernelInstance | undefined | Promise<BenchKernelInstance | undefined>;
}

export function benchKernels(): BenchKernel[] {
  return [
    { name: 'reference', threads: 1, create: (p, n, d) => ({ field: referenceAttentionField(p, n, d) }) },
    { name: 'ts', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d) }) },
    { name: 'ts-mathexp', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { exp: 'math' }) }) },
    { name: 'ts-general', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { symmetric: false }) }) },
  ];
}
