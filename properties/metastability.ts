/** metastability (catalogue §3.9(b),(c)): on the circle (sa, d = 2, Q = K = V = I), from k tight,
 *  well-separated groups, each group first collapses (time T1), the k clusters then persist until the
 *  first merge at T2 with log T2 growing linearly in β, and on the plateau the unit energy sits at the
 *  staircase level Σ(m_a/n)². Shape claim: the constant c in log T2 ∼ cβ is unknown (§5, GKPR). */
import fc from 'fast-check';
import { linearRegression } from '../src/analysis/regression.js';
import { seedArbitrary } from '../src/claims/arbitraries/seed.js';
import { defineClaim, type CheckOutcome } from '../src/claims/claim.js';
import { Rng } from '../src/core/rng.js';
import { solve } from '../src/integrate/solve.js';
import { makeCircleProblem } from '../src/models/circle.js';
import { countClustersOnCircle } from '../src/observables/clusters.js';

interface Case {
  /** Group sizes m_a (k = masses.length groups, consecutive on the circle). */
  readonly masses: readonly number[];
  /** Smallest gap between adjacent group centres (radians); a third group sits gap + 0.3 further. */
  readonly gap: number;
  /** Initial angular width of each group (radians). */
  readonly width: number;
  /** The β values of the fit (hypotheses: large; control: β ≤ 1). */
  readonly betas: readonly number[];
  readonly seed: number;
}

/** A group has collapsed when its angular diameter is below this (radians): 50× below the initial
 *  width 0.05, and 100× below the merge threshold. */
const COLLAPSED_DIAMETER = 1e-3;
/** dopri5 tolerances: merge times are dt-sensitive (catalogue §1.13 pitfall 4), so the solution must be
 *  converged; at rtol 1e-9 the relative error of T2 is far below its variation with β (factors ≥ 2). */
const RTOL = 1e-9;
const ATOL = 1e-12;
/** Horizon: a case whose groups have not merged by then is stuck on a plateau: inconclusive. */
const HORIZON = 1e7;
/** Catalogue §3.9 check: fitted slope of log T2 vs β > 0 with R² > 0.9. */
const MIN_R_SQUARED = 0.9;
/** Staircase level (catalogue): within 1e-2 of Σ(m_a/n)², where cross-cluster terms are negligible:
 *  they add Σ_{a≠b} m_a m_b/n² · e^{−2β sin²(Δ/2)} ≤ ½e^{−2β sin²(gap/2)}, checked only when that is
 *  ≤ 1e-3 (β ≳ 57 at gap 0.5). */
const PLATEAU_TOL = 1e-2;
const CROSS_TERM_MAX = 1e-3;

function initialAngles(c: Case, rng: Rng): { theta: number[]; group: number[] } {
  const theta: number[] = [];
  const group: number[] = [];
  let centre = 0;
  c.masses.forEach((m, a) => {
    if (a === 1) centre += c.gap;
    if (a === 2) centre += c.gap + 0.3;
    for (let i = 0; i < m; i++) {
      theta.push(centre + c.width * (rng.uniform() - 0.5));
      group.push(a);
    }
  });
  return { theta, group };
}

/** E_unit = (1/n²) Σ e^{β(cos(θ_i−θ_j)−1)} = (1/n²) Σ e^{−2β sin²((θ_i−θ_j)/2)} (no cancellation). */
function unitEnergyOnCircle(theta: Float64Array, beta: number): number {
  const n = theta.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += Math.exp(-2 * beta * Math.sin((theta[i] - theta[j]) / 2) ** 2);
  return s / (n * n);
}

interface Run {
  readonly beta: number;
  readonly T1: number;
  readonly T2: number;
  readonly plateauEnergy: number;
  readonly status: string;
}

function runOne(c: Case, beta: number): Run {
  const { theta, group } = initialAngles(c, Rng.fromSeed(c.seed));
  const k = c.masses.length;
  let T1 = NaN;
  let T2 = NaN;
  let plateauEnergy = NaN;
  const collapsed = (th: Float64Array) => {
    for (let a = 0; a < k; a++) {
      let lo = Infinity;
      let hi = -Infinity;
      th.forEach((v, i) => {
        if (group[i] === a) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      });
      if (hi - lo > COLLAPSED_DIAMETER) return false;
    }
    return true;
  };
  const problem = makeCircleProblem({ normalization: 'sa', beta, theta0: theta, T: HORIZON });
  const sol = solve(problem, {
    scheme: 'dopri5',
    rtol: RTOL,
    atol: ATOL,
    stopWhen: (t, th) => {
      if (Number.isNaN(T1) && collapsed(th)) {
        T1 = t;
        plateauEnergy = unitEnergyOnCircle(th, beta);
      }
      // First merge: fewer than k clusters at half the smallest gap (single linkage, wrapped angles).
      if (countClustersOnCircle(th, c.gap / 2).count < k) {
        T2 = t;
        return true;
      }
      return false;
    },
  });
  return { beta, T1, T2, plateauEnergy, status: sol.status };
}

