/** Post-step maps onto the manifold. On the sphere every accepted step ends with row normalisation,
 *  which is the retraction of schemes S1–S5 in the catalogue (§1.13). */
import { normalizeRows } from '../core/sphere.js';
import type { Manifold } from './problem.js';

export function retract(manifold: Manifold, x: Float64Array, n: number, d: number): void {
  if (manifold === 'sphere') normalizeRows(x, n, d);
}
