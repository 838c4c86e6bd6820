/** `npm run bench [-- --quick] [--baseline numpy] [--kernels a,b] [--threads 1,2] [--cell-seconds S] [--rounds R]
 *  [--paired-seconds S] [--skip-paired] [--skip-meanfield] [--out file]`
 *  Prints the attention table, the paired 2-thread speed-ups (tests/bench/speedup.bench.ts) and the
 *  mean-field benchmarks, and writes everything as JSON to bench-results/ (gitignored; summaries go to
 *  docs/benchmarks.md). */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PARALLEL_MIN_N } from '../../src/kernels/parallel-field.js';
import { wasmKernelAvailable } from '../../src/kernels/wasm-kernel.js';
import { runSpeedupBench, SPEEDUP_HEADER, type SpeedupRow } from './speedup.bench.js';
import { benchKernels, calibrationMs, combineRounds, formatRow, numpyAvailable, runAttentionBench, speedupLines, TABLE_HEADER, type AttentionBenchRow } from './attention.bench.js';

const FULL_NS = [64, 256, 1024, 4096];
const FULL_DS = [2, 3, 16, 64, 128];
const QUICK_NS = [64, 256, 1024];
const QUICK_DS = [3, 16];
const KERNEL_NAMES = [...new Set(benchKernels().map((k) => k.name))];

class UsageError extends Error {}

