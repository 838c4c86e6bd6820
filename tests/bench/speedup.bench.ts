/** Paired speed-up of one trajectory split over 2 threads (issue #7 item 2), measured so that the host's
 *  drift cancels. This VM's speed changes by up to 1.7× within minutes and, in some stretches, its second
 *  core gives little (two independent runs side by side then run at ~1.1× the throughput of one); cells
 *  timed minutes apart (the table of attention.bench.ts) mix those stretches into their ratio.
 *
 *  Here the same RK4 step is timed in short alternating blocks, about `blockMs` each:
 *    A: the one-thread field;  B: the field split over 2 threads (src/kernels/parallel-field.ts);
 *    C: two independent one-thread trajectories side by side (this thread and a twin worker).
 *  Each A, B, C triple gives a speed-up A/B and the machine's two-core capacity 2A/C for this very
 *  workload at that moment: what a perfect split could reach. Medians and quartiles over the triples
 *  are reported; speed-up / capacity says how much of the available second core the split uses. */
import { Worker } from 'node:worker_threads';
import { Rng, uniformSphere } from '../../src/core/rng.js';
import { createFusedAttentionField, type KernelChoice } from '../../src/kernels/fused-attention-field.js';
import { createParallelAttentionField } from '../../src/kernels/parallel-field.js';
import { benchParams, median, rk4Stepper, SEED, timeRepeats, WARMUP_CALLS, WARMUP_MS } from './attention.bench.js';
import { TWIN_COMMAND, TWIN_DONE, TWIN_STEPS, TWIN_WORDS, type TwinWorkerData } from './twin-trajectory-task.js';

/** Triples are collected for at least this long per cell, and at least MIN_TRIPLES of them. */
const MIN_TRIPLES = 5;
/** Start-up of a tsx worker takes ~0.3 s on an idle machine; this is a hang guard. */
const TWIN_TIMEOUT_MS = 60_000;

export interface SpeedupOptions {
  readonly ns: readonly number[];
  readonly ds: readonly number[];
  readonly kernels: readonly Exclude<KernelChoice, 'auto'>[];
  readonly seconds: number;
  readonly blockMs: number;
  /** Cells whose one-thread RK4 step is predicted above this are skipped (∝ n², from smaller n). */
  readonly maxStepMs: number;
  readonly log: (line: string) => void;
}

export interface SpeedupRow {
  readonly [key: string]: unknown;
  readonly bench: 'speedup';
  readonly kernel: string;
  readonly n: number;
  readonly d: number;
  readonly stepsPerBlock: number;
  readonly triples: number;
  /** Medians of the per-block ms per RK4 step. */
  readonly oneThreadMs: number;
  readonly twoThreadMs: number;
  readonly speedup: Quartiles;
  readonly capacity: Quartiles;
  /** Median over triples of speed-up / capacity. */
  readonly efficiency: number;
}

export interface Quartiles {
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
}

export function quartiles(values: readonly number[]): Quartiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number): number => {
    const pos = p * (s.length - 1);
    const lo = Math.floor(pos);
    return lo + 1 < s.length ? s[lo] + (pos - lo) * (s[lo + 1] - s[lo]) : s[lo];
  };
  return { q25: at(0.25), median: at(0.5), q75: at(0.75) };
}

export async function runSpeedupBench(options: SpeedupOptions): Promise<SpeedupRow[]> {
  const rows: SpeedupRow[] = [];
  for (const kernel of options.kernels) {
    for (const d of options.ds) {
      let last: { n: number; ms: number } | undefined;
      for (const n of options.ns) {
        if (last && last.ms * (n / last.n) ** 2 > options.maxStepMs) {
          options.log(`${kernel.padEnd(6)} n=${String(n).padStart(5)} d=${String(d).padStart(4)}: skipped (predicted ${((last.ms * (n / last.n) ** 2) / 1000).toFixed(1)} s per one-thread RK4 step)`);
          continue;
        }
        const row = await pairedCell(kernel, n, d, options);
        last = { n, ms: row.oneThreadMs };
        rows.push(row);
        options.log(formatSpeedupRow(row));
      }
    }
  }
  return rows;
}

