/** One trajectory split across worker_threads: the same bits as one thread with the same parts, for any
 *  thread count (threads claim pieces; who runs which piece never changes its arithmetic), for single
 *  field evaluations and for whole Runge–Kutta steps split by rows. */
import { afterAll, describe, expect, test } from 'vitest';
import { Rng, gaussianMatrix, uniformSphere } from '../../src/core/rng.js';
import { tangentField } from '../../src/core/sphere.js';
import { identityMatrix } from '../../src/core/types.js';
import { createRkWorkspace, rkStep } from '../../src/integrate/explicit-rk.js';
import { ALL_TABLEAUS, RK4 } from '../../src/integrate/tableaus.js';
import type { AttentionKernel } from '../../src/kernels/attention-kernel.js';
import { createFusedAttentionField, createKernel, type KernelChoice } from '../../src/kernels/fused-attention-field.js';
import { createParallelAttentionField, PARALLEL_MIN_N, type ParallelAttentionField } from '../../src/kernels/parallel-field.js';
import { wasmKernelAvailable } from '../../src/kernels/wasm-kernel.js';
import type { AttentionParams } from '../../src/models/attention.js';

const rng = Rng.fromSeed(7);
const n = PARALLEL_MIN_N + 44; // above the threshold, and not a multiple of the SIMD width
const d = 3;
const x0 = uniformSphere(rng, n, d);
const symmetric: AttentionParams = { normalization: 'sa', beta: 4, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 };
const general: AttentionParams = {
  normalization: 'usa',
  beta: 2,
  heads: [{ Q: { rows: d, cols: d, data: gaussianMatrix(rng, d, d, 0.5) }, K: { rows: d, cols: d, data: gaussianMatrix(rng, d, d, 0.5) }, V: identityMatrix(d) }],
  causal: true,
  headScale: 1,
};
const twoHeadUsa: AttentionParams = {
  normalization: 'usa',
  beta: 3,
  heads: [
    { Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) },
    { Q: identityMatrix(d), K: identityMatrix(d), V: { rows: d, cols: d, data: gaussianMatrix(rng, d, d, 0.5) } },
  ],
  causal: false,
  headScale: 0.5,
};
const HEAD_LAYOUTS = [
  ['symmetric path (sa, Q=K=V=I)', symmetric],
  ['general path (causal usa, random Q,K)', general],
  ['symmetric path, two heads (usa, random V on the second)', twoHeadUsa],
] as const;
const kernels: KernelChoice[] = wasmKernelAvailable() ? ['ts', 'wasm'] : ['ts'];
const open: ParallelAttentionField[] = [];

afterAll(async () => {
  await Promise.all(open.map((f) => f.dispose()));
});

