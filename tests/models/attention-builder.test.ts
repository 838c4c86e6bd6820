import { describe, expect, test } from 'vitest';
import { gaussianMatrix, Rng, uniformSphere } from '../../src/core/rng.js';
import { flatMatrix, identityMatrix, type FlatMatrix } from '../../src/core/types.js';
import { attentionLogWeights, createAttentionField, makeAttentionProblem, type AttentionParams } from '../../src/models/attention.js';
import { configErrorOf as errorOf } from '../support/config-error-of.js';

/** Naive two-pass definition: F_i = s·Σ_h Σ_{j∈J(i)} w^h_ij V_h x_j, w = softmax_j(β⟨Q_h x_i, K_h x_j⟩) for
 *  sa, e^{β⟨Q_h x_i, K_h x_j⟩}/n for usa; J(i) = {j ≤ i} when causal. Written without any shortcut. */
function naiveField(p: AttentionParams, x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  const apply = (m: FlatMatrix, i: number) => Array.from({ length: m.rows }, (_, r) => Array.from({ length: d }, (_, c) => m.data[r * d + c] * x[i * d + c]).reduce((a, b) => a + b, 0));
  for (const h of p.heads)
    for (let i = 0; i < n; i++) {
      const qx = apply(h.Q, i);
      const js = Array.from({ length: p.causal ? i + 1 : n }, (_, j) => j);
      const scores = js.map((j) => p.beta * apply(h.K, j).reduce((a, kx, r) => a + kx * qx[r], 0));
      const weights = scores.map(Math.exp);
      const z = p.normalization === 'sa' ? weights.reduce((a, b) => a + b, 0) : n;
      js.forEach((j, jj) => {
        const vx = apply(h.V, j);
        for (let k = 0; k < d; k++) out[i * d + k] += (p.headScale * weights[jj] * vx[k]) / z;
      });
    }
  return out;
}

/** Sums of ≤ n·H terms of size ≤ ‖V‖e^{β‖Q‖‖K‖} with one exp each: relative error ≤ ~(n + d)·ε per
 *  term; 1e-13 of the largest |F| entry leaves a factor ~20 at n = 5, d = 3. */
const FIELD_REL_TOL = 1e-13;

describe('attention field = its two-pass definition (reference and default kernels)', () => {
  const n = 5;
  const d = 3;
  const rng = Rng.fromSeed(77);
  const x = uniformSphere(rng, n, d);
  const m = () => ({ rows: d, cols: d, data: gaussianMatrix(rng, d, d, 0.7) });
  const cases: [string, AttentionParams][] = [
    ['sa, identity', { normalization: 'sa', beta: 1.5, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 }],
    ['usa, scalar Q, K, V', { normalization: 'usa', beta: 2, heads: [{ Q: identityMatrix(d, 2), K: identityMatrix(d, 0.5), V: identityMatrix(d, -1.5) }], causal: false, headScale: 1 }],
    ['sa, general Q, K, V', { normalization: 'sa', beta: 0.8, heads: [{ Q: m(), K: m(), V: m() }], causal: false, headScale: 1 }],
    ['usa, causal, two heads averaged', { normalization: 'usa', beta: 1.2, heads: [{ Q: m(), K: m(), V: m() }, { Q: m(), K: m(), V: m() }], causal: true, headScale: 0.5 }],
    ['sa, causal, two heads, rectangular Q/K', {
      normalization: 'sa', beta: 1, causal: true, headScale: 1,
      heads: [{ Q: flatMatrix([[1, 0.5, 0], [0, -1, 2]]), K: flatMatrix([[0.3, 0, 1], [1, 1, 0]]), V: m() }, { Q: identityMatrix(d), K: identityMatrix(d), V: m() }],
    }],
  ];
  test.each(cases)('%s', (_name, params) => {
    const expected = naiveField(params, x, n, d);
    const scale = Math.max(...Array.from(expected, Math.abs));
    for (const kernel of ['reference', undefined] as const) {
      const out = new Float64Array(n * d).fill(Number.NaN); // must be written, not accumulated into
      createAttentionField(params, n, d, kernel ? { kernel } : {})(0, x, out);
      for (let j = 0; j < n * d; j++) expect(Math.abs(out[j] - expected[j]), `${kernel ?? 'default'} entry ${j}`).toBeLessThanOrEqual(FIELD_REL_TOL * scale);
    }
  });
});

