/** Observables `mft simulate` can record, by name. Provisional until src/observables/registry.ts lands on
 *  main (branch solver); then this table defers to it. Each factory gets the problem's sizes and
 *  returns an allocation-free observer. */
import type { Observer } from '../../integrate/solve.js';

export interface ObservableContext {
  readonly n: number;
  readonly d: number;
  readonly beta: number;
}

export const SIMULATION_OBSERVABLES: Readonly<Record<string, (ctx: ObservableContext) => Observer>> = {
  /** R = |(1/n) Σ x_i| (catalogue §2.8; not squared). */
  'order-parameter': ({ n, d }) => {
    const mean = new Float64Array(d);
    return (_t, x) => {
      mean.fill(0);
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += x[i * d + k];
      let s = 0;
      for (let k = 0; k < d; k++) s += (mean[k] / n) ** 2;
      return Math.sqrt(s);
    };
  },
  /** min_{i≠j} ⟨x_i, x_j⟩ (1 at consensus); 1 when n = 1. O(n²d) per call, no n×n storage. */
  'min-inner-product': ({ n, d }) => (_t, x) => {
    let m = 1;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
        if (s < m) m = s;
      }
    return m;
  },
};

export const SIMULATION_OBSERVABLE_NAMES: readonly string[] = Object.keys(SIMULATION_OBSERVABLES);
