/** layer-norm-energy-minimizers (catalogue §3.18): extremisers of E(μ) = (1/(2β))∬e^{β⟨x,Dy⟩}dμdμ for
 *  symmetric D = QᵀK = V, with `sa` as its mobility gradient flow (ascent V = D, descent V = −D).
 *  Energies are reported in the BKKRW code convention E_code = (1/n²)Σ e^{β⟨x_i,Dx_j⟩} (= 2βE, β absorbed). */
import fc from 'fast-check';
import { defineClaim, type CheckOutcome, type FigureData, type Measurement } from '../src/claims/claim.js';
import { SUB_CHECK_KEY_FIGURE, withSubCheckKeyFigure } from '../src/claims/sub-check-key-figure.js';
import { eigenvalues, finiteDifferenceJacobian } from '../src/analysis/jacobian.js';
import { Rng, uniformSphere } from '../src/core/rng.js';
import { diagonalMatrix, identityMatrix, type FlatMatrix, type ProfileName } from '../src/core/types.js';
import { solve } from '../src/integrate/solve.js';
import { makeAttentionProblem } from '../src/models/attention.js';
import { codeEnergy } from '../src/observables/energy.js';

export type MinimizerCase =
  /** (a) ascent with D = diag(lambda) positive definite, simple top eigenvalue at e_{d}: tokens end on ±e_d. */
  | { readonly part: 'maximiser'; readonly lambda: readonly number[]; readonly beta: number; readonly n: number; readonly seed: number }
  /** (b) descent with D PSD singular: E_code → 1 (the Jensen bound, attained iff supp μ ⊂ ker D). */
  | { readonly part: 'kernel'; readonly lambda: readonly number[]; readonly beta: number; readonly n: number; readonly seed: number }
  /** (c) four particles on a rectangle (±a, ±b), d = 2, D = diag(d1, d2): descent ends at the law's root. */
  | { readonly part: 'four'; readonly d1: number; readonly d2: number; readonly beta: number; readonly a0sq: number }
  /** (e) ascent, D = diag(delta, 1), β = 1: the equal-mass antipodal split along the dominant axis is unstable. */
  | { readonly part: 'split'; readonly delta: number; readonly half: number };

const ALIGN_TOL = 1e-6; // catalogue (a): |⟨x, v_1⟩| > 1 − 1e-6
/** (b) the descent must close ≥ 99% of the initial gap E_code − 1 by T. The gap decays only like t^{−2}
 *  (quartic energy landscape transverse to ker D once the mean is gone), so this is a shape threshold. */
const KERNEL_GAP_FRACTION = 0.01;
const LAW_TOL = 1e-6; // catalogue (c): the four-particle law to 1e-6
/** (e) Jacobian eigenvalues by central differences (h = 1e-6): O(h²) + ε/h ≈ 1e-10; catalogue 3.2(d) asks 1e-4. */
const RATE_TOL = 1e-4;
/** E_code ≤ e^{βλ_1}: n² positive terms each ≤ e^{βλ_1}, relative rounding ≤ n²·ε. */
const boundSlack = (n: number) => n * n * Number.EPSILON;

function attention(D: FlatMatrix, ascent: boolean, beta: number, x0: Float64Array, n: number, d: number, T: number) {
  const V = { rows: d, cols: d, data: D.data.map((v) => (ascent ? v : -v)) };
  return makeAttentionProblem({ normalization: 'sa', beta, x0, n, d, T, Q: identityMatrix(d), K: D, V });
}

function scaled(D: FlatMatrix, beta: number): FlatMatrix {
  return { rows: D.rows, cols: D.cols, data: D.data.map((v) => v * beta) };
}

