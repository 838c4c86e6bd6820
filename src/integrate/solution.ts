/** What a solve returns: the recorded trajectory, a status (never a silent NaN), and statistics. */

export type SolveStatus = 'success' | 'max-steps' | 'step-too-small' | 'nonfinite';

export interface SolveStats {
  rhsEvaluations: number;
  acceptedSteps: number;
  rejectedSteps: number;
  wallMs: number;
}

export interface Solution {
  /** Recording times (layer time). */
  readonly times: Float64Array;
  /** States at the recording times (empty unless states were requested). */
  readonly states: Float64Array[];
  /** Observable name → value at each recording time. */
  readonly observables: Record<string, Float64Array>;
  /** The state at the last time reached (always kept). */
  readonly final: Float64Array;
  readonly finalTime: number;
  readonly status: SolveStatus;
  readonly message: string;
  readonly stats: SolveStats;
  readonly seed?: number;
}
