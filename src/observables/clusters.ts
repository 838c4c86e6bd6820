/** Cluster count C_δ (catalogue §2.2): connected components, by union-find (single linkage), of the
 *  graph with an edge i–j when ⟨x_i,x_j⟩ ≥ 1 − δ (non-strict). Unit rows: 1 − ⟨x_i,x_j⟩ is computed as
 *  |x_i − x_j|²/2, which has no cancellation for close tokens. Default thresholds in the catalogue:
 *  δ = 1e-3 (GLPR-24 Fig. 3). Single linkage can chain, so the result also reports the largest
 *  intra-cluster gap max_{i~j} (1 − ⟨x_i,x_j⟩): far above δ means a chain, not a tight cluster. */
import { squaredRowDistance } from '../core/linalg.js';
import { requireState } from '../core/validate.js';

export interface ClusterResult {
  /** Number of clusters. */
  readonly count: number;
  /** Cluster index of each token, 0..count−1 in order of first appearance. */
  readonly labels: Int32Array;
  /** Cluster sizes, indexed by label. */
  readonly sizes: number[];
  /** Largest distance (1 − ⟨x_i,x_j⟩ on the sphere, wrapped angle on the circle) within one cluster. */
  readonly largestIntraClusterGap: number;
}

/** Union-find with path halving and union by size. */
class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
  }
}

function components(n: number, distance: (i: number, j: number) => number, threshold: number): ClusterResult {
  const sets = new DisjointSets(n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (distance(i, j) <= threshold) sets.union(i, j);
  const labels = new Int32Array(n);
  const labelOfRoot = new Map<number, number>();
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = sets.find(i);
    let l = labelOfRoot.get(r);
    if (l === undefined) {
      l = sizes.length;
      labelOfRoot.set(r, l);
      sizes.push(0);
    }
    labels[i] = l;
    sizes[l]++;
  }
  let gap = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (labels[i] === labels[j]) gap = Math.max(gap, distance(i, j));
  return { count: sizes.length, labels, sizes, largestIntraClusterGap: gap };
}

/** Single-linkage clusters on S^{d−1}: edge when 1 − ⟨x_i,x_j⟩ = |x_i − x_j|²/2 ≤ δ (unit rows). */
export function countClusters(x: Float64Array, n: number, d: number, delta: number): ClusterResult {
  requireState('x', x, n, d, false);
  const gap = (i: number, j: number): number => squaredRowDistance(x, i, j, d) / 2;
  return components(n, gap, delta);
}

/** Wrapped angular distance on the circle, in [0, π] (radians). */
export function wrappedAngleDistance(a: number, b: number): number {
  let t = (a - b) % (2 * Math.PI);
  if (t < 0) t += 2 * Math.PI;
  return Math.min(t, 2 * Math.PI - t);
}

/** Single-linkage clusters of angles θ_i (radians, any representative): edge when the wrapped
 *  angular distance is ≤ tol (catalogue default 1e-2 rad for metastability). The gap is in radians. */
export function countClustersOnCircle(theta: Float64Array, tol: number): ClusterResult {
  requireState('theta', theta, theta.length, 1, false);
  return components(theta.length, (i, j) => wrappedAngleDistance(theta[i], theta[j]), tol);
}
