/** Observable registry: name → problem-aware factory `(problem, parameter?) => (t, x) => number`, used
 *  by the CLI's `record.observables` and by claims. A name may carry one numeric parameter after a
 *  colon, e.g. 'clusters:1e-2' (δ) or 'attention-entropy:1' (head index). Observables see the solver
 *  state: on the circle model (n×1 angles) they are evaluated on the points (cos θ, sin θ) of S¹; for
 *  the rescaled Euclidean model they see z = e^{−tV}x. Sphere-only observables refuse Euclidean states. */
import { ConfigError } from '../core/config-error.js';
import { matMul, scalarOfIdentity, transpose } from '../core/linalg.js';
import { identityMatrix, type FlatMatrix } from '../core/types.js';
import type { OdeProblem } from '../integrate/problem.js';
import type { Observer } from '../integrate/solve.js';
import type { AttentionParams } from '../models/attention.js';
import { attentionEntropy } from './attention-entropy.js';
import { countClusters } from './clusters.js';
import { cosineGap, diameter } from './diameter.js';
import { betaZeroEnergy, codeEnergy, multiHeadEnergy, pairEnergy, saEnergy, unitEnergy } from './energy.js';
import { effectiveDimension, equiangularSpread } from './gram.js';
import { orderParameter } from './order-parameter.js';
import { pairDensity } from './pair-density.js';
import { w2ToMeanDirac } from './wasserstein-dirac.js';

export type ObservableFactory = (problem: OdeProblem, parameter?: number) => Observer;

export interface ObservableEntry {
  /** One line: what is measured and in which normalisation. */
  readonly description: string;
  readonly factory: ObservableFactory;
  /** The optional numeric parameter after the colon, with its default. */
  readonly parameter?: { readonly name: string; readonly default: number };
}

/** What the factories need to know about a problem, read off its params. */
interface Geometry {
  readonly beta: number | undefined;
  /** B_h = Q_hᵀK_h per head (⟨Q x, K y⟩ = ⟨x, B y⟩); undefined entries mean B = I. */
  readonly bilinear: readonly (FlatMatrix | undefined)[];
  readonly attention: AttentionParams | undefined;
  readonly onSphere: boolean;
  /** Maps the solver state to points (copies for the circle, identity otherwise). */
  readonly points: (x: Float64Array) => Float64Array;
  readonly n: number;
  readonly d: number;
}

function geometryOf(problem: OdeProblem): Geometry {
  const p = problem.params as Record<string, unknown> | undefined;
  const n = problem.n;
  if (p && p.model === 'circle') {
    const beta = p.beta as number;
    const points = (theta: Float64Array) => {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        out[2 * i] = Math.cos(theta[i]);
        out[2 * i + 1] = Math.sin(theta[i]);
      }
      return out;
    };
    const attention: AttentionParams = { normalization: p.normalization as 'sa' | 'usa', beta, heads: [{ Q: identityMatrix(2), K: identityMatrix(2), V: identityMatrix(2) }], causal: false, headScale: 1 };
    return { beta, bilinear: [undefined], attention, onSphere: true, points, n, d: 2 };
  }
  const attention = p && Array.isArray(p.heads) && typeof p.beta === 'number' ? (p as unknown as AttentionParams) : undefined;
  const bilinear = attention
    ? attention.heads.map((h) => {
        const b = matMul(transpose(h.Q), h.K);
        return scalarOfIdentity(b) === 1 ? undefined : b;
      })
    : [undefined];
  return { beta: attention?.beta, bilinear, attention, onSphere: problem.manifold === 'sphere', points: (x) => x, n, d: problem.d };
}

function needBeta(g: Geometry, name: string): number {
  if (g.beta === undefined || g.beta === 0)
    throw new ConfigError('record.observables', name, `${name} needs a model with an inverse temperature β ≠ 0 (at β = 0 use energy-zero).`);
  return g.beta;
}

function needSingleHead(g: Geometry, name: string): FlatMatrix | undefined {
  if (g.bilinear.length !== 1) throw new ConfigError('record.observables', name, `${name} is a one-head energy; for several heads use energy-multi.`);
  return g.bilinear[0];
}

function needSphere(g: Geometry, name: string): void {
  if (!g.onSphere) throw new ConfigError('record.observables', name, `${name} assumes unit tokens on the sphere; this model is Euclidean (use diameter, order-parameter or an energy).`);
}

function scaledMatrix(m: FlatMatrix | undefined, c: number, d: number): FlatMatrix {
  const base = m ?? identityMatrix(d);
  return { rows: base.rows, cols: base.cols, data: base.data.map((v) => v * c) };
}

