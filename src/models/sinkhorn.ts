/** Sinkhorn (doubly stochastic) attention vs softmax attention for particles in R^d (catalogue §1.9, §3.20).
 *
 *  Cost c_ij = ⟨x_i, A x_j⟩/ε with A = W_QᵀW_K. With weights w_j (default 1/n) the symmetric potentials
 *  solve Σ_j w_j e^{f_i + f_j + c_ij} = 1 for every i; they are found in the log domain by the averaged
 *  fixed point f ← ½(f − log Σ_j w_j e^{f_j + c_ij}). Then K_ij = w_j e^{f_i + f_j + c_ij} has unit row sums
 *  and (for uniform w) unit column sums: attention = n × the transport plan. Softmax is one row
 *  half-sweep: K_ij = w_j e^{c_ij}/Σ_k w_k e^{c_ik}. Velocity Γ_i = Σ_j K_ij W_V x_j.
 *
 *  [derived✓] With A symmetric and W_V = A, ẋ_i = Γ_i = −∇f(x_i) where f(x) = −log Σ_j w_j e^{f_j + c(x,x_j)}
 *  (the potential extended off the particles), and F_n = Σ_i w_i f_i − ½ is non-increasing. Signs and
 *  factors vs SABP's proposition are unconfirmed. Kernels work row by row: no n×n matrix is stored. */
import { ConfigError } from '../core/config-error.js';
import type { FlatMatrix } from '../core/types.js';
import { requireFinite, requireMatrix, requirePositiveInteger, requireState, requireHorizon } from '../core/validate.js';
import type { OdeProblem, VectorField } from '../integrate/problem.js';

export type AttentionNormalization = 'sinkhorn' | 'softmax';

export interface SinkhornCost {
  readonly n: number;
  readonly d: number;
  /** A = W_QᵀW_K, d×d (any matrix; the gradient-flow structure needs it symmetric). */
  readonly A: FlatMatrix;
  /** Temperature ε of the cost ⟨x, Ay⟩/ε. */
  readonly epsilon: number;
  /** Weights of the particles (sum 1); uniform 1/n when absent. */
  readonly weights?: Float64Array;
}

export interface SinkhornPotentials {
  readonly f: Float64Array;
  readonly sweeps: number;
  /** max_i |log Σ_j w_j e^{f_i+f_j+c_ij}| / max(1, |f_i|): the log row-sum error, relative to the size
   *  of f_i once |f_i| > 1 (float64 cannot resolve f_i + log-sum below ε·|f_i|). */
  readonly residual: number;
  readonly converged: boolean;
}

/** Scratch buffers for the row-by-row kernels: pass one to avoid allocating on every call (the ODE field
 *  does; one-off diagnostics may omit it). */
export interface SinkhornWorkspace {
  readonly ax: Float64Array;
  readonly row: Float64Array;
  readonly logSums: Float64Array;
  readonly acc: Float64Array;
}

export function createSinkhornWorkspace(n: number, d: number): SinkhornWorkspace {
  return { ax: new Float64Array(n * d), row: new Float64Array(n), logSums: new Float64Array(n), acc: new Float64Array(d) };
}

/** Default accuracy of the potentials (catalogue §3.20: 1e-13) and sweep cap. */
export const SINKHORN_TOL = 1e-13;
const DEFAULT_MAX_SWEEPS = 100_000;

/** Row i of the log-kernel without potentials: out[j] = log w_j + c_ij, using ax = rows of A x_j. */
function logKernelRow(x: Float64Array, ax: Float64Array, cost: SinkhornCost, i: number, out: Float64Array): void {
  const { n, d, epsilon, weights } = cost;
  const logUniform = -Math.log(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * ax[j * d + k];
    out[j] = s / epsilon + (weights ? Math.log(weights[j]) : logUniform);
  }
}

