/** Attention entropy and maximal weight (catalogue §2.7), from log-weights so that 0·log 0 = 0 and
 *  nothing overflows at large β. H_i = −Σ_j A_ij log A_ij (nats), A the row-stochastic softmax of
 *  β⟨Q x_i, K x_j⟩ of one head (causal mask honoured). For `usa` these are the normalised weights
 *  (the unnormalised field is e^{max}/n times them). e^{H_i} is the effective support of row i. */
import { attentionLogWeights, type AttentionParams } from '../models/attention.js';
import { requireState } from '../core/validate.js';

export interface AttentionEntropyResult {
  /** H̄ = (1/n) Σ_i H_i. */
  readonly meanEntropy: number;
  /** (1/n) Σ_i max_j A_ij. */
  readonly meanMaxWeight: number;
  /** max_i max_j A_ij. */
  readonly largestWeight: number;
  readonly entropies: Float64Array;
  readonly maxWeights: Float64Array;
}

export function attentionEntropy(params: AttentionParams, x: Float64Array, n: number, d: number, headIndex = 0): AttentionEntropyResult {
  requireState('x', x, n, d, false);
  const logWeights = new Float64Array(n);
  const entropies = new Float64Array(n);
  const maxWeights = new Float64Array(n);
  let hSum = 0;
  let mSum = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    attentionLogWeights(params, x, n, d, i, logWeights, headIndex);
    let h = 0;
    let maxLog = -Infinity;
    for (let j = 0; j < n; j++) {
      const l = logWeights[j];
      if (l === -Infinity) continue; // masked or underflowed weight: contributes 0·log 0 = 0
      h -= Math.exp(l) * l;
      if (l > maxLog) maxLog = l;
    }
    const m = Math.exp(maxLog);
    entropies[i] = h;
    maxWeights[i] = m;
    hSum += h;
    mSum += m;
    if (m > largest) largest = m;
  }
  return { meanEntropy: hSum / n, meanMaxWeight: mSum / n, largestWeight: largest, entropies, maxWeights };
}
