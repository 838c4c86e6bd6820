/** The mean-field velocity on the circle, evaluated at the cell interfaces of a uniform grid.
 *
 *  Grid: M cells [jh, (j+1)h), h = 2π/M, centres θ_j = (j+½)h; `f[j]` is the cell average of the
 *  density (∫f dθ = 1 ⇔ h Σ f[j] = 1). Interface i is the right edge θ = (i+1)h of cell i.
 *  Kernels (catalogue §1.7, with the phase lag φ of §1.6 Kuramoto–Sakaguchi; φ = 0 is V = I):
 *    N(s) = sin(φ − s) e^{β cos s − |β|},   D(s) = e^{β cos s − |β|}   (scaled by e^{−|β|}: both ≤ 1)
 *  and the discrete convolutions num_i = h Σ_m N(θ_{i+½} − θ_m) f_m, den_i = h Σ_m D(θ_{i+½} − θ_m) f_m
 *  (the midpoint rule; spectrally accurate for smooth f, with positive weights for D).
 *    usa: X_i = e^{|β|} num_i  (layer time t)  or num_i (time τ = e^{|β|} t, `usaTime: 'rescaled'`)
 *    sa:  X_i = num_i / den_i, clamped to [−1, 1] (a weighted average of sin(φ − s) cannot leave it).
 *  Two ways to form the sums, identical up to rounding where both are accurate:
 *    'fft'    : circular convolution by real FFTs, O(M log M). Its error is absolute, ≈ ε log M · max,
 *               so where the true sums are below that (far from all mass at large β) the relative
 *               accuracy is lost; for sa that makes num/den noise there (bounded by the clamp, and
 *               multiplied by a density that is itself ≲ den/h, so it moves no visible mass).
 *    'direct' : the same sum truncated to the band of offsets where D ≥ BAND_CUTOFF, O(M·band). Every
 *               term is positive for den, so den keeps full relative accuracy: the guarded path for large β.
 *  'auto' picks 'direct' when the kernel drops below rounding somewhere (|β| > BETA_FFT_EXACT) and the
 *  band is narrow (≤ DIRECT_BAND_PER_LOG2M · log2 M offsets), else 'fft'. */
import { BandLimitedConvolution } from './band-limited-convolution.js';
import { RealFft } from './fft.js';

export type KernelSum = 'auto' | 'fft' | 'direct';
export type Normalization = 'sa' | 'usa';

export interface CircleVelocityParams {
  readonly M: number;
  readonly beta: number;
  readonly normalization: Normalization;
  /** φ in radians (0 = V = I). */
  readonly phaseLag: number;
  readonly kernelSum: KernelSum;
  /** 'layer' (default): usa velocities carry e^{|β|}; 'rescaled': time τ = e^{|β|} t. */
  readonly usaTime: 'layer' | 'rescaled';
}

/** Offsets whose scaled kernel weight is below 2^-60 ≈ 8.7e-19 are dropped by the direct path: with
 *  total mass 1 they change a sum by < 2^-60, i.e. below the rounding of any O(1e-2)-sized sum. */
export const BAND_CUTOFF = 2 ** -60;
/** e^{−2|β|} (the smallest scaled kernel value) falls below ε = 2.2e-16 for |β| > 18.02: below that the
 *  FFT sums are accurate to rounding everywhere and no guard is needed. */
export const BETA_FFT_EXACT = -Math.log(Number.EPSILON) / 2;
/** Direct band sums cost M·band; FFTs ~ 10·M·log2 M flops. Prefer the band while it is at most
 *  16·log2 M offsets wide (measured: comparable cost, and exact relative accuracy). */
export const DIRECT_BAND_PER_LOG2M = 16;

/** Kernel Fourier coefficients below 2^-50 ≈ 8.9e-16 of the largest are set to 0. The computed
 *  spectrum of the sampled kernel has a rounding floor of ~1e-17 relative (measured at M = 65536), and
 *  the true coefficients (∝ I_k(β)) decay faster than geometrically past that threshold, so what is
 *  dropped is rounding noise plus a tail of total size ~2^-50·max|K̂|·max|f̂|: below the rounding of the
 *  sums themselves. Two gains: the spectrum becomes band-limited (|k| ≤ kc), which lets small β use the
 *  pruned transforms of band-limited-convolution.ts, and no subnormal products appear (they made the
 *  FFT path ten times slower at small β before this flush). */
export const KERNEL_FLUSH = 2 ** -50;

function flushNegligible(spec: Float64Array): void {
  let max = 0;
  for (let k = 0; k < spec.length; k++) max = Math.max(max, Math.abs(spec[k]));
  const floor = KERNEL_FLUSH * max;
  for (let k = 0; k < spec.length; k += 2)
    if (Math.hypot(spec[k], spec[k + 1]) < floor) {
      spec[k] = 0;
      spec[k + 1] = 0;
    }
}

/** Use the pruned (band-limited) transforms when the kernel spectrum fits in M/8 modes: they then cost
 *  ≤ log2(M/8)/log2(M) of the full ones plus O(M) twiddles (measured ~3× faster at M = 65536, β = 1). */
export const PRUNE_MIN_RATIO = 8;

export interface CircleVelocity {
  readonly path: 'fft' | 'direct';
  /** Number of kernel offsets used by the direct path (M for the FFT path). */
  readonly bandOffsets: number;
  /** Kernel width 1/√|β| in grid cells (Infinity at β = 0): below ~3 the kernel is under-resolved. */
  readonly cellsPerKernelWidth: number;
  /** Velocity at the M interfaces into `out`; returns max |X|. */
  evaluate(f: Float64Array, out: Float64Array): number;
  /** The raw scaled sums num_i, den_i (den is only computed for sa). */
  sums(f: Float64Array, num: Float64Array, den: Float64Array): void;
}