function checkMaximiser(c: Extract<MinimizerCase, { part: 'maximiser' }>): CheckOutcome {
  const d = c.lambda.length;
  const D = diagonalMatrix([...c.lambda]);
  const top = Math.max(...c.lambda);
  const topIndex = c.lambda.indexOf(top);
  const sorted = [...c.lambda].sort((p, q) => q - p);
  const gap = sorted[0] - sorted[1];
  const slowest = Math.min(gap * Math.tanh(c.beta * top), gap); // same-way split rate vs consensus drift (3.2)
  const T = Math.min(400, 30 / slowest);
  const x0 = uniformSphere(Rng.fromSeed(c.seed), c.n, d);
  const sol = solve(attention(D, true, c.beta, x0, c.n, d, T), { scheme: 'rk4', dt: 0.02 });
  let misalign = 0;
  let plus = 0;
  for (let i = 0; i < c.n; i++) {
    const a = sol.final[i * d + topIndex];
    misalign = Math.max(misalign, 1 - Math.abs(a));
    if (a > 0) plus++;
  }
  const energy = codeEnergy(sol.final, c.n, d, scaled(D, c.beta));
  const dirac = Math.exp(c.beta * top);
  const boundMargin = (dirac * (1 + boundSlack(c.n)) - energy) / dirac;
  const margin = Math.min((ALIGN_TOL - misalign) / ALIGN_TOL, boundMargin);
  return {
    holds: misalign < ALIGN_TOL && boundMargin >= 0,
    ...(sol.status === 'success' ? {} : { inconclusive: sol.message }),
    margin,
    measurements: [
      { name: 'max_i (1 − |⟨x_i, v_1⟩|)', measured: misalign, predicted: `< ${ALIGN_TOL}` },
      { name: 'E_code(final)', measured: energy, predicted: `≤ e^{βλ_1} = ${dirac}` },
      { name: 'tokens at +v_1 / n', measured: plus / c.n, predicted: 'any (splits ±v_1 are stable critical points, 3.2 trap)' },
    ],
    tolerances: [{ name: 'ALIGN_TOL', value: ALIGN_TOL, reason: `catalogue (a); T = 30/slowest rate (${slowest.toFixed(3)}) leaves e^{−30} of the initial misalignment` }],
    summary: `ascent D=diag(${c.lambda.join(',')}) beta=${c.beta} n=${c.n} seed=${c.seed}: misalignment ${misalign.toExponential(2)}, ${plus}/${c.n} at +v_1`,
  };
}

const KERNEL_T = 200;

function checkKernel(c: Extract<MinimizerCase, { part: 'kernel' }>): CheckOutcome {
  const d = c.lambda.length;
  const D = diagonalMatrix([...c.lambda]);
  const Dbeta = scaled(D, c.beta);
  const x0 = uniformSphere(Rng.fromSeed(c.seed), c.n, d);
  let jensenViolation = 0;
  // dt = 0.05: speeds ≤ ‖D‖ ≤ 2, so RK4 is deep inside its stability region and far below the 1% gap.
  const sol = solve(attention(D, false, c.beta, x0, c.n, d, KERNEL_T), {
    scheme: 'rk4',
    dt: 0.05,
    record: { every: 200 },
    observables: {
      jensen: (_t, x) => {
        // E_code ≥ e^{β|D^{1/2} m|²} ≥ 1, m the mean token (Jensen) — for PSD D.
        let quad = 0;
        for (let k = 0; k < d; k++) {
          let m = 0;
          for (let i = 0; i < c.n; i++) m += x[i * d + k] / c.n;
          quad += Dbeta.data[k * d + k] * m * m;
        }
        const e = codeEnergy(x, c.n, d, Dbeta);
        jensenViolation = Math.max(jensenViolation, (Math.exp(quad) - e) / e);
        return e;
      },
    },
  });
  const e0 = codeEnergy(x0, c.n, d, Dbeta);
  const eT = codeEnergy(sol.final, c.n, d, Dbeta);
  const fraction = (eT - 1) / (e0 - 1);
  let offKernel = 0;
  for (let i = 0; i < c.n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) if (c.lambda[k] !== 0) s += sol.final[i * d + k] ** 2;
    offKernel = Math.max(offKernel, Math.sqrt(s));
  }
  const jensenOk = jensenViolation <= boundSlack(c.n);
  const margin = Math.min((KERNEL_GAP_FRACTION - fraction) / KERNEL_GAP_FRACTION, jensenOk ? Infinity : -1);
  return {
    holds: fraction <= KERNEL_GAP_FRACTION && jensenOk,
    ...(sol.status === 'success' ? {} : { inconclusive: sol.message }),
    margin,
    measurements: [
      { name: '(E_code(T) − 1)/(E_code(0) − 1)', measured: fraction, predicted: `≤ ${KERNEL_GAP_FRACTION} (→ 0)` },
      { name: 'E_code(T)', measured: eT, predicted: 1 },
      { name: 'max distance to ker D (not asserted)', measured: offKernel, predicted: '→ 0 slowly (t^{−1/2} at best; a token near an off-kernel eigenvector lingers, its self-force ∝ 1/n)' },
      { name: 'max Jensen violation (e^{β|D^{1/2}m|²} − E)/E', measured: jensenViolation, predicted: '≤ 0' },
    ],
    tolerances: [{ name: 'KERNEL_GAP_FRACTION', value: KERNEL_GAP_FRACTION, reason: 'shape: the gap decays like t^{−2} transverse to ker D; 1% by T = 200' }],
    summary: `descent D=diag(${c.lambda.join(',')}) beta=${c.beta} n=${c.n} seed=${c.seed}: gap fraction ${fraction.toExponential(2)}, off-kernel ${offKernel.toExponential(2)}`,
  };
}

