/** Ordinary least squares y ≈ intercept + slope·x with standard errors, R² and a Student-t confidence
 *  interval for the slope (two-sided, `confidence` e.g. 0.95). Needs ≥ 3 points (one residual degree
 *  of freedom); the caller decides what fewer points mean (usually: inconclusive). */

export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  readonly slopeStdErr: number;
  readonly interceptStdErr: number;
  /** Coefficient of determination 1 − SS_res/SS_tot (1 when y is exactly linear or constant). */
  readonly rSquared: number;
  /** Residual standard error √(SS_res/(m − 2)). */
  readonly residualStdErr: number;
  readonly points: number;
  readonly confidence: number;
  /** Two-sided t quantile t_{(1+confidence)/2, m−2} used for the intervals. */
  readonly tQuantile: number;
  readonly slopeInterval: readonly [number, number];
  readonly interceptInterval: readonly [number, number];
}

export const MIN_REGRESSION_POINTS = 3;

export function linearRegression(x: ArrayLike<number>, y: ArrayLike<number>, confidence = 0.95): LinearFit {
  const m = x.length;
  if (y.length !== m) throw new Error(`linearRegression: ${m} x values but ${y.length} y values`);
  if (m < MIN_REGRESSION_POINTS) throw new Error(`linearRegression: need ≥ ${MIN_REGRESSION_POINTS} points, got ${m}`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`linearRegression: confidence must lie in (0, 1), got ${confidence}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < m; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= m;
  my /= m;
  // Centred sums: the textbook Σx² − m·x̄² form cancels catastrophically for times far from 0.
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) throw new Error('linearRegression: all x values are equal, the slope is undefined');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  for (let i = 0; i < m; i++) {
    const r = y[i] - intercept - slope * x[i];
    ssRes += r * r;
  }
  const dof = m - 2;
  const residualStdErr = Math.sqrt(ssRes / dof);
  const slopeStdErr = residualStdErr / Math.sqrt(sxx);
  const interceptStdErr = residualStdErr * Math.sqrt(1 / m + (mx * mx) / sxx);
  const tQuantile = studentTQuantile((1 + confidence) / 2, dof);
  return {
    slope,
    intercept,
    slopeStdErr,
    interceptStdErr,
    rSquared: syy > 0 ? 1 - ssRes / syy : 1,
    residualStdErr,
    points: m,
    confidence,
    tQuantile,
    slopeInterval: [slope - tQuantile * slopeStdErr, slope + tQuantile * slopeStdErr],
    interceptInterval: [intercept - tQuantile * interceptStdErr, intercept + tQuantile * interceptStdErr],
  };
}

/** Quantile of Student's t with `dof` degrees of freedom (p in (0,1)), by bisection on the CDF
 *  (CDF via the regularised incomplete beta function). Accurate to ~1e-12 absolute. */
export function studentTQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must lie in (0, 1), got ${p}`);
  if (!(dof > 0)) throw new Error(`studentTQuantile: dof must be > 0, got ${dof}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, dof);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, dof) < p) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-13 * Math.max(1, hi); it++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T ≤ t) for Student's t with `dof` degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  const tail = 0.5 * regularizedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** I_x(a, b) by the continued fraction of Numerical Recipes (modified Lentz), with the symmetry swap. */
function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** log Γ(z) for z > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
function logGamma(z: number): number {
  const G = 7;
  const C = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const zz = z - 1;
  let a = C[0];
  const t = zz + G + 0.5;
  for (let i = 1; i < G + 2; i++) a += C[i] / (zz + i);
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(a);
}