function check(c: Case): CheckOutcome {
  const runs = c.betas.map((beta) => runOne(c, beta));
  const n = c.masses.reduce((s, m) => s + m, 0);
  const level = c.masses.reduce((s, m) => s + (m / n) ** 2, 0);
  const unmerged = runs.filter((r) => Number.isNaN(r.T2));
  if (unmerged.length > 0 || runs.some((r) => r.status !== 'success'))
    return {
      holds: false,
      inconclusive: `no merge by t = ${HORIZON} at β = ${unmerged.map((r) => r.beta).join(', ')} (metastable plateau beyond the horizon) or solver status ${runs.map((r) => r.status).join('/')}`,
      margin: 0,
      measurements: [],
      tolerances: [],
    };
  const fit = linearRegression(c.betas, runs.map((r) => Math.log(r.T2)));
  // Plateau: every group collapses before the first merge.
  const plateauMargins = runs.map((r) => (Number.isNaN(r.T1) ? -1 : (r.T2 - r.T1) / r.T2));
  const crossBound = 0.5 * Math.exp(-2 * Math.sin(c.gap / 2) ** 2 * Math.max(...c.betas));
  const top = runs[runs.length - 1];
  const levelError = Math.abs(top.plateauEnergy - level);
  const levelChecked = crossBound <= CROSS_TERM_MAX;
  const margins = [fit.slope, fit.rSquared - MIN_R_SQUARED, ...plateauMargins, levelChecked ? PLATEAU_TOL - levelError : 1];
  return {
    holds: margins.every((m) => m > 0),
    margin: Math.min(...margins),
    measurements: [
      { name: 'slope of log T2 vs beta', measured: fit.slope, predicted: '> 0 (c unknown; tight-cluster heuristic 2sin²(gap/2))' },
      { name: 'R² of the log T2 fit', measured: fit.rSquared, predicted: `> ${MIN_R_SQUARED}` },
      ...runs.map((r) => ({ name: `T2 at beta=${r.beta}`, measured: r.T2, unit: 't' })),
      ...runs.map((r) => ({ name: `T1 at beta=${r.beta}`, measured: r.T1, predicted: `< T2 (= ${r.T2.toPrecision(4)})`, unit: 't' })),
      { name: `E_unit on the plateau at beta=${top.beta}`, measured: top.plateauEnergy, predicted: levelChecked ? level : `${level} (+ cross terms ≤ ${crossBound.toExponential(1)}, not asserted)` },
    ],
    tolerances: [
      { name: 'MIN_R_SQUARED', value: MIN_R_SQUARED, reason: 'catalogue §3.9: linear log T2 in β' },
      { name: 'PLATEAU_TOL', value: PLATEAU_TOL, reason: 'catalogue §3.9: staircase level within 1e-2 once cross-cluster terms ≤ 1e-3' },
      { name: 'COLLAPSED_DIAMETER', value: COLLAPSED_DIAMETER, reason: 'intra-group collapse: 50× below the initial width' },
    ],
    summary: `masses ${c.masses.join('+')} gap ${c.gap} β ∈ {${c.betas.join(', ')}}: T2 = ${runs.map((r) => r.T2.toPrecision(3)).join(', ')}; T1 = ${runs.map((r) => r.T1.toPrecision(3)).join(', ')}; log-slope ${fit.slope.toFixed(4)} R² ${fit.rSquared.toFixed(4)}; plateau E_unit ${top.plateauEnergy.toFixed(4)} vs ${level.toFixed(4)}`,
  };
}

/** Well-separated regime: the cross-group pull relative to the intra-group one is
 *  ≤ (max m/min m)·e^{−2β sin²(gap/2)} ≤ 4·e^{−6.4} ≈ 7e-3 at β = 64, gap 0.45. At β = 48 a singleton
 *  next to a group of 4 (gap 0.45) merged before collapsing (full-profile counterexample, seed 0):
 *  outside the regime the statement is about (its separation constant is unknown, §5). */
const HYP_BETAS = [64, 80, 96, 112];
const CONTROL_BETAS = [0.25, 0.5, 0.75, 1];
const caseArb = (betas: readonly number[]) =>
  fc.record({
    masses: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 3 }),
    gap: fc.integer({ min: 45, max: 50 }).map((g) => g / 100),
    width: fc.constant(0.05),
    betas: fc.constant(betas),
    seed: seedArbitrary(),
  });