/** Root a² ∈ (0,1) of d1 tanh(βd1a²) = d2 tanh(βd2(1−a²)) (increasing in a² for d1, d2 > 0), by bisection. */
export function fourParticleRoot(d1: number, d2: number, beta: number): number {
  const g = (u: number) => d1 * Math.tanh(beta * d1 * u) - d2 * Math.tanh(beta * d2 * (1 - u));
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 200 && hi - lo > 1e-17; k++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const FOUR_T_MAX = 20_000;
const FOUR_STOP = 1e-11; // ≪ LAW_TOL; the residual of a converged run sits at ~1e-15

function rectangle(a: number, b: number): Float64Array {
  return Float64Array.from([a, b, -a, b, a, -b, -a, -b]);
}

function checkFour(c: Extract<MinimizerCase, { part: 'four' }>): CheckOutcome {
  const D = diagonalMatrix([c.d1, c.d2]);
  const x0 = rectangle(Math.sqrt(c.a0sq), Math.sqrt(1 - c.a0sq));
  // The rectangle's relaxation rate varies by orders of magnitude over the grid (small min(d1,d2), or large
  // β·d where the mobility 1/Z is ~e^{−βd}), so integrate until the law's residual is at rounding level
  // (the law is the stationarity condition) or FOUR_T_MAX; an unfinished run is inconclusive, not refuted.
  const lawAt = (x: Float64Array) => c.d1 * Math.tanh(c.beta * c.d1 * x[0] * x[0]) - c.d2 * Math.tanh(c.beta * c.d2 * x[1] * x[1]);
  const sol = solve(attention(D, false, c.beta, x0, 4, 2, FOUR_T_MAX), { scheme: 'rk4', dt: 0.02, stopWhen: (_t, x) => Math.abs(lawAt(x)) < FOUR_STOP });
  const a2 = sol.final[0] ** 2;
  const b2 = sol.final[1] ** 2;
  const law = c.d1 * Math.tanh(c.beta * c.d1 * a2) - c.d2 * Math.tanh(c.beta * c.d2 * b2);
  const root = fourParticleRoot(c.d1, c.d2, c.beta);
  const energy = codeEnergy(sol.final, 4, 2, scaled(D, c.beta));
  const predictedEnergy = Math.cosh(c.beta * c.d1 * root) * Math.cosh(c.beta * c.d2 * (1 - root));
  const err = Math.max(Math.abs(law), Math.abs(a2 - root), Math.abs(energy - predictedEnergy));
  const unfinished = sol.status !== 'success' || (Math.abs(law) >= FOUR_STOP && err > LAW_TOL);
  return {
    holds: err <= LAW_TOL,
    ...(unfinished ? { inconclusive: `not converged by t=${sol.finalTime} (${sol.message}); law residual ${law}` } : {}),
    margin: (LAW_TOL - err) / LAW_TOL,
    measurements: [
      { name: 'a² (final)', measured: a2, predicted: root },
      { name: 'd1 tanh(βd1a²) − d2 tanh(βd2b²)', measured: law, predicted: 0 },
      { name: 'E_code', measured: energy, predicted: predictedEnergy },
    ],
    tolerances: [{ name: 'LAW_TOL', value: LAW_TOL, reason: 'catalogue (c); RK4 at dt = 0.02 over ≈ 40 e-folds of the relaxation converges far below it' }],
    summary: `four particles D=diag(${c.d1},${c.d2}) beta=${c.beta} a0²=${c.a0sq}: a²=${a2.toFixed(8)} root=${root.toFixed(8)}`,
  };
}

/** Largest local rate of the equal-mass split along the dominant eigenvector (catalogue 3.2, `sa`):
 *  same-way tanh(βλ)(λ_l − λ), opposite-way λ_l − λ tanh(βλ), intra −λ tanh(βλ) (needs ≥ 2 per side). */
export function splitTopRate(lambdaTop: number, lambdaOther: number, beta: number, perSide: number): number {
  const th = Math.tanh(beta * lambdaTop);
  const rates = [th * (lambdaOther - lambdaTop), lambdaOther - lambdaTop * th];
  if (perSide >= 2) rates.push(-lambdaTop * th);
  return Math.max(...rates);
}

/** Unequal masses (`usa`, catalogue 3.2): the split with mass p at +v and 1 − p at −v along eigenvalue λ is
 *  linearly stable iff both intra rates −λD_± and both eigenvalues of M (direction λ_l) are negative. */
export function antipodalSplitStable(lambdaTop: number, lambdaOther: number, beta: number, p: number): boolean {
  const lam = lambdaTop;
  const ep = Math.exp(beta * lam);
  const em = Math.exp(-beta * lam);
  const dPlus = p * ep - (1 - p) * em;
  const dMinus = (1 - p) * ep - p * em;
  if (!(-lam * dPlus < 0 && -lam * dMinus < 0)) return false;
  const l = lambdaOther;
  const m11 = p * ep * l - lam * dPlus;
  const m12 = (1 - p) * em * l;
  const m21 = p * em * l;
  const m22 = (1 - p) * ep * l - lam * dMinus;
  return m11 + m22 < 0 && m11 * m22 - m12 * m21 > 0;
}

function checkSplit(c: Extract<MinimizerCase, { part: 'split' }>): CheckOutcome {
  const beta = 1;
  const D = diagonalMatrix([c.delta, 1]);
  const axis = c.delta < 1 ? 1 : 0; // dominant eigenvector: e_2 for δ < 1, e_1 for δ > 1
  const n = 2 * c.half;
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) x[i * 2 + axis] = i < c.half ? 1 : -1;
  const problem = attention(D, true, beta, x, n, 2, 1);
  const J = finiteDifferenceJacobian(problem.field, x, { sphere: { n, d: 2 } });
  const ev = eigenvalues(J.matrix, J.size);
  const measuredTop = ev.real[ev.real.length - 1];
  const lambdaTop = Math.max(c.delta, 1);
  const lambdaOther = Math.min(c.delta, 1);
  const predictedTop = splitTopRate(lambdaTop, lambdaOther, beta, c.half);
  const rateErr = Math.abs(measuredTop - predictedTop);
  const unstable = measuredTop > RATE_TOL;
  return {
    holds: unstable && rateErr <= RATE_TOL,
    margin: Math.min(measuredTop - RATE_TOL, RATE_TOL - rateErr),
    measurements: [
      { name: 'top Jacobian eigenvalue at the split', measured: measuredTop, predicted: predictedTop },
      { name: 'unstable', measured: unstable ? 1 : 0, predicted: 1 },
    ],
    tolerances: [{ name: 'RATE_TOL', value: RATE_TOL, reason: 'finite-difference Jacobian h = 1e-6: error ≈ 1e-10; catalogue 3.2(d) asks 1e-4' }],
    summary: `split D=diag(${c.delta},1) n=${n}: top rate ${measuredTop.toFixed(6)} (predicted ${predictedTop.toFixed(6)})`,
  };
}


