/**
 * mean-field-limit (catalogue §3.17): the empirical measure of n tokens tracks the mean-field PDE.
 * One `part` per case:
 *  - 'rate': d = 2 (circle), Q = K = V = I, f_0 = (1 + a cos θ)/(2π), small β, t = T before
 *        concentration. W1(μ_n(T), μ(T)) against a fine finite-volume PDE solution (src/meanfield,
 *        M = 1024, W1 error ≈ 4e-6) shrinks like n^{−1/2} for i.i.d. samples (slope −0.5 ± 0.1, mean of
 *        R draws per n) and like n^{−1} for quantile particles (slope −1 ± 0.15).
 *  - 'lipschitz': two n = 256 systems, one perturbed by η ∈ {1e-2, 1e-3, 1e-4}:
 *        log(W1(t)/W1(0)) ≤ L t with one L for all η, and L ≤ 2 Lip(K) (Dobrushin; K(u) the pair velocity).
 * Control: drop the 1/n in usa (velocity × n): the particles run n times faster than the PDE and the
 * W1 error stops shrinking (slope ≥ 0).
 */
import fc from 'fast-check';
import { linearRegression } from '../src/analysis/regression.js';
import { seedArbitrary } from '../src/claims/arbitraries/seed.js';
import { defineClaim, type CheckOutcome, type FigureData, type Measurement } from '../src/claims/claim.js';
import { Rng } from '../src/core/rng.js';
import type { ProfileName } from '../src/core/types.js';
import { solve } from '../src/integrate/solve.js';
import { makeCircleParticleProblem } from '../src/meanfield/circle-particles.js';
import { solveMeanFieldCircle } from '../src/meanfield/circle-pde.js';
import type { Normalization } from '../src/meanfield/circle-velocity.js';
import { cosineDensity } from '../src/meanfield/density.js';
import { makeMeanFieldCircleProblem } from '../src/meanfield/problem.js';
import { quantileParticles, sampleParticles } from '../src/meanfield/quantile-particles.js';
import { w1Circle } from '../src/meanfield/wasserstein.js';

export interface MeanFieldLimitCase {
  readonly part: 'rate' | 'lipschitz';
  readonly sampling: 'quantile' | 'iid';
  readonly normalization: Normalization;
  readonly beta: number;
  readonly a: number;
  /** Largest n of the sweep n = nMax/4^j (rate part). */
  readonly nMax: number;
  /** Control: the usa velocity is multiplied by n. */
  readonly dropScaling: boolean;
  readonly seed: number;
}

/** Reference grid: second-order W1 error ≈ 4e-6 at M = 1024 (measured 1.5e-5 at M = 512, ratio 4 per
 *  doubling), ≤ 1 % of the smallest particle error in the sweep (π/(2n)·O(1) ≈ 1e-3 at n = 4096 quantile). */
const PDE_M = 1024;
const PDE_RTOL = 1e-8;
/** Horizon: at β ≤ 1 and a ≤ 0.5 the density at T = 1 is still smooth (max f ≤ 2.5/(2π)): before concentration. */
const HORIZON = 1;
/** RK4 step for the particles at β ≤ 1: halving it moves every particle by < 4e-9 (measured, n = 4096,
 *  usa and sa), so W1 changes by < 4e-9, ≪ the smallest W1 in a sweep (≈ 1e-4). */
const PARTICLE_DT = 0.05;
/** Catalogue §3.17 acceptance windows for the fitted log-log slopes. */
const IID_SLOPE = -0.5;
const IID_SLOPE_TOL = 0.1;
const QUANTILE_SLOPE = -1;
const QUANTILE_SLOPE_TOL = 0.15;
/** i.i.d. draws per n (at least; more below IID_EQUAL_BUDGET_N). Measured over 40 seeds (usa, β = 0,
 *  a = 0.2, n = 16…1024): slope mean −0.489, s.d. 0.0225 (min −0.558, max −0.441), so the ±0.1 window
 *  sits ≥ 4 s.d. from the mean. With 12 draws at every n the s.d. was 0.027 and one full-profile case
 *  fell at −0.399 (a low n = 16 mean): the extra small-n draws were added for that, not the window. */
const IID_REPLICATES = 12;
/** Below this n the number of draws grows like 1/n (equal particle budget per n). */
const IID_EQUAL_BUDGET_N = 256;
/** Sweeps ending at nMax: quantile n = nMax/4^j (5 values), i.i.d. n = nMax/2^j (7 values; cheaper per
 *  unit of leverage when each n needs R draws). */
