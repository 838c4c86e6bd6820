/**
 * concentration-log-beta (catalogue §3.3; ABRR arXiv:2605.10931, abstract only; reconstruction derived).
 *
 * Every case checks both parts (the shape study is deterministic and memoised, so only the first case
 * pays for it; this also guarantees that every run exercises the shape part):
 *  - 'zero-temperature' (exact): with A = KᵀQ = I the zero-temperature dynamics is ẋ = P_x(Vx) (Oja flow),
 *    solved by x(t) = e^{Vt}x_0/|e^{Vt}x_0|. RK4 (dt = 0.01) against the closed form, to 1e-8.
 *  - 'log-beta' (shape): sa on S¹ (d = 2), Q = K = I, V = diag(1, 1/2), n i.i.d. uniform tokens. The
 *    zero-temperature limit map is Π(x) = sign(x_1)e_1, so Π#μ_0 = w₊δ_{e_1} + w₋δ_{−e_1} with w_± the
 *    empirical masses of {±x_1 > 0}. D_β(t) = W2(μ_t^β, Π#μ_0^n) is computed EXACTLY (two-atom target:
 *    the optimal plan sends the n·w₊ tokens closest to e_1 to e_1; geodesic cost), then averaged as a
 *    root-mean-square over S independent initial samples (single samples are dominated by whether one of
 *    the ~√(2β) clusters straddles the equator). Asserted: t*(β) = argmin_t D̄_β(t) grows linearly in
 *    log β (regression slope > 0, 95 % t-interval above 0) and min_t D̄_β decreases with β (log-log
 *    slope < 0, 95 % interval below 0). Monotonicity on every grid step is reported, not asserted.
 *
 * Finite-n caveat (catalogue §1.11): the mean-field picture needs n ≫ β^{(d−1)/2}. We use d = 2, where
 * this is n ≫ √β (n = 400 vs √640 ≈ 25 in quick; n = 1000 vs √2560 ≈ 51 in full), instead of the
 * catalogue's d = 3 (n ≫ β would need n ≫ 2560 particles, beyond the runtime budget).
 * Control: the hardmax regime n ≪ √β (n = 12, β ≥ 2560): the tokens no longer see each other, D̄_β just
 * follows the zero-temperature curve down to the horizon, and t* does not grow with log β.
 */
import fc from 'fast-check';
import { linearRegression } from '../src/analysis/regression.js';
import { seedArbitrary } from '../src/claims/arbitraries/seed.js';
import { symmetricWithSpectrum } from '../src/claims/arbitraries/symmetric-with-spectrum.js';
import { defineClaim, type CheckOutcome, type FigureData, type Measurement } from '../src/claims/claim.js';
import { Rng, uniformSphere } from '../src/core/rng.js';
import type { ProfileName } from '../src/core/types.js';
import type { OdeProblem, VectorField } from '../src/integrate/problem.js';
import { makeZeroTemperatureProblem } from '../src/models/zero-temperature.js';
import { solve } from '../src/integrate/solve.js';

export interface ZeroTemperatureCase {
  readonly d: number;
  readonly seed: number;
}

export interface LogBetaCase {
  /** Tokens per sample and number of independent samples (seeds seed, seed+1, …). */
  readonly n: number;
  readonly samples: number;
  /** The geometric β grid. */
  readonly betas: readonly number[];
  readonly T: number;
  readonly seed: number;
}

export interface ConcentrationCase {
  readonly zeroTemperature: ZeroTemperatureCase;
  readonly study: LogBetaCase;
}

// ------------------------------------------------------------------------------ zero temperature

/** Catalogue §3.3 (exact): RK4 with dt = 0.01 on rates ≤ 2·max|λ| = 2 has global error ~C·dt⁴ ≈ 1e-9
 *  over t ≤ 5; 1e-8 is the catalogue's tolerance (measured error reported). */
const ZERO_T_TOL = 1e-8;
const ZERO_T_DT = 0.01;
const ZERO_T_HORIZON = 5;

