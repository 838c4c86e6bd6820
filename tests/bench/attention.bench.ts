/** Attention-kernel benchmark (issue #2 item 7, issue #7 item 5). Run by `npm run bench`, never by CI.
 *
 *  Problem: SA on the sphere, Q = K = V = I, β = 1, x0 uniform on S^{d−1} (seeded). For each kernel and
 *  thread count: ms per field evaluation and per RK4 step (median of repeats, projected field plus
 *  retraction, as `solve` does it), the rate counted as issue #2 does — 4n²(4d+2) flop + 4n² exp per
 *  RK4 step — and the ratio of the measured time to the machine's physical limit for that count:
 *  flop/(134 GFLOP/s · threads) + exp/(2.9 G exp/s · threads) (issue #7, 2-core AVX-512 machine).
 *  Peak RSS is the process's high-water mark after the cell (monotone across the run). */
import { execFileSync } from 'node:child_process';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { identityMatrix } from '../../src/core/types.js';
import { tangentField } from '../../src/core/sphere.js';
import { createRkWorkspace, rkStep } from '../../src/integrate/explicit-rk.js';
import type { RkStepper, VectorField } from '../../src/integrate/problem.js';
import { retract } from '../../src/integrate/retraction.js';
import { RK4 } from '../../src/integrate/tableaus.js';
import { fastExp } from '../../src/kernels/fast-exp.js';
import { createFusedAttentionField } from '../../src/kernels/fused-attention-field.js';
import { createParallelAttentionField, PARALLEL_MIN_N } from '../../src/kernels/parallel-field.js';
import { wasmKernelAvailable } from '../../src/kernels/wasm-kernel.js';
import { referenceAttentionField, type AttentionParams } from '../../src/models/attention.js';

export const FLOP_PER_CORE = 134e9;
export const EXP_PER_CORE = 2.9e9;
export const SEED = 20261123;
const STEP_DT = 0.01;
export const WARMUP_CALLS = 3;
export const WARMUP_MS = 300;
/** Repeats per timing, within the cell's budget. Small cells used to stop at 30 RK4 steps (~25 ms at
 *  n = 256), a window short enough for one slow stretch of the host or of the worker's hand-off to set
 *  the median; the paired bench measured the 2-thread step at n = 256 ~40 % faster than such a cell. */
const MAX_REPEATS = 1000;

export interface AttentionBenchOptions {
  readonly ns: readonly number[];
  readonly ds: readonly number[];
  /** Kernel names to run (default: all available). */
  readonly kernels?: readonly string[];
  /** Thread counts to run (default: all, i.e. 1 and 2). */
  readonly threads?: readonly number[];
  /** Wall-time budget per (kernel, n, d) cell; cells predicted to exceed it are skipped. */
  readonly cellSeconds: number;
  readonly numpy: boolean;
  readonly log: (line: string) => void;
}

export interface AttentionBenchRow {
  readonly [key: string]: unknown;
  readonly bench: 'attention';
  readonly kernel: string;
  readonly threads: number;
  readonly n: number;
  readonly d: number;
  readonly beta: number;
  readonly msPerEval: number | null;
  readonly msPerRk4: number | null;
  /** Process CPU time (all threads) per RK4 step, mean over the repeats: on a loaded machine wall time
   *  includes waiting for a core, CPU time does not (for 1 thread: ≈ the unloaded wall time). */
  readonly cpuMsPerRk4?: number;
  readonly repeats: number;
  readonly gflops: number | null;
  readonly gexps: number | null;
  readonly limitMs: number;
  readonly ratioToLimit: number | null;
  readonly peakRssMb: number;
  readonly note?: string;
}

