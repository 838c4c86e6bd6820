/** Correctness guard of every fast attention path against the simple reference kernel (no timing). */
import { describe, expect, test } from 'vitest';
import { Rng, gaussianMatrix, uniformSphere } from '../../src/core/rng.js';
import { identityMatrix, type FlatMatrix } from '../../src/core/types.js';
import { createRkWorkspace, rkStep } from '../../src/integrate/explicit-rk.js';
import type { VectorField } from '../../src/integrate/problem.js';
import { retract } from '../../src/integrate/retraction.js';
import { RK4 } from '../../src/integrate/tableaus.js';
import { createKernel, type FusedFieldOptions } from '../../src/kernels/fused-attention-field.js';
import { wasmKernelAvailable } from '../../src/kernels/wasm-kernel.js';
import { createAttentionField, referenceAttentionField, type AttentionHead, type AttentionParams } from '../../src/models/attention.js';

/** Issue #7's bar for one RK4 step. The fast paths differ from the reference only in summation order
 *  (≤ n·ε of Σ_j w_ij|v_j| per field entry) and exp (≤ 2 ulp), scaled by dt = 0.05 in the step:
 *  ≈ 40·1.1e-16·0.05 ≈ 2e-16 relative to |x| = 1, so 1e-14 has a 50× margin and still fails on any
 *  wrong weight, mask, head or normalisation (those are O(dt)). */
const STEP_REL_TOL = 1e-14;
const DT = 0.05;
const EPS = Number.EPSILON;

interface Case {
  readonly name: string;
  readonly n: number;
  readonly d: number;
  readonly betas: readonly number[];
  readonly params: (beta: number) => AttentionParams;
  readonly x0: Float64Array;
  /** Path the fast kernels must take at β = betas[0] (checked for the TS and WASM kernels). */
  readonly expectPath?: 'symmetric' | 'general';
}

const rng = Rng.fromSeed(20261123);
const mat = (rows: number, cols: number, scale: number): FlatMatrix => ({ rows, cols, data: gaussianMatrix(rng, rows, cols, scale) });
const identityHead = (d: number): AttentionHead => ({ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) });
const params = (normalization: 'sa' | 'usa', beta: number, heads: AttentionHead[], causal = false, headScale = 1): AttentionParams => ({ normalization, beta, heads, causal, headScale });

/** n points within ~0.01 of one point: at β = 1e4 the weights are O(1), not just the self term. */
function clustered(n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      x[i * d + k] = (k === 0 ? 1 : 0) + 0.01 * rng.normal();
      s += x[i * d + k] ** 2;
    }
    for (let k = 0; k < d; k++) x[i * d + k] /= Math.sqrt(s);
  }
  return x;
}

const randomQ3 = mat(3, 3, 0.6);
const twoHeads: AttentionHead[] = [
  { Q: mat(3, 3, 0.6), K: mat(3, 3, 0.6), V: mat(3, 3, 0.6) },
  { Q: mat(3, 3, 0.6), K: mat(3, 3, 0.6), V: mat(3, 3, 0.6) },
];
const rectangular: AttentionHead = { Q: mat(2, 4, 0.7), K: mat(2, 4, 0.7), V: mat(4, 4, 0.5) };
const vRandom = mat(3, 3, 0.7);