export const OBSERVABLES: Readonly<Record<string, ObservableEntry>> = {
  'energy-pair': {
    description: 'E_pair = (1/(2βn²)) Σ_ij e^{β⟨x_i,Bx_j⟩}, B = QᵀK (GLPR-24 eq. 3.5; consensus e^β/(2β))',
    factory: (problem) => {
      const g = geometryOf(problem);
      const beta = needBeta(g, 'energy-pair');
      const B = needSingleHead(g, 'energy-pair');
      return (_t, x) => pairEnergy(g.points(x), g.n, g.d, beta, B);
    },
  },
  'energy-sa': {
    description: 'E_SA = (1/(2β)) Σ_ij e^{β⟨x_i,Bx_j⟩}, no 1/n² (GLPR-24 §3.4.1; = n²·E_pair)',
    factory: (problem) => {
      const g = geometryOf(problem);
      const beta = needBeta(g, 'energy-sa');
      const B = needSingleHead(g, 'energy-sa');
      return (_t, x) => saEnergy(g.points(x), g.n, g.d, beta, B);
    },
  },
  'energy-unit': {
    description: 'E_unit = (1/n²) Σ_ij e^{β(⟨x_i,x_j⟩−1)} ∈ (0,1] (D = I; a Dirac gives 1; staircases)',
    factory: (problem) => {
      const g = geometryOf(problem);
      const beta = needBeta(g, 'energy-unit');
      needSphere(g, 'energy-unit');
      return (_t, x) => unitEnergy(g.points(x), g.n, g.d, beta);
    },
  },
  'energy-code': {
    description: 'E_code = (1/n²) Σ_ij e^{β⟨x_i,Bx_j⟩} (BKKRW code: β absorbed, no 1/(2β))',
    factory: (problem) => {
      const g = geometryOf(problem);
      const beta = g.beta ?? 1;
      const D = scaledMatrix(needSingleHead(g, 'energy-code'), beta, g.d);
      return (_t, x) => codeEnergy(g.points(x), g.n, g.d, D);
    },
  },
  'energy-zero': {
    description: 'E_0 = (1/n) Σ_ij ⟨x_i,x_j⟩ = n|x̄|² (the β = 0 energy)',
    factory: (problem) => {
      const g = geometryOf(problem);
      return (_t, x) => betaZeroEnergy(g.points(x), g.n, g.d);
    },
  },
  'energy-multi': {
    description: 'E_multi = Σ_h (1/(2βn²)) Σ_ij e^{β⟨x_i,B_h x_j⟩}, B_h = Q_hᵀK_h (PEN [secondary])',
    factory: (problem) => {
      const g = geometryOf(problem);
      const beta = needBeta(g, 'energy-multi');
      const heads = g.bilinear.map((b) => b ?? identityMatrix(g.d));
      return (_t, x) => multiHeadEnergy(g.points(x), g.n, g.d, beta, heads);
    },
  },
  clusters: {
    description: 'single-linkage cluster count C_δ, edge ⟨x_i,x_j⟩ ≥ 1 − δ (default δ = 1e-3, GLPR-24 Fig. 3)',
    parameter: { name: 'delta', default: 1e-3 },
    factory: (problem, delta = 1e-3) => {
      const g = geometryOf(problem);
      needSphere(g, 'clusters');
      return (_t, x) => countClusters(g.points(x), g.n, g.d, delta).count;
    },
  },
  'clusters-gap': {
    description: 'largest intra-cluster gap max_{i~j}(1 − ⟨x_i,x_j⟩) of C_δ (chaining indicator; default δ = 1e-3)',
    parameter: { name: 'delta', default: 1e-3 },
    factory: (problem, delta = 1e-3) => {
      const g = geometryOf(problem);
      needSphere(g, 'clusters-gap');
      return (_t, x) => countClusters(g.points(x), g.n, g.d, delta).largestIntraClusterGap;
    },
  },
  'pair-density': {
    description: 'ρ_δ = #{i≠j: ⟨x_i,x_j⟩ ≥ 1 − δ}/(n(n−1)) (default δ = 1e-3, GLPR-24 Fig. 3)',
    parameter: { name: 'delta', default: 1e-3 },
    factory: (problem, delta = 1e-3) => {
      const g = geometryOf(problem);
      needSphere(g, 'pair-density');
      return (_t, x) => pairDensity(g.points(x), g.n, g.d, delta);
    },
  },
  diameter: {
    description: 'max_ij |x_i − x_j| (chordal)',
    factory: (problem) => {
      const g = geometryOf(problem);
      return (_t, x) => diameter(g.points(x), g.n, g.d);
    },
  },
  'cosine-gap': {
    description: '1 − min_ij ⟨x_i,x_j⟩ = diam²/2 (decays at twice the diameter rate)',
    factory: (problem) => {
      const g = geometryOf(problem);
      needSphere(g, 'cosine-gap');
      return (_t, x) => cosineGap(g.points(x), g.n, g.d);
    },
  },
  'min-inner-product': {
    description: 'min_{i≠j} ⟨x_i,x_j⟩ = 1 − cosine gap (1 at consensus and for n = 1; from differences)',
    factory: (problem) => {
      const g = geometryOf(problem);
      needSphere(g, 'min-inner-product');
      return (_t, x) => 1 - cosineGap(g.points(x), g.n, g.d);
    },
  },
  'order-parameter': {
    description: 'R = |(1/n) Σ_i x_i| (not squared; CLPR-Q uses R²)',
    factory: (problem) => {
      const g = geometryOf(problem);
      return (_t, x) => orderParameter(g.points(x), g.n, g.d);
    },
  },
  'attention-entropy': {
    description: 'mean row entropy H̄ = −(1/n) Σ_ij A_ij log A_ij in nats, of head h (default 0)',
    parameter: { name: 'head', default: 0 },
    factory: (problem, head = 0) => {
      const g = geometryOf(problem);
      const params = needAttention(g, 'attention-entropy', head);
      return (_t, x) => attentionEntropy(params, g.points(x), g.n, g.d, head).meanEntropy;
    },
  },
  'max-attention': {
    description: 'mean over rows of the largest weight (1/n) Σ_i max_j A_ij, of head h (default 0)',
    parameter: { name: 'head', default: 0 },
    factory: (problem, head = 0) => {
      const g = geometryOf(problem);
      const params = needAttention(g, 'max-attention', head);
      return (_t, x) => attentionEntropy(params, g.points(x), g.n, g.d, head).meanMaxWeight;
    },
  },
  'w2-to-mean-dirac': {
    description: 'W2(μ_n, δ_a), a = x̄/|x̄|, geodesic metric: an upper bound on the W2 distance to the nearest Dirac',
    factory: (problem) => {
      const g = geometryOf(problem);
      needSphere(g, 'w2-to-mean-dirac');
      return (_t, x) => w2ToMeanDirac(g.points(x), g.n, g.d, 'geodesic').w2;
    },
  },
  'equiangular-spread': {
    description: 'max_{i≠j} G_ij − min_{i≠j} G_ij of the Gram matrix (from differences; 0 iff equiangular)',
    factory: (problem) => {
      const g = geometryOf(problem);
      needSphere(g, 'equiangular-spread');
      return (_t, x) => equiangularSpread(g.points(x), g.n, g.d);
    },
  },
  'effective-dimension': {
    description: '#{eigenvalues of G/n > threshold} (default 1e-3, the authors\' code)',
    parameter: { name: 'threshold', default: 1e-3 },
    factory: (problem, threshold = 1e-3) => {
      const g = geometryOf(problem);
      return (_t, x) => effectiveDimension(g.points(x), g.n, g.d, threshold);
    },
  },
};