describe.each(kernels)('%s kernel', (kernel) => {
  test.each(HEAD_LAYOUTS)('%s: 2 and 3 threads give the bits of 1 thread (same parts), on repeated calls', (_name, params) => {
    const [two, three] = twoAndThreeThreads(params, kernel);
    const single = createFusedAttentionField(params, n, d, { kernel }); // the default parts, like the parallel fields
    let x = x0;
    for (let call = 0; call < 3; call++) {
      const a = new Float64Array(n * d);
      single(0, x, a);
      for (const parallel of [two, three]) {
        const b = new Float64Array(n * d);
        parallel.field(0, x, b);
        expect(differingEntries(a, b), `call ${call}, ${parallel.threads} threads`).toBe(0);
      }
      x = uniformSphere(rng, n, d); // new state: workers must pick up the new generation
    }
  });

  test.each(HEAD_LAYOUTS)('%s: the split rkStep on 2 and 3 threads gives the bits of rkStep with the one-thread tangent field, every tableau', (_name, params) => {
    const [two, three] = twoAndThreeThreads(params, kernel);
    const single = tangentField(createFusedAttentionField(params, n, d, { kernel }), n, d);
    const h = 0.02;
    for (const tableau of ALL_TABLEAUS) {
      const ws = createRkWorkspace(tableau, n * d);
      let x = x0;
      for (let step = 0; step < 2; step++) {
        const want = new Float64Array(n * d);
        const wantError = new Float64Array(n * d);
        const evaluations = rkStep(tableau, single, 0, x, h, want, ws, wantError);
        for (const parallel of [two, three]) {
          const got = new Float64Array(n * d);
          const gotError = new Float64Array(n * d);
          expect(parallel.rkStep(tableau, 0, x, h, got, gotError)).toBe(evaluations);
          const where = `${tableau.name}, step ${step}, ${parallel.threads} threads`;
          expect(differingEntries(want, got), where).toBe(0);
          if (tableau.bHat) expect(differingEntries(wantError, gotError), `${where}, error estimate`).toBe(0);
        }
        x = want; // off the sphere by O(h²): the next step starts from a state the previous one made
      }
    }
    // and the one evaluation of the tangent field
    const a = new Float64Array(n * d);
    const b = new Float64Array(n * d);
    single(0, x0, a);
    two.tangentField(0, x0, b);
    expect(differingEntries(a, b)).toBe(0);
  });

  test('a tableau the split does not know (a copy of RK4) and an FSAL first stage go through rkStep with the split tangent field: same bits', () => {
    const two = createParallelAttentionField(symmetric, n, d, { kernel, threads: 2 });
    open.push(two);
    const single = tangentField(createFusedAttentionField(symmetric, n, d, { kernel }), n, d);
    const copy = { ...RK4, name: 'rk4-copy' };
    const want = new Float64Array(n * d);
    rkStep(copy, single, 0, x0, 0.02, want, createRkWorkspace(copy, n * d));
    const got = new Float64Array(n * d);
    expect(two.rkStep(copy, 0, x0, 0.02, got)).toBe(4);
    expect(differingEntries(want, got)).toBe(0);
    const first = new Float64Array(n * d);
    single(0, x0, first);
    rkStep(RK4, single, 0, x0, 0.02, want, createRkWorkspace(RK4, n * d), undefined, first);
    expect(two.rkStep(RK4, 0, x0, 0.02, got, undefined, first)).toBe(3);
    expect(differingEntries(want, got)).toBe(0);
  });

  test('the prepare chunks are independent: run in reverse order they give the bits of prepare; leaving one out changes the result', () => {
    for (const params of [symmetric, general]) {
      const fast = createKernel(params, n, d, { kernel });
      const run = (prepare: (k: AttentionKernel) => void): Float64Array => {
        const out = new Float64Array(n * d);
        fast.prepare(uniformSphere(Rng.fromSeed(99), n, d)); // a different state first: stale rows would show
        prepare(fast);
        fast.plan();
        for (let part = 0; part < fast.parts; part++) fast.runPart(part);
        fast.finish(out);
        return out;
      };
      const inOrder = run((k) => k.prepare(x0));
      const reversed = run((k) => {
        for (let chunk = k.parts - 1; chunk >= 0; chunk--) k.prepareRows(x0, chunk);
      });
      const missing = run((k) => {
        for (let chunk = 1; chunk < k.parts; chunk++) k.prepareRows(x0, chunk);
      });
      expect(differingEntries(inOrder, reversed)).toBe(0);
      expect(differingEntries(inOrder, missing)).toBeGreaterThan(0);
    }
  });

  test('a chunk finished as soon as parts 0..chunkNeeds[c] are done (later parts still to run) gives the bits of finish; one part fewer does not', () => {
    for (const params of [symmetric, general, twoHeadUsa]) {
      const fast = createKernel(params, n, d, { kernel });
      const eager = (needs: (chunk: number) => number): Float64Array => {
        const out = new Float64Array(n * d);
        fast.prepare(uniformSphere(Rng.fromSeed(98), n, d)); // another state's parts first: stale blocks would show
        for (let part = 0; part < fast.parts; part++) fast.runPart(part);
        fast.prepare(x0);
        let ran = 0;
        for (let chunk = 0; chunk < fast.parts; chunk++) {
          for (; ran <= needs(chunk); ran++) fast.runPart(ran);
          fast.reduceRows(chunk);
          fast.writeRows(out, chunk);
        }
        for (; ran < fast.parts; ran++) fast.runPart(ran);
        return out;
      };
      const finished = new Float64Array(n * d);
      createFusedAttentionField(params, n, d, { kernel })(0, x0, finished);
      expect(differingEntries(eager((c) => fast.chunkNeeds[c]), finished)).toBe(0);
      expect(fast.chunkNeeds[fast.parts - 1]).toBe(fast.parts - 1); // the last rows read every part
      // the chunk that needs the most parts beyond the previous chunk's, run one part short
      const last = fast.parts - 1;
      const short = (c: number): number => (c === last ? fast.chunkNeeds[c] - 1 : Math.min(fast.chunkNeeds[c], fast.chunkNeeds[last] - 1));
      expect(differingEntries(eager(short), finished)).toBeGreaterThan(0);
    }
  });

  test('the reduction chunks are independent: run in reverse order they give the bits of finish; leaving one out changes the result', () => {
    for (const params of [symmetric, twoHeadUsa]) {
      const fast = createKernel(params, n, d, { kernel });
      const run = (reduce: (k: AttentionKernel) => void): Float64Array => {
        const out = new Float64Array(n * d);
        fast.prepare(x0);
        for (let part = 0; part < fast.parts; part++) fast.runPart(part);
        reduce(fast);
        for (let chunk = 0; chunk < fast.parts; chunk++) fast.writeRows(out, chunk); // every row after every reduction
        return out;
      };
      const inOrder = run((k) => {
        for (let chunk = 0; chunk < k.parts; chunk++) k.reduceRows(chunk);
      });
      const reversed = run((k) => {
        for (let chunk = k.parts - 1; chunk >= 0; chunk--) k.reduceRows(chunk);
      });
      const missing = run((k) => {
        for (let chunk = 1; chunk < k.parts; chunk++) k.reduceRows(chunk);
      });
      const finished = new Float64Array(n * d);
      createFusedAttentionField(params, n, d, { kernel })(0, x0, finished);
      expect([...reversed].every((v, i) => Object.is(v, inOrder[i]) && Object.is(v, finished[i]))).toBe(true);
      expect([...missing].some((v, i) => !Object.is(v, inOrder[i]))).toBe(true);
    }
  });

  test('the symmetric path\'s split matters: other parts give other last bits (so the test above can fail)', () => {
    const a = new Float64Array(n * d);
    const b = new Float64Array(n * d);
    createFusedAttentionField(symmetric, n, d, { kernel })(0, x0, a);
    createFusedAttentionField(symmetric, n, d, { kernel, parts: 3 })(0, x0, b);
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
    expect(differing).toBeGreaterThan(0);
  });
});

