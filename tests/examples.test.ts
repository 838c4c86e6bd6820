/** The examples the README shows must run as documented. */
import { expect, test } from 'vitest';
import { runLibraryExample } from '../examples/library.js';
import { runSplitExample } from '../examples/split-trajectory.js';

test('examples/library.ts runs and its energy is non-decreasing up to the Dirac value', () => {
  const sol = runLibraryExample();
  expect(sol.status).toBe('success');
  const e = sol.observables.energy;
  // Monotone up to the rounding of an n²-term sum (32² terms, scale e^β/(2β) ≈ 6.8): 1e-12 is ~100 ulp of that sum.
  for (let k = 1; k < e.length; k++) expect(e[k] - e[k - 1], `k=${k}`).toBeGreaterThanOrEqual(-1e-12);
  expect(e[e.length - 1]).toBeLessThanOrEqual(Math.exp(4) / 8 + 1e-12);
});

test('examples/split-trajectory.ts runs on 2 threads and gives the one-thread bits', async () => {
  const r = await runSplitExample(300, 3, 0.2); // n ≥ PARALLEL_MIN_N (256), so it really splits
  expect(r.threads).toBe(2);
  expect(r.identical).toBe(true);
});
