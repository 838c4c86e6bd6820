import { createKernel } from '../../src/kernels/fused-attention-field.js';
import { identityMatrix } from '../../src/core/types.js';
import { uniformSphere, Rng } from '../../src/core/rng.js';
const [n, d, reps] = process.argv.slice(2, 5).map(Number);
const kernelName = process.argv[5] ?? 'wasm';
const params: any = { normalization: 'sa', beta: 1, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 };
const x = uniformSphere(Rng.fromSeed(1), n, d);
const out = new Float64Array(n * d);
const k = createKernel(params, n, d, { kernel: kernelName as any, parts: Number(process.env.PARTS ?? 2) });
const tp: number[] = [], t0: number[] = [], t1: number[] = [], tf: number[] = [];
for (let r = 0; r < reps + 20; r++) {
  let a = performance.now(); k.prepare(x); let b = performance.now(); if (r >= 20) tp.push(b - a);
  a = performance.now(); k.runPart(0); b = performance.now(); if (r >= 20) t0.push(b - a);
  a = performance.now(); for (let p = 1; p < k.parts; p++) k.runPart(p); b = performance.now(); if (r >= 20) t1.push(b - a);
  a = performance.now(); k.finish(out); b = performance.now(); if (r >= 20) tf.push(b - a);
}
const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1].toFixed(3);
console.log(`${kernelName} n=${n} d=${d} prepare ${med(tp)} part0 ${med(t0)} part1 ${med(t1)} finish ${med(tf)} ms`);
