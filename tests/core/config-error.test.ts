import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';

describe('ConfigError', () => {
  test('message = field, raw value, fix; fields kept for the CLI', () => {
    const e = new ConfigError('--beta', 'abc', 'Expected a finite number > 0, e.g. --beta 4.');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ConfigError');
    expect(e.message).toBe('--beta: got "abc". Expected a finite number > 0, e.g. --beta 4.');
    expect([e.field, e.value, e.fix]).toEqual(['--beta', 'abc', 'Expected a finite number > 0, e.g. --beta 4.']);
  });

  test('values are described readably: non-finite numbers, typed arrays, undefined, long and circular values', () => {
    expect(new ConfigError('f', Number.NaN, 'x').message).toBe('f: got NaN. x');
    expect(new ConfigError('f', Number.NEGATIVE_INFINITY, 'x').message).toBe('f: got -Infinity. x');
    expect(new ConfigError('f', 2.5, 'x').message).toBe('f: got 2.5. x');
    expect(new ConfigError('f', new Float64Array(7), 'x').message).toBe('f: got Float64Array(7). x');
    expect(new ConfigError('f', undefined, 'x').message).toBe('f: got undefined. x');
    expect(new ConfigError('f', [1, 2], 'x').message).toBe('f: got [1,2]. x');
    const long = 'a'.repeat(200);
    const shown = new ConfigError('f', long, 'x').message;
    expect(shown).toBe(`f: got ${JSON.stringify(long).slice(0, 117)}.... x`);
    expect(new ConfigError('f', 'a'.repeat(118), 'x').message).toBe(`f: got "${'a'.repeat(118)}". x`); // exactly 120 characters: kept whole
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(new ConfigError('f', circular, 'x').message).toBe('f: got [object Object]. x');
  });
});