const CASES: Case[] = [
  { name: 'sa, Q=K=V=I, d=3', n: 37, d: 3, betas: [1, 1e4], params: (b) => params('sa', b, [identityHead(3)]), x0: uniformSphere(rng, 37, 3), expectPath: 'symmetric' },
  { name: 'sa, Q=K=V=I, d=3, clustered', n: 41, d: 3, betas: [1, 1e4], params: (b) => params('sa', b, [identityHead(3)]), x0: clustered(41, 3), expectPath: 'symmetric' },
  { name: 'sa, Q=K=V=I, d=16', n: 40, d: 16, betas: [1, 1e4], params: (b) => params('sa', b, [identityHead(16)]), x0: clustered(40, 16), expectPath: 'symmetric' },
  // usa speeds are e^{β}: at β = 1e4 they overflow float64 in any kernel (the reference's step is NaN),
  // and its step must scale like dt ∝ e^{−β‖B‖} (catalogue §1.2) or the RK4 stages leave the sphere and
  // overflow. usa steps are checked at β ∈ {1, 30} with that dt; the field alone at β = 500 (end of file).
  { name: 'usa, Q=K=V=I, d=3', n: 37, d: 3, betas: [1, 30], params: (b) => params('usa', b, [identityHead(3)]), x0: clustered(37, 3), expectPath: 'symmetric' },
  { name: 'causal sa, d=3', n: 37, d: 3, betas: [1, 1e4], params: (b) => params('sa', b, [identityHead(3)], true), x0: clustered(37, 3), expectPath: 'general' },
  { name: 'causal usa, random V', n: 30, d: 3, betas: [1, 30], params: (b) => params('usa', b, [{ Q: identityMatrix(3), K: identityMatrix(3), V: vRandom }], true), x0: clustered(30, 3), expectPath: 'general' },
  { name: 'two heads, general Q,K,V, headScale 1/2', n: 33, d: 3, betas: [1, 1e4], params: (b) => params('sa', b, twoHeads, false, 0.5), x0: clustered(33, 3), expectPath: 'general' },
  { name: 'two heads, usa', n: 33, d: 3, betas: [1, 30], params: (b) => params('usa', b, twoHeads), x0: clustered(33, 3), expectPath: 'general' },
  { name: 'rectangular Q,K (2×4), V 4×4', n: 35, d: 4, betas: [1, 1e4], params: (b) => params('sa', b, [rectangular]), x0: clustered(35, 4), expectPath: 'general' },
  { name: 'Q = K random (symmetric scores), V random', n: 37, d: 3, betas: [1, 1e4], params: (b) => params('sa', b, [{ Q: randomQ3, K: randomQ3, V: vRandom }]), x0: clustered(37, 3), expectPath: 'symmetric' },
  { name: 'Q=2I, K=I/2, V=3I (scalars folded)', n: 37, d: 3, betas: [1, 1e4], params: (b) => params('sa', b, [{ Q: identityMatrix(3, 2), K: identityMatrix(3, 0.5), V: identityMatrix(3, 3) }]), x0: clustered(37, 3), expectPath: 'symmetric' },
  { name: 'negative beta falls back to the general path', n: 37, d: 3, betas: [-0.5, -20], params: (b) => params('sa', b, [identityHead(3)]), x0: uniformSphere(rng, 37, 3), expectPath: 'general' },
];

interface Variant {
  readonly name: string;
  readonly options: FusedFieldOptions;
  readonly enabled: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'ts', options: { kernel: 'ts' }, enabled: true },
  { name: 'ts, Math.exp', options: { kernel: 'ts', exp: 'math' }, enabled: true },
  { name: 'ts, symmetric off', options: { kernel: 'ts', symmetric: false }, enabled: true },
  { name: 'ts, 3 parts', options: { kernel: 'ts', parts: 3 }, enabled: true },
  { name: 'wasm', options: { kernel: 'wasm' }, enabled: wasmKernelAvailable() },
  { name: 'wasm, symmetric off', options: { kernel: 'wasm', symmetric: false }, enabled: wasmKernelAvailable() },
  { name: 'wasm, 3 parts', options: { kernel: 'wasm', parts: 3 }, enabled: wasmKernelAvailable() },
];

function projected(raw: VectorField, n: number, d: number): VectorField {
  return (t, x, out) => {
    raw(t, x, out);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * out[i * d + k];
      for (let k = 0; k < d; k++) out[i * d + k] -= s * x[i * d + k];
    }
  };
}

/** DT, or for usa DT·e^{−β·max_h‖Q_hᵀK_h‖_F} so that a step moves a token by O(DT). */
function stepSize(p: AttentionParams): number {
  if (p.normalization === 'sa') return DT;
  let norm = 0;
  for (const h of p.heads) {
    let s = 0;
    for (let i = 0; i < h.Q.data.length; i++) s += h.Q.data[i] ** 2;
    let t = 0;
    for (let i = 0; i < h.K.data.length; i++) t += h.K.data[i] ** 2;
    norm = Math.max(norm, Math.sqrt(s * t));
  }
  return DT * Math.exp(-Math.abs(p.beta) * norm);
}

function rk4Step(raw: VectorField, x0: Float64Array, n: number, d: number, dt = DT): Float64Array {
  const out = new Float64Array(n * d);
  rkStep(RK4, projected(raw, n, d), 0, x0, dt, out, createRkWorkspace(RK4, n * d));
  retract('sphere', out, n, d);
  return out;
}

function relativeError(a: Float64Array, b: Float64Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (!(e <= err)) err = e;
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

/** Bound of one field entry's magnitude: Σ_h valueScale·max_j|V_h x_j|, times e^{max score} for usa. */
function fieldScale(p: AttentionParams, x: Float64Array, n: number, d: number): number {
  let total = 0;
  for (const h of p.heads) {
    let vMax = 0;
    let sMax = -Infinity;
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += h.V.data[r * d + k] * x[i * d + k];
        vMax = Math.max(vMax, Math.abs(s));
      }
    }
    if (p.normalization === 'usa') {
      const m = h.Q.rows;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let r = 0; r < m; r++) {
            let qi = 0;
            let kj = 0;
            for (let k = 0; k < d; k++) {
              qi += h.Q.data[r * d + k] * x[i * d + k];
              kj += h.K.data[r * d + k] * x[j * d + k];
            }
            s += qi * kj;
          }
          sMax = Math.max(sMax, p.beta * s);
        }
    }
    total += Math.abs(p.headScale) * vMax * (p.normalization === 'usa' ? Math.exp(sMax) : 1);
  }
  return total;
}

