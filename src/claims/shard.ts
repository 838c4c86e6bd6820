/** Sharding: a deterministic 1/N of the claims, so a sweep can fan out over a batch system
 *  (`mft check --shard i/N --json part-i.json`, then `mft merge`). Shard i of N takes the claims at
 *  positions i−1, i−1+N, i−1+2N, … of the registry order (round-robin, 1-based i), so the shards are
 *  disjoint, cover every claim, and their sizes differ by at most one. */
import { ConfigError } from '../core/config-error.js';

export interface Shard {
  /** 1-based index, 1 ≤ index ≤ count. */
  readonly index: number;
  readonly count: number;
}

export function selectShard<T>(ids: readonly T[], shard: Shard): T[] {
  validateShard(shard, `${shard.index}/${shard.count}`);
  return ids.filter((_, k) => k % shard.count === shard.index - 1);
}

/** Parses `--shard i/N` (1 ≤ i ≤ N). */
export function parseShard(text: string, field = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new ConfigError(field, text, 'Expected i/N with whole numbers 1 ≤ i ≤ N, e.g. --shard 2/4 (the second of four shards).');
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  validateShard(shard, text, field);
  return shard;
}

function validateShard(shard: Shard, raw: string, field = '--shard'): void {
  const { index, count } = shard;
  if (!Number.isSafeInteger(count) || count < 1) throw new ConfigError(field, raw, 'The shard count N must be a whole number ≥ 1, e.g. --shard 1/4.');
  if (!Number.isSafeInteger(index) || index < 1 || index > count)
    throw new ConfigError(field, raw, `The shard index i must satisfy 1 ≤ i ≤ N (shards are numbered from 1), e.g. --shard 1/${count} … ${count}/${count}.`);
}