export function createCircleVelocity(p: CircleVelocityParams): CircleVelocity {
  const { M, beta, normalization, phaseLag } = p;
  const h = (2 * Math.PI) / M;
  const absBeta = Math.abs(beta);
  const numKernel = new Float64Array(M);
  const denKernel = new Float64Array(M);
  for (let q = 0; q < M; q++) {
    const s = (q + 0.5) * h;
    const w = Math.exp(beta * Math.cos(s) - absBeta);
    numKernel[q] = Math.sin(phaseLag - s) * w;
    denKernel[q] = w;
  }
  const band: number[] = [];
  for (let q = 0; q < M; q++) if (denKernel[q] >= BAND_CUTOFF) band.push(q);
  const log2M = Math.round(Math.log2(M));
  const path: 'fft' | 'direct' =
    p.kernelSum === 'auto' ? (absBeta > BETA_FFT_EXACT && band.length <= DIRECT_BAND_PER_LOG2M * log2M ? 'direct' : 'fft') : p.kernelSum;
  const needDen = normalization === 'sa';
  const usaScale = p.usaTime === 'rescaled' ? 1 : Math.exp(absBeta);
  const cellsPerKernelWidth = absBeta === 0 ? Infinity : 1 / Math.sqrt(absBeta) / h;

  let sums: (f: Float64Array, num: Float64Array, den: Float64Array) => void;
  if (path === 'fft') {
    const fft = new RealFft(M);
    const numHat = new Float64Array(M + 2);
    const denHat = new Float64Array(M + 2);
    fft.forward(numKernel, numHat);
    fft.forward(denKernel, denHat);
    for (let k = 0; k < M + 2; k++) {
      numHat[k] *= h;
      denHat[k] *= h;
    }
    flushNegligible(numHat);
    flushNegligible(denHat);
    // Highest kernel mode left after the flush: a narrow spectrum (small β) allows pruned transforms.
    let kc = 0;
    for (let k = 0; k <= M / 2; k++) if (numHat[2 * k] !== 0 || numHat[2 * k + 1] !== 0 || (needDen && (denHat[2 * k] !== 0 || denHat[2 * k + 1] !== 0))) kc = k;
    const prunedQ = 2 ** Math.ceil(Math.log2(Math.max(4, 2 * kc + 2)));
    if (prunedQ <= M / PRUNE_MIN_RATIO) {
      const conv = new BandLimitedConvolution(M, kc);
      const numBand = numHat.slice(0, 2 * kc + 2);
      const denBand = denHat.slice(0, 2 * kc + 2);
      sums = (f, num, den) => {
        conv.transform(f);
        conv.apply(numBand, num);
        if (needDen) conv.apply(denBand, den);
      };
    } else {
      const fHat = new Float64Array(M + 2);
      const prod = new Float64Array(M + 2);
      const multiplyInto = (kernelHat: Float64Array) => {
        for (let k = 0; k < M + 2; k += 2) {
          const ar = fHat[k];
          const ai = fHat[k + 1];
          const br = kernelHat[k];
          const bi = kernelHat[k + 1];
          prod[k] = ar * br - ai * bi;
          prod[k + 1] = ar * bi + ai * br;
        }
      };
      sums = (f, num, den) => {
        fft.forward(f, fHat);
        multiplyInto(numHat);
        fft.inverse(prod, num);
        if (needDen) {
          multiplyInto(denHat);
          fft.inverse(prod, den);
        }
      };
    }
  } else {
    const B = band.length;
    // Signed offsets o ∈ [−pad, pad] and a periodically padded copy of f, so that
    // f[(i − o) mod M] = ext[i − o + pad] without a branch in the inner loop.
    const offs = Int32Array.from(band, (q) => (q <= M / 2 ? q : q - M));
    let pad = 0;
    for (let b = 0; b < B; b++) pad = Math.max(pad, Math.abs(offs[b]));
    const ext = new Float64Array(M + 2 * pad);
    const wNum = new Float64Array(B);
    const wDen = new Float64Array(B);
    const base = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      wNum[b] = h * numKernel[band[b]];
      wDen[b] = h * denKernel[band[b]];
      base[b] = pad - offs[b];
    }
    sums = (f, num, den) => {
      for (let k = 0; k < ext.length; k++) ext[k] = f[(((k - pad) % M) + M) % M];
      for (let i = 0; i < M; i++) {
        let sn = 0;
        for (let b = 0; b < B; b++) sn += wNum[b] * ext[i + base[b]];
        num[i] = sn;
      }
      if (!needDen) return;
      for (let i = 0; i < M; i++) {
        let sd = 0;
        for (let b = 0; b < B; b++) sd += wDen[b] * ext[i + base[b]];
        den[i] = sd;
      }
    };
  }

  const denScratch = new Float64Array(M);
  const evaluate = (f: Float64Array, out: Float64Array): number => {
    sums(f, out, denScratch);
    let maxSpeed = 0;
    if (needDen) {
      for (let i = 0; i < M; i++) {
        const d = denScratch[i];
        let v = d > 0 ? out[i] / d : 0; // den ≤ 0 only from FFT rounding where there is no mass
        if (v > 1) v = 1;
        else if (v < -1) v = -1;
        out[i] = v;
        const a = v < 0 ? -v : v;
        if (a > maxSpeed) maxSpeed = a;
      }
    } else {
      for (let i = 0; i < M; i++) {
        const v = usaScale * out[i];
        out[i] = v;
        const a = v < 0 ? -v : v;
        if (a > maxSpeed) maxSpeed = a;
      }
    }
    return maxSpeed;
  };

  return { path, bandOffsets: path === 'fft' ? M : band.length, cellsPerKernelWidth, evaluate, sums };
}
