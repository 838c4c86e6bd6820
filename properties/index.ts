/** The static claim registry (STYLE §2): every file in properties/ is listed here. Append-only. */
import type { Claim } from '../src/claims/claim.js';
import energyMonotonicity from './energy-monotonicity.js';
import spectralSelection from './spectral-selection.js';
import exponentialRates from './exponential-rates.js';
import concentrationLogBeta from './concentration-log-beta.js';

export const allClaims: readonly Claim<any>[] = [energyMonotonicity, spectralSelection, exponentialRates, concentrationLogBeta];
