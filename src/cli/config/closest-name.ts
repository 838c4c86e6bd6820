/** "Did you mean …?" suggestions for misspelt names (commands, models, schemes, observables, keys). */

/** Levenshtein edit distance (insert, delete, substitute each cost 1), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitute = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, substitute));
    }
    previous = row;
  }
  return previous[t.length];
}

/** The closest candidate, or undefined when none is plausibly a typo of `input` (more than about a
 *  third of its letters would have to change). Ties go to the earlier candidate. */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(input, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  const allowed = Math.max(2, Math.ceil(Math.max(input.length, 1) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** "Did you mean "x"? Valid: a, b, c." — the fix text for an unknown name. */
export function suggestName(input: unknown, candidates: readonly string[], what: string): string {
  const guess = typeof input === 'string' ? closestName(input, candidates) : undefined;
  const list = `Valid ${what}: ${candidates.join(', ')}.`;
  return guess === undefined ? list : `Did you mean "${guess}"? ${list}`;
}