describe('makeAttentionProblem', () => {
  const n = 3;
  const d = 2;
  const x0 = uniformSphere(Rng.fromSeed(3), n, d);
  const base = { normalization: 'sa' as const, beta: 1, x0, n, d, T: 2 };

  test('problem shape, label, defaults; the field is the tangent projection of rawField', () => {
    const p = makeAttentionProblem(base);
    expect([p.n, p.d, p.manifold, p.timeSpan]).toEqual([n, d, 'sphere', [0, 2]]);
    expect(p.label).toBe('sa, n=3, d=2, beta=1');
    expect(p.params).toMatchObject({ normalization: 'sa', beta: 1, causal: false, headScale: 1 });
    expect(p.params.heads.length).toBe(1);
    expect(p.initial).not.toBe(x0); // a copy
    expect(Array.from(p.initial)).toEqual(Array.from(x0));
    const raw = new Float64Array(n * d);
    const projected = new Float64Array(n * d);
    p.rawField!(0, x0, raw);
    p.field(0, x0, projected);
    for (let i = 0; i < n; i++) {
      const xi = Array.from(x0.subarray(i * d, i * d + d));
      const c = xi.reduce((a, v, k) => a + v * raw[i * d + k], 0) / xi.reduce((a, v) => a + v * v, 0);
      for (let k = 0; k < d; k++) expect(Math.abs(projected[i * d + k] - (raw[i * d + k] - c * xi[k]))).toBeLessThanOrEqual(4 * Number.EPSILON);
    }
    const usa = makeAttentionProblem({ ...base, normalization: 'usa', causal: true, heads: [{}, {}], headScale: 0.5 });
    expect(usa.label).toBe('causal usa 2 heads, n=3, d=2, beta=1');
    expect(usa.params.headScale).toBe(0.5);
    expect(usa.params.causal).toBe(true);
  });

  test('normalize: true scales rows onto the sphere; a zero row is refused; without it non-unit rows are refused', () => {
    const long = Float64Array.from([3, 4, 0, 2, -1, 0]);
    const p = makeAttentionProblem({ ...base, x0: long, normalize: true });
    [0.6, 0.8, 0, 1, -1, 0].forEach((e, j) => expect(Math.abs(p.initial[j] - e)).toBeLessThanOrEqual(2 * Number.EPSILON));
    expect(Array.from(long)).toEqual([3, 4, 0, 2, -1, 0]); // the caller's array is not modified
    const zero = errorOf(() => makeAttentionProblem({ ...base, x0: Float64Array.from([1, 0, 0, 0, 0, 1]), normalize: true }));
    expect([zero.field, zero.fix]).toEqual(['x0 row 1', 'A zero row cannot be normalised onto the sphere.']);
    expect(errorOf(() => makeAttentionProblem({ ...base, x0: long })).field).toBe('x0 row 0 norm');
    expect(errorOf(() => makeAttentionProblem({ ...base, x0: Float64Array.from([1, 0, Number.NaN, 0, 0, 1]), normalize: true })).field).toBe('x0 row 1');
  });

  test('each bad field gives a ConfigError naming it, with its fix', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ normalization: 'softmax' }, 'normalization', /^Use "sa" \(softmax\) or "usa"/],
      [{ headScale: Number.NaN }, 'headScale', /^Expected a finite number: 1 \(sum over heads\)/],
      [{ n: 0 }, 'n', /e\.g\. 32\.$/],
      [{ d: 0 }, 'd', /e\.g\. 3\.$/],
      [{ beta: -1 }, 'beta', /β ≥ 0/],
      [{ T: -1 }, 'T', /^Expected a finite horizon T ≥ 0, e\.g\. 10\.$/],
      [{ T: Number.POSITIVE_INFINITY }, 'T', /finite horizon/],
      [{ T: Number.NaN }, 'T', /finite horizon/],
      [{ heads: [{}], Q: identityMatrix(d) }, 'heads', /^Give either Q, K, V or a list of heads, not both\.$/],
      [{ heads: [{}], V: identityMatrix(d) }, 'heads', /not both/],
      [{ heads: [{}], K: identityMatrix(d) }, 'heads', /not both/],
      [{ heads: [] }, 'heads', /^Give at least one head \{Q, K, V\}\.$/],
      [{ Q: identityMatrix(3) }, 'Q', /d = 2/],
      [{ K: flatMatrix([[1, 0, 0], [0, 1, 0]]) }, 'K', /d = 2/],
      [{ V: flatMatrix([[1, 0]]) }, 'V', /^Expected a 2×2 matrix/],
      [{ heads: [{}, { V: identityMatrix(3) }] }, 'heads[1].V', /d = 2/],
      [{ heads: [{ Q: identityMatrix(3) }] }, 'heads[0].Q', /d = 2/],
      [{ heads: [{ K: identityMatrix(3) }] }, 'heads[0].K', /d = 2/],
    ];
    for (const [change, field, fix] of cases) {
      const e = errorOf(() => makeAttentionProblem({ ...base, ...change } as never));
      expect(e.field, JSON.stringify(change)).toBe(field);
      expect(e.fix, JSON.stringify(change)).toMatch(fix);
    }
    expect(() => makeAttentionProblem({ ...base, T: 0 })).not.toThrow(); // T = 0 is a valid (empty) horizon
    expect(() => makeAttentionProblem({ ...base, beta: -1, allowNegativeBeta: true })).not.toThrow();
  });
});

