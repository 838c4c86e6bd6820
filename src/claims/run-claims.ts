/** Runs a set of registered claims on both cores. Outcomes come back in registry order; wall times are
 *  kept apart from the evidence so the same seed and profile give byte-identical evidence. */
import type { ProfileName } from '../core/types.js';
import { mapInWorkers } from '../parallel/pool.js';
import type { Claim } from './claim.js';
import type { ClaimOutcome } from './outcome.js';
import type { RunClaimTaskInput, RunClaimTaskResult } from './run-claim-task.js';

export interface Progress {
  readonly claimId: string;
  readonly casesDone: number;
  readonly casesTotal: number;
  readonly claimsDone: number;
  readonly claimsTotal: number;
  readonly elapsedMs: number;
}

export interface RunClaimsOptions {
  readonly profile: ProfileName;
  readonly masterSeed: number;
  readonly workers?: number;
  readonly onProgress?: (p: Progress) => void;
}

export interface RunClaimsResult {
  readonly outcomes: ClaimOutcome[];
  /** Wall milliseconds per claim id (not part of the evidence). */
  readonly timings: Record<string, number>;
}

export async function runClaims(claims: readonly Claim<never>[] | readonly Claim<any>[], options: RunClaimsOptions): Promise<RunClaimsResult> {
  const started = performance.now();
  const inputs: RunClaimTaskInput[] = claims.map((c) => ({ claimId: c.id, profile: options.profile, masterSeed: options.masterSeed }));
  const finished = new Set<number>();
  const results = await mapInWorkers<RunClaimTaskInput, RunClaimTaskResult>('run-claim', inputs, {
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onMessage: (index, message) => {
      const { done, total } = message as { done: number; total: number };
      if (done === total) finished.add(index);
      options.onProgress?.({
        claimId: inputs[index].claimId,
        casesDone: done,
        casesTotal: total,
        claimsDone: finished.size,
        claimsTotal: inputs.length,
        elapsedMs: performance.now() - started,
      });
    },
  });
  const timings: Record<string, number> = {};
  results.forEach((r, i) => (timings[inputs[i].claimId] = Math.round(r.wallMs)));
  return { outcomes: results.map((r) => r.outcome), timings };
}
