/** Refuses runs whose arrays or output could not fit, before anything is allocated. */
import { ConfigError } from '../../core/config-error.js';
import { DEFAULT_PARTS } from '../../kernels/head-plan.js';
import { SHARED_STATE_ARRAYS } from '../../kernels/parallel-rounds.js';

const BYTES_PER_FLOAT = 8;
/** Shortest round-trip text of a float64 plus its comma: at most 24 characters ("-1.2345678901234567e-123,"). */
const JSON_CHARS_PER_NUMBER = 25;
/** Working arrays of one solve, in units of n·d floats: x, next, error estimate and 7 DOPRI5 stages,
 *  the split step's shared copies of the state, stages, stage input, result and error estimate
 *  (SHARED_STATE_ARRAYS, src/kernels/parallel-rounds.ts; `mft simulate` splits attention models), plus
 *  per head in the attention kernel (counted for m = d): Qx, Kx, Vx (3), the symmetric path's
 *  DEFAULT_PARTS blocks of (d+1)·n sums (8) and the general rows (1) in the shared buffer, and the WASM
 *  instance's own q, v, qT, kT, vT, sums and rows (7); a second thread adds its instance (7 more). */
const WORKSPACE_ARRAYS = 10 + SHARED_STATE_ARRAYS;
const KERNEL_ARRAYS_PER_HEAD = 3 + DEFAULT_PARTS + 1 + 2 * 7;
/** A fixed ceiling rather than a fraction of this machine's RAM, so the same config is accepted or
 *  refused everywhere: 2 GiB is within Node 20's default heap on a 4 GiB machine. */
export const MEMORY_LIMIT_BYTES = 2 * 1024 ** 3;
/** V8's maximum string length on 64-bit Node 20 (2^29 − 24 UTF-16 units): the JSON output is one string. */
export const MAX_OUTPUT_CHARS = 2 ** 29 - 24;

export interface RunSize {
  readonly n: number;
  readonly d: number;
  readonly heads: number;
  /** How many times are recorded (times array entries). */
  readonly recordCount: number;
  readonly storesStates: boolean;
  readonly observableCount: number;
  /** States a stepper keeps whatever is recorded (discrete-layers keeps every layer). */
  readonly internalStates?: number;
}

export interface MemoryEstimate {
  readonly workspaceBytes: number;
  readonly recordBytes: number;
  readonly outputChars: number;
}

export function estimateMemory(size: RunSize): MemoryEstimate {
  const nd = size.n * size.d;
  const workspaceBytes = (WORKSPACE_ARRAYS + KERNEL_ARRAYS_PER_HEAD * size.heads + (size.internalStates ?? 0)) * nd * BYTES_PER_FLOAT;
  const numbersPerRecord = 1 + size.observableCount + (size.storesStates ? nd : 0);
  const recordBytes = size.recordCount * numbersPerRecord * BYTES_PER_FLOAT;
  const outputChars = size.recordCount * numbersPerRecord * JSON_CHARS_PER_NUMBER;
  return { workspaceBytes, recordBytes, outputChars };
}

/** Throws a ConfigError naming the dominant field when the run would exceed the limits. */
export function requireFeasibleSize(size: RunSize): MemoryEstimate {
  const e = estimateMemory(size);
  const bytes = e.workspaceBytes + e.recordBytes + 2 * e.outputChars; // a JS string holds UTF-16 units
  const shape = `n·d = ${size.n}·${size.d}, ${size.recordCount} recorded times${size.storesStates ? ' with states' : ''}${size.internalStates ? `, ${size.internalStates} layer states kept` : ''}`;
  if (bytes > MEMORY_LIMIT_BYTES) {
    const layersDominate = (size.internalStates ?? 0) > WORKSPACE_ARRAYS + KERNEL_ARRAYS_PER_HEAD * size.heads;
    const field = e.workspaceBytes > MEMORY_LIMIT_BYTES ? (layersDominate ? 'L' : 'n·d') : size.storesStates ? 'record.states' : 'record';
    throw new ConfigError(
      field,
      `${shape}: about ${formatBytes(bytes)} (${bytes} bytes)`,
      `That exceeds the ${formatBytes(MEMORY_LIMIT_BYTES)} limit. Use fewer tokens or dimensions, record less often (record.every, record.times) or drop record.states.`,
    );
  }
  if (e.outputChars > MAX_OUTPUT_CHARS)
    throw new ConfigError(
      size.storesStates ? 'record.states' : 'record',
      `${shape}: about ${e.outputChars} characters of JSON`,
      `The output must fit in one string of at most ${MAX_OUTPUT_CHARS} characters. Record less often or drop record.states.`,
    );
  return e;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  return `${value.toPrecision(3)} ${units[u]}`;
}
