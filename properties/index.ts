/** The static claim registry: every file in properties/ is listed here (tsc checks the list). Append-only. */
import type { Claim } from '../src/claims/claim.js';
import criticalScalingLogN from './critical-scaling-log-n.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const allClaims: readonly Claim<any>[] = [
  criticalScalingLogN,
];
