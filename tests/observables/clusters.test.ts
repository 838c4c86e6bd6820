import { describe, expect, test } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { countClusters, countClustersOnCircle, wrappedAngleDistance } from '../../src/observables/clusters.js';
import { pairDensity } from '../../src/observables/pair-density.js';

/** Points at the given angles on the unit circle, embedded in R^d (other coordinates 0). */
function circlePoints(angles: number[], d = 2): Float64Array {
  const x = new Float64Array(angles.length * d);
  angles.forEach((a, i) => {
    x[i * d] = Math.cos(a);
    x[i * d + 1] = Math.sin(a);
  });
  return x;
}

describe('cluster count', () => {
  test('k tight groups far apart give k clusters, whatever the order of the tokens', () => {
    const rng = Rng.fromSeed(1);
    const angles: number[] = [];
    const centres = [0.3, 1.9, 3.5, 5.0];
    for (const c of centres) for (let m = 0; m < 5; m++) angles.push(c + 1e-3 * (rng.uniform() - 0.5));
    // shuffle deterministically
    for (let i = angles.length - 1; i > 0; i--) {
      const j = rng.integer(i + 1);
      [angles[i], angles[j]] = [angles[j], angles[i]];
    }
    const result = countClusters(circlePoints(angles, 3), angles.length, 3, 1e-3);
    expect(result.count).toBe(4);
    expect(result.sizes.sort()).toEqual([5, 5, 5, 5]);
    // within a group the angle spread is ≤ 1e-3, so 1 − cos ≤ 5e-7
    expect(result.largestIntraClusterGap).toBeLessThanOrEqual(5e-7);
  });

  test('single linkage chains: evenly spaced points one step below the threshold form one wide cluster', () => {
    const step = 0.04; // 1 − cos(0.04) = 8.0e-4 ≤ δ = 1e-3
    const angles = Array.from({ length: 20 }, (_, i) => i * step);
    const result = countClusters(circlePoints(angles), 20, 2, 1e-3);
    expect(result.count).toBe(1);
    expect(result.largestIntraClusterGap).toBeCloseTo(1 - Math.cos(19 * step), 12);
    // one step above the threshold: every token alone
    const apart = Array.from({ length: 20 }, (_, i) => i * 0.05);
    expect(countClusters(circlePoints(apart), 20, 2, 1e-3).count).toBe(20);
  });

  test('the threshold is non-strict and computed without cancellation (1 − cos 1e-6 = 5e-13)', () => {
    const x = circlePoints([0, 1e-6]);
    expect(countClusters(x, 2, 2, 5.0001e-13).count).toBe(1);
    expect(countClusters(x, 2, 2, 4.9999e-13).count).toBe(2);
  });

  test('a chain met out of order: a lone token joins a larger cluster found earlier (labels by first appearance)', () => {
    // token 0 at angle 0, token 2 at s, token 1 at 2s: 0–2 and 2–1 are edges (1 − cos s < δ), 0–1 is not.
    // Pair (0,2) is joined first; pair (1,2) then joins the singleton {1} to the pair {0,2}.
    const s = 0.04; // 1 − cos 0.04 = 8.0e-4 ≤ δ = 1e-3 < 1 − cos 0.08 = 3.2e-3
    const x = circlePoints([0, 2 * s, s, 3]);
    const result = countClusters(x, 4, 2, 1e-3);
    expect(result.count).toBe(2);
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 1]);
    expect(result.sizes).toEqual([3, 1]);
  });

  test('the edge test is non-strict at an exact tie (distances exact in float64)', () => {
    // e_1, e_2: |x − y|²/2 = 1 exactly; ⟨x, y⟩ = 0 = 1 − δ for δ = 1
    const x = Float64Array.from([1, 0, 0, 1]);
    expect(countClusters(x, 2, 2, 1).count).toBe(1);
    expect(countClusters(x, 2, 2, 1 - 2 ** -20).count).toBe(2);
    // angles 0.5 apart: the wrapped distance is exactly 0.5
    expect(countClustersOnCircle(Float64Array.from([0.5, 0]), 0.5).count).toBe(1);
    expect(countClustersOnCircle(Float64Array.from([0, 0.5]), 0.5).count).toBe(1);
    expect(countClustersOnCircle(Float64Array.from([0.5, 0]), 0.5 - 2 ** -20).count).toBe(2);
  });

  test('circle version wraps around 2π', () => {
    const theta = Float64Array.from([0.001, 2 * Math.PI - 0.001, Math.PI, 4 * Math.PI + 0.0005]);
    expect(wrappedAngleDistance(0.001, 2 * Math.PI - 0.001)).toBeCloseTo(0.002, 14);
    const result = countClustersOnCircle(theta, 0.01);
    expect(result.count).toBe(2);
    expect(result.labels[0]).toBe(result.labels[1]);
    expect(result.labels[0]).toBe(result.labels[3]);
    expect(result.largestIntraClusterGap).toBeCloseTo(0.002, 12);
  });
});

describe('pair density', () => {
  test('groups of 3 and 2 coincident tokens: 8 close ordered pairs out of 20', () => {
    const x = circlePoints([0, 0, 0, 2, 2]);
    expect(pairDensity(x, 5, 2, 1e-3)).toBeCloseTo(8 / 20, 15);
    expect(pairDensity(circlePoints([0, 1, 2, 3]), 4, 2, 1e-3)).toBe(0);
    expect(pairDensity(circlePoints([1, 1, 1]), 3, 2, 1e-3)).toBe(1);
  });
});