test('below the threshold the field runs on one thread; dispose is idempotent and use after it throws', async () => {
  const small = createParallelAttentionField(symmetric, 16, d, { threads: 2 });
  expect(small.threads).toBe(1);
  const f = createParallelAttentionField(symmetric, n, d, { threads: 2 });
  await f.dispose();
  await f.dispose();
  expect(() => f.field(0, x0, new Float64Array(n * d))).toThrow(/after dispose/);
  expect(() => f.rkStep(RK4, 0, x0, 0.01, new Float64Array(n * d))).toThrow(/after dispose/);
});

test('a state or output of the wrong length is refused with the shape it needs', () => {
  const f = createParallelAttentionField(symmetric, n, d, { threads: 2 });
  open.push(f);
  expect(() => f.field(0, x0.subarray(0, n * d - 1), new Float64Array(n * d))).toThrow(/n·d = 900 entries.*got 899 and 900/);
  expect(() => f.rkStep(RK4, 0, x0, 0.01, new Float64Array(n * d + 3))).toThrow(/got 900 and 903/);
});

function twoAndThreeThreads(params: AttentionParams, kernel: KernelChoice): [ParallelAttentionField, ParallelAttentionField] {
  const two = createParallelAttentionField(params, n, d, { kernel, threads: 2 });
  const three = createParallelAttentionField(params, n, d, { kernel, threads: 3 });
  open.push(two, three);
  expect([two.threads, three.threads]).toEqual([2, 3]);
  return [two, three];
}

function differingEntries(a: Float64Array, b: Float64Array): number {
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
  return differing;
}