function check(c: MinimizerCase): CheckOutcome {
  return withSubCheckKeyFigure(checkPart(c), c.part);
}

function checkPart(c: MinimizerCase): CheckOutcome {
  switch (c.part) {
    case 'maximiser':
      return checkMaximiser(c);
    case 'kernel':
      return checkKernel(c);
    case 'four':
      return checkFour(c);
    case 'split':
      return checkSplit(c);
  }
}

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const betaGrid = fc.integer({ min: 2, max: 8 }).map((k) => k / 4); // β ∈ [0.5, 2]

function maximiserCases(identity: boolean) {
  return fc.record({ l1: fc.integer({ min: 1, max: 8 }), gap: fc.integer({ min: 2, max: 6 }), beta: betaGrid, n: fc.integer({ min: 4, max: 16 }), seed }).map(({ l1, gap, beta, n, seed: s }) => {
    // λ = (λ1, λ2, λ3) = (l1/4, 2, 2 + gap/4): positive definite, simple top eigenvalue at e_3 (cf. diag(1,3,4)).
    const lambda = identity ? [1, 1, 1] : [l1 / 4, 2, 2 + gap / 4];
    return { part: 'maximiser' as const, lambda, beta, n, seed: s };
  });
}

function kernelCases(identity: boolean) {
  return fc.record({ shape: fc.constantFrom<number[]>([1, 0, 1], [0, 0, 1], [0, 1, 0], [2, 0, 0.5]), beta: betaGrid, n: fc.integer({ min: 4, max: 16 }), seed }).map(({ shape, beta, n, seed: s }) => ({
    part: 'kernel' as const,
    lambda: identity ? [1, 1, 1] : shape,
    beta,
    n,
    seed: s,
  }));
}