const QUANTILE_SWEEP = { length: 5, factor: 4 };
const IID_SWEEP = { length: 7, factor: 2 };

const LIPSCHITZ_N = 256;
const LIPSCHITZ_ETAS = [1e-2, 1e-3, 1e-4];
const LIPSCHITZ_TIMES = Array.from({ length: 11 }, (_, i) => (i * 2) / 10);
/** log-ratio slack: W1 of two 256-point sets is exact up to ≈ 1e-15 absolute against W1 ≳ 1e-5 at
 *  η = 1e-4 (relative 1e-10), and both systems take the same RK4 steps, whose error (< 4e-9 per particle,
 *  measured at dt = 0.05) enters the difference only through its O(η) variation: 1e-6 covers both. */
const LIPSCHITZ_LOG_TOL = 1e-6;

function sweep(c: MeanFieldLimitCase): number[] {
  const { length, factor } = c.sampling === 'quantile' ? QUANTILE_SWEEP : IID_SWEEP;
  return Array.from({ length }, (_, j) => Math.max(1, c.nMax / factor ** (length - 1 - j)));
}

function pdeSolution(c: MeanFieldLimitCase): Float64Array {
  const p = makeMeanFieldCircleProblem({ normalization: c.normalization, beta: c.beta, M: PDE_M, init: { kind: 'cosine', a: c.a, k: 1 }, T: HORIZON });
  const sol = solveMeanFieldCircle(p, { rtol: PDE_RTOL });
  if (sol.status !== 'success') throw new Error(`PDE reference failed: ${sol.message}`);
  return sol.final;
}

function runParticles(c: MeanFieldLimitCase, theta0: Float64Array, T: number, record?: number[]) {
  const n = theta0.length;
  const problem = makeCircleParticleProblem({ normalization: c.normalization, beta: c.beta, theta0, T, dropMeanFieldScaling: c.dropScaling });
  const speedUp = c.dropScaling ? n : 1;
  return solve(problem, { scheme: 'rk4', dt: PARTICLE_DT / speedUp, record: record ? { times: record, states: true } : undefined });
}

interface RateData {
  readonly ns: number[];
  readonly w1: number[];
  readonly slope: number;
  readonly slopeStdErr: number;
  readonly status: string;
}

function rateData(c: MeanFieldLimitCase, replicates = IID_REPLICATES): RateData {
  const ref = pdeSolution(c);
  const f0 = cosineDensity(PDE_M, c.a, 1);
  const ns = sweep(c);
  const rng = Rng.fromSeed(c.seed);
  let status = 'success';
  const w1 = ns.map((n, ni) => {
    // Small n are cheap: spend the same particle budget per n (R·256 particles) down to n = 16, which
    // quarters the noise at the end of the sweep with the most leverage on the slope.
    const draws = c.sampling === 'quantile' ? 1 : Math.max(replicates, Math.round((replicates * IID_EQUAL_BUDGET_N) / n));
    let sum = 0;
    for (let r = 0; r < draws; r++) {
      const theta0 = c.sampling === 'quantile' ? quantileParticles(f0, n) : sampleParticles(f0, n, rng.stream(ni * 1000 + r));
      const sol = runParticles(c, theta0, HORIZON);
      if (sol.status !== 'success') status = sol.status;
      sum += w1Circle({ density: ref }, { particles: sol.final });
    }
    return sum / draws;
  });
  const fit = linearRegression(ns.map(Math.log), w1.map(Math.log));
  return { ns, w1, slope: fit.slope, slopeStdErr: fit.slopeStdErr, status };
}

