/** The seed field of a claim case: the state is built from it inside `check` with Rng.fromSeed, so a
 *  counterexample stays one short JSON line and shrinks towards small seeds. */
import fc from 'fast-check';

export const MAX_CASE_SEED = 2 ** 31 - 1;

export function seedArbitrary(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: MAX_CASE_SEED });
}
