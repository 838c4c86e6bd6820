/** Post-step maps onto the manifold. On the sphere every accepted step ends with row normalisation,
 *  which is the retraction of schemes S1–S5 in the catalogue (§1.13). */
import type { Manifold } from './problem.js';

/** A row whose squared norm is within this of 1 is already unit to rounding: dividing by its norm
 *  cannot make it more unit (the result errs by the same few ulp), it would only change low bits. */
const ALREADY_UNIT_TOL = 4 * Number.EPSILON;

/** Row normalisation on the sphere; nothing in Euclidean space. A zero row is left as it is (its
 *  field produced it; the solver's finiteness check does not flag it). A row already unit to rounding
 *  is left bit-identical: the retraction is then idempotent and a token with zero velocity (causal
 *  token 1) stays stationary to the last bit. */
export function retract(manifold: Manifold, x: Float64Array, n: number, d: number): void {
  if (manifold !== 'sphere') return;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += x[o + k] * x[o + k];
    if (Math.abs(s - 1) <= ALREADY_UNIT_TOL || !(s > 0)) continue;
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < d; k++) x[o + k] *= inv;
  }
}
