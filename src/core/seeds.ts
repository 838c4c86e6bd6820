/** Seed derivation. Per-claim seeds hash the id, so adding a claim never shifts another claim's seed. */
export const DEFAULT_MASTER_SEED = 20261123;

export function claimSeed(masterSeed: number, claimId: string): number {
  let hash = 0x811c9dc5; // FNV-1a
  for (const ch of claimId) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return ((hash ^ Math.imul(masterSeed, 0x9e3779b1)) >>> 1) >>> 0; // non-negative 31-bit for fast-check
}

/** The master seed from MFT_SEED, or the default. Throws a clear error on a malformed value. */
export function masterSeedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MFT_SEED;
  if (raw === undefined || raw === '') return DEFAULT_MASTER_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`MFT_SEED: got ${JSON.stringify(raw)}. Expected a non-negative integer, e.g. MFT_SEED=20261123.`);
  return seed;
}