function checkRate(c: MeanFieldLimitCase): CheckOutcome {
  const d = rateData(c);
  const target = c.sampling === 'quantile' ? QUANTILE_SLOPE : IID_SLOPE;
  const tol = c.sampling === 'quantile' ? QUANTILE_SLOPE_TOL : IID_SLOPE_TOL;
  const margin = tol - Math.abs(d.slope - target);
  const measurements: Measurement[] = [
    { name: 'log-log slope of W1 against n', measured: d.slope, predicted: target },
    { name: 'slope standard error', measured: d.slopeStdErr },
    ...d.ns.map((n, i) => ({ name: `W1 at n=${n}`, measured: d.w1[i] })),
  ];
  return {
    holds: margin >= 0,
    ...(d.status !== 'success' ? { inconclusive: `particle solve status ${d.status}` } : {}),
    margin,
    measurements,
    tolerances: [
      {
        name: 'slope window',
        value: tol,
        reason:
          c.sampling === 'quantile'
            ? 'catalogue §3.17: −1 ± 0.15 for quantile particles (deterministic; the O(1/n³) correction and the 4e-6 PDE error bend the slope by < 0.01)'
            : `catalogue §3.17: −0.5 ± 0.1 for i.i.d. samples; the mean of ≥ ${IID_REPLICATES} draws per n gives a slope s.d. ≈ 0.023 over seeds (measured), so the window is ≥ 4 s.d.`,
      },
    ],
    summary: `${c.normalization} β=${c.beta} a=${c.a} ${c.sampling} n=${d.ns[0]}…${c.nMax}${c.dropScaling ? ' (1/n dropped)' : ''}: slope ${d.slope.toFixed(3)} (target ${target} ± ${tol})`,
  };
}

/** Lip(K) for the usa pair velocity K(u) = −sin u e^{β cos u}: max_u |(−cos u + β sin²u) e^{β cos u}| on a
 *  fine grid. Dobrushin [derived]: |X[μ] − X[ν]|_∞ ≤ Lip(K)·W1(μ, ν) and X[μ] is Lip(K)-Lipschitz, so
 *  d/dt W1 ≤ 2 Lip(K) W1. (sa has a normaliser and a different constant: the part checks usa only.) */
function kernelLipschitz(beta: number): number {
  let m = 0;
  for (let i = 0; i <= 100000; i++) {
    const u = (Math.PI * i) / 100000;
    m = Math.max(m, Math.abs((-Math.cos(u) + beta * Math.sin(u) ** 2) * Math.exp(beta * Math.cos(u))));
  }
  return m * (1 + 1e-6); // the grid maximum of a smooth function errs by O(step²) ≈ 1e-9 relative
}

function lipschitzData(c: MeanFieldLimitCase) {
  const rng = Rng.fromSeed(c.seed);
  const f0 = cosineDensity(PDE_M, c.a, 1);
  const base = sampleParticles(f0, LIPSCHITZ_N, rng.stream(0));
  const bump = rng.stream(1);
  const shifts = Float64Array.from({ length: LIPSCHITZ_N }, () => 2 * bump.uniform() - 1);
  const T = LIPSCHITZ_TIMES[LIPSCHITZ_TIMES.length - 1];
  const a = runParticles({ ...c, dropScaling: false }, base, T, LIPSCHITZ_TIMES);
  let worst = -Infinity;
  const curves = LIPSCHITZ_ETAS.map((eta) => {
    const b = runParticles({ ...c, dropScaling: false }, Float64Array.from(base, (x, i) => x + eta * shifts[i]), T, LIPSCHITZ_TIMES);
    const w = a.states.map((x, k) => w1Circle({ particles: x }, { particles: b.states[k] }));
    const logRatio = w.map((v) => Math.log(v / w[0]));
    for (let k = 1; k < logRatio.length; k++) worst = Math.max(worst, logRatio[k] / LIPSCHITZ_TIMES[k]);
    return { eta, logRatio };
  });
  return { curves, fittedL: worst, bound: 2 * kernelLipschitz(c.beta), status: a.status };
}

function checkLipschitz(c: MeanFieldLimitCase): CheckOutcome {
  const d = lipschitzData(c);
  // One L for all η: the per-η curves coincide to O(η) (linear response), so their spread is reported.
  let spread = 0;
  for (let k = 1; k < LIPSCHITZ_TIMES.length; k++) {
    const vals = d.curves.map((cv) => cv.logRatio[k]);
    spread = Math.max(spread, Math.max(...vals) - Math.min(...vals));
  }
  const margin = d.bound + LIPSCHITZ_LOG_TOL - d.fittedL;
  return {
    holds: margin >= 0,
    ...(d.status !== 'success' ? { inconclusive: `particle solve status ${d.status}` } : {}),
    margin,
    measurements: [
      { name: 'fitted L = max_t log(W1(t)/W1(0))/t over η', measured: d.fittedL, predicted: `≤ ${d.bound}` },
      { name: 'Dobrushin bound 2·Lip(K)', measured: d.bound },
      { name: 'spread of log(W1(t)/W1(0)) across η', measured: spread },
    ],
    tolerances: [{ name: 'log-ratio slack', value: LIPSCHITZ_LOG_TOL, reason: 'W1 of 256-point sets is exact to rounding; RK4 error ~1e-8 of the O(η) separation' }],
    summary: `usa β=${c.beta} n=${LIPSCHITZ_N}: fitted L=${d.fittedL.toFixed(3)} ≤ 2Lip(K)=${d.bound.toFixed(3)}, spread across η ${spread.toExponential(2)}`,
  };
}

