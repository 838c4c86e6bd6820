/** Densities on the circle T = R/2πZ stored as M cell averages on the uniform grid of circle-velocity.ts
 *  (cell j = [jh, (j+1)h), h = 2π/M, centre θ_j = (j+½)h; mass h Σ f_j). Angles in radians. */

/** Exact cell averages of f0(θ) = (1 + a cos(k(θ − phase)))/(2π); the mass is 1 up to rounding
 *  (the sine terms telescope). */
export function cosineDensity(M: number, a: number, k: number, phase = 0): Float64Array {
  const h = (2 * Math.PI) / M;
  const f = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    const left = j * h - phase;
    const avgCos = (Math.sin(k * (left + h)) - Math.sin(k * left)) / (k * h);
    f[j] = (1 + a * avgCos) / (2 * Math.PI);
  }
  return f;
}

export function uniformDensity(M: number): Float64Array {
  return new Float64Array(M).fill(1 / (2 * Math.PI));
}

/** h Σ f_j, by Neumann summation (the mass is checked to 1e-12). */
export function densityMass(f: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let j = 0; j < f.length; j++) {
    const v = f[j];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return ((s + c) * 2 * Math.PI) / f.length;
}

export function densityMin(f: Float64Array): number {
  let m = Infinity;
  for (let j = 0; j < f.length; j++) if (f[j] < m) m = f[j];
  return m;
}

/** The k-th moment m_k = ∫ f(θ) e^{ikθ} dθ of the piecewise-constant density, exactly:
 *  ∫_cell e^{ikθ} = h sinc(kh/2) e^{ikθ_j}. Returns [re, im]. */
export function densityMoment(f: Float64Array, k: number): [number, number] {
  const M = f.length;
  const h = (2 * Math.PI) / M;
  let re = 0;
  let im = 0;
  for (let j = 0; j < M; j++) {
    const th = k * (j + 0.5) * h;
    re += f[j] * Math.cos(th);
    im += f[j] * Math.sin(th);
  }
  const x = (k * h) / 2;
  const sinc = x === 0 ? 1 : Math.sin(x) / x;
  return [re * h * sinc, im * h * sinc];
}

/** Order parameter R = |∫ e^{iθ} f dθ| (catalogue §2.8; CLPR-Q's R_0 is R²) and the circular mean arg. */
export function densityOrderParameter(f: Float64Array): { R: number; meanAngle: number } {
  const [re, im] = densityMoment(f, 1);
  return { R: Math.hypot(re, im), meanAngle: wrapAngle(Math.atan2(im, re)) };
}

/** |m_k| for k = 1..kMax (index 0 holds the mass). For f = (1 + a cos kθ)/(2π), |m_k| = a/2. */
export function densityModeAmplitudes(f: Float64Array, kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  for (let k = 0; k <= kMax; k++) {
    const [re, im] = densityMoment(f, k);
    out[k] = Math.hypot(re, im);
  }
  return out;
}

/** Wraps an angle into [0, 2π). */
export function wrapAngle(theta: number): number {
  const t = theta % (2 * Math.PI);
  return t < 0 ? t + 2 * Math.PI : t;
}
