/** Key figure of a claim made of sub-checks (one case runs one of them: reduction, conservation, PDE,
 *  ...). Each sub-check lists its deciding measurement first; this repeats it under a name that starts
 *  with SUB_CHECK_KEY_FIGURE and says which sub-check and which quantity, e.g.
 *  "deciding measurement (reduction): max |θ_i − angle(x_i)| at T = 5". The runner picks a case's key
 *  figure by that prefix (keyFigureMatches), so the summary names the quantity whichever sub-check
 *  produced the closest case. */
import type { CheckOutcome } from './claim.js';

export const SUB_CHECK_KEY_FIGURE = 'deciding measurement';

export function withSubCheckKeyFigure(outcome: CheckOutcome, subCheck: string): CheckOutcome {
  const first = outcome.measurements[0];
  if (first === undefined) return outcome;
  return { ...outcome, measurements: [{ ...first, name: `${SUB_CHECK_KEY_FIGURE} (${subCheck}): ${first.name}` }, ...outcome.measurements] };
}

/** A measurement is a claim's key figure when its name is `keyFigure`, or `keyFigure (sub-check): …`. */
export function keyFigureMatches(name: string, keyFigure: string): boolean {
  return name === keyFigure || name.startsWith(`${keyFigure} (`);
}
