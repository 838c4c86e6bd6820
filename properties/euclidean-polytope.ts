/** euclidean-polytope (catalogue §3.19): attention dynamics in R^d, β = 1 (GLPR-23 via GLPR-24 §9.2).
 *  Rescaled tokens z_i = e^{−tV}x_i: for V = I their convex hull is nested in time (Euler with dt ≤ 1 is a
 *  convex combination, exactly) and they converge to vertices of a polytope; λ_1(V) > 0 simple ⇒ at most
 *  three limit values of ⟨ψ_1, z_i⟩; V = −I, QᵀK = I ⇒ x_i → 0 without rescaling. Layer time t. */
import fc from 'fast-check';
import { defineClaim, type CheckOutcome, type FigureData } from '../src/claims/claim.js';
import { SUB_CHECK_KEY_FIGURE, withSubCheckKeyFigure } from '../src/claims/sub-check-key-figure.js';
import { Rng } from '../src/core/rng.js';
import { diagonalMatrix, identityMatrix, type FlatMatrix, type ProfileName } from '../src/core/types.js';
import { solve } from '../src/integrate/solve.js';
import { makeEuclideanProblem } from '../src/models/euclidean.js';
import { linearRegression } from '../src/analysis/regression.js';

export type PolytopeCase =
  /** Euler on the rescaled z with V (I, or the control's diag(1, −0.5)) and step dt; Q = I, K = B. */
  | { readonly part: 'nesting'; readonly V: readonly number[]; readonly dt: number; readonly randomQK: boolean; readonly seed: number }
  /** V = I, QᵀK ≻ 0: limits of z are vertices of their hull and at most #vertices of hull(x(0)). */
  | { readonly part: 'limits'; readonly randomQK: boolean; readonly seed: number }
  /** V = diag(1, λ2), λ2 < 1: ⟨ψ_1, z_i⟩ has ≤ 3 limit values. */
  | { readonly part: 'hyperplanes'; readonly lambda2: number; readonly seed: number }
  /** V = −I, Q = K = I: max|x_i(T)| → 0. */
  | { readonly part: 'collapse'; readonly seed: number };

const N = 20;
const D = 2;
const BETA = 1; // GLPR-23 [code]
/** Nesting: a point of the new state may lie outside the previous hull only by rounding of a convex
 *  combination of ≤ 20 points of size ≤ 1 and of the cross products: 1e-12 (catalogue). */
const NEST_TOL = 1e-12;
const NEST_STEPS = 40;
const LIMIT_T = 20;
/** Two tokens share a limit when their rescaled positions at T are within 1e-3 (catalogue tol). */
const CLUSTER_TOL = 1e-3;
/** Converged when no token moved more than this over the last unit of time (else inconclusive). */
const STILL_TOL = 1e-6;
/** V = −I, Q = K = I: the mean decays at rate 1, but once the attention is nearly uniform the spread obeys
 *  δ′ ≈ −Cov(x)δ with Cov ~ |x|², so |x| ~ t^{−1/2} [derived; seen numerically: slope −0.498 on [300, 3000]].
 *  Asserted: max|x_i| decreasing and its log–log slope on [30, 300] within 0.1 of −1/2. */
const COLLAPSE_WINDOW: readonly [number, number] = [30, 300];
const COLLAPSE_SLOPE = -0.5;
const COLLAPSE_SLOPE_TOL = 0.1;

function boxData(seed: number): Float64Array {
  const rng = Rng.fromSeed(seed);
  return Float64Array.from({ length: N * D }, () => 2 * rng.uniform() - 1);
}

