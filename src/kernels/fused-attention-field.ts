/** Single-thread field from the fast kernel: prepare, every part in order, finish. Same bits as the
 *  parallel field with as many threads as parts (src/kernels/parallel-field.ts). */
import type { VectorField } from '../integrate/problem.js';
import type { AttentionParams } from '../models/attention.js';
import { createAttentionKernel, type AttentionKernelOptions } from './attention-kernel.js';

export function createFusedAttentionField(params: AttentionParams, n: number, d: number, options: AttentionKernelOptions = {}): VectorField {
  const kernel = createAttentionKernel(params, n, d, options);
  return (_t, x, out) => {
    kernel.prepare(x);
    for (let p = 0; p < kernel.parts; p++) kernel.runPart(p);
    kernel.finish(out);
  };
}