function checkZeroTemperature(c: ZeroTemperatureCase): CheckOutcome {
  const d = c.d;
  const n = 8;
  const rng = Rng.fromSeed(c.seed);
  const spectrum = Array.from({ length: d }, () => (rng.integer(17) - 8) / 8);
  const sym = symmetricWithSpectrum(spectrum, rng);
  const x0 = uniformSphere(rng, n, d);
  // Q = K = I gives A = KᵀQ = I in the library model (src/models/zero-temperature.ts).
  const problem = makeZeroTemperatureProblem({ x0, n, d, T: ZERO_T_HORIZON, V: sym.matrix });
  const times = [1, 2, 3, 4, 5];
  const sol = solve(problem, { scheme: 'rk4', dt: ZERO_T_DT, record: { times, states: true } });
  if (sol.status !== 'success') return { holds: false, inconclusive: `solver status ${sol.status}`, margin: 0, measurements: [], tolerances: [] };
  let worst = 0;
  const O = sym.eigenvectors.data;
  sol.states.forEach((state, s) => {
    const t = times[s];
    for (let i = 0; i < n; i++) {
      // e^{Vt}x_0 = O·diag(e^{λt})·Oᵀx_0; exponents ≤ 5 so no overflow.
      const y = new Float64Array(d);
      for (let k = 0; k < d; k++) {
        let proj = 0;
        for (let r = 0; r < d; r++) proj += O[r * d + k] * x0[i * d + r];
        const g = proj * Math.exp(spectrum[k] * t);
        for (let r = 0; r < d; r++) y[r] += O[r * d + k] * g;
      }
      const norm = Math.hypot(...y);
      for (let r = 0; r < d; r++) worst = Math.max(worst, Math.abs(state[i * d + r] - y[r] / norm));
    }
  });
  return {
    holds: worst <= ZERO_T_TOL,
    margin: (ZERO_T_TOL - worst) / ZERO_T_TOL,
    measurements: [{ name: 'max |RK4 − e^{Vt}x_0/|e^{Vt}x_0||', measured: worst, predicted: 0 }],
    tolerances: [{ name: 'closed form', value: ZERO_T_TOL, reason: 'catalogue §3.3: RK4 global error ~C·dt⁴ at dt = 0.01 over t ≤ 5 (≈1e-9) plus rounding' }],
    summary: `zero-temperature d=${d} λ=(${spectrum.join(', ')}): max deviation ${worst.toExponential(2)}`,
  };
}

// ------------------------------------------------------------------------ sa on the circle, fast

/** Ĩ_m = I_m(β)e^{−β}, m = 0..M, by Miller's backward recurrence normalised with Ĩ_0 + 2Σ_{m≥1}Ĩ_m = 1
 *  (the value of e^{β(cos 0 − 1)}); M is the last index with Ĩ_m ≥ tol. */
export function scaledBesselSeries(beta: number, tol = 1e-17): number[] {
  const mStart = Math.ceil(Math.sqrt(2 * beta * 45)) + 60; // Ĩ_m ≈ e^{−m²/(2β)}: far below tol here
  const vals = new Float64Array(mStart + 2);
  vals[mStart] = 1e-300;
  for (let m = mStart; m >= 1; m--) {
    vals[m - 1] = ((2 * m) / beta) * vals[m] + vals[m + 1];
    if (vals[m - 1] > 1e250) for (let k = m - 1; k <= mStart; k++) vals[k] *= 1e-250;
  }
  let s = vals[0];
  for (let m = 1; m <= mStart; m++) s += 2 * vals[m];
  const out: number[] = [];
  for (let m = 0; m <= mStart; m++) {
    const v = vals[m] / s;
    if (m > 0 && v < tol) break;
    out.push(v);
  }
  return out;
}

/** Weights below e^{−WINDOW_EXPONENT} relative to the self-weight 1 are dropped by the window kernel:
 *  n·e^{−40} ≈ 4e-15 relative for n ≤ 1e3, i.e. at rounding level. */
const WINDOW_EXPONENT = 40;