const USAGE = `Usage: npm run bench -- [options]
Times one RK4 step of the attention field (SA, Q = K = V = I, beta = 1) for each kernel and thread count,
then the paired 2-thread speed-ups and the mean-field benchmarks, and writes JSON (docs/benchmarks.md).

  --quick              n 64,256,1024, d 3,16, 4 s per cell, 3 s per paired cell
  --n 256,1024         token counts (default 64,256,1024,4096)
  --d 3,16             dimensions (default 2,3,16,64,128)
  --kernels ts,wasm    among ${KERNEL_NAMES.join(', ')} (default all)
  --threads 1,2        thread counts (default 1,2)
  --cell-seconds S     time budget per cell (default 30); a cell predicted over half of it is skipped
  --rounds R           the grid R times, medians over rounds (default 1)
  --paired-seconds S   seconds per paired 2-thread cell (default 8)
  --skip-paired        no paired section
  --skip-table         no table (with --skip-paired too, only the mean-field benchmarks run)
  --skip-meanfield     no mean-field benchmarks
  --baseline numpy     the same RK4 step in numpy, when python3 with numpy is present
  --out FILE           the JSON (default bench-results/bench-<date>.json)
  -h, --help           this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      quick: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      kernels: { type: 'string' },
      threads: { type: 'string' },
      n: { type: 'string' },
      d: { type: 'string' },
      'cell-seconds': { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      'skip-meanfield': { type: 'boolean', default: false },
      'paired-seconds': { type: 'string' },
      'skip-paired': { type: 'boolean', default: false },
      'skip-table': { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const list = (flag: string, text: string | undefined, fallback: number[]): number[] => {
    if (!text) return fallback;
    const values = text.split(',').map(Number);
    if (!values.every((v) => Number.isInteger(v) && v >= 1)) throw new UsageError(`${flag}: got "${text}". Expected whole numbers ≥ 1 separated by commas, e.g. ${flag} 256,1024.`);
    return values;
  };
  const ns = list('--n', values.n, values.quick ? QUICK_NS : FULL_NS);
  const ds = list('--d', values.d, values.quick ? QUICK_DS : FULL_DS);
  const unknown = values.kernels?.split(',').filter((k) => !KERNEL_NAMES.includes(k)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--kernels: no kernel named ${unknown.map((k) => `"${k}"`).join(', ')}. The kernels are ${KERNEL_NAMES.join(', ')}.`);
  const cellSeconds = Number(values['cell-seconds'] ?? (values.quick ? 4 : 30));
  const pairedSeconds = Number(values['paired-seconds'] ?? (values.quick ? 3 : 8));
  if (!(pairedSeconds > 0)) throw new UsageError(`--paired-seconds: got "${values['paired-seconds']}". Expected seconds > 0 per paired cell.`);
  const rounds = Number(values.rounds ?? 1);
  if (!(cellSeconds > 0)) throw new UsageError(`--cell-seconds: got "${values['cell-seconds']}". Expected seconds > 0 per cell.`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds: got "${values.rounds}". Expected a whole number ≥ 1 (the grid is run that many times).`);
  let numpy = false;
  if (values.baseline !== undefined) {
    if (values.baseline !== 'numpy') throw new UsageError(`--baseline: got "${values.baseline}". The only baseline is numpy.`);
    numpy = numpyAvailable();
    if (!numpy) console.log('--baseline numpy: python3 with numpy not found, skipping the baseline.');
  }
  const started = new Date();
  const load = os.loadavg();
  console.log(`attention bench: SA, Q=K=V=I, beta=1; node ${process.version}; ${os.cpus().length} cpus (${os.cpus()[0]?.model}); load avg ${load.map((l) => l.toFixed(2)).join(' ')}`);
  const perRound: AttentionBenchRow[][] = [];
  const calibrations: number[] = [];
  const tableRounds = values['skip-table'] ? 0 : rounds;
  for (let round = 1; round <= tableRounds; round++) {
    const calibration = calibrationMs();
    calibrations.push(calibration);
    console.log(`${rounds > 1 ? `round ${round} of ${rounds}: ` : ''}calibration ${calibration.toFixed(1)} ms (fixed scalar workload; larger = slower host), load avg ${os.loadavg()[0].toFixed(2)}`);
    console.log(TABLE_HEADER);
    perRound.push(
      await runAttentionBench({
        ns,
        ds,
        kernels: values.kernels?.split(','),
        threads: values.threads?.split(',').map(Number),
        cellSeconds,
        numpy,
        log: (line) => console.log(line),
      }),
    );
  }
  const combined = combineRounds(perRound);
  if (tableRounds > 1) {
    console.log(`\nmedians over ${rounds} rounds`);
    console.log(TABLE_HEADER);
    for (const r of combined) console.log(formatRow(r));
  }
  const speedups = speedupLines(combined);
  if (speedups.length > 0) console.log(`\none trajectory on 2 threads, from the table's cells (timed seconds to minutes apart, so host drift enters the ratio; quote the paired figures)\n${speedups.join('\n')}`);
  const rows: Record<string, unknown>[] = [...combined];
  const threadCounts = values.threads?.split(',').map(Number) ?? [1, 2];
  const pairedKernels = (['ts', 'wasm'] as const).filter((k) => !values.kernels || values.kernels.split(',').includes(k));
  const pairedNs = ns.filter((n) => n >= PARALLEL_MIN_N);
  if (!values['skip-paired'] && threadCounts.includes(1) && threadCounts.includes(2) && pairedKernels.length > 0 && pairedNs.length > 0) {
    console.log(`\none trajectory on 2 threads, paired: RK4 steps in alternating blocks of ~50 ms (1 thread; split over 2 threads; two 1-thread trajectories side by side), ≥ ${pairedSeconds} s per cell.\nspeed-up = 1 thread / split; capacity = 2 × 1 thread / side by side (what this machine's second core gave at that moment); sp/cap = median of their ratio`);
    console.log(SPEEDUP_HEADER);
    const paired: SpeedupRow[] = await runSpeedupBench({
      ns: pairedNs,
      ds,
      kernels: pairedKernels.filter((k) => k !== 'wasm' || wasmKernelAvailable()),
      seconds: pairedSeconds,
      blockMs: 50,
      maxStepMs: (cellSeconds * 1000) / 4,
      log: (line) => console.log(line),
    });
    rows.push(...paired);
  }
  if (!values['skip-meanfield']) {
    let meanfield: { run: () => Promise<Array<Record<string, unknown>>> } | undefined;
    try {
      // A variable specifier: the file is written by another helper and may be absent (tsc must not resolve it).
      const specifier = './meanfield.bench.js';
      meanfield = (await import(specifier)) as typeof meanfield;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ERR_MODULE_NOT_FOUND') throw error;
      console.log('meanfield bench: tests/bench/meanfield.bench.ts not present, skipped.');
    }
    if (meanfield) {
      const mf = await meanfield.run();
      for (const r of mf) console.log(JSON.stringify(r));
      rows.push(...mf.map((r) => ({ bench: 'meanfield', ...r })));
    }
  }
  const record = {
    date: started.toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtStart: load,
    loadAverageAtEnd: os.loadavg(),
    argv: process.argv.slice(2),
    rounds: tableRounds,
    calibrationMs: calibrations,
    rows,
    ...(tableRounds > 1 ? { roundRows: perRound } : {}),
  };
  const out = values.out ?? `bench-results/bench-${started.toISOString().replace(/[:.]/g, '-')}.json`;
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(out, `${JSON.stringify(record, null, 1)}\n`);
  console.log(`wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    // a wrong flag gets one line and the usage, anything else its stack
    const code = (error as { code?: string }).code ?? '';
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    else console.error(error);
    process.exit(1);
  },
);
