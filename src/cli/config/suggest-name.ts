/** The fix text for an unknown name: "Did you mean "x"? Valid models: a, b, c." */
import { closestName } from '../closest-name.js';

export function suggestName(input: unknown, candidates: readonly string[], what: string): string {
  const guess = typeof input === 'string' ? closestName(input, candidates) : undefined;
  const list = `Valid ${what}: ${candidates.join(', ')}.`;
  return guess === undefined ? list : `Did you mean "${guess}"? ${list}`;
}