/**
 * sa on S¹ with Q = K = I and V = diag(λ_1, λ_2), rows (cos θ_i, sin θ_i):
 * ẋ_i = P_{x_i}(V·m_i/Z_i), Z_i = Σ_j e^{β(⟨x_i,x_j⟩−1)}, m_i = Σ_j e^{β(⟨x_i,x_j⟩−1)}x_j — the library
 * kernel's field (tested against it to 1e-14), evaluated without the O(n²) double loop:
 *  - small β: Fourier moments, e^{β(cos φ−1)} = Σ_m Ĩ_m e^{imφ}, O(n·M) with M ≈ √(78β);
 *  - large β: tokens keep their cyclic order (a 1-D flow cannot swap them), so each token sums only its
 *    neighbours in the sorted order until ⟨x_i,x_j⟩ < 1 − 40/β (weights < e^{−40}).
 * The cheaper of the two is chosen from the initial state. `x0` fixes the cyclic order.
 */
export function circleSaField(x0: Float64Array, n: number, beta: number, lambda1: number, lambda2: number, force?: 'fourier' | 'window'): { field: VectorField; method: 'fourier' | 'window' } {
  const I = scaledBesselSeries(beta);
  const M = I.length - 1;
  const cosCut = 1 - WINDOW_EXPONENT / beta;
  const windowFraction = cosCut <= -1 ? 1 : Math.acos(cosCut) / Math.PI;
  // Cost model (measured on this machine): a window neighbour (dot + exp) ≈ 70 ns, a Fourier mode per
  // token (three complex multiply-adds) ≈ 27 ns.
  const useWindow = force ? force === 'window' : 70 * windowFraction * n < 27 * M;
  const finish = (out: Float64Array, x: Float64Array, i: number, Z: number, mx: number, my: number) => {
    const ux = (lambda1 * mx) / Z;
    const uy = (lambda2 * my) / Z;
    const xi = x[2 * i];
    const yi = x[2 * i + 1];
    const s = ux * xi + uy * yi;
    out[2 * i] = ux - s * xi;
    out[2 * i + 1] = uy - s * yi;
  };
  if (useWindow) {
    const sorted = Array.from({ length: n }, (_, i) => i).sort((p, q) => Math.atan2(x0[2 * p + 1], x0[2 * p]) - Math.atan2(x0[2 * q + 1], x0[2 * q]));
    // Cyclic order written three times so neighbours p ± q index without a modulo.
    const order = Int32Array.from([...sorted, ...sorted, ...sorted]);
    const field: VectorField = (_t, x, out) => {
      for (let p = n; p < 2 * n; p++) {
        const i = order[p];
        const xi = x[2 * i];
        const yi = x[2 * i + 1];
        let Z = 1; // self-weight e^{β(1−1)}: the maximum, so no weight can overflow
        let mx = xi;
        let my = yi;
        let forward = 0;
        for (let q = 1; q < n; q++) {
          const j = order[p + q];
          const c = xi * x[2 * j] + yi * x[2 * j + 1];
          if (c < cosCut) break;
          const w = Math.exp(beta * (c - 1));
          Z += w;
          mx += w * x[2 * j];
          my += w * x[2 * j + 1];
          forward = q;
        }
        for (let q = 1; q < n - forward; q++) {
          const j = order[p - q];
          const c = xi * x[2 * j] + yi * x[2 * j + 1];
          if (c < cosCut) break;
          const w = Math.exp(beta * (c - 1));
          Z += w;
          mx += w * x[2 * j];
          my += w * x[2 * j + 1];
        }
        finish(out, x, i, Z, mx, my);
      }
    };
    return { field, method: 'window' };
  }
  const Sre = new Float64Array(M + 2);
  const Sim = new Float64Array(M + 2);
  const field: VectorField = (_t, x, out) => {
    Sre.fill(0);
    Sim.fill(0);
    for (let j = 0; j < n; j++) {
      const xj = x[2 * j];
      const yj = x[2 * j + 1];
      let cr = 1;
      let ci = 0;
      for (let k = 0; k <= M + 1; k++) {
        Sre[k] += cr;
        Sim[k] += ci;
        const nr = cr * xj - ci * yj;
        ci = cr * yj + ci * xj;
        cr = nr;
      }
    }
    for (let i = 0; i < n; i++) {
      const xi = x[2 * i];
      const yi = x[2 * i + 1];
      // Z_i = Ĩ_0·n + 2Σ_{m≥1}Ĩ_m Re(z_i^m·conj S_m);  m_i = Σ_{m=−M..M} Ĩ_|m| z_i^m·conj(S_{m−1}), S_{−k} = conj S_k
      let Z = I[0] * n;
      let mr = I[0] * Sre[1];
      let mi = I[0] * Sim[1];
      let pr = 1;
      let pi = 0;
      for (let m = 1; m <= M; m++) {
        const nr = pr * xi - pi * yi;
        pi = pr * yi + pi * xi;
        pr = nr;
        Z += 2 * I[m] * (pr * Sre[m] + pi * Sim[m]);
        const ar = Sre[m - 1];
        const ai = -Sim[m - 1];
        mr += I[m] * (pr * ar - pi * ai);
        mi += I[m] * (pr * ai + pi * ar);
        const br = Sre[m + 1];
        const bi = Sim[m + 1];
        mr += I[m] * (pr * br + pi * bi);
        mi += I[m] * (pr * bi - pi * br);
      }
      finish(out, x, i, Z, mr, mi);
    }
  };
  return { field, method: 'fourier' };
}

