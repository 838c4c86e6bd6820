/** Tokens in an open hemisphere {x : ⟨x, w⟩ > 0}, by rejection from the uniform law on S^{d−1}
 *  (accept a draw iff ⟨x, w⟩ > 0: the accepted law is uniform on the hemisphere). */
import { Rng, uniformSphere } from '../../core/rng.js';

export interface HemisphereData {
  /** n×d row-major unit rows. */
  readonly x: Float64Array;
  /** The unit pole w of the hemisphere. */
  readonly pole: Float64Array;
  /** min_i ⟨x_i, w⟩ > 0 (catalogue §2.11 margin r_w). */
  readonly margin: number;
}

/** n tokens uniform on the hemisphere of `pole` (a unit vector; drawn uniformly when omitted). */
export function hemisphereData(rng: Rng, n: number, d: number, pole?: Float64Array): HemisphereData {
  const w = pole ? Float64Array.from(pole) : uniformSphere(rng, 1, d);
  const x = new Float64Array(n * d);
  let margin = Infinity;
  for (let i = 0; i < n; i++) {
    for (;;) {
      const row = uniformSphere(rng, 1, d);
      let s = 0;
      for (let k = 0; k < d; k++) s += row[k] * w[k];
      if (s > 0) {
        x.set(row, i * d);
        margin = Math.min(margin, s);
        break;
      }
    }
  }
  return { x, pole: w, margin };
}