describe.each(CASES)('$name', (c) => {
  for (const beta of c.betas) {
    const p = c.params(beta);
    const dt = stepSize(p);
    const reference = rk4Step(referenceAttentionField(p, c.n, c.d), c.x0, c.n, c.d, dt);
    const referenceField = new Float64Array(c.n * c.d);
    referenceAttentionField(p, c.n, c.d)(0, c.x0, referenceField);
    const variants = [...VARIANTS.filter((v) => v.enabled), { name: 'createAttentionField (default dispatch)', options: {}, enabled: true }];
    test.each(variants)(`beta=${beta}: $name agrees with the reference after one RK4 step`, (v) => {
      const raw: VectorField =
        v.name.startsWith('createAttentionField') ? createAttentionField(p, c.n, c.d) : fieldOf(createKernel(p, c.n, c.d, v.options));
      const got = rk4Step(raw, c.x0, c.n, c.d, dt);
      const err = relativeError(got, reference);
      expect(err, `relative step error ${err} (tol ${STEP_REL_TOL})`).toBeLessThanOrEqual(STEP_REL_TOL);
      // The field itself: summation of n terms (n ε) + exp (2 ulp) + factor and division (2 ε).
      const field = new Float64Array(c.n * c.d);
      raw(0, c.x0, field);
      const fieldTol = (c.n + 4) * EPS * fieldScale(p, c.x0, c.n, c.d);
      let fieldErr = 0;
      for (let i = 0; i < field.length; i++) fieldErr = Math.max(fieldErr, Math.abs(field[i] - referenceField[i]));
      expect(fieldErr, `field error ${fieldErr} > ${fieldTol}`).toBeLessThanOrEqual(fieldTol);
    });
  }
  if (c.expectPath) {
    test(`takes the ${c.expectPath} path`, () => {
      const p = c.params(c.betas[0]);
      for (const v of VARIANTS.filter((variant) => variant.enabled && variant.options.symmetric !== false)) {
        const kernel = createKernel(p, c.n, c.d, v.options);
        kernel.prepare(c.x0);
        expect(kernel.paths().every((path) => path === c.expectPath), `${v.name}: ${kernel.paths().join(',')}`).toBe(true);
      }
    });
  }
});

function fieldOf(kernel: ReturnType<typeof createKernel>): VectorField {
  return (_t, x, out) => {
    kernel.prepare(x);
    for (let part = 0; part < kernel.parts; part++) kernel.runPart(part);
    kernel.finish(out);
  };
}

test('causal: token 1 moves exactly as in the reference (its only weight is e^0 = 1 on every path)', () => {
  const n = 20;
  const d = 3;
  const x0 = uniformSphere(rng, n, d);
  const p = params('sa', 3, [identityHead(d)], true);
  const reference = rk4Step(referenceAttentionField(p, n, d), x0, n, d);
  for (const v of VARIANTS.filter((variant) => variant.enabled)) {
    const out = rk4Step(fieldOf(createKernel(p, n, d, v.options)), x0, n, d);
    for (let k = 0; k < d; k++) expect(out[k], v.name).toBe(reference[k]);
  }
});

test('usa at beta = 500: the field agrees with the reference (speeds ~e^500, still finite)', () => {
  const n = 37;
  const d = 3;
  const x0 = clustered(n, d);
  for (const causal of [false, true]) {
    const p = params('usa', 500, [identityHead(d)], causal);
    const reference = new Float64Array(n * d);
    referenceAttentionField(p, n, d)(0, x0, reference);
    const tol = (n + 4) * EPS * fieldScale(p, x0, n, d);
    for (const v of VARIANTS.filter((variant) => variant.enabled)) {
      const field = new Float64Array(n * d);
      fieldOf(createKernel(p, n, d, v.options))(0, x0, field);
      let err = 0;
      for (let i = 0; i < field.length; i++) err = Math.max(err, Math.abs(field[i] - reference[i]));
      expect(err, `${v.name} causal=${causal}: ${err} > ${tol}`).toBeLessThanOrEqual(tol);
    }
  }
});

test('a call allocates nothing visible: the same output buffer, repeated calls give the same bits', () => {
  const n = 50;
  const d = 3;
  const x0 = uniformSphere(rng, n, d);
  const p = params('sa', 2, [identityHead(d)]);
  for (const v of VARIANTS.filter((variant) => variant.enabled)) {
    const f = fieldOf(createKernel(p, n, d, v.options));
    const a = new Float64Array(n * d);
    const b = new Float64Array(n * d);
    f(0, x0, a);
    f(0, uniformSphere(rng, n, d), b);
    f(0, x0, b);
    expect(Array.from(b), v.name).toEqual(Array.from(a));
  }
});
