import { createFusedAttentionField } from '../../src/kernels/fused-attention-field.js';
import { identityMatrix } from '../../src/core/types.js';
import { uniformSphere, Rng } from '../../src/core/rng.js';
const [n, d, reps] = process.argv.slice(2, 5).map(Number);
const tiles = process.argv[5].split(',');
const params: any = { normalization: 'sa', beta: 1, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 };
const x = uniformSphere(Rng.fromSeed(1), n, d);
const out = new Float64Array(n * d);
const f = createFusedAttentionField(params, n, d, { kernel: 'wasm', parts: 1 });
for (let r = 0; r < 5; r++) f(0, x, out);
const mins = new Map<string, number[]>();
for (let r = 0; r < reps; r++) for (const t of tiles) {
  process.env.MFT_TILE = t;
  const a = performance.now(); f(0, x, out); const b = performance.now() - a;
  if (!mins.has(t)) mins.set(t, []); mins.get(t)!.push(b);
}
for (const [t, v] of mins) { v.sort((a, b) => a - b); console.log(`n=${n} d=${d} tile ${t}: min ${v[0].toFixed(3)} q25 ${v[v.length >> 2].toFixed(3)} med ${v[v.length >> 1].toFixed(3)}`); }