async function pairedCell(kernel: Exclude<KernelChoice, 'auto'>, n: number, d: number, options: SpeedupOptions): Promise<SpeedupRow> {
  const params = benchParams(d);
  const x = uniformSphere(Rng.fromSeed(SEED), n, d);
  const one = rk4Stepper(createFusedAttentionField(params, n, d, { kernel }), x, n, d);
  const split = createParallelAttentionField(params, n, d, { kernel, threads: 2 });
  if (split.threads !== 2) throw new Error(`speedup bench: n=${n} is below the split's minimum; pass --n with values ≥ 256`);
  const two = rk4Stepper(split.field, x, n, d, split.rkStep);
  const twin = await startTwin({ kernel, n, d, control: new SharedArrayBuffer(4 * TWIN_WORDS) });
  try {
    const block = (step: () => void, steps: number): number => {
      const start = performance.now();
      for (let s = 0; s < steps; s++) step();
      return (performance.now() - start) / steps;
    };
    const sideBySide = (steps: number): number => {
      const start = performance.now();
      twin.run(steps);
      for (let s = 0; s < steps; s++) one();
      twin.wait();
      return (performance.now() - start) / steps;
    };
    for (const f of [one, two, () => sideBySide(1)]) timeRepeats(f, WARMUP_MS, WARMUP_CALLS, Infinity);
    const stepsPerBlock = Math.max(1, Math.round(options.blockMs / median(timeRepeats(one, 0, 3, 3))));
    const a: number[] = [];
    const b: number[] = [];
    const speedups: number[] = [];
    const capacities: number[] = [];
    const start = performance.now();
    while (speedups.length < MIN_TRIPLES || performance.now() - start < options.seconds * 1000) {
      const ta = block(one, stepsPerBlock);
      const tb = block(two, stepsPerBlock);
      const tc = sideBySide(stepsPerBlock);
      a.push(ta);
      b.push(tb);
      speedups.push(ta / tb);
      capacities.push((2 * ta) / tc);
    }
    return {
      bench: 'speedup',
      kernel,
      n,
      d,
      stepsPerBlock,
      triples: speedups.length,
      oneThreadMs: median(a),
      twoThreadMs: median(b),
      speedup: quartiles(speedups),
      capacity: quartiles(capacities),
      efficiency: median(speedups.map((s, i) => s / capacities[i])),
    };
  } finally {
    await split.dispose();
    await twin.stop();
  }
}

interface Twin {
  run(steps: number): void;
  wait(): void;
  stop(): Promise<void>;
}

async function startTwin(data: TwinWorkerData): Promise<Twin> {
  const ctl = new Int32Array(data.control);
  const worker = new Worker(new URL('./twin-trajectory-worker.mjs', import.meta.url), { workerData: data });
  let failure: Error | undefined;
  worker.on('error', (error) => {
    failure = error;
  });
  let done = 0;
  const waitDone = (): void => {
    const deadline = performance.now() + TWIN_TIMEOUT_MS;
    while (Atomics.load(ctl, TWIN_DONE) <= done) {
      if (failure) throw failure;
      if (performance.now() > deadline) throw new Error('speedup bench: the twin trajectory worker did not answer');
      Atomics.wait(ctl, TWIN_DONE, done, 100);
    }
    done = Atomics.load(ctl, TWIN_DONE);
  };
  // the worker counts itself ready with one DONE; give its 'error' event a chance to fire while waiting
  while (Atomics.load(ctl, TWIN_DONE) === 0 && !failure) await new Promise((resolve) => setTimeout(resolve, 5));
  if (failure) throw failure;
  done = 1;
  return {
    run(steps) {
      Atomics.store(ctl, TWIN_STEPS, steps);
      Atomics.add(ctl, TWIN_COMMAND, 1);
      Atomics.notify(ctl, TWIN_COMMAND);
    },
    wait: waitDone,
    async stop() {
      Atomics.store(ctl, TWIN_COMMAND, -1);
      Atomics.notify(ctl, TWIN_COMMAND);
      await worker.terminate();
    },
  };
}

const q = (v: Quartiles): string => `${v.median.toFixed(2)}× (${v.q25.toFixed(2)}–${v.q75.toFixed(2)})`;

export const SPEEDUP_HEADER = `${'kernel'.padEnd(7)}${'n'.padStart(6)}${'d'.padStart(5)}${'1 thr ms'.padStart(11)}${'2 thr ms'.padStart(11)}  ${'speed-up (q25–q75)'.padEnd(22)}${'capacity (q25–q75)'.padEnd(22)}${'sp/cap'.padStart(7)}  triples`;

export function formatSpeedupRow(r: SpeedupRow): string {
  return `${r.kernel.padEnd(7)}${String(r.n).padStart(6)}${String(r.d).padStart(5)}${r.oneThreadMs.toFixed(2).padStart(11)}${r.twoThreadMs.toFixed(2).padStart(11)}  ${q(r.speedup).padEnd(22)}${q(r.capacity).padEnd(22)}${r.efficiency.toFixed(2).padStart(7)}  ${r.triples} × ${r.stepsPerBlock} steps`;
}
