/** normalization-speed (catalogue §3.21): from equiangular data, post-LN tokens cluster exponentially
 *  (1 − ρ ~ e^{−2t}) while pre-LN tokens cluster only polynomially (1 − ρ ~ 1/t², radii r ~ t).
 *  Q = K = V = I, `sa` form of the attention average, layer time t. */
import fc from 'fast-check';
import { defineClaim, type CheckOutcome, type FigureData } from '../src/claims/claim.js';
import { SUB_CHECK_KEY_FIGURE, withSubCheckKeyFigure } from '../src/claims/sub-check-key-figure.js';
import type { ProfileName } from '../src/core/types.js';
import { solve } from '../src/integrate/solve.js';
import { linearRegression } from '../src/analysis/regression.js';
import { makeEquiangularLayerNormProblem, makeLayerNormProblem, type LayerNormScheme } from '../src/models/layer-norm.js';

export interface ExactCase {
  readonly part: 'exact';
  readonly n: number;
  readonly beta: number;
  /** Initial common cosine ρ0 ∈ [−1/(n−1), 1). */
  readonly rho0: number;
}
export interface RateCase {
  readonly part: 'rate';
  readonly model: LayerNormScheme;
  /** 'power': log–log slope of 1 − ρ on [t_s, 100 t_s], t_s = max(1e2, clustering time); 'exponential':
   *  slope of log(1 − ρ) in t once 1 − ρ ≤ 1e-6. */
  readonly fit: 'power' | 'exponential';
  readonly n: number;
  readonly beta: number;
}
export type NormalizationCase = ExactCase | RateCase;

/** Particles (RK4, dt = 1e-3) vs the reduced ODE (RK4, dt = 1e-4) at T = 5: both errors are C·dt⁴ with
 *  C·dt⁴ ≈ 1e-12 by step halving; 1e-9 (the catalogue's) leaves 100× for C growing with n and β. */
const EXACT_TOL = 1e-9;
const EXACT_T = 5;
/** Catalogue: the log–log slope of 1 − ρ on a late window is −2 ± 0.05 (the next-order term r = t + c
 *  shifts the local slope by 2c/t ≲ 0.04 at t = 100). */
const POWER_SLOPE_TOL = 0.05;
const POWER_WINDOW: readonly [number, number] = [1e2, 1e4];
/** The asserted window is [t_s, POWER_SPAN·t_s] with t_s = max(1e2, first time 1 − ρ ≤ CLUSTERED_EPS). */
const POWER_SPAN = 100;
const CLUSTERED_EPS = 1e-3; // the clustering threshold of GLPR-24 Fig. 3 / catalogue T1
const LONG_HORIZON = 1e12;
/** r/t → 1: r = t + c, so at the window end the deviation is c/t ≲ 1e-4 in our runs; 0.01 covers any c < t/100. */
const RADIUS_RATIO_TOL = 0.01;
/** Exponential fit: ℓ′ = −2(1 + O((β+1)ε)) with ε ≤ 1e-6 on the window, β ≤ 4: deviation ≲ 1e-5; 1e-3 as
 *  in catalogue §3.4(a). */
const RATE_TOL = 1e-3;
const RATE_START_EPS = 1e-6;
const RATE_WINDOW = 20;
const REDUCED_RTOL = 1e-11; // dopri5 on the 2-variable reduced ODE: fit residuals ≪ the tolerances above

/** Least-squares slope of y on x. */
function slope(x: readonly number[], y: readonly number[]): number {
  return linearRegression(x, y).slope;
}

function equiangularInitial(n: number, rho0: number): { x0: Float64Array; d: number } {
  // x_i = √ρ0 u + √(1−ρ0) e_i with u = e_{n+1} ⊥ e_i; for ρ0 < 0 use the centred simplex e_i − c·1.
  const d = n + 1;
  const x0 = new Float64Array(n * d);
  if (rho0 >= 0) {
    for (let i = 0; i < n; i++) {
      x0[i * d + i] = Math.sqrt(1 - rho0);
      x0[i * d + n] = Math.sqrt(rho0);
    }
  } else {
    // ⟨e_i − c1, e_j − c1⟩/|e_i − c1|² = (−2c + nc²)/(1 − 2c + nc²) = ρ0: solve for c.
    const a = n * (1 - rho0);
    const b = -2 * (1 - rho0);
    const c = (-b - Math.sqrt(b * b + 4 * a * rho0)) / (2 * a);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        x0[i * d + k] = (k === i ? 1 : 0) - c;
        s += x0[i * d + k] ** 2;
      }
      for (let k = 0; k < n; k++) x0[i * d + k] /= Math.sqrt(s);
    }
  }
  return { x0, d };
}