export default defineClaim<Case>({
  id: 'metastability',
  title: 'Metastability on the circle: k clusters persist until log T2 ∼ β, on the staircase level Σ(m_a/n)²',
  source: { key: 'GKPR', authors: 'Geshkovski, Koubbi, Polyanskiy, Rigollet', title: 'Dynamic metastability in the self-attention model', arxiv: '2410.06833', where: 'abstract; survey restatement in RIG' },
  provenance: '[abstract + survey] slow motion, T1 ∼ β and log T2 ∼ β (GKPR via RIG); [derived] staircase levels Σ(m_a/n)²; [derived✓] k* table T2 (fixtures/circle); [paper] GLPR-24 Fig. 4 for the phenomenon.',
  statement: 'sa on S¹, k tight groups (masses m_a ≤ 4) separated by gaps ∈ [0.45, 0.5] rad, β ∈ {64, …, 112}: each group collapses first (T1 < T2), the first merge time satisfies log T2 = cβ + O(1) with c > 0 (fitted slope > 0, R² > 0.9), and the unit energy on the plateau is Σ(m_a/n)² within 1e-2 when cross-cluster terms are ≤ 1e-3.',
  kind: 'shape',
  hypotheses: () => caseArb(HYP_BETAS),
  check,
  negativeControl: { dropped: 'large β (metastable regime): β ∈ {0.25, 0.5, 0.75, 1}', cases: () => caseArb(CONTROL_BETAS) },
  expected: 'confirmed',
  budgets: { quick: { numRuns: 12, controlRuns: 3 }, full: { numRuns: 100, controlRuns: 10 } },
  keyFigure: 'slope of log T2 vs beta',
  notes: [
    'Shape claim: the constant c in log T2 ∼ cβ, the cluster radius and separation required, and the staircase time change are unknown (catalogue §5, GKPR). For tight clusters the heuristic c is 2sin²(gap/2) (≈ 0.12 at gap 0.5) — reported, not asserted.',
    'Measured T1 (collapse of a group of width 0.05 to 1e-3 rad) is ≈ 3–4 and nearly independent of β for β ∈ [48, 112]: consistent with "collapse by T1 ∼ β" read as an upper bound, but the β-dependence itself is not tested.',
    'Hypothesis made explicit: "well separated" is taken as (max m/min m)·e^{−2β sin²(gap/2)} ≤ 1e-2 (β ≥ 64 at gap ≥ 0.45). With β = 48, a singleton next to a group of four at gap 0.45 merged (t = 3.3) before its group collapsed (t ≈ 3.7): no plateau there.',
    'The BPA closest-pair merge rule and its mass factors (catalogue §3.9(d) ⚠) are not tested here.',
    'The dominant linear mode k* = argmax k²I_k(β) (table T2) is regenerated in fixtures/circle with our Bessel functions and tested against the catalogue digits; the particle-level check of the linear phase (n ≥ 2000) is not part of this claim.',
    'Merge times come from converged dopri5 runs (rtol 1e-9), never from fixed-step Euler (pitfall 4).',
  ],
  illustrate: (_profile, seed) => {
    // Staircase: 3 groups at β = 48, E_unit against log t, with the levels Σ(m_a/n)² of each stage.
    const masses = [2, 3, 2];
    const beta = 48;
    const c: Case = { masses, gap: 0.45, width: 0.05, betas: [beta], seed };
    const { theta } = initialAngles({ ...c, gap: 0.45 }, Rng.fromSeed(seed));
    // Second gap only slightly larger than the first so that both merges happen in view.
    const th0 = theta.map((v, i) => (i >= 5 ? v - 0.25 : v));
    const T = 2e4;
    const times = Array.from({ length: 121 }, (_, k) => Math.min(T, 10 ** (-1 + (k * Math.log10(T * 10)) / 120)));
    const sol = solve(makeCircleProblem({ normalization: 'sa', beta, theta0: th0, T }), {
      scheme: 'dopri5',
      rtol: RTOL,
      atol: ATOL,
      record: { times },
      observables: { energy: (_t, th) => unitEnergyOnCircle(th, beta) },
    });
    const n = 7;
    const levels = [[2, 3, 2], [5, 2], [7]].map((ms) => ms.reduce((s, m) => s + (m / n) ** 2, 0));
    const betas = HYP_BETAS;
    const hyp = check({ masses: [3, 2], gap: 0.5, width: 0.05, betas, seed });
    const t2 = betas.map((b) => hyp.measurements.find((m) => m.name === `T2 at beta=${b}`)?.measured ?? NaN);
    return {
      figures: [
        {
          name: 'staircase',
          title: 'Staircase of the unit energy: sa on S¹, β = 48, groups of 2, 3, 2 tokens',
          xLabel: 't',
          yLabel: 'E_unit',
          logX: true,
          series: [
            { name: 'E_unit(t)', x: Array.from(sol.times), y: Array.from(sol.observables.energy) },
            ...levels.map((l, k) => ({ name: `level ${['2+3+2', '5+2', '7'][k]} = ${l.toFixed(4)}`, x: [times[0], T], y: [l, l] })),
          ],
          caption: 'Plateaus at Σ(m_a/n)² (derived) with jumps at merges.',
        },
        {
          name: 'merge-times',
          title: 'First merge time T2 vs β (masses 3 + 2, gap 0.5 rad)',
          xLabel: 'β',
          yLabel: 'T2',
          logY: true,
          mark: 'point',
          series: [{ name: 'T2 (dopri5, rtol 1e-9)', x: betas, y: t2 }],
          caption: 'log T2 is linear in β (slope c unknown in the literature; heuristic 2sin²(gap/2)).',
        },
      ],
      table: hyp.measurements,
    };
  },
});
