import { createParallelAttentionField } from '../../src/kernels/parallel-field.js';
import { identityMatrix } from '../../src/core/types.js';
import { uniformSphere, Rng } from '../../src/core/rng.js';
const [n, d, reps] = process.argv.slice(2, 5).map(Number);
const params: any = { normalization: 'sa', beta: 1, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 };
const x = uniformSphere(Rng.fromSeed(1), n, d);
const out = new Float64Array(n * d);
const pf = createParallelAttentionField(params, n, d, { kernel: 'wasm', threads: 2 });
for (let r = 0; r < reps; r++) { const t = performance.now(); pf.field(0, x, out); (globalThis as any).__pf[r].push(performance.now() - t); }
console.log((globalThis as any).__pf.slice(-8).map((a: number[]) => a.map((v) => v.toFixed(3)).join('/')).join('  '));
await pf.dispose(); process.exit(0);