/** A x_j for every row (so ⟨x_i, A x_j⟩ = x_i · ax_j). */
function applyA(A: FlatMatrix, x: Float64Array, n: number, d: number, out: Float64Array): void {
  for (let j = 0; j < n; j++)
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += A.data[r * d + k] * x[j * d + k];
      out[j * d + r] = s;
    }
}

function logSumExp(values: Float64Array, shift: Float64Array | undefined, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = values[j] + (shift ? shift[j] : 0);
    if (v > max) max = v;
  }
  if (max === -Infinity) return max;
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(values[j] + (shift ? shift[j] : 0) - max);
  return max + Math.log(s);
}

/** Symmetric Sinkhorn potentials in the log domain, warm-started from `initial` when given. */
export function sinkhornPotentials(
  x: Float64Array,
  cost: SinkhornCost,
  options: { tol?: number; maxSweeps?: number; initial?: Float64Array; workspace?: SinkhornWorkspace; out?: Float64Array } = {},
): SinkhornPotentials {
  const { n, d } = cost;
  const tol = options.tol ?? SINKHORN_TOL;
  const maxSweeps = options.maxSweeps ?? DEFAULT_MAX_SWEEPS;
  const { ax, row, logSums } = options.workspace ?? createSinkhornWorkspace(n, d);
  applyA(cost.A, x, n, d, ax);
  // `out` may be the `initial` array itself (warm start in place).
  const f = options.out ?? new Float64Array(n);
  if (options.initial) f.set(options.initial);
  else f.fill(0);
  let residual = Infinity;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    // Jacobi sweep: all row log-sums at the current f, then residual and the averaged update.
    residual = 0;
    for (let i = 0; i < n; i++) {
      logKernelRow(x, ax, cost, i, row);
      logSums[i] = logSumExp(row, f, n);
      const r = Math.abs(f[i] + logSums[i]) / Math.max(1, Math.abs(f[i]));
      if (r > residual || r !== r) residual = r;
    }
    if (residual <= tol) break;
    for (let i = 0; i < n; i++) f[i] = 0.5 * (f[i] - logSums[i]);
  }
  return { f, sweeps, residual, converged: residual <= tol };
}

/** Row and column sums of K (K_ij = w_j e^{f_i+f_j+c_ij} for Sinkhorn, the softmax rows otherwise),
 *  computed row by row. Column sums are Σ_i w_i K_ij / w_j, i.e. the second marginal in units of w. */
export function attentionMarginals(x: Float64Array, cost: SinkhornCost, normalization: AttentionNormalization, f?: Float64Array): { rowSums: Float64Array; colSums: Float64Array } {
  const { n, d, weights } = cost;
  const ax = new Float64Array(n * d);
  applyA(cost.A, x, n, d, ax);
  const row = new Float64Array(n);
  const rowSums = new Float64Array(n);
  const colSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    logKernelRow(x, ax, cost, i, row);
    const shift = normalization === 'sinkhorn' ? f![i] : -logSumExp(row, undefined, n);
    for (let j = 0; j < n; j++) {
      const kij = Math.exp(row[j] + shift + (normalization === 'sinkhorn' ? f![j] : 0));
      rowSums[i] += kij;
      const wi = weights ? weights[i] : 1 / n;
      const wj = weights ? weights[j] : 1 / n;
      colSums[j] += (wi * kij) / wj;
    }
  }
  return { rowSums, colSums };
}

/** Γ_i = Σ_j K_ij W_V x_j for all i (out n×d). For Sinkhorn, `f` must be the potentials of x. */
export function attentionVelocity(
  x: Float64Array,
  cost: SinkhornCost,
  V: FlatMatrix,
  normalization: AttentionNormalization,
  f: Float64Array | undefined,
  out: Float64Array,
  workspace?: SinkhornWorkspace,
): void {
  const { n, d } = cost;
  const { ax, row, acc } = workspace ?? createSinkhornWorkspace(n, d);
  applyA(cost.A, x, n, d, ax);
  for (let i = 0; i < n; i++) {
    logKernelRow(x, ax, cost, i, row);
    const shift = normalization === 'sinkhorn' ? f![i] : -logSumExp(row, undefined, n);
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const kij = Math.exp(row[j] + shift + (normalization === 'sinkhorn' ? f![j] : 0));
      for (let k = 0; k < d; k++) acc[k] += kij * x[j * d + k];
    }
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += V.data[r * d + k] * acc[k];
      out[i * d + r] = s;
    }
  }
}