export function flopsPerRk4(n: number, d: number): number {
  return 4 * n * n * (4 * d + 2);
}
export function expsPerRk4(n: number): number {
  return 4 * n * n;
}
export function limitMsPerRk4(n: number, d: number, threads: number): number {
  return (1000 * (flopsPerRk4(n, d) / FLOP_PER_CORE + expsPerRk4(n) / EXP_PER_CORE)) / threads;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The benchmarked problem: SA with Q = K = V = I, β = 1, one head. */
export function benchParams(d: number): AttentionParams {
  return { normalization: 'sa', beta: 1, heads: [{ Q: identityMatrix(d), K: identityMatrix(d), V: identityMatrix(d) }], causal: false, headScale: 1 };
}

/** One RK4 step of the projected field from x (kept fixed, so every step costs the same) plus the
 *  retraction, as `solve` takes it; no allocation per call. With `stepper` (a split field's rkStep) the
 *  step goes through it, as `solve` does for a split trajectory. */
export function rk4Stepper(raw: VectorField, x: Float64Array, n: number, d: number, stepper?: RkStepper): () => void {
  const next = new Float64Array(n * d);
  if (stepper)
    return () => {
      stepper(RK4, 0, x, STEP_DT, next);
      retract('sphere', next, n, d);
    };
  // only the one-thread step needs the projected field and a workspace (they count in the RSS column)
  const field = tangentField(raw, n, d);
  const ws = createRkWorkspace(RK4, n * d);
  return () => {
    rkStep(RK4, field, 0, x, STEP_DT, next, ws);
    retract('sphere', next, n, d);
  };
}

/** Repeats fn until `budgetMs` is spent (at least `min` times, at most `max`); returns the times. */
export function timeRepeats(fn: () => void, budgetMs: number, min: number, max: number): number[] {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < max && (times.length < min || performance.now() - start < budgetMs)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}

export async function runAttentionBench(options: AttentionBenchOptions): Promise<AttentionBenchRow[]> {
  const rows: AttentionBenchRow[] = [];
  const kernels = benchKernels().filter((k) => (!options.kernels || options.kernels.includes(k.name)) && (!options.threads || options.threads.includes(k.threads)));
  // Predicted seconds per field evaluation, from the last measured (kernel, d) at smaller n (∝ n²).
  const lastEval = new Map<string, { n: number; ms: number }>();
  for (const d of options.ds) {
    for (const n of options.ns) {
      const x0 = uniformSphere(Rng.fromSeed(SEED), n, d);
      const params = benchParams(d);
      for (const kernel of kernels) {
        rows.push(await benchCell(kernel, params, x0, n, d, options, lastEval));
        const r = rows[rows.length - 1];
        options.log(formatRow(r));
      }
      if (options.numpy) {
        const r = numpyCell(n, d, options.cellSeconds);
        rows.push(r);
        options.log(formatRow(r));
      }
    }
  }
  return rows;
}

async function benchCell(
  kernel: BenchKernel,
  params: AttentionParams,
  x0: Float64Array,
  n: number,
  d: number,
  options: AttentionBenchOptions,
  lastEval: Map<string, { n: number; ms: number }>,
): Promise<AttentionBenchRow> {
  const key = `${kernel.name}×${kernel.threads}/${d}`;
  const base = { bench: 'attention' as const, kernel: kernel.name, threads: kernel.threads, n, d, beta: 1, limitMs: limitMsPerRk4(n, d, kernel.threads) };
  const skip = (note: string): AttentionBenchRow => ({ ...base, msPerEval: null, msPerRk4: null, repeats: 0, gflops: null, gexps: null, ratioToLimit: null, peakRssMb: rssMb(), note });
  if (kernel.minN !== undefined && n < kernel.minN) return skip(`not used below n=${kernel.minN}`);
  const prev = lastEval.get(key);
  const budgetMs = options.cellSeconds * 1000;
  if (prev) {
    const predictedRk4 = 4 * prev.ms * (n / prev.n) ** 2;
    if (2 * predictedRk4 > budgetMs) return skip(`skipped: predicted ${(predictedRk4 / 1000).toFixed(1)} s per RK4 step > cell budget`);
  }
  const instance = await kernel.create(params, n, d);
  if (!instance) return skip('unavailable on this machine');
  try {
    const out = new Float64Array(n * d);
    const x = Float64Array.from(x0);
    // Warm-up: V8 runs new WASM and JS code in a baseline tier first and swaps in optimised code for
    // later calls (in every worker too), so a single call leaves the first timed calls slow.
    timeRepeats(() => instance.field(0, x, out), WARMUP_MS, WARMUP_CALLS, Infinity);
    const evalTimes = timeRepeats(() => instance.field(0, x, out), budgetMs / 3, 3, MAX_REPEATS);
    const msPerEval = median(evalTimes);
    lastEval.set(key, { n, ms: msPerEval });
    const step = rk4Stepper(instance.field, x, n, d, instance.rkStep);
    const cpuStart = process.cpuUsage();
    const stepTimes = timeRepeats(step, budgetMs / 2, 2, MAX_REPEATS);
    const cpu = process.cpuUsage(cpuStart);
    const msPerRk4 = median(stepTimes);
    return {
      ...base,
      msPerEval,
      msPerRk4,
      cpuMsPerRk4: (cpu.user + cpu.system) / 1000 / stepTimes.length,
      repeats: stepTimes.length,
      gflops: flopsPerRk4(n, d) / (msPerRk4 * 1e6),
      gexps: expsPerRk4(n) / (msPerRk4 * 1e6),
      ratioToLimit: msPerRk4 / base.limitMs,
      peakRssMb: rssMb(),
    };
  } finally {
    await instance.dispose?.();
  }
}

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const NUMPY_STEP = String.raw`
import sys, time, json
import numpy as np
n, d, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
rng = np.random.default_rng(20261123)
x = rng.standard_normal((n, d)); x /= np.linalg.norm(x, axis=1, keepdims=True)
beta = 1.0
def field(x):
    s = beta * (x @ x.T)
    s -= s.max(axis=1, keepdims=True)
    w = np.exp(s)
    w /= w.sum(axis=1, keepdims=True)
    f = w @ x
    return f - np.sum(f * x, axis=1, keepdims=True) * x
def rk4(x, h):
    k1 = field(x); k2 = field(x + h/2*k1); k3 = field(x + h/2*k2); k4 = field(x + h*k3)
    y = x + h/6*(k1 + 2*k2 + 2*k3 + k4)
    return y / np.linalg.norm(y, axis=1, keepdims=True)
rk4(x, 0.01)
times = []; start = time.perf_counter()
while len(times) < 30 and (len(times) < 2 or time.perf_counter() - start < budget):
    t = time.perf_counter(); rk4(x, 0.01); times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"times": times, "numpy": np.__version__}))
`;

function numpyCell(n: number, d: number, cellSeconds: number): AttentionBenchRow {
  const base = { bench: 'attention' as const, kernel: 'numpy', threads: 2, n, d, beta: 1, limitMs: limitMsPerRk4(n, d, 2) };
  try {
    const text = execFileSync('python3', ['-c', NUMPY_STEP, String(n), String(d), String(cellSeconds / 2)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const { times, numpy } = JSON.parse(text) as { times: number[]; numpy: string };
    const msPerRk4 = median(times);
    return { ...base, msPerEval: null, msPerRk4, repeats: times.length, gflops: flopsPerRk4(n, d) / (msPerRk4 * 1e6), gexps: expsPerRk4(n) / (msPerRk4 * 1e6), ratioToLimit: msPerRk4 / base.limitMs, peakRssMb: rssMb(), note: `numpy ${numpy} (n×n matrices, its own BLAS threads)` };
  } catch (error) {
    return { ...base, msPerEval: null, msPerRk4: null, repeats: 0, gflops: null, gexps: null, ratioToLimit: null, peakRssMb: rssMb(), note: `numpy failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** True when `python3 -c "import numpy"` works. */
export function numpyAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const fmt = (v: number | null, digits: number): string => (v === null ? '—' : v.toFixed(digits));

export const TABLE_HEADER = `${'kernel'.padEnd(14)}${'thr'.padStart(4)}${'n'.padStart(6)}${'d'.padStart(5)}${'ms/eval'.padStart(11)}${'ms/RK4'.padStart(11)}${'cpu/RK4'.padStart(11)}${'GFLOP/s'.padStart(9)}${'Gexp/s'.padStart(8)}${'×limit'.padStart(8)}${'RSS MB'.padStart(8)}  note`;

export function formatRow(r: AttentionBenchRow): string {
  return `${r.kernel.padEnd(14)}${String(r.threads).padStart(4)}${String(r.n).padStart(6)}${String(r.d).padStart(5)}${fmt(r.msPerEval, 2).padStart(11)}${fmt(r.msPerRk4, 2).padStart(11)}${fmt(r.cpuMsPerRk4 ?? null, 2).padStart(11)}${fmt(r.gflops, 2).padStart(9)}${fmt(r.gexps, 3).padStart(8)}${fmt(r.ratioToLimit, 1).padStart(8)}${fmt(r.peakRssMb, 0).padStart(8)}  ${r.note ?? ''}`;
}

// The kernels `npm run bench` compares, each with its thread count.
export interface BenchKernelInstance {
  readonly field: VectorField;
  /** The split step (ParallelAttentionField.rkStep), used for the RK4 timing when present. */
  readonly rkStep?: RkStepper;
  dispose?(): void | Promise<void>;
}

export interface BenchKernel {
  readonly name: string;
  readonly threads: number;
  /** Not benchmarked below this n (thread splitting starts at n = 256). */
  readonly minN?: number;
  create(params: AttentionParams, n: number, d: number): BenchKernelInstance | undefined | Promise<BenchKernelInstance | undefined>;
}

export function benchKernels(): BenchKernel[] {
  const wasm = wasmKernelAvailable();
  return [
    { name: 'reference', threads: 1, create: (p, n, d) => ({ field: referenceAttentionField(p, n, d) }) },
    { name: 'ts', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { kernel: 'ts' }) }) },
    { name: 'ts-mathexp', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { kernel: 'ts', exp: 'math' }) }) },
    { name: 'ts-general', threads: 1, create: (p, n, d) => ({ field: createFusedAttentionField(p, n, d, { kernel: 'ts', symmetric: false }) }) },
    { name: 'ts', threads: 2, minN: PARALLEL_MIN_N, create: (p, n, d) => createParallelAttentionField(p, n, d, { kernel: 'ts', threads: 2 }) },
    { name: 'wasm', threads: 1, create: (p, n, d) => (wasm ? { field: createFusedAttentionField(p, n, d, { kernel: 'wasm' }) } : undefined) },
    { name: 'wasm-general', threads: 1, create: (p, n, d) => (wasm ? { field: createFusedAttentionField(p, n, d, { kernel: 'wasm', symmetric: false }) } : undefined) },
    { name: 'wasm', threads: 2, minN: PARALLEL_MIN_N, create: (p, n, d) => (wasm ? createParallelAttentionField(p, n, d, { kernel: 'wasm', threads: 2 }) : undefined) },
  ];
}

const cellKey = (r: AttentionBenchRow): string => `${r.kernel}|${r.threads}|${r.n}|${r.d}`;

/** One row per cell from several rounds of the whole grid: the median over rounds of each round's
 *  median (the host's speed drifts over seconds to minutes; rounds spread a cell's samples over the
 *  run instead of one stretch), with the fastest round's ms per RK4 step in the note. */
export function combineRounds(rounds: readonly AttentionBenchRow[][]): AttentionBenchRow[] {
  if (rounds.length === 1) return [...rounds[0]];
  const byKey = new Map<string, AttentionBenchRow[]>();
  for (const round of rounds) for (const r of round) byKey.set(cellKey(r), [...(byKey.get(cellKey(r)) ?? []), r]);
  return [...byKey.values()].map((cells) => {
    const measured = cells.filter((c) => c.msPerRk4 !== null);
    if (measured.length === 0) return cells[0];
    const first = measured[0];
    const pick = (f: (c: AttentionBenchRow) => number | null | undefined): number => median(measured.map((c) => f(c) ?? NaN));
    const msPerRk4 = pick((c) => c.msPerRk4);
    const fastest = Math.min(...measured.map((c) => c.msPerRk4!));
    return {
      ...first,
      msPerEval: first.msPerEval === null ? null : pick((c) => c.msPerEval),
      msPerRk4,
      ...(first.cpuMsPerRk4 !== undefined ? { cpuMsPerRk4: pick((c) => c.cpuMsPerRk4) } : {}),
      repeats: measured.reduce((s, c) => s + c.repeats, 0),
      gflops: flopsPerRk4(first.n, first.d) / (msPerRk4 * 1e6),
      gexps: expsPerRk4(first.n) / (msPerRk4 * 1e6),
      ratioToLimit: msPerRk4 / first.limitMs,
      peakRssMb: Math.max(...cells.map((c) => c.peakRssMb)),
      note: `median of ${measured.length} rounds (fastest ${fastest.toFixed(2)} ms)${first.note ? `; ${first.note}` : ''}`,
    };
  });
}

/** Lines "kernel n d: 1 thread → 2 threads = speed-up" for every cell measured on both. */
export function speedupLines(rows: readonly AttentionBenchRow[]): string[] {
  const lines: string[] = [];
  for (const two of rows) {
    if (two.threads !== 2 || two.msPerRk4 === null || two.kernel === 'numpy') continue;
    const one = rows.find((r) => r.kernel === two.kernel && r.threads === 1 && r.n === two.n && r.d === two.d);
    if (!one || one.msPerRk4 === null) continue;
    lines.push(`${two.kernel.padEnd(6)} n=${String(two.n).padStart(5)} d=${String(two.d).padStart(4)}: ${one.msPerRk4.toFixed(2)} → ${two.msPerRk4.toFixed(2)} ms per RK4 step, speed-up ${(one.msPerRk4 / two.msPerRk4).toFixed(2)}×`);
  }
  return lines;
}

/** Milliseconds for a fixed scalar workload (the fast exp over 2^22 arguments, best of 5). Printed at the
 *  start of every round: this machine's speed drifts by up to 1.5× over minutes with nothing else
 *  running (a VM whose host is shared), and a slow round shows up here before it shows in the table. */
export function calibrationMs(): number {
  const values = new Float64Array(1 << 22);
  for (let i = 0; i < values.length; i++) values[i] = -i / values.length;
  let best = Infinity;
  let sink = 0;
  for (let rep = 0; rep < 5; rep++) {
    const start = performance.now();
    for (let i = 0; i < values.length; i++) sink += fastExp(values[i]);
    best = Math.min(best, performance.now() - start);
  }
  if (!(sink > 0)) throw new Error('calibration: unexpected sum');
  return best;
}
