/** Seeded random streams. Every random draw in mft-check comes from here; Math.random is never used. */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export class Rng {
  private spareNormal: number | undefined;
  private constructor(private readonly gen: JumpableRandomGenerator) {}

  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed)) throw new Error(`Rng seed must be a safe integer, got ${seed}`);
    return new Rng(xoroshiro128plus((seed | 0) ^ (Math.floor(seed / 2 ** 32) | 0)));
  }

  /** An independent stream: a clone of this one jumped `index + 1` times (2^64 draws apart each). */
  stream(index: number): Rng {
    const g = this.gen.clone();
    for (let k = 0; k <= index; k++) g.jump();
    return new Rng(g);
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [0, m). */
  integer(m: number): number {
    return Math.min(m - 1, Math.floor(this.uniform() * m));
  }

  /** Standard normal by the Marsaglia polar method (deterministic given the stream). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Fills `out` with i.i.d. standard normals. */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}

/** n i.i.d. uniform points on S^{d−1} as a flat n×d array (normalised Gaussians). */
export function uniformSphere(rng: Rng, n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    while (s < 1e-300) {
      s = 0;
      for (let k = 0; k < d; k++) {
        const g = rng.normal();
        x[i * d + k] = g;
        s += g * g;
      }
    }
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < d; k++) x[i * d + k] *= inv;
  }
  return x;
}

/** A d×d Gaussian matrix with entries N(0, scale²), flat row-major. */
export function gaussianMatrix(rng: Rng, rows: number, cols: number, scale = 1): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = scale * rng.normal();
  return m;
}
