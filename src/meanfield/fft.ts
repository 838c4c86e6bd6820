/** Typed wrapper of fft.js (radix-4, power-of-two sizes). fft.js is CommonJS typed as `any`; this is the
 *  one place that touches it. Conventions: forward X_k = Σ_m x_m e^{−2πikm/N} (no scaling), inverse
 *  x_m = (1/N) Σ_k X_k e^{+2πikm/N}. Complex arrays are interleaved [re0, im0, re1, im1, ...]. */
import FFT from 'fft.js';
import { ConfigError } from '../core/config-error.js';

/** Throws a ConfigError unless `size` is a power of two ≥ `min` (fft.js needs ≥ 2). */
export function requirePowerOfTwo(field: string, size: unknown, min = 2): number {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < min || (size & (size - 1)) !== 0 || size > 2 ** 26)
    throw new ConfigError(field, size, `Expected a power of two between ${min} and 2^26 (the FFT is radix-4), e.g. 1024.`);
  return size;
}

interface FftJs {
  transform(out: Float64Array, data: Float64Array): void;
  inverseTransform(out: Float64Array, data: Float64Array): void;
}

/** Complex FFT of size N (interleaved arrays of length 2N). `out` and `input` must differ. */
export class ComplexFft {
  readonly size: number;
  private readonly impl: FftJs;
  constructor(size: number) {
    this.size = requirePowerOfTwo('fft size', size);
    this.impl = new FFT(size) as FftJs;
  }
  forward(input: Float64Array, out: Float64Array): void {
    this.impl.transform(out, input);
  }
  /** Includes the 1/N factor. */
  inverse(input: Float64Array, out: Float64Array): void {
    this.impl.inverseTransform(out, input);
  }
}

/** Real FFT of size M by one complex FFT of size M/2 (even/odd packing). This is about twice as fast as
 *  fft.js's own realTransform + inverse at M = 65536, where the full-size tables leave the cache.
 *  The half spectrum holds X_0 ... X_{M/2} (M/2 + 1 complex numbers, length M + 2). */
export class RealFft {
  readonly size: number;
  private readonly half: ComplexFft;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly packed: Float64Array;
  private readonly packedOut: Float64Array;

  constructor(size: number) {
    this.size = requirePowerOfTwo('fft size', size, 4);
    const n = size / 2;
    this.half = new ComplexFft(n);
    this.cos = new Float64Array(n + 1);
    this.sin = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = Math.sin((2 * Math.PI * k) / size);
    }
    this.packed = new Float64Array(2 * n);
    this.packedOut = new Float64Array(2 * n);
  }

  /** Half spectrum of the real signal `input` (length M) into `spectrum` (length M + 2). */
  forward(input: Float64Array, spectrum: Float64Array): void {
    const n = this.size / 2;
    const z = this.packed;
    for (let j = 0; j < 2 * n; j++) z[j] = input[j]; // z_j = x_{2j} + i x_{2j+1}: same memory layout
    const Z = this.packedOut;
    this.half.forward(z, Z);
    const c = this.cos;
    const s = this.sin;
    for (let k = 0; k <= n; k++) {
      const a = k === n ? 0 : k; // Z_N = Z_0 (period N)
      const b = k === 0 ? 0 : n - k;
      const zr = Z[2 * a];
      const zi = Z[2 * a + 1];
      const wr = Z[2 * b];
      const wi = -Z[2 * b + 1]; // conj(Z_{N−k})
      const er = 0.5 * (zr + wr); // E_k = (Z_k + conj Z_{N−k})/2
      const ei = 0.5 * (zi + wi);
      const or = 0.5 * (zi - wi); // O_k = (Z_k − conj Z_{N−k})/(2i)
      const oi = -0.5 * (zr - wr);
      // X_k = E_k + e^{−2πik/M} O_k
      spectrum[2 * k] = er + c[k] * or + s[k] * oi;
      spectrum[2 * k + 1] = ei + c[k] * oi - s[k] * or;
    }
  }

  /** Real signal (length M) from a Hermitian half spectrum (length M + 2). Includes the 1/M factor.
   *  The imaginary parts of X_0 and X_{M/2} are ignored (they are 0 for a real signal). */
  inverse(spectrum: Float64Array, out: Float64Array): void {
    const n = this.size / 2;
    const Z = this.packed;
    const c = this.cos;
    const s = this.sin;
    for (let k = 0; k < n; k++) {
      const xr = spectrum[2 * k];
      const xi = k === 0 ? 0 : spectrum[2 * k + 1];
      const yr = spectrum[2 * (n - k)];
      const yi = k === 0 ? 0 : -spectrum[2 * (n - k) + 1]; // conj(X_{N−k}); X_N has no imaginary part
      const er = 0.5 * (xr + yr);
      const ei = 0.5 * (xi + yi);
      const dr = 0.5 * (xr - yr);
      const di = 0.5 * (xi - yi);
      // O_k = (X_k − conj X_{N−k}) e^{+2πik/M} / 2
      const or = dr * c[k] - di * s[k];
      const oi = dr * s[k] + di * c[k];
      // Z_k = E_k + i O_k
      Z[2 * k] = er - oi;
      Z[2 * k + 1] = ei + or;
    }
    const z = this.packedOut;
    this.half.inverse(Z, z);
    for (let j = 0; j < 2 * n; j++) out[j] = z[j];
  }
}
