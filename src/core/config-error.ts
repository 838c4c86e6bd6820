/** Bad input at a boundary (CLI flag, JSON config, public builder). The message names the field, the
 *  raw value received and how to fix it; the CLI prints it on one line and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly fix: string,
  ) {
    super(`${field}: got ${describeValue(value)}. ${fix}`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value instanceof Float64Array) return `Float64Array(${value.length})`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}