const fourCases = fc
  .record({ d1: fc.integer({ min: 1, max: 12 }).map((k) => k / 4), d2: fc.integer({ min: 1, max: 12 }).map((k) => k / 4), beta: betaGrid, a0: fc.integer({ min: 1, max: 9 }).map((k) => k / 10) })
  .map(({ d1, d2, beta, a0 }) => ({ part: 'four' as const, d1, d2, beta, a0sq: a0 }));

/** δ on a grid strictly inside (tanh 1, 1.19968) with a 0.01 margin each side (the catalogue's (0.77, 1.19)). */
const splitCases = fc.record({ k: fc.integer({ min: 0, max: 42 }), half: fc.integer({ min: 1, max: 6 }) }).map(({ k, half }) => ({ part: 'split' as const, delta: 0.77 + k / 100, half }));

function illustrate(_profile: ProfileName, _seed: number) {
  const deltas = Array.from({ length: 121 }, (_, k) => 0.4 + k / 100);
  const rates: FigureData = {
    name: 'split-stability',
    title: 'Equal-mass antipodal split, D = diag(δ, 1), β = 1: top local rate',
    xLabel: 'δ',
    yLabel: 'top rate',
    series: [
      {
        name: 'Jacobian (n = 4)',
        x: deltas.filter((_, k) => k % 5 === 0),
        y: deltas.filter((_, k) => k % 5 === 0).map((delta) => checkSplit({ part: 'split', delta, half: 2 }).measurements[0].measured as number),
      },
      { name: 'formula (3.2)', x: deltas, y: deltas.map((delta) => splitTopRate(Math.max(delta, 1), Math.min(delta, 1), 1, 2)) },
    ],
    caption: 'Unstable exactly on (tanh 1, 1.19968) = (0.7616, 1.1997) [derived✓]; stable outside.',
  };
  const table: Measurement[] = [0.25, 0.5, 1, 2, 3].map((delta) => ({
    name: `four-particle a², δ=${delta}`,
    measured: checkFour({ part: 'four', d1: 1, d2: delta, beta: 1, a0sq: 0.5 }).measurements[0].measured,
    predicted: fourParticleRoot(1, delta, 1),
  }));
  // (d) the three n = 2 energies for D = diag(−1, δ): both at e_2, ±e_1, ±e_2.
  const delta = 0.3;
  const Dd = diagonalMatrix([-1, delta]);
  table.push(
    { name: 'E_code both at e_2 (D = diag(−1, 0.3))', measured: codeEnergy(Float64Array.from([0, 1, 0, 1]), 2, 2, Dd), predicted: Math.exp(delta) },
    { name: 'E_code at ±e_1', measured: codeEnergy(Float64Array.from([1, 0, -1, 0]), 2, 2, Dd), predicted: Math.cosh(1) },
    { name: 'E_code at ±e_2', measured: codeEnergy(Float64Array.from([0, 1, 0, -1]), 2, 2, Dd), predicted: Math.cosh(delta) },
  );
  return { figures: [rates], table };
}