function needAttention(g: Geometry, name: string, head: number): AttentionParams {
  if (!g.attention) throw new ConfigError('record.observables', name, `${name} needs an attention model (sa, usa, causal, multihead, circle, noisy, euclidean).`);
  if (!(Number.isInteger(head) && head >= 0 && head < g.attention.heads.length))
    throw new ConfigError('record.observables', `${name}:${head}`, `Head index must be a whole number in [0, ${g.attention.heads.length - 1}].`);
  return g.attention;
}

export const OBSERVABLE_NAMES: readonly string[] = Object.keys(OBSERVABLES);

/** Resolves 'name' or 'name:parameter' against a problem. Throws ConfigError naming the bad entry. */
export function makeObservable(spec: string, problem: OdeProblem): Observer {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const entry = OBSERVABLES[name];
  if (!entry) throw new ConfigError('record.observables', spec, `Unknown observable. Use one of: ${OBSERVABLE_NAMES.join(', ')}.`);
  if (colon < 0) return entry.factory(problem);
  if (!entry.parameter) throw new ConfigError('record.observables', spec, `${name} takes no parameter; write "${name}".`);
  const raw = spec.slice(colon + 1);
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new ConfigError('record.observables', spec, `The ${entry.parameter.name} after the colon must be a finite number ≥ 0, e.g. "${name}:${entry.parameter.default}".`);
  return entry.factory(problem, value);
}