/** Exact W2 (geodesic cost) between the n tokens on S¹ and k/n·δ_{e_1} + (1 − k/n)·δ_{−e_1}: with
 *  c(φ) = φ² to e_1 and (π − φ)² to −e_1 (φ = angle to e_1), c_+ − c_− = π(2φ − π) is increasing in φ,
 *  so the optimal plan sends the k tokens with the smallest φ to e_1. */
export function w2ToAntipodalPair(x: Float64Array, n: number, k: number, scratch: Float64Array): number {
  for (let i = 0; i < n; i++) scratch[i] = Math.acos(Math.max(-1, Math.min(1, x[2 * i])));
  scratch.sort();
  let s = 0;
  for (let i = 0; i < n; i++) s += i < k ? scratch[i] ** 2 : (Math.PI - scratch[i]) ** 2;
  return Math.sqrt(s / n);
}

const LAMBDA: readonly [number, number] = [1, 0.5];
/** RK4 step: sa rates here are O(1) (speeds ≤ ‖V‖ = 1; cluster contraction ≈ λ ≤ 1; the clustering
 *  instability ≤ 2/e), so dt·rate ≤ 0.4 is well inside RK4 stability. Step halving (0.4 → 0.2 → 0.1,
 *  n = 400, 3 samples, β ≤ 640) moved t* by ≤ 0.02 and min D by ≤ 1e-4, far below the effects measured. */
const LOG_BETA_DT = 0.4;

export interface LogBetaStudy {
  readonly times: number[];
  /** RMS over samples of D_β(t), per β. */
  readonly rms: number[][];
  /** Zero-temperature W2(Φ_t#μ_0, Π#μ_0), RMS over samples. */
  readonly zeroTemperature: number[];
  readonly tStar: number[];
  readonly minD: number[];
  readonly status: string;
}

const studyCache = new Map<string, LogBetaStudy>();