/** B = QᵀK ≻ 0 (K = B, Q = I): I, or GᵀG/2 + 0.5·I with a Gaussian G from the seed. */
function keyMatrix(random: boolean, seed: number): FlatMatrix {
  if (!random) return identityMatrix(D);
  const rng = Rng.fromSeed(seed).stream(7);
  const g = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const b = [0.5 * (g[0] * g[0] + g[2] * g[2]) + 0.5, 0.5 * (g[0] * g[1] + g[2] * g[3]), 0, 0.5 * (g[1] * g[1] + g[3] * g[3]) + 0.5];
  b[2] = b[1];
  return { rows: 2, cols: 2, data: Float64Array.from(b) };
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, collinear points dropped. */
export function convexHull(points: Float64Array, n: number): number[][] {
  const p = Array.from({ length: n }, (_, i) => [points[2 * i], points[2 * i + 1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: number[][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: number[][] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Largest distance by which a point lies outside a CCW convex polygon (≤ 0 inside). */
function outsideDistance(hull: number[][], x: number, y: number): number {
  let worst = -Infinity;
  for (let k = 0; k < hull.length; k++) {
    const a = hull[k];
    const b = hull[(k + 1) % hull.length];
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len = Math.hypot(ex, ey);
    worst = Math.max(worst, -((ex * (y - a[1]) - ey * (x - a[0])) / len));
  }
  return worst;
}

function checkNesting(c: Extract<PolytopeCase, { part: 'nesting' }>): CheckOutcome {
  const V = diagonalMatrix([...c.V]);
  const problem = makeEuclideanProblem({ beta: BETA, x0: boxData(c.seed), n: N, d: D, T: NEST_STEPS * c.dt, K: keyMatrix(c.randomQK, c.seed), V, rescaled: true });
  const sol = solve(problem, { scheme: 'euler', dt: c.dt, record: { every: 1, states: true } });
  let worst = -Infinity;
  let worstStep = 0;
  for (let s = 1; s < sol.states.length; s++) {
    const hull = convexHull(sol.states[s - 1], N);
    for (let i = 0; i < N; i++) {
      const out = outsideDistance(hull, sol.states[s][2 * i], sol.states[s][2 * i + 1]);
      if (out > worst) {
        worst = out;
        worstStep = s;
      }
    }
  }
  return {
    holds: worst <= NEST_TOL,
    ...(sol.status === 'success' ? {} : { inconclusive: sol.message }),
    margin: (NEST_TOL - worst) / NEST_TOL,
    measurements: [{ name: 'max distance of z(t+dt) outside hull z(t)', measured: worst, predicted: '≤ 0' }],
    tolerances: [{ name: 'NEST_TOL', value: NEST_TOL, reason: 'rounding of a convex combination of ≤ 20 O(1) points and of the edge cross products' }],
    summary: `nesting V=diag(${c.V.join(',')}) dt=${c.dt} ${c.randomQK ? 'random QᵀK' : 'Q=K=I'} seed=${c.seed}: worst ${worst.toExponential(2)} at step ${worstStep}`,
  };
}

/** Single-linkage clusters of the rows (tolerance CLUSTER_TOL); returns the cluster means. */
function clusterCentres(z: Float64Array, n: number, d: number): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (z[i * d + k] - z[j * d + k]) ** 2;
      if (Math.sqrt(s) <= CLUSTER_TOL) parent[find(i)] = find(j);
    }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
  return [...groups.values()].map((members) => Array.from({ length: d }, (_, k) => members.reduce((a, i) => a + z[i * d + k], 0) / members.length));
}

function rescaledRun(V: FlatMatrix, K: FlatMatrix, x0: Float64Array, T: number) {
  const problem = makeEuclideanProblem({ beta: BETA, x0, n: N, d: D, T, K, V, rescaled: true });
  return solve(problem, { scheme: 'rk4', dt: 0.01, record: { times: [T - 1, T], states: true } });
}

function movement(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function checkLimits(c: Extract<PolytopeCase, { part: 'limits' }>): CheckOutcome {
  const x0 = boxData(c.seed);
  const initialVertices = convexHull(x0, N).length;
  const sol = rescaledRun(identityMatrix(D), keyMatrix(c.randomQK, c.seed), x0, LIMIT_T);
  const still = movement(sol.states[0], sol.states[1]);
  const centres = clusterCentres(sol.final, N, D);
  const flat = Float64Array.from(centres.flat());
  const hull = convexHull(flat, centres.length);
  const interior = centres.length >= 3 ? centres.filter((p) => !hull.some((h) => Math.hypot(h[0] - p[0], h[1] - p[1]) <= CLUSTER_TOL)).length : 0;
  const countOk = centres.length <= initialVertices;
  return {
    holds: countOk && interior === 0,
    ...(still <= STILL_TOL && sol.status === 'success' ? {} : { inconclusive: `not settled by T=${LIMIT_T}: moved ${still} over the last unit (${sol.message})` }),
    margin: Math.min(initialVertices - centres.length, -interior),
    measurements: [
      { name: '#limits', measured: centres.length, predicted: `≤ #hull vertices of x(0) = ${initialVertices}` },
      { name: '#limits not at a vertex of the final hull (0 as a limit is flagged here)', measured: interior, predicted: 0 },
    ],
    tolerances: [{ name: 'CLUSTER_TOL', value: CLUSTER_TOL, reason: 'catalogue: limits identified at 1e-3' }],
    summary: `limits V=I ${c.randomQK ? 'random QᵀK' : 'Q=K=I'} seed=${c.seed}: ${centres.length} limits (${interior} interior), ${initialVertices} initial hull vertices`,
  };
}

function checkHyperplanes(c: Extract<PolytopeCase, { part: 'hyperplanes' }>): CheckOutcome {
  // V = diag(1, λ2): φ_1 = ψ_1 = e_1 (left = right eigenvector), ⟨Qφ_1, Kφ_1⟩ = 1 > 0 with Q = K = I.
  const x0 = boxData(c.seed);
  const sol = rescaledRun(diagonalMatrix([1, c.lambda2]), identityMatrix(D), x0, LIMIT_T);
  const still = Math.max(...Array.from({ length: N }, (_, i) => Math.abs(sol.states[1][2 * i] - sol.states[0][2 * i])));
  const values = Array.from({ length: N }, (_, i) => sol.final[2 * i]).sort((a, b) => a - b);
  let count = 1;
  for (let k = 1; k < N; k++) if (values[k] - values[k - 1] > CLUSTER_TOL) count++;
  return {
    holds: count <= 3,
    ...(still <= STILL_TOL && sol.status === 'success' ? {} : { inconclusive: `⟨ψ_1, z⟩ not settled by T=${LIMIT_T}: moved ${still} over the last unit` }),
    margin: 3 - count,
    measurements: [{ name: '#limit values of ⟨ψ_1, z_i⟩', measured: count, predicted: '≤ 3' }],
    tolerances: [{ name: 'CLUSTER_TOL', value: CLUSTER_TOL, reason: 'catalogue tol 1e-3' }],
    summary: `hyperplanes V=diag(1,${c.lambda2}) seed=${c.seed}: ${count} values`,
  };
}

function checkCollapse(c: Extract<PolytopeCase, { part: 'collapse' }>): CheckOutcome {
  const x0 = boxData(c.seed);
  const times = Array.from({ length: 11 }, (_, k) => COLLAPSE_WINDOW[0] * Math.pow(COLLAPSE_WINDOW[1] / COLLAPSE_WINDOW[0], k / 10));
  // dt = 0.1: |ẋ| ≤ |x| ≤ √2 and the attention is nearly uniform, RK4 is far inside its stability region.
  const sol = solve(makeEuclideanProblem({ beta: BETA, x0, n: N, d: D, T: COLLAPSE_WINDOW[1], V: identityMatrix(D, -1) }), { scheme: 'rk4', dt: 0.1, record: { times, states: true } });
  const size = (x: Float64Array) => Math.max(...Array.from({ length: N }, (_, i) => Math.hypot(x[2 * i], x[2 * i + 1])));
  const sizes = sol.states.map(size);
  let decreasing = true;
  for (let k = 1; k < sizes.length; k++) if (!(sizes[k] < sizes[k - 1])) decreasing = false;
  const slope = linearRegression(times.map(Math.log), sizes.map(Math.log)).slope;
  const slopeErr = Math.abs(slope - COLLAPSE_SLOPE);
  return {
    holds: decreasing && slopeErr <= COLLAPSE_SLOPE_TOL,
    ...(sol.status === 'success' ? {} : { inconclusive: sol.message }),
    margin: decreasing ? (COLLAPSE_SLOPE_TOL - slopeErr) / COLLAPSE_SLOPE_TOL : -1,
    measurements: [
      { name: 'log–log slope of max|x_i(t)| on [30, 300]', measured: slope, predicted: COLLAPSE_SLOPE },
      { name: 'max|x_i(300)| / max|x_i(0)|', measured: sizes[sizes.length - 1] / size(x0), predicted: '→ 0' },
    ],
    tolerances: [{ name: 'COLLAPSE_SLOPE_TOL', value: COLLAPSE_SLOPE_TOL, reason: 'derived t^{−1/2} law; the next-order term shifts the local slope by O(1/t) ≈ 0.03 at t = 30' }],
    summary: `V=−I collapse seed=${c.seed}: max|x| slope ${slope.toFixed(4)} on [30, 300], decreasing=${decreasing}`,
  };
}


function check(c: PolytopeCase): CheckOutcome {
  return withSubCheckKeyFigure(checkPart(c), c.part);
}

function checkPart(c: PolytopeCase): CheckOutcome {
  switch (c.part) {
    case 'nesting':
      return checkNesting(c);
    case 'limits':
      return checkLimits(c);
    case 'hyperplanes':
      return checkHyperplanes(c);
    case 'collapse':
      return checkCollapse(c);
  }
}

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

function cases(): fc.Arbitrary<PolytopeCase> {
  const nesting = fc.record({ dt: fc.constantFrom(0.1, 0.5, 1), randomQK: fc.boolean(), seed }).map((r) => ({ part: 'nesting' as const, V: [1, 1], ...r }));
  const limits = fc.record({ randomQK: fc.boolean(), seed }).map((r) => ({ part: 'limits' as const, ...r }));
  const hyperplanes = fc.record({ k: fc.integer({ min: -8, max: 3 }), seed }).map(({ k, seed: s }) => ({ part: 'hyperplanes' as const, lambda2: k / 4, seed: s }));
  const collapse = seed.map((s) => ({ part: 'collapse' as const, seed: s }));
  return fc.oneof(nesting, limits, hyperplanes, collapse);
}

function controlCases(): fc.Arbitrary<PolytopeCase> {
  return fc.oneof(
    fc.record({ dt: fc.constantFrom(0.1, 0.5, 1), randomQK: fc.boolean(), seed }).map((r) => ({ part: 'nesting' as const, V: [1, -0.5], ...r })),
    fc.record({ dt: fc.constantFrom(1.5, 2), randomQK: fc.boolean(), seed }).map((r) => ({ part: 'nesting' as const, V: [1, 1], ...r })),
  );
}

function illustrate(_profile: ProfileName, seed: number) {
  const x0 = boxData(seed);
  const sol = rescaledRun(identityMatrix(D), identityMatrix(D), x0, LIMIT_T);
  const hull0 = convexHull(x0, N);
  const close = (h: number[][]) => [...h, h[0]];
  const scatter: FigureData = {
    name: 'limits',
    title: 'V = Q = K = I, n = 20: rescaled tokens z at t = 0 and t = 20',
    xLabel: 'z₁',
    yLabel: 'z₂',
    mark: 'point',
    series: [
      { name: 'z(0)', x: Array.from({ length: N }, (_, i) => x0[2 * i]), y: Array.from({ length: N }, (_, i) => x0[2 * i + 1]) },
      { name: 'z(20)', x: Array.from({ length: N }, (_, i) => sol.final[2 * i]), y: Array.from({ length: N }, (_, i) => sol.final[2 * i + 1]) },
      { name: 'hull of z(0)', x: close(hull0).map((p) => p[0]), y: close(hull0).map((p) => p[1]) },
    ],
    caption: 'Limits sit at vertices of a polytope inside the initial hull (GLPR-23 Thm 3.1, restated in GLPR-24 Table 1).',
  };
  return { figures: [scatter] };
}

export default defineClaim<PolytopeCase>({
  id: 'euclidean-polytope',
  title: 'Euclidean attention: nested hulls and polytope limits (V = I), ≤ 3 hyperplanes (λ_1 simple), collapse for V = −I',
  source: { key: 'GLPR-23', authors: 'Geshkovski, Letrouit, Polyanskiy, Rigollet', title: 'The emergence of clusters in self-attention dynamics', arxiv: '2305.05465', where: 'Thms 3.1, 4.1, C.5 as restated in GLPR-24 §9.2 Table 1' },
  provenance: '[paper, restated] Thms 3.1, 4.1, C.5 via GLPR-24 §9.2 Table 1 (theorem text of GLPR-23 not read); [code] β = 1; [derived] hull nesting for V = I and exact nesting of Euler with dt ≤ 1.',
  statement: 'V = I: the hull of the rescaled z_i is nested at every Euler step with dt ≤ 1; for QᵀK ≻ 0 the limits of z are vertices of their hull and number at most the hull vertices of x(0). V = diag(1, λ2), λ2 < 1: ⟨ψ_1, z_i⟩ has ≤ 3 limit values. V = −I, QᵀK = I: x_i → 0.',
  kind: 'shape',
  hypotheses: () => cases(),
  check,
  negativeControl: { dropped: 'V = I with Euler dt ≤ 1 (V = diag(1, −0.5), or dt > 1)', cases: () => controlCases() },
  expected: 'confirmed',
  budgets: { quick: { numRuns: 12, controlRuns: 6 }, full: { numRuns: 80, controlRuns: 20 } },
  keyFigure: SUB_CHECK_KEY_FIGURE,
  notes: [
    'Hypotheses of GLPR-23 Thms 3.1/4.1/5.1/C.5 beyond GLPR-24\'s Table 1 were not read, nor the definition of "paranormal" (catalogue §5); Thm 5.1 is not tested.',
    'Whether 0 can be a polytope-case limit is unknown (catalogue §5): a limit that is not a vertex of the final hull is counted and reported by the limits sub-check.',
    'Thm C.5 (V = −I, QᵀK = I: one cluster at 0) holds, but only polynomially: max|x_i| ~ t^{−1/2} [derived], not exponentially (the attention becomes uniform as the tokens contract, leaving the spread to a cubic term). The t^{−1/2} law is our derivation; the paper\'s rate was not read.',
    'Thm 4.1 is tested with V symmetric (ψ_1 = φ_1 = e_1) and Q = K = I only.',
  ],
  illustrate,
});
