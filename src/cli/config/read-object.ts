/** A JSON object field whose keys are all known; an unknown key gets the closest known one suggested. */
import { ConfigError } from '../../core/config-error.js';
import { suggestName } from './suggest-name.js';

export function readObject(field: string, raw: unknown, allowedKeys: readonly string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(field, raw, `Expected a JSON object {...} with keys among ${allowedKeys.join(', ')}.`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj))
    if (!allowedKeys.includes(key)) throw new ConfigError(field === 'config' ? key : `${field}.${key}`, obj[key], `Unknown key "${key}". ${suggestName(key, allowedKeys, 'keys')}`);
  return obj;
}
