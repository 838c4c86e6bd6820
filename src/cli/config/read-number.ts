/** One numeric config field, checked for type and range. Strings such as "NaN" or "1e3", null and
 *  booleans are refused with the raw value in the message: a config is JSON and numbers are numbers. */
import { ConfigError } from '../../core/config-error.js';

export interface NumberRule {
  readonly integer?: boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound (e.g. dt > 0). */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** What a good value looks like, for the fix text: "e.g. 0.01". */
  readonly example: string;
  /** Why the bounds are what they are (appended to the fix). */
  readonly reason?: string;
}

export function readNumber(field: string, raw: unknown, rule: NumberRule): number {
  const kind = rule.integer ? 'a whole number' : 'a finite number';
  const range = describeRange(rule);
  const fix = (what: string) => `${what}${range ? ` ${range}` : ''}, ${rule.example}.${rule.reason ? ` ${rule.reason}` : ''}`;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)))
    throw new ConfigError(field, raw, fix(`Write the number without quotes: expected ${kind}`));
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new ConfigError(field, raw, fix(`Expected ${kind}`));
  if (rule.integer && !Number.isInteger(raw)) throw new ConfigError(field, raw, fix(`Expected ${kind}`));
  const tooLow = (rule.min !== undefined && raw < rule.min) || (rule.above !== undefined && raw <= rule.above);
  const tooHigh = rule.max !== undefined && raw > rule.max;
  if (tooLow || tooHigh) throw new ConfigError(field, raw, fix(`Expected ${kind}`));
  return raw;
}

function describeRange(rule: NumberRule): string {
  const low = rule.above !== undefined ? `> ${rule.above}` : rule.min !== undefined ? `≥ ${rule.min}` : '';
  const high = rule.max !== undefined ? `≤ ${rule.max}` : '';
  return [low, high].filter(Boolean).join(' and ');
}

export function readBoolean(field: string, raw: unknown): boolean {
  if (typeof raw !== 'boolean') throw new ConfigError(field, raw, 'Expected true or false (JSON booleans, without quotes).');
  return raw;
}
