import fc from 'fast-check';

/** One master seed for every property test. CI must set it so a red run can be replayed exactly. */
const raw = process.env.MFT_SEED;
if (process.env.CI && raw === undefined) {
  throw new Error('MFT_SEED is not set. CI runs must fix the master seed: export MFT_SEED=20261123 (see .ci/run).');
}
const seed = raw === undefined ? 20261123 : Number.parseInt(raw, 10);
if (!Number.isSafeInteger(seed)) throw new Error(`MFT_SEED: got ${JSON.stringify(raw)}. Expected an integer.`);
fc.configureGlobal({ seed, numRuns: 50 });
