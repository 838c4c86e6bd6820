/** Flags shared by the commands that run claims (`check`, `report`): --profile, --seed, --only. */
import { allClaims } from '../../properties/index.js';
import type { Claim } from '../claims/claim.js';
import { ConfigError } from '../core/config-error.js';
import { masterSeedFromEnv } from '../core/seeds.js';
import { PROFILE_NAMES, type ProfileName } from '../core/types.js';
import { closestName } from './closest-name.js';

/** parseArgs options of the flags every claim-running command takes (no defaults here: the parse
 *  functions below apply them, so a command can tell whether a flag was given). */
export const CLAIM_OPTION_SPEC = {
  profile: { type: 'string' },
  seed: { type: 'string' },
  only: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

export function parseProfile(raw: string | undefined): ProfileName {
  const value = raw ?? 'quick';
  if (!(PROFILE_NAMES as readonly string[]).includes(value))
    throw new ConfigError('--profile', value, `Use one of ${PROFILE_NAMES.join(', ')} (quick for CI, full for the committed report).`);
  return value as ProfileName;
}

/** --seed overrides MFT_SEED, which overrides the built-in default master seed. */
export function parseMasterSeed(raw: string | undefined): number {
  if (raw === undefined) return masterSeedFromEnv();
  const seed = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(seed) || seed < 0) throw new ConfigError('--seed', raw, 'Expected a non-negative integer master seed, e.g. --seed 20261123.');
  return seed;
}

/** The claims selected by --only (comma-separated ids), in registry order. */
export function selectClaims(rawOnly: string | undefined): Claim<any>[] {
  if (rawOnly === undefined) return [...allClaims];
  const ids = rawOnly.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw new ConfigError('--only', rawOnly, 'Give comma-separated claim ids; `mft list` shows them.');
  const known = allClaims.map((c) => c.id);
  for (const id of ids)
    if (!known.includes(id)) {
      const suggestion = closestName(id, known);
      throw new ConfigError('--only', id, `No claim has this id${suggestion ? `; did you mean ${suggestion}?` : ''} \`mft list\` shows them.`);
    }
  return allClaims.filter((c) => ids.includes(c.id));
}
