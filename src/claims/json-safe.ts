/** Evidence must survive JSON and never contain a bare NaN (JSON would silently turn it into null):
 *  non-finite numbers become the strings "NaN", "Infinity", "-Infinity"; typed arrays become arrays. */
export function jsonSafe<T>(value: T): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => convert(v));
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = convert(v);
    return out;
  }
  return value;
}
