/** Circular convolution y = h·(kernel ⊛ f) of a real signal of length M with a kernel whose spectrum
 *  vanishes above |k| = kc (after the KERNEL_FLUSH of circle-velocity.ts), by pruned FFTs: write
 *  m = qP + p with Q = the smallest power of two ≥ 2kc + 2 and P = M/Q. Then
 *    f̂_k = Σ_p e^{−2πikp/M} Σ_q f_{qP+p} e^{−2πikq/Q}      (P real FFTs of size Q, k ≤ kc only)
 *    y_{qP+p} = (1/M) Σ_{|k|≤kc} (ŷ_k e^{2πikp/M}) e^{2πikq/Q} (P real inverse FFTs of size Q).
 *  Cost ≈ M log2 Q instead of M log2 M, with the same rounding behaviour as the full transform. Exact
 *  (to rounding) whenever the kernel spectrum is zero above kc. */
import { RealFft } from './fft.js';

export class BandLimitedConvolution {
  readonly Q: number;
  readonly P: number;
  private readonly fft: RealFft;
  private readonly twRe: Float64Array; // e^{−2πikp/M}, index p*(kc+1) + k
  private readonly twIm: Float64Array;
  private readonly gather: Float64Array;
  private readonly spec: Float64Array;
  private readonly fHatRe: Float64Array;
  private readonly fHatIm: Float64Array;
  private readonly out: Float64Array;

  constructor(
    readonly M: number,
    readonly kc: number,
  ) {
    let Q = 4;
    while (Q < 2 * kc + 2) Q *= 2;
    this.Q = Q;
    this.P = M / Q;
    this.fft = new RealFft(Q);
    const K = kc + 1;
    this.twRe = new Float64Array(this.P * K);
    this.twIm = new Float64Array(this.P * K);
    for (let p = 0; p < this.P; p++)
      for (let k = 0; k < K; k++) {
        const a = (-2 * Math.PI * k * p) / M;
        this.twRe[p * K + k] = Math.cos(a);
        this.twIm[p * K + k] = Math.sin(a);
      }
    this.gather = new Float64Array(Q);
    this.spec = new Float64Array(Q + 2);
    this.fHatRe = new Float64Array(K);
    this.fHatIm = new Float64Array(K);
    this.out = new Float64Array(Q);
  }

  /** f̂_k = Σ_m f_m e^{−2πikm/M} for k = 0..kc, into the internal buffers. */
  transform(f: Float64Array): void {
    const { P, Q, kc } = this;
    const K = kc + 1;
    const re = this.fHatRe;
    const im = this.fHatIm;
    re.fill(0);
    im.fill(0);
    const g = this.gather;
    const s = this.spec;
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) g[q] = f[q * P + p];
      this.fft.forward(g, s);
      const base = p * K;
      for (let k = 0; k < K; k++) {
        const wr = this.twRe[base + k];
        const wi = this.twIm[base + k];
        const gr = s[2 * k];
        const gi = s[2 * k + 1];
        re[k] += wr * gr - wi * gi;
        im[k] += wr * gi + wi * gr;
      }
    }
  }

  /** y_m = (scale/M) Σ_{|k|≤kc} c_k f̂_k e^{2πikm/M} with c_{−k} = conj(c_k) (a real kernel): `kernelHat`
   *  holds c_k interleaved for k = 0..kc. Call `transform(f)` first. */
  apply(kernelHat: Float64Array, y: Float64Array): void {
    const { P, Q, M, kc } = this;
    const K = kc + 1;
    const s = this.spec;
    const o = this.out;
    const re = this.fHatRe;
    const im = this.fHatIm;
    const scale = Q / M; // RealFft.inverse divides by Q; the full transform divides by M
    s.fill(0);
    for (let p = 0; p < P; p++) {
      const base = p * K;
      for (let k = 0; k < K; k++) {
        const cr = kernelHat[2 * k] * re[k] - kernelHat[2 * k + 1] * im[k];
        const ci = kernelHat[2 * k] * im[k] + kernelHat[2 * k + 1] * re[k];
        const wr = this.twRe[base + k]; // conj for the inverse twiddle
        const wi = -this.twIm[base + k];
        s[2 * k] = scale * (cr * wr - ci * wi);
        s[2 * k + 1] = scale * (cr * wi + ci * wr);
      }
      this.fft.inverse(s, o);
      for (let q = 0; q < Q; q++) y[q * P + p] = o[q];
    }
  }
}