function checkExact(c: ExactCase): CheckOutcome {
  const { x0, d } = equiangularInitial(c.n, c.rho0);
  const particles = solve(makeLayerNormProblem({ scheme: 'pre-ln', beta: c.beta, x0, n: c.n, d, T: EXACT_T }), { scheme: 'rk4', dt: 1e-3 });
  const reduced = solve(makeEquiangularLayerNormProblem('pre-ln', c.n, c.beta, c.rho0, EXACT_T), { scheme: 'rk4', dt: 1e-4 });
  const x = particles.final;
  const rhoOde = 1 - Math.exp(reduced.final[0]);
  const rOde = reduced.final[1];
  let rhoErr = 0;
  let rErr = 0;
  const radius = (i: number) => Math.hypot(...x.subarray(i * d, i * d + d));
  for (let i = 0; i < c.n; i++) {
    rErr = Math.max(rErr, Math.abs(radius(i) - rOde));
    for (let j = i + 1; j < c.n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
      rhoErr = Math.max(rhoErr, Math.abs(s / (radius(i) * radius(j)) - rhoOde));
    }
  }
  const err = Math.max(rhoErr, rErr / Math.max(1, rOde));
  const inconclusive = particles.status !== 'success' || reduced.status !== 'success' ? `solver: ${particles.message}; ${reduced.message}` : undefined;
  return {
    holds: err <= EXACT_TOL,
    ...(inconclusive ? { inconclusive } : {}),
    margin: (EXACT_TOL - err) / EXACT_TOL,
    measurements: [
      { name: 'max |⟨θ_i,θ_j⟩ − ρ(T)|', measured: rhoErr, predicted: 0 },
      { name: 'max |r_i − r(T)|', measured: rErr, predicted: 0 },
      { name: 'ρ(T)', measured: rhoOde },
      { name: 'r(T)', measured: rOde },
    ],
    tolerances: [{ name: 'EXACT_TOL', value: EXACT_TOL, reason: 'RK4 at dt = 1e-3 and 1e-4: C·dt⁴ ≈ 1e-12 by step halving, ×100 margin for C(n, β)' }],
    summary: `pre-LN particles vs (ρ, r) ODE, n=${c.n} beta=${c.beta} rho0=${c.rho0}: err=${err.toExponential(2)}`,
  };
}

