/** The claim registry: a static list so tsc checks it. A test checks every file in properties/ is
 *  listed and that each claim's id equals its file name. Append new claims at the end. */
import type { Claim } from '../src/claims/claim.js';

export const allClaims: readonly Claim<any>[] = [];
