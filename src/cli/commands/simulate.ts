/** `mft simulate --config problem.json [--out result.json]`: integrates one particle system described
 *  by a JSON config (schema: README "mft simulate"; validation: src/cli/config/simulate-config.ts). */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../core/config-error.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Solution } from '../../integrate/solution.js';
import { parseMasterSeed } from '../claim-options.js';
import { runSimulation } from '../config/build-simulation.js';
import { parseConfigJson } from '../config/parse-config-json.js';
import { parseSimulateConfig, simulateConfigToJson, type SimulateConfig } from '../config/simulate-config.js';
import { cliIo } from '../io.js';
import { DEFAULT_TRAJECTORY_THREADS } from '../../kernels/split-trajectory.js';
import { isMeanFieldCircleConfig, parseMeanFieldSimulateConfig, simulateMeanField, type MeanFieldSimulationResult } from '../../meanfield/simulate-mean-field.js';

export const summary = 'integrate one particle system from a JSON config and write times, states and observables';

export const help = `Usage: mft simulate --config <file|-> [--out <file>] [--seed <n>] [--threads <n>] [--quiet]

Integrates one particle system described by a JSON config (schema: README, section "mft simulate";
example: examples/sa-equiangular.json) and writes the result as JSON. Model "mean-field-circle" integrates
the density on the circle instead (keys: normalization, beta, T, M, density0 or init {kind: "cosine", a, k},
kappa, record.densities; see src/meanfield/simulate-mean-field.ts).

  --config <file|->  the config; "-" reads it from standard input
  --out <file>       write the result there (atomically: a failed run leaves no partial file);
                     default: standard output
  --seed <n>         seed used when the config gives none (default: MFT_SEED, else 20261123)
  --threads <n>      threads for one trajectory's RK steps (field included) when n ≥ 256 (default 2; any
                     count gives the same bits as 1; more threads than free cores only slow it
                     down, so on a busy machine use 1)
  --quiet            no progress on stderr

Exit codes: 0 the run reached T (status "success"); 1 it did not (status "nonfinite", "max-steps"
or "step-too-small": the result is still written); 2 a bad flag or config (nothing is written).`;

/** Progress for runs longer than this goes to stderr as a log line (non-TTY). */
const LOG_EVERY_MS = 10_000;

export async function run(argv: string[]): Promise<number> {
  const io = cliIo();
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new ConfigError('simulate', positionals[0], 'Unexpected argument: pass the config with --config <file> (or --config - for stdin).');
  if (values.config === undefined || values.config === '') throw new ConfigError('--config', values.config, 'mft simulate needs a config: --config problem.json (or --config - for stdin).');
  if (values.out === '') throw new ConfigError('--out', '', 'Expected a file path, e.g. --out result.json (omit --out to print to stdout).');
  const seed = parseMasterSeed(values.seed);
  const threads = parseThreads(values.threads);

  const source = values.config === '-' ? 'stdin' : values.config;
  const text = values.config === '-' ? await io.readStdin() : readConfigFile(values.config);
  const raw = parseConfigJson(text, source);
  // The density model has its own config and solver (src/meanfield/simulate-mean-field.ts).
  if (isMeanFieldCircleConfig(raw)) return writeMeanFieldResult(simulateMeanField(parseMeanFieldSimulateConfig(raw)), values.out);
  const config = parseSimulateConfig(raw, seed);

  const progress = values.quiet ? undefined : createProgress(config.T);
  let solution: Solution;
  try {
    solution = await runSimulation(config, progress?.update, threads);
  } finally {
    progress?.done();
  }

  const result = simulationResult(solution, config);
  const json = `${JSON.stringify(result)}\n`;
  if (values.out !== undefined) writeFileAtomic(values.out, json);
  else io.out(json);
  if (result.status !== 'success') io.err(`mft simulate: status ${result.status}: ${result.message}\n`);
  return result.status === 'success' ? 0 : 1;
}

function writeMeanFieldResult(result: MeanFieldSimulationResult, out: string | undefined): number {
  const io = cliIo();
  const json = `${JSON.stringify(result)}\n`;
  if (out !== undefined) writeFileAtomic(out, json);
  else io.out(json);
  if (result.status !== 'success') io.err(`mft simulate: status ${result.status}: ${result.message}\n`);
  return result.status === 'success' ? 0 : 1;
}

/** Most thread counts a field split is allowed (each thread is a worker with its own kernel copy). */
const MAX_THREADS = 8; // the kernels' parts (src/kernels/head-plan.ts DEFAULT_PARTS)

function parseThreads(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TRAJECTORY_THREADS;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 1 || value > MAX_THREADS)
    throw new ConfigError('--threads', text, `Expected a whole number of threads from 1 to ${MAX_THREADS}, e.g. --threads 2 (1: no worker threads).`);
  return value;
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError('--config', path, 'No such file: check the path (or pass --config - to read stdin).');
    if (code === 'EISDIR') throw new ConfigError('--config', path, 'This is a folder: give the JSON config file inside it.');
    if (code === 'EACCES') throw new ConfigError('--config', path, 'The file is not readable: check its permissions.');
    throw error;
  }
}

export interface SimulationResult {
  readonly status: Solution['status'];
  readonly message: string;
  readonly stats: Solution['stats'];
  readonly config: Record<string, unknown>;
  readonly times: number[];
  readonly observables: Record<string, Array<number | null>>;
  readonly states?: number[][][];
}

/** The output JSON. JSON cannot hold NaN: a non-finite observable value is written as null and the
 *  run is reported as 'nonfinite' (states are finite: solve stops before accepting a non-finite one). */
export function simulationResult(solution: Solution, config: SimulateConfig): SimulationResult {
  let status = solution.status;
  let message = solution.message;
  const observables: Record<string, Array<number | null>> = {};
  for (const [name, values] of Object.entries(solution.observables)) {
    observables[name] = Array.from(values, (v, i) => {
      if (Number.isFinite(v)) return v;
      if (status === 'success') {
        status = 'nonfinite';
        message = `observable ${name} is ${v} at t=${solution.times[i]} (written as null)`;
      }
      return null;
    });
  }
  // Rows of the solver state: d coordinates, or one angle for the circle model.
  const n = config.n;
  const row = (x: Float64Array) => x.length / n;
  return {
    status,
    message,
    stats: solution.stats,
    config: simulateConfigToJson(config),
    times: Array.from(solution.times),
    observables,
    ...(config.record.states
      ? { states: solution.states.map((x) => Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * row(x), (i + 1) * row(x))))) }
      : {}),
  };
}

/** TTY: one line redrawn in place; otherwise a log line every LOG_EVERY_MS. solve calls `update`
 *  about once a second, so short runs print nothing. */
export function createProgress(T: number, now: () => number = () => performance.now()): { update: (t: number) => void; done: () => void } {
  const io = cliIo();
  const started = now();
  let lastLog = started;
  let drawn = false;
  const line = (t: number) => {
    const seconds = (now() - started) / 1000;
    const fraction = T > 0 ? t / T : 1;
    return `mft simulate: t = ${t.toPrecision(4)} of ${T} (${(100 * fraction).toFixed(1)} %), ${seconds.toFixed(0)} s`;
  };
  return {
    update: (t) => {
      if (io.errIsTTY) {
        io.err(`\r\x1b[K${line(t)}`);
        drawn = true;
      } else if (now() - lastLog >= LOG_EVERY_MS) {
        io.err(`${line(t)}\n`);
        lastLog = now();
      }
    },
    done: () => {
      if (drawn) io.err('\r\x1b[K');
    },
  };
}