/** Runs (and memoises: the study is deterministic in the case) the ensemble of D_β(t) curves. */
export function logBetaStudy(c: LogBetaCase): LogBetaStudy {
  const key = JSON.stringify(c);
  const cached = studyCache.get(key);
  if (cached) return cached;
  const { n, betas, T, samples } = c;
  const steps = Math.round(T / LOG_BETA_DT);
  const times = Array.from({ length: steps + 1 }, (_, k) => (k === steps ? T : k * LOG_BETA_DT));
  const sq = betas.map(() => times.map(() => 0));
  const zt = times.map(() => 0);
  const scratch = new Float64Array(n);
  let status = 'success';
  for (let s = 0; s < samples; s++) {
    const x0 = uniformSphere(Rng.fromSeed(c.seed + s), n, 2);
    let k = 0;
    for (let i = 0; i < n; i++) if (x0[2 * i] > 0) k++;
    // zero temperature: x(t) ∝ (e^{λ_1 t}x_1, e^{λ_2 t}x_2)
    const y = new Float64Array(2 * n);
    times.forEach((t, q) => {
      for (let i = 0; i < n; i++) {
        const a = x0[2 * i] * Math.exp((LAMBDA[0] - LAMBDA[1]) * t);
        const b = x0[2 * i + 1];
        const r = Math.hypot(a, b);
        y[2 * i] = a / r;
        y[2 * i + 1] = b / r;
      }
      zt[q] += w2ToAntipodalPair(y, n, k, scratch) ** 2 / samples;
    });
    betas.forEach((beta, b) => {
      const { field } = circleSaField(x0, n, beta, LAMBDA[0], LAMBDA[1]);
      const problem: OdeProblem = { n, d: 2, initial: x0, timeSpan: [0, T], params: {}, manifold: 'sphere', field, label: `sa circle β=${beta}` };
      const sol = solve(problem, { scheme: 'rk4', dt: LOG_BETA_DT, record: { times }, observables: { D: (_t, x) => w2ToAntipodalPair(x, n, k, scratch) } });
      if (sol.status !== 'success') status = sol.status;
      sol.observables.D.forEach((v, q) => (sq[b][q] += (v * v) / samples));
    });
  }
  const rms = sq.map((row) => row.map(Math.sqrt));
  const tStar: number[] = [];
  const minD: number[] = [];
  for (const row of rms) {
    let q = 0;
    for (let j = 1; j < row.length; j++) if (row[j] < row[q]) q = j;
    // Parabolic refinement through the three grid points around an interior minimum (removes the
    // dt-quantisation of t*); a minimum at the horizon stays t* = T.
    if (q > 0 && q < row.length - 1) {
      const [a, b, e] = [row[q - 1], row[q], row[q + 1]];
      const denom = a - 2 * b + e;
      const shift = denom > 0 ? (0.5 * (a - e)) / denom : 0;
      tStar.push(times[q] + shift * LOG_BETA_DT);
      minD.push(b - 0.25 * (a - e) * shift);
    } else {
      tStar.push(times[q]);
      minD.push(row[q]);
    }
  }
  const study: LogBetaStudy = { times, rms, zeroTemperature: zt.map(Math.sqrt), tStar, minD, status };
  studyCache.set(key, study);
  return study;
}

function checkLogBeta(c: LogBetaCase): CheckOutcome {
  const study = logBetaStudy(c);
  if (study.status !== 'success') return { holds: false, inconclusive: `solver status ${study.status}`, margin: 0, measurements: [], tolerances: [] };
  const logBeta = c.betas.map(Math.log);
  const tFit = linearRegression(logBeta, study.tStar);
  const dFit = linearRegression(logBeta, study.minD.map(Math.log));
  const atHorizon = study.tStar.filter((t) => t >= c.T).length;
  let monotoneViolations = 0;
  for (let b = 1; b < c.betas.length; b++) if (study.minD[b] >= study.minD[b - 1]) monotoneViolations++;
  const tSlack = tFit.slopeInterval[0]; // > 0 required
  const dSlack = -dFit.slopeInterval[1]; // > 0 required
  const holds = tSlack > 0 && dSlack > 0;
  const measurements: Measurement[] = [
    { name: 'slope of t* vs log β', measured: tFit.slope, predicted: '> 0 (Θ(log β); constant unknown)' },
    { name: 'slope 95% CI low', measured: tFit.slopeInterval[0], predicted: '> 0' },
    { name: 'slope 95% CI high', measured: tFit.slopeInterval[1] },
    { name: 'R² of t* vs log β', measured: tFit.rSquared },
    { name: 'log-log slope of min D vs β', measured: dFit.slope, predicted: '< 0 (exponent unknown)' },
    { name: 'log-log slope 95% CI high', measured: dFit.slopeInterval[1], predicted: '< 0' },
    { name: 'grid steps where min D did not decrease', measured: monotoneViolations, predicted: 'reported, not asserted (asymptotic claim)' },
    { name: 'minima at the horizon', measured: atHorizon, predicted: 0 },
    ...c.betas.map((beta, b) => ({ name: `β=${beta}: t*, min D`, measured: study.tStar[b], predicted: `min D = ${study.minD[b].toPrecision(4)}` })),
  ];
  return {
    holds,
    margin: Math.min(tSlack, dSlack),
    measurements,
    tolerances: [{ name: 'confidence', value: 0.95, reason: 'shape claim decided on the 95 % Student-t interval of each fitted slope (constants unknown, catalogue §5)' }],
    summary: `log-beta n=${c.n}×${c.samples} samples, β ∈ {${c.betas.join(', ')}}: t* slope ${tFit.slope.toPrecision(3)} [${tFit.slopeInterval.map((v) => v.toPrecision(3)).join(', ')}], min-D log-log slope ${dFit.slope.toPrecision(3)} [${dFit.slopeInterval.map((v) => v.toPrecision(3)).join(', ')}], ${atHorizon} minima at T`,
  };
}