export default defineClaim<MinimizerCase>({
  id: 'layer-norm-energy-minimizers',
  title: 'Extremisers of the layer-norm attention energy: Diracs at the top eigenvector, kernel of D, four-particle law, split windows',
  source: { key: 'BKKRW', authors: 'Burger, Kabri, Korolev, Roith, Weigand', title: 'Analysis of mean-field models arising from self-attention dynamics in transformer architectures with layer normalization', arxiv: '2501.03096', where: 'abstract; authors\' code (protocols); theorem numbers unknown' },
  provenance: '[abstract/secondary] extremisers classified by the eigenstructure of D; [code] ascent/descent protocols and E_code at β = 1; [derived] (a), (b) via ⟨x,Dy⟩ ≤ λ_1 and Jensen; [derived✓] the four-particle law (c) and split thresholds tanh 1, 1.19968 (e).',
  statement: '(a) D ≻ 0 with simple top eigenpair: ascent ends with every token at ±v_1 and E_code ≤ e^{βλ_1}; (b) D ⪰ 0 singular: descent drives E_code to its Jensen minimum 1 (supp μ ⊂ ker D); (c) n = 4, d = 2: the descended rectangle satisfies d1 tanh(βd1a²) = d2 tanh(βd2b²) with E_code = cosh(βd1a²)cosh(βd2b²); (e) D = diag(δ,1), β = 1: the equal-mass antipodal split is unstable for δ ∈ (tanh 1, 1.19968).',
  kind: 'exact',
  hypotheses: () => fc.oneof(maximiserCases(false), kernelCases(false), fourCases, splitCases),
  check,
  negativeControl: {
    dropped: 'D positive definite / singular / δ in the window (D = I in (a) and (b); δ = 0.5 in (e))',
    cases: () => fc.oneof(maximiserCases(true), kernelCases(true), fc.integer({ min: 1, max: 6 }).map((half) => ({ part: 'split' as const, delta: 0.5, half }))),
  },
  expected: 'confirmed',
  budgets: { quick: { numRuns: 16, controlRuns: 6 }, full: { numRuns: 120, controlRuns: 30 } },
  keyFigure: SUB_CHECK_KEY_FIGURE,
  notes: [
    'Theorem numbers and the exact classification of BKKRW are unknown; the mobility 1/Z_μ is our reading (catalogue §5). All statements here are [derived] or [derived✓] and tested on particles.',
    '(a) tests axis alignment: splits ±v_1 are stable critical points for D ≻ 0 (catalogue 3.2 trap), so ascent from random data may end in a split rather than the maximiser δ_{±v_1}; the energy bound E_code ≤ e^{βλ_1} is asserted for the end state.',
    '(b) The approach to ker D is slow (the energy is quartic transverse to ker D once the mean is gone: distance ~ t^{−1/2}; a single token near an off-kernel eigenvector lingers, e.g. one token still at distance 0.99 at T = 200 for D = diag(2, 0, 0.5), β = 0.5, n = 16), so the assert is a 99% reduction of the Jensen gap E_code − 1 by T = 200 (shape), not 1e-6 alignment.',
    '(e) is decided by Jacobian eigenvalues of the equal-mass split (exact), not by the catalogue\'s 100-restart statistic (not run). Unequal-mass windows (T9) are regenerated in fixtures/layer-norm/antipodal-split-windows.json.',
    'E_code convention (BKKRW code): (1/n²)Σe^{β⟨x_i,Dx_j⟩}, i.e. 2βE with no 1/(2β).',
  ],
  illustrate,
});
