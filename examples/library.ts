/** The README's library example: usa with Q = K = V = I from uniform tokens on S², recording E_pair.
 *  Run it with `npx tsx examples/library.ts`; tests/examples.test.ts runs it too. */
import { makeAttentionProblem, pairEnergy, Rng, solve, uniformSphere } from '../src/index.js';

export function runLibraryExample() {
  const n = 32, d = 3, beta = 4;
  const problem = makeAttentionProblem({ normalization: 'usa', beta, n, d, T: 20, x0: uniformSphere(Rng.fromSeed(1), n, d) });
  return solve(problem, {
    scheme: 'rk4',
    dt: 0.01,
    record: { every: 100 },
    observables: { energy: (_t, x) => pairEnergy(x, n, d, beta) },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sol = runLibraryExample();
  // E_pair is non-decreasing for usa with V = QᵀK = I (GLPR-24 Rem. 3.8); it ends at the Dirac value e^β/(2β).
  console.log(sol.status, Array.from(sol.observables.energy, (e) => e.toFixed(4)).join(' '));
}