function checkMeanFieldLimit(c: MeanFieldLimitCase): CheckOutcome {
  return c.part === 'rate' ? checkRate(c) : checkLipschitz(c);
}

const betaArb = fc.integer({ min: 0, max: 8 }).map((k) => k / 8);

function rateCases(): fc.Arbitrary<MeanFieldLimitCase> {
  return fc.record({
    part: fc.constant('rate' as const),
    sampling: fc.constantFrom('quantile' as const, 'iid' as const),
    normalization: fc.constantFrom('usa' as const, 'sa' as const),
    beta: betaArb,
    a: fc.constantFrom(0.2, 0.5),
    nMax: fc.constant(0),
    dropScaling: fc.constant(false),
    seed: seedArbitrary(),
  }).map((c) => ({ ...c, nMax: c.sampling === 'quantile' ? 4096 : 1024 }));
}

function lipschitzCases(): fc.Arbitrary<MeanFieldLimitCase> {
  return fc.record({
    part: fc.constant('lipschitz' as const),
    sampling: fc.constant('iid' as const),
    normalization: fc.constant('usa' as const),
    beta: betaArb,
    a: fc.constantFrom(0.2, 0.5),
    nMax: fc.constant(LIPSCHITZ_N),
    dropScaling: fc.constant(false),
    seed: seedArbitrary(),
  });
}

/** Control: usa with the 1/n dropped, quantile particles, n ≤ 256 (the sped-up particles need dt ∝ 1/n). */
function controlCases(): fc.Arbitrary<MeanFieldLimitCase> {
  return fc.record({
    part: fc.constant('rate' as const),
    sampling: fc.constant('quantile' as const),
    normalization: fc.constant('usa' as const),
    beta: betaArb,
    a: fc.constantFrom(0.2, 0.5),
    nMax: fc.constant(256),
    dropScaling: fc.constant(true),
    seed: seedArbitrary(),
  });
}

function illustrate(profile: ProfileName, seed: number) {
  const base = { normalization: 'usa' as const, beta: 0.5, a: 0.5, dropScaling: false, seed, part: 'rate' as const };
  const q = rateData({ ...base, sampling: 'quantile', nMax: 4096 });
  const iid = rateData({ ...base, sampling: 'iid', nMax: 1024 }, profile === 'quick' ? 4 : IID_REPLICATES);
  const ctl = rateData({ ...base, sampling: 'quantile', nMax: 256, dropScaling: true });
  const fitted = (d: RateData, name: string) => ({ name, x: d.ns, y: d.ns.map((n) => d.w1[d.w1.length - 1] * (n / d.ns[d.ns.length - 1]) ** d.slope) });
  const figure: FigureData = {
    name: 'w1-vs-n',
    title: 'W1 between n particles and the PDE at t = 1 (usa, β = 0.5, a = 0.5)',
    xLabel: 'n',
    yLabel: 'W1',
    logX: true,
    logY: true,
    mark: 'point',
    series: [
      { name: 'quantile particles', x: q.ns, y: q.w1 },
      { name: `i.i.d. samples (mean of ${profile === 'quick' ? 4 : IID_REPLICATES})`, x: iid.ns, y: iid.w1 },
      { name: 'control: 1/n dropped', x: ctl.ns, y: ctl.w1 },
    ],
    caption: `Fitted slopes: quantile ${q.slope.toFixed(3)} (predicted −1), i.i.d. ${iid.slope.toFixed(3)} (predicted −0.5), control ${ctl.slope.toFixed(3)} (no convergence).`,
  };
  const fits: FigureData = { ...figure, name: 'w1-fits', mark: 'line', series: [fitted(q, 'quantile fit'), fitted(iid, 'i.i.d. fit'), fitted(ctl, 'control fit')], caption: 'Least-squares lines of log W1 against log n.' };
  const lip = lipschitzData({ ...base, part: 'lipschitz', sampling: 'iid', nMax: LIPSCHITZ_N });
  const lipFigure: FigureData = {
    name: 'perturbation-growth',
    title: 'log(W1(t)/W1(0)) for two n = 256 systems (usa, β = 0.5)',
    xLabel: 't',
    yLabel: 'log(W1(t)/W1(0))',
    series: [...lip.curves.map((cv) => ({ name: `η = ${cv.eta}`, x: LIPSCHITZ_TIMES, y: cv.logRatio })), { name: '2·Lip(K)·t (Dobrushin bound)', x: LIPSCHITZ_TIMES, y: LIPSCHITZ_TIMES.map((t) => lip.bound * t) }],
  };
  return {
    figures: [figure, fits, lipFigure],
    table: [
      { name: 'quantile slope', measured: q.slope, predicted: -1 },
      { name: 'i.i.d. slope', measured: iid.slope, predicted: -0.5 },
      { name: 'control slope (1/n dropped)', measured: ctl.slope, predicted: '≥ 0' },
      { name: 'fitted L (β = 0.5)', measured: lip.fittedL, predicted: `≤ ${lip.bound.toFixed(3)}` },
    ],
  };
}

