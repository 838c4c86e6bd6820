/** Boundary validation shared by the public builders and the CLI. Kernels never validate. */
import { ConfigError } from './config-error.js';
import { UNIT_NORM_TOL } from './sphere.js';
import type { FlatMatrix } from './types.js';

export function requirePositiveInteger(field: string, value: unknown, example: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new ConfigError(field, value, `Expected a whole number ≥ 1, e.g. ${example}.`);
  return value;
}

export function requireFinite(field: string, value: unknown, example: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(field, value, `Expected a finite number, e.g. ${example}.`);
  return value;
}

/** A finite horizon T ≥ 0 in layer time. */
export function requireHorizon(value: unknown, example = '10'): number {
  if (typeof value !== 'number' || !(Number.isFinite(value) && value >= 0)) throw new ConfigError('T', value, `Expected a finite horizon T ≥ 0, e.g. ${example}.`);
  return value;
}

/** Largest β the kernels are validated for: log-sum-exp keeps softmax exact up to here (tests at 1e6). */
export const MAX_BETA = 1e6;

export function requireBeta(field: string, value: unknown, allowNegative = false): number {
  const beta = requireFinite(field, value, '1');
  if (!allowNegative && beta < 0) throw new ConfigError(field, value, 'Expected an inverse temperature β ≥ 0 (β = 0 is the Kuramoto/mean-shift limit).');
  if (Math.abs(beta) > MAX_BETA) throw new ConfigError(field, value, `|β| must be ≤ ${MAX_BETA}; beyond that use the zero-temperature model.`);
  return beta;
}

/** Checks a flat state: length n·d, all finite, and unit rows on the sphere. */
export function requireState(field: string, x: Float64Array, n: number, d: number, onSphere: boolean): void {
  if (x.length !== n * d) throw new ConfigError(field, `length ${x.length}`, `Expected n·d = ${n}·${d} = ${n * d} entries (n rows of length d).`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i])) throw new ConfigError(`${field} row ${Math.floor(i / d)}`, x[i], 'Every coordinate must be a finite number.');
  if (!onSphere) return;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * x[i * d + k];
    const norm = Math.sqrt(s);
    if (Math.abs(norm - 1) > UNIT_NORM_TOL)
      throw new ConfigError(`${field} row ${i} norm`, Number(norm.toPrecision(12)), 'Rows must be unit vectors on the sphere: normalize them (config "normalize": true) or use "init".');
  }
}

export function requireMatrix(field: string, m: FlatMatrix, rows: number | undefined, cols: number): void {
  if ((rows !== undefined && m.rows !== rows) || m.cols !== cols)
    throw new ConfigError(field, `${m.rows}×${m.cols}`, `Expected a ${rows ?? 'm'}×${cols} matrix (d = ${cols}).`);
  for (let i = 0; i < m.data.length; i++)
    if (!Number.isFinite(m.data[i])) throw new ConfigError(`${field}[${Math.floor(i / m.cols)}][${i % m.cols}]`, m.data[i], 'Matrix entries must be finite numbers.');
}