/** Both parts on one case: a decisive failure of either fails the case; otherwise an inconclusive part
 *  makes the case inconclusive. The shape study's measurements come first (they hold the key figure). */
export function checkConcentration(c: ConcentrationCase): CheckOutcome {
  const shape = checkLogBeta(c.study);
  const exact = checkZeroTemperature(c.zeroTemperature);
  const failed = [shape, exact].some((o) => !o.holds && o.inconclusive === undefined);
  const inconclusive = failed ? undefined : [shape, exact].map((o) => o.inconclusive).find((r) => r !== undefined);
  return {
    holds: shape.holds && exact.holds,
    ...(inconclusive !== undefined ? { inconclusive } : {}),
    margin: Math.min(shape.margin, exact.margin),
    measurements: [...shape.measurements, ...exact.measurements],
    tolerances: [...shape.tolerances, ...exact.tolerances],
    summary: `${shape.summary ?? ''}; ${exact.summary ?? ''}`,
  };
}

/** Geometric β grids (factor 2) and sample sizes per profile; n ≫ √β_max in both. */
const LOG_BETA: Record<ProfileName, Omit<LogBetaCase, 'seed'>> = {
  quick: { n: 400, samples: 3, betas: [10, 20, 40, 80, 160, 320, 640], T: 20 },
  full: { n: 1000, samples: 4, betas: [10, 20, 40, 80, 160, 320, 640, 1280, 2560], T: 24 },
};
/** Hardmax control: n = 12 ≪ √β for every β of the grid (√2560 ≈ 51). */
const CONTROL: Omit<LogBetaCase, 'seed'> = { n: 12, samples: 2, betas: [2560, 5120, 10240, 20480, 40960], T: 20 };
/** The ensemble's base seed is part of the case; a fixed one keeps the expensive study to one run per profile. */
const STUDY_SEED = 1;

function zeroTemperatureCases(): fc.Arbitrary<ZeroTemperatureCase> {
  return fc.record({ d: fc.integer({ min: 2, max: 6 }), seed: seedArbitrary() });
}

function hypothesesFor(profile: ProfileName): fc.Arbitrary<ConcentrationCase> {
  return zeroTemperatureCases().map((zeroTemperature) => ({ zeroTemperature, study: { seed: STUDY_SEED, ...LOG_BETA[profile] } }));
}

function illustrateConcentration(profile: ProfileName, _seed: number) {
  const c: LogBetaCase = { seed: STUDY_SEED, ...LOG_BETA[profile] };
  const study = logBetaStudy(c);
  const curves = [
    ...c.betas.map((beta, b) => ({ name: `β = ${beta}`, x: study.times, y: study.rms[b] })),
    { name: 'zero temperature Φ_t#μ_0', x: study.times, y: study.zeroTemperature },
  ];
  const logBeta = c.betas.map(Math.log);
  const fit = linearRegression(logBeta, study.tStar);
  const figures: FigureData[] = [
    {
      name: 'distance',
      title: `D_β(t) = W2(μ_t, Π#μ_0), RMS over ${c.samples} samples of n = ${c.n} (sa, S¹, V = diag(1, 1/2))`,
      xLabel: 't',
      yLabel: 'D_β(t)',
      logY: true,
      series: curves,
    },
    {
      name: 't-star',
      title: 't*(β) = argmin_t D_β(t) against log β, with the least-squares line',
      xLabel: 'log β',
      yLabel: 't*',
      mark: 'point',
      series: [
        { name: 't*(β)', x: logBeta, y: study.tStar },
        { name: `fit: slope ${fit.slope.toPrecision(3)} ± ${(fit.tQuantile * fit.slopeStdErr).toPrecision(2)}`, x: logBeta, y: logBeta.map((l) => fit.intercept + fit.slope * l) },
      ],
    },
  ];
  return { figures, table: c.betas.map((beta, b) => ({ name: `β = ${beta}: min_t D̄_β (t* = ${study.tStar[b].toFixed(2)})`, measured: study.minD[b], predicted: 'decreasing in β' })) };
}

