import { describe, expect, test } from 'vitest';
import { parseShard, selectShard } from '../../src/claims/shard.js';
import { ConfigError } from '../../src/core/config-error.js';

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('selectShard', () => {
  test('round-robin over the registry order: disjoint, covering, sizes differ by at most one', () => {
    for (let count = 1; count <= 9; count++) {
      const parts = Array.from({ length: count }, (_, k) => selectShard(IDS, { index: k + 1, count }));
      const all = parts.flat().sort();
      expect(all, `N=${count}`).toEqual([...IDS].sort());
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `N=${count} sizes=${sizes}`).toBeLessThanOrEqual(1);
    }
    expect(selectShard(IDS, { index: 2, count: 3 })).toEqual(['b', 'e']);
  });

  test('rejects an index outside 1..N', () => {
    expect(() => selectShard(IDS, { index: 0, count: 3 })).toThrow(ConfigError);
    expect(() => selectShard(IDS, { index: 4, count: 3 })).toThrow(ConfigError);
  });
});

describe('parseShard', () => {
  test('parses i/N', () => {
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  test.each(['0/4', '5/4', '1/0', '2', 'a/b', '-1/3', '1.5/3', ''])('rejects %j with a ConfigError naming --shard', (text) => {
    const error = (() => {
      try {
        parseShard(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('--shard');
    expect((error as ConfigError).message).toContain('e.g. --shard');
  });
});