export default defineClaim<MeanFieldLimitCase>({
  id: 'mean-field-limit',
  title: 'Mean-field limit: n particles converge to the continuity equation at the sampling rate',
  source: {
    key: 'GLPR-24',
    authors: 'Geshkovski, Letrouit, Polyanskiy, Rigollet',
    title: 'A mathematical perspective on Transformers',
    arxiv: '2312.10794',
    where: 'Remark 3.3 (W1 stability of the mean-field flow); sampling rates standard',
  },
  provenance:
    '[paper] GLPR-24 Rem. 3.3: W1(μ_n(t), μ(t)) ≤ e^{O(1)|t|} W1(μ_n(0), μ(0)). [standard] i.i.d. W1 rate n^{−1/2} on the circle (the paper\'s n^{−1/(d−1)} needs d − 1 ≥ 3) and n^{−1} for quantile particles. [derived] Dobrushin constant 2·Lip(K). GR, DGR, ABMSR [abstract] not checked.',
  statement:
    'On the circle (d = 2, Q = K = V = I), for f_0 = (1 + a cos θ)/(2π) and small β, W1(μ_n(t), μ(t)) at t = 1 scales like n^{−1/2} for i.i.d. initial samples and like n^{−1} for quantile particles; two particle systems separated by η at t = 0 stay within e^{Lt}·W1(0) with one L for all η and L ≤ 2 Lip(K).',
  kind: 'shape',
  hypotheses: () => fc.oneof(rateCases(), lipschitzCases()),
  check: checkMeanFieldLimit,
  negativeControl: {
    dropped: 'the 1/n mean-field scaling in usa (velocity × n): the particles run n times faster than the PDE',
    cases: () => controlCases(),
  },
  expected: 'confirmed',
  budgets: { quick: { numRuns: 3, controlRuns: 2 }, full: { numRuns: 16, controlRuns: 4 } },
  keyFigure: 'log-log slope of W1 against n',
  notes: [
    'Shape check: the constant in e^{O(1)t} is not given (catalogue §5); the Lipschitz part checks the [derived] Dobrushin constant 2·max|K′| for usa instead.',
    'PDE: finite-volume solver of src/meanfield (MUSCL + MC limiter, upwind flux, SSP-RK3), M = 1024, W1 error ≈ 4e-6 (second order, measured). Particles: RK4, dt = 0.05, velocity by the exact Fourier–Bessel expansion truncated below 1e-17.',
    'Quantile particles stay at the quantiles of f_t (1-D flows are monotone), so their W1 error is the O(1/n) quantisation error of f_t: the slope −1 is sharp.',
    `W1 on the circle by the median shift (catalogue §2.6), exact for piecewise-constant densities against atoms. i.i.d. slopes use the mean of ≥ ${IID_REPLICATES} draws per n (equal particle budget per n below n = ${IID_EQUAL_BUDGET_N}).`,
    'The control runs quantile particles with n ≤ 256 (the sped-up system needs dt ∝ 1/n).',
  ],
  illustrate,
});