export default defineClaim<ConcentrationCase>({
  id: 'concentration-log-beta',
  title: 'Low-temperature concentration on the zero-temperature push-forward at times ~ log β',
  source: {
    key: 'ABRR',
    authors: 'Alcalde, Bungert, Riedl, Roith',
    title: 'Quantifying concentration phenomena of mean-field transformers in the low-temperature regime',
    arxiv: '2605.10931',
    where: 'abstract only (W ≲ √(log(β+1)/β)·e^{Ct} + e^{−ct}); reconstruction and zero-temperature map derived (catalogue §1.11, §3.3)',
  },
  provenance:
    '[abstract] ABRR: concentration on the push-forward of μ_0 by a projection map at times ~ log β. [derived] the map Π (Oja flow limit), the two-atom target, t* = Θ(log β) and the decrease of min D from the abstract\'s bound. [standard] e^{Vt}x/|e^{Vt}x| solves the Oja flow.',
  statement:
    '(exact) With A = KᵀQ = I, ẋ = P_x(Vx) is solved by e^{Vt}x_0/|e^{Vt}x_0|. (shape) For sa with V = diag(1, 1/2), Q = K = I, uniform μ_0 on S¹ and n ≫ √β, D_β(t) = W2(μ_t^β, Π#μ_0) has its minimum at t*(β) growing linearly in log β, and min_t D_β decreases as β grows.',
  kind: 'shape',
  hypotheses: hypothesesFor,
  check: checkConcentration,
  negativeControl: {
    dropped: 'n ≫ β^{(d−1)/2}: n = 12 tokens with β ∈ [2560, 40960] on S¹ (hardmax regime, n ≪ √β).',
    cases: () => zeroTemperatureCases().map((zeroTemperature) => ({ zeroTemperature, study: { seed: STUDY_SEED, ...CONTROL } })),
  },
  expected: 'confirmed',
  budgets: { quick: { numRuns: 6, controlRuns: 2 }, full: { numRuns: 20, controlRuns: 4 } },
  keyFigure: 'slope of t* vs log β',
  notes: [
    'Shape only: ABRR\'s p (in W_p), C, c, the geometry and the hypotheses on μ_0 are unknown (catalogue §5). Every verdict is "confirmed (shape)" at best.',
    'Geometry chosen by us: d = 2 (not the catalogue\'s d = 3), V = diag(1, 1/2), A = I, geodesic W2, target Π#μ_0^n (push-forward of the EMPIRICAL initial measure, so the sampling error of w_± does not enter). W2 is exact (sorted two-atom assignment), not an identity-coupling bound.',
    'Finite-n caveat: requires n ≫ β^{(d−1)/2} = √β on S¹; quick uses n = 400 (√640 ≈ 25, ratio 16), full n = 1000 (√2560 ≈ 51, ratio 20). Single samples are dominated by whether one of the ≈√(2β) clusters straddles the equator (min D varies by ×3 between seeds), hence the RMS over samples.',
    'Finding: min_t D̄_β is NOT monotone at small β. It rises from β = 10 to 40 and decreases from β = 40 on, in every run we made (n = 400/3 samples: 0.331, 0.352, 0.366, 0.334, 0.281, 0.175, 0.147 for β = 10…640; n = 1000/4 samples: 0.295, 0.321, 0.334, 0.296, 0.265, 0.235, 0.198, 0.166, 0.127 for β = 10…2560; n = 1000/8 samples: 0.270, 0.300, 0.234, 0.176 for β = 10, 40, 160, 640). The claim is asymptotic (β → ∞), so the decrease is asserted as a log-log trend over the catalogue\'s grid starting at β = 10; the non-monotone steps are reported ("grid steps where min D did not decrease"). t* grows cleanly: slope ≈ 1.0–1.5 per unit of log β.',
    'After t*, D̄_β rises to a plateau: clusters that straddle the equator send tokens to the wrong pole; the split ±e_1 is then stable (λ_2 < λ_1 tanh β), so there is no later terminal phase in this geometry.',
    'The fast circle kernel (Fourier moments / sorted window) is checked against the library attention kernel in tests/claims/headline-smoke.test.ts.',
  ],
  illustrate: illustrateConcentration,
});
