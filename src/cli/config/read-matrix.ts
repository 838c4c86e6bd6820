/** Matrices and token arrays from JSON: arrays of equal-length rows of finite numbers. */
import { ConfigError } from '../../core/config-error.js';
import type { FlatMatrix } from '../../core/types.js';

/** Reads an array of rows. `rows`/`cols` pin the shape when known (undefined: any ≥ 1). */
export function readMatrix(field: string, raw: unknown, shape: { rows?: number; cols?: number; what: string }): FlatMatrix {
  const expected = `${shape.rows ?? 'm'}×${shape.cols ?? 'd'}`;
  if (!Array.isArray(raw) || raw.length === 0)
    throw new ConfigError(field, raw, `Expected ${shape.what}: a non-empty ${expected} array of rows, e.g. [[1,0],[0,1]].`);
  const rows = raw.length;
  if (!Array.isArray(raw[0])) throw new ConfigError(`${field}[0]`, raw[0], `Expected a row (an array of numbers) of ${shape.what}.`);
  const cols = (raw[0] as unknown[]).length;
  for (let i = 0; i < rows; i++) {
    const row = raw[i];
    if (!Array.isArray(row)) throw new ConfigError(`${field}[${i}]`, row, `Expected a row (an array of numbers) of ${shape.what}.`);
    if (row.length !== cols)
      throw new ConfigError(`${field}[${i}]`, `length ${row.length}`, `Every row of ${shape.what} must have the same length as row 0 (${cols}).`);
  }
  if (cols === 0) throw new ConfigError(`${field}[0]`, [], `Rows of ${shape.what} must not be empty.`);
  if ((shape.rows !== undefined && rows !== shape.rows) || (shape.cols !== undefined && cols !== shape.cols))
    throw new ConfigError(field, `${rows}×${cols}`, `Expected ${shape.what} of shape ${expected}.`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = (raw[i] as unknown[])[j];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new ConfigError(`${field}[${i}][${j}]`, v, 'Entries must be finite JSON numbers (no strings, null, NaN or Infinity).');
      data[i * cols + j] = v;
    }
  return { rows, cols, data };
}
