/** Describes the cases a property actually ran, field by field, for the report's "Hypotheses as run":
 *  numbers as their range and count of distinct values, other values as the set seen. Nested records
 *  are flattened with dotted names; arrays are summarised by their length. */
export function summarizeCases(cases: readonly unknown[]): Record<string, string> {
  const fields = new Map<string, unknown[]>();
  const visit = (value: unknown, name: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, name === '' ? k : `${name}.${k}`);
      return;
    }
    const key = name === '' ? 'case' : name;
    const list = fields.get(key) ?? [];
    list.push(Array.isArray(value) || ArrayBuffer.isView(value) ? `length ${(value as ArrayLike<unknown>).length}` : value);
    fields.set(key, list);
  };
  for (const c of cases) visit(c, '');
  const out: Record<string, string> = {};
  for (const [name, values] of [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    if (numbers.length === values.length) {
      const distinct = new Set(numbers).size;
      const min = Math.min(...numbers);
      const max = Math.max(...numbers);
      out[name] = distinct === 1 ? `${min}` : `${min} … ${max} (${distinct} distinct values)`;
    } else {
      const seen = [...new Set(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))))];
      out[name] = seen.length <= 8 ? seen.join(', ') : `${seen.slice(0, 8).join(', ')}, … (${seen.length} distinct)`;
    }
  }
  return out;
}
