import { createFusedAttentionField } from '../../src/kernels/fused-attention-field.js';
import { createParallelAttentionField } from '../../src/kernels/parallel-field.js';
import { identityMatrix } from '../../src/core/types.js';
import { uniformSphere } from '../../src/core/rng.js';
import { Rng } from '../../src/core/rng.js';
const [n, d, reps, kernel, threads] = process.argv.slice(2).map((s, i) => (i === 3 ? s : Number(s))) as [number, number, number, string, number];
const params: any = { normalization: 'sa', beta: 1, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 };
const x = uniformSphere(Rng.fromSeed(1), n, d);
const out = new Float64Array(n * d);
const pf = threads > 1 ? createParallelAttentionField(params, n, d, { kernel: kernel as any, threads }) : undefined;
const f = pf ? pf.field : createFusedAttentionField(params, n, d, { kernel: kernel as any, parts: 1 });
for (let i = 0; i < 20; i++) f(0, x, out);
const ts: number[] = [];
for (let r = 0; r < reps; r++) { const t = performance.now(); f(0, x, out); ts.push(performance.now() - t); }
ts.sort((a, b) => a - b);
console.log(`${kernel} thr=${threads} n=${n} d=${d} min ${ts[0].toFixed(3)} med ${ts[ts.length >> 1].toFixed(3)} ms/eval  ns/pair(min) ${(ts[0] * 1e6 / (n * n)).toFixed(2)}`);
await pf?.dispose();
process.exit(0);
