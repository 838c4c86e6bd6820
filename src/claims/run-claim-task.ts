/** Worker task: run one registered claim by id. Input and output are plain data. */
import { allClaims } from '../../properties/index.js';
import type { ProfileName } from '../core/types.js';
import type { ClaimOutcome } from './outcome.js';
import { runClaim } from './runner.js';

export interface RunClaimTaskInput {
  readonly claimId: string;
  readonly profile: ProfileName;
  readonly masterSeed: number;
}

export interface RunClaimTaskResult {
  readonly outcome: ClaimOutcome;
  readonly wallMs: number;
}

export function execute(input: RunClaimTaskInput, report: (message: unknown) => void): RunClaimTaskResult {
  const claim = allClaims.find((c) => c.id === input.claimId);
  if (!claim) throw new Error(`no claim with id ${input.claimId}`);
  const started = performance.now();
  const outcome = runClaim(claim, {
    profile: input.profile,
    masterSeed: input.masterSeed,
    onCase: (done, total) => report({ done, total }),
  });
  // fast-check stops at the first violation, so a refuted property or a detected control never reaches
  // its case budget: say explicitly that this claim is finished.
  const budget = claim.budgets[input.profile];
  const total = budget.numRuns + budget.controlRuns;
  report({ done: total, total });
  return { outcome, wallMs: performance.now() - started };
}
