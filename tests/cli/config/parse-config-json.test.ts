import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { locateJsonError, parseConfigJson } from '../../../src/cli/config/parse-config-json.js';
import { ConfigError } from '../../../src/core/config-error.js';

describe('parseConfigJson', () => {
  test('parses valid JSON (a leading BOM is tolerated)', () => {
    expect(parseConfigJson('\ufeff{"a": [1, 2.5e-3, null, true, "x"]}', 'f.json')).toEqual({ a: [1, 2.5e-3, null, true, 'x'] });
  });

  test('reports line and column of the first error', () => {
    expect(() => parseConfigJson('{\n  "a": 1\n  "b": 2\n}', 'p.json')).toThrow(/^p\.json \(line 3, column 3\): got .*expected ',' or '}' after a property value/);
    expect(() => parseConfigJson('{"a": [1, 2', 'p.json')).toThrow(ConfigError);
    expect(() => parseConfigJson('{"a": [1, 2', 'p.json')).toThrow(/line 1, column 12\).*truncated/);
  });

  test('the recogniser agrees with JSON.parse on valid texts and on every truncation of them', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (text, cut) => {
        expect(locateJsonError(text)).toBeUndefined();
        const prefix = text.slice(0, cut % (text.length + 1));
        let parses = true;
        try {
          JSON.parse(prefix);
        } catch {
          parses = false;
        }
        const located = locateJsonError(prefix);
        expect(located === undefined, `prefix=${JSON.stringify(prefix)}`).toBe(parses);
        if (located) expect(located.position).toBeLessThanOrEqual(prefix.length);
      }),
      { numRuns: 300 },
    );
  });

  test.each(['{"a":1,}', '[1,]', '{a:1}', "{'a':1}", '01', '1.', '-', '"\\x"', '"\u0001"', 'tru', 'nul', '[1 2]', '{"a" 1}', '{} {}'])(
    'the recogniser rejects %j like JSON.parse does',
    (text) => {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text)).toBeDefined();
    },
  );
});