/** The potential extended off the particles: f(y) = −log Σ_j w_j e^{f_j + ⟨y, A x_j⟩/ε}. */
export function extendedPotential(y: Float64Array, x: Float64Array, cost: SinkhornCost, f: Float64Array): number {
  const { n, d, epsilon, weights } = cost;
  const ax = new Float64Array(n * d);
  applyA(cost.A, x, n, d, ax);
  const row = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += y[k] * ax[j * d + k];
    row[j] = s / epsilon + f[j] + (weights ? Math.log(weights[j]) : -Math.log(n));
  }
  return -logSumExp(row, undefined, n);
}

/** F_n = Σ_i w_i f_i − ½ (catalogue §2.1), non-increasing along the Sinkhorn flow [derived]. */
export function sinkhornObjective(f: Float64Array, weights?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (weights ? weights[i] : 1 / f.length) * f[i];
  return s - 0.5;
}

export interface SinkhornSpec {
  readonly normalization: AttentionNormalization;
  readonly x0: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly T: number;
  readonly A: FlatMatrix;
  /** W_V; defaults to A (the gradient-flow case). */
  readonly V?: FlatMatrix;
  readonly epsilon?: number;
}

export interface SinkhornParams {
  readonly normalization: AttentionNormalization;
  readonly cost: SinkhornCost;
  readonly V: FlatMatrix;
}

/** Particles ẋ_i = Γ_i in R^d. The Sinkhorn field warm-starts the potentials from its previous call
 *  (deterministic: the same call sequence gives the same bytes), solves them to SINKHORN_TOL and
 *  allocates nothing per call. */
export function makeSinkhornProblem(spec: SinkhornSpec): OdeProblem<SinkhornParams> {
  const n = requirePositiveInteger('n', spec.n, '16');
  const d = requirePositiveInteger('d', spec.d, '2');
  const epsilon = requireFinite('epsilon', spec.epsilon ?? 1, '1');
  if (!(epsilon > 0)) throw new ConfigError('epsilon', spec.epsilon, 'Expected a temperature ε > 0, e.g. 1.');
  requireHorizon(spec.T, '1');
  if (spec.normalization !== 'sinkhorn' && spec.normalization !== 'softmax')
    throw new ConfigError('normalization', spec.normalization, 'Use "sinkhorn" or "softmax".');
  requireState('x0', spec.x0, n, d, false);
  requireMatrix('A', spec.A, d, d);
  const V = spec.V ?? spec.A;
  requireMatrix('V', V, d, d);
  const cost: SinkhornCost = { n, d, A: spec.A, epsilon };
  const params: SinkhornParams = { normalization: spec.normalization, cost, V };
  const workspace = createSinkhornWorkspace(n, d);
  const potentials = new Float64Array(n);
  let warm = false;
  const field: VectorField = (_t, x, out) => {
    if (spec.normalization === 'sinkhorn') {
      sinkhornPotentials(x, cost, { workspace, out: potentials, ...(warm ? { initial: potentials } : {}) });
      warm = true;
    }
    attentionVelocity(x, cost, V, spec.normalization, potentials, out, workspace);
  };
  return {
    n,
    d,
    initial: Float64Array.from(spec.x0),
    timeSpan: [0, spec.T],
    params,
    manifold: 'euclidean',
    field,
    label: `${spec.normalization} attention in R^${d}, n=${n}, epsilon=${epsilon}`,
  };
}