function checkRate(c: RateCase): CheckOutcome {
  const problem = makeEquiangularLayerNormProblem(c.model, c.n, c.beta, 0, LONG_HORIZON);
  const reduced = { scheme: 'dopri5' as const, rtol: REDUCED_RTOL, atol: 1e-12 };
  if (c.fit === 'power') {
    // Late window [t_s, 100 t_s], t_s = max(1e2, first time 1 − ρ ≤ 1e-3): at large β and small n the
    // pre-LN system lingers far longer than 1e2 before it clusters (n = 2, β = 4: t ≈ 3.6e4).
    const clustered = solve(problem, { ...reduced, stopWhen: (_t, y) => y[0] <= Math.log(CLUSTERED_EPS) });
    const tStart = Math.max(POWER_WINDOW[0], clustered.finalTime);
    const times = Array.from({ length: 17 }, (_, k) => tStart * Math.pow(POWER_SPAN, k / 16));
    const sol = solve({ ...problem, timeSpan: [0, times[16]] }, { ...reduced, record: { times, states: true } });
    const ell = sol.states.map((s) => s[0]);
    const fitted = slope(times.map(Math.log), ell);
    const catalogueTimes = Array.from({ length: 17 }, (_, k) => POWER_WINDOW[0] * Math.pow(POWER_WINDOW[1] / POWER_WINDOW[0], k / 16));
    const onCatalogueWindow = solve({ ...problem, timeSpan: [0, POWER_WINDOW[1]] }, { ...reduced, record: { times: catalogueTimes, states: true } });
    const fixedWindowSlope = slope(catalogueTimes.map(Math.log), onCatalogueWindow.states.map((s) => s[0]));
    const radiusRatio = sol.final[1] / sol.finalTime;
    const ratioOk = c.model === 'pre-ln' ? Math.abs(radiusRatio - 1) <= RADIUS_RATIO_TOL : true;
    const margin = Math.min((POWER_SLOPE_TOL - Math.abs(fitted + 2)) / POWER_SLOPE_TOL, c.model === 'pre-ln' ? (RADIUS_RATIO_TOL - Math.abs(radiusRatio - 1)) / RADIUS_RATIO_TOL : Infinity);
    return {
      holds: Math.abs(fitted + 2) <= POWER_SLOPE_TOL && ratioOk,
      ...([clustered, sol, onCatalogueWindow].every((r) => r.status === 'success') ? {} : { inconclusive: [clustered, sol, onCatalogueWindow].find((r) => r.status !== 'success')!.message }), // reliability: every solve's status guards the verdict
      margin,
      measurements: [
        { name: 'log–log slope of 1 − ρ', measured: fitted, predicted: -2 },
        { name: 'window start t_s', measured: tStart },
        { name: 'log–log slope on the fixed window [1e2, 1e4] (not asserted)', measured: fixedWindowSlope, predicted: c.model === 'pre-ln' ? -2 : '—' },
        { name: 'r/t at the window end', measured: radiusRatio, predicted: c.model === 'pre-ln' ? 1 : 'r ≡ 1 (post-LN)' },
        { name: '(1 − ρ)·t² at the window end', measured: Math.exp(ell[ell.length - 1]) * times[16] ** 2, predicted: 'O(1) constant' },
      ],
      tolerances: [
        { name: 'POWER_SLOPE_TOL', value: POWER_SLOPE_TOL, reason: 'catalogue; r = t + c shifts the local slope by 2c/t ≲ 0.04 at t = 100' },
        { name: 'RADIUS_RATIO_TOL', value: RADIUS_RATIO_TOL, reason: 'r = t + c: deviation c/t ≲ 1e-4 at the window end' },
      ],
      summary: `${c.model} power-law fit n=${c.n} beta=${c.beta}: slope ${fitted.toFixed(4)} on [${tStart.toPrecision(4)}, ${times[16].toPrecision(4)}] (fixed [1e2,1e4]: ${fixedWindowSlope.toFixed(4)}), r/t=${radiusRatio.toFixed(5)}`,
    };
  }
  // exponential: run until 1 − ρ ≤ 1e-6, then fit log(1 − ρ) against t over RATE_WINDOW.
  const start = solve(problem, { ...reduced, stopWhen: (_t, y) => y[0] <= Math.log(RATE_START_EPS) });
  const t0 = start.finalTime;
  const times = Array.from({ length: 21 }, (_, k) => t0 + (RATE_WINDOW * k) / 20);
  const sol = solve({ ...problem, initial: start.final, timeSpan: [t0, t0 + RATE_WINDOW] }, { ...reduced, record: { times, states: true } });
  const rate = slope(times, sol.states.map((s) => s[0]));
  const ok = start.status === 'success' && sol.status === 'success';
  return {
    holds: Math.abs(rate + 2) <= RATE_TOL,
    ...(ok ? {} : { inconclusive: `${start.message}; ${sol.message}` }),
    margin: (RATE_TOL - Math.abs(rate + 2)) / RATE_TOL,
    measurements: [
      { name: 'rate of log(1 − ρ) once 1 − ρ ≤ 1e-6', measured: rate, predicted: -2 },
      { name: 'time 1 − ρ first ≤ 1e-6', measured: t0 },
    ],
    tolerances: [{ name: 'RATE_TOL', value: RATE_TOL, reason: 'next-order term O((β+1)(1 − ρ)) ≲ 1e-5 on the window (catalogue §3.4(a))' }],
    summary: `${c.model} exponential fit n=${c.n} beta=${c.beta}: rate ${rate.toFixed(6)} on [${t0.toFixed(1)}, ${(t0 + RATE_WINDOW).toFixed(1)}]`,
  };
}


function check(c: NormalizationCase): CheckOutcome {
  return withSubCheckKeyFigure(c.part === 'exact' ? checkExact(c) : checkRate(c), c.part);
}

const nGrid = fc.integer({ min: 2, max: 8 });
const betaGrid = fc.integer({ min: 0, max: 16 }).map((k) => k / 4); // β ∈ [0, 4]: hitting times ≲ 10 (T1)

function exactCases(): fc.Arbitrary<NormalizationCase> {
  return fc.record({ n: nGrid, beta: betaGrid, k: fc.integer({ min: 0, max: 8 }) }).map(({ n, beta, k }) => {
    // ρ0 on a grid from the simplex value −1/(n−1) (excluded: a fixed point) to 0.75
    const lo = -1 / (n - 1);
    return { part: 'exact' as const, n, beta, rho0: lo + ((0.75 - lo) * (k + 1)) / 9 };
  });
}

function rateCases(pairs: ReadonlyArray<readonly [LayerNormScheme, 'power' | 'exponential']>): fc.Arbitrary<NormalizationCase> {
  return fc.record({ pair: fc.constantFrom(...pairs), n: nGrid, beta: betaGrid }).map(({ pair, n, beta }) => ({ part: 'rate' as const, model: pair[0], fit: pair[1], n, beta }));
}