describe('attentionLogWeights', () => {
  test('row i of log softmax_j(β⟨Q_h x_i, K_h x_j⟩) for the chosen head; causal entries j > i are −∞', () => {
    const n = 4;
    const d = 3;
    const rng = Rng.fromSeed(5);
    const x = uniformSphere(rng, n, d);
    const head = () => ({ Q: flatMatrix([[1, 0.5, 0], [0, -1, 2]]), K: flatMatrix([[0.3, 0, 1], [1, 1, 0]]), V: identityMatrix(d) });
    const other = { Q: identityMatrix(d, 2), K: identityMatrix(d), V: identityMatrix(d) };
    for (const causal of [false, true])
      for (const [headIndex, h] of [[0, head()], [1, other]] as const) {
        const params: AttentionParams = { normalization: 'sa', beta: 1.7, heads: [head(), other], causal, headScale: 1 };
        for (let i = 0; i < n; i++) {
          const out = new Float64Array(n).fill(Number.NaN);
          attentionLogWeights(params, x, n, d, i, out, headIndex);
          const qx = Array.from({ length: h.Q.rows }, (_, r) => Array.from({ length: d }, (_, k) => h.Q.data[r * d + k] * x[i * d + k]).reduce((a, b) => a + b, 0));
          const jEnd = causal ? i + 1 : n;
          const scores = Array.from({ length: jEnd }, (_, j) => 1.7 * Array.from({ length: h.K.rows }, (_, r) => qx[r] * Array.from({ length: d }, (_, k) => h.K.data[r * d + k] * x[j * d + k]).reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0));
          const logZ = Math.log(scores.map(Math.exp).reduce((a, b) => a + b, 0));
          // scores are O(5): a log-sum-exp against a plain one differs by a few ulp of 5
          for (let j = 0; j < jEnd; j++) expect(Math.abs(out[j] - (scores[j] - logZ)), `causal=${causal} head=${headIndex} i=${i} j=${j}`).toBeLessThanOrEqual(64 * Number.EPSILON);
          for (let j = jEnd; j < n; j++) expect(out[j]).toBe(Number.NEGATIVE_INFINITY);
        }
      }
    // headIndex defaults to 0
    const params: AttentionParams = { normalization: 'sa', beta: 1.7, heads: [head(), other], causal: false, headScale: 1 };
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    attentionLogWeights(params, x, n, d, 2, a);
    attentionLogWeights(params, x, n, d, 2, b, 0);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
