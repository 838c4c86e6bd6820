/** Mean-field circle benchmarks (called by tests/bench/main.ts through `run()`; never by vitest).
 *  One field evaluation at M = 65536: the interface velocity alone (FFT path: one real FFT forward, one
 *  (usa) or two (sa) inverse, each a half-size complex FFT) and the full right-hand side (velocity + MUSCL
 *  reconstruction + upwind flux divergence). Goal (issue #6): ≤ 2 ms. Median of REPETITIONS timed calls
 *  after WARMUP untimed ones; the load average is recorded because the machine is shared. */
import os from 'node:os';
import { createMeanFieldRhs } from '../../src/meanfield/circle-pde.js';
import { cosineDensity } from '../../src/meanfield/density.js';
import { makeMeanFieldCircleProblem } from '../../src/meanfield/problem.js';

const REPETITIONS = 41;
const WARMUP = 20;
const GOAL_MS = 2;

function median(fn: () => void): { medianMs: number; minMs: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { medianMs: ts[(REPETITIONS - 1) / 2], minMs: ts[0] };
}

export async function run(): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  const cases: Array<{ M: number; normalization: 'sa' | 'usa'; beta: number; kernelSum: 'fft' | 'direct' }> = [
    { M: 65536, normalization: 'usa', beta: 1, kernelSum: 'fft' },
    { M: 65536, normalization: 'sa', beta: 1, kernelSum: 'fft' },
    { M: 1024, normalization: 'sa', beta: 1000, kernelSum: 'direct' },
  ];
  for (const c of cases) {
    const problem = makeMeanFieldCircleProblem({ normalization: c.normalization, beta: c.beta, M: c.M, init: { kind: 'cosine', a: 0.5, k: 3 }, T: 1, kernelSum: c.kernelSum });
    const rhs = createMeanFieldRhs(problem);
    const f = cosineDensity(c.M, 0.5, 3);
    const out = new Float64Array(c.M);
    const velocity = median(() => rhs.velocity.evaluate(f, out));
    const full = median(() => rhs.evaluate(f, out));
    rows.push({
      name: 'meanfield-circle field evaluation',
      M: c.M,
      normalization: c.normalization,
      beta: c.beta,
      path: rhs.velocity.path,
      repetitions: REPETITIONS,
      velocityMedianMs: velocity.medianMs,
      velocityMinMs: velocity.minMs,
      rhsMedianMs: full.medianMs,
      rhsMinMs: full.minMs,
      goalMs: c.M === 65536 ? GOAL_MS : undefined,
      loadAverage: os.loadavg()[0],
    });
  }
  return rows;
}

// Direct use: npx tsx tests/bench/meanfield.bench.ts
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  run().then((rows) => rows.forEach((r) => console.log(JSON.stringify(r))));
}