function illustrate(_profile: ProfileName, _seed: number) {
  const n = 8;
  const beta = 1;
  const times = Array.from({ length: 41 }, (_, k) => 0.1 * Math.pow(1e5, k / 40));
  const curves = (['pre-ln', 'post-ln'] as const).map((model) => {
    const sol = solve(makeEquiangularLayerNormProblem(model, n, beta, 0, times[times.length - 1]), { scheme: 'dopri5', rtol: REDUCED_RTOL, atol: 1e-12, record: { times, states: true } });
    return { model, eps: sol.states.map((s) => Math.exp(s[0])), r: sol.states.map((s) => s[1]) };
  });
  const keep = (v: number[]) => v.map((e) => (e > 1e-300 ? e : NaN));
  const decay: FigureData = {
    name: 'decay',
    title: `1 − ρ(t) from orthogonal data, n = ${n}, β = ${beta}`,
    xLabel: 'layer time t',
    yLabel: '1 − ρ',
    logX: true,
    logY: true,
    series: [
      ...curves.map((c) => ({ name: c.model, x: times.filter((_, k) => c.eps[k] > 1e-300), y: keep(c.eps).filter(Number.isFinite) })),
      { name: 'reference 1/t²', x: times.slice(20), y: times.slice(20).map((t) => 1 / (t * t)) },
    ],
    caption: 'Post-LN: e^{−2t} (exponential); pre-LN: ~C/t² with radii r ~ t [survey: RIG restating KGPR; ODEs derived].',
  };
  const pre = curves[0];
  const radius: FigureData = {
    name: 'radius',
    title: 'Pre-LN radius r(t)/t',
    xLabel: 'layer time t',
    yLabel: 'r/t',
    logX: true,
    series: [{ name: 'pre-LN', x: times, y: pre.r.map((r, k) => r / times[k]) }],
  };
  const table = [
    { name: 'pre-LN log–log slope on the late window (n=8, β=1)', measured: checkRate({ part: 'rate', model: 'pre-ln', fit: 'power', n, beta }).measurements[0].measured, predicted: -2 },
    { name: 'post-LN rate (n=8, β=1)', measured: checkRate({ part: 'rate', model: 'post-ln', fit: 'exponential', n, beta }).measurements[0].measured, predicted: -2 },
  ];
  return { figures: [decay, radius], table };
}

export default defineClaim<NormalizationCase>({
  id: 'normalization-speed',
  title: 'Post-LN clusters exponentially (1 − ρ ~ e^{−2t}); pre-LN only polynomially (1 − ρ ~ 1/t²)',
  source: { key: 'KGPR', authors: 'Karagodin, Ge, Polyanskiy, Rigollet (via RIG)', title: 'normalisation in attention dynamics (title unverified)', arxiv: '2510.22026', where: 'restated in RIG arXiv:2512.01868' },
  provenance: '[survey] RIG restating KGPR: post-LN e^{−2t} vs pre-LN 1/t² from equiangular data; [derived] the pre-LN (ρ, r) ODE (catalogue §3.6) and the scaling argument r ~ t, ε′ ≈ −2ε/t.',
  statement: 'Equiangular data, Q = K = V = I: pre-LN particles follow the (ρ, r) ODE exactly; pre-LN 1 − ρ has log–log slope −2 on the late window [t_s, 100 t_s] (t_s = max(1e2, first time 1 − ρ ≤ 1e-3)) with r/t → 1; post-LN log(1 − ρ) has slope −2 in t once 1 − ρ ≤ 1e-6.',
  kind: 'shape',
  hypotheses: () => fc.oneof(exactCases(), rateCases([['pre-ln', 'power'], ['post-ln', 'exponential']])),
  check,
  negativeControl: { dropped: 'the matching normalisation (post-LN in the power-law fit, pre-LN in the exponential fit)', cases: () => rateCases([['post-ln', 'power'], ['pre-ln', 'exponential']]) },
  expected: 'confirmed',
  budgets: { quick: { numRuns: 16, controlRuns: 8 }, full: { numRuns: 120, controlRuns: 40 } },
  keyFigure: SUB_CHECK_KEY_FIGURE,
  notes: [
    'Shape claim: the constant C in 1 − ρ ~ C/t² is not given by the source (KGPR only via RIG; exact pre-LN model — sa vs usa form — unconfirmed, catalogue §5). We use the sa form; RIG\'s usa form gives the same law [derived].',
    'Rates are fitted on the reduced equiangular ODE in ℓ = log(1 − ρ) (no cancellation, no underflow), which the exact sub-check ties to the particles to 1e-9 on [0, 5].',
    'The catalogue\'s fixed window [1e2, 1e4] is pre-asymptotic at large β and small n: pre-LN clusters (1 − ρ ≤ 1e-3) only at t ≈ 3.6e4 for n = 2, β = 4 (1.4e4 for n = 3, β = 4), and the slope on [1e2, 1e4] there is −0.82. The asserted window therefore starts at max(1e2, clustering time); the fixed-window slope is reported, not asserted.',
    'The survey\'s figure (random-weight transformer, d = 512, β = √d) is not reproduced.',
  ],
  illustrate,
});
