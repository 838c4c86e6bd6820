/** One large trajectory on both cores: splitTrajectory swaps the problem's field and RK steps for ones
 *  split over worker_threads, with the bits of the one-thread problem. Run it with
 *  `npx tsx examples/split-trajectory.ts` (n = 1024, d = 16); tests/examples.test.ts runs a small case. */
import { makeAttentionProblem, Rng, solve, splitTrajectory, uniformSphere } from '../src/index.js';

export async function runSplitExample(n: number, d: number, T: number) {
  const problem = makeAttentionProblem({ normalization: 'sa', beta: 4, n, d, T, x0: uniformSphere(Rng.fromSeed(1), n, d) });
  const oneThread = solve(problem, { scheme: 'rk4', dt: 0.05 });
  const split = splitTrajectory(problem, 2);
  try {
    const twoThreads = solve(split.problem, { scheme: 'rk4', dt: 0.05 });
    const identical = oneThread.final.every((v, i) => Object.is(v, twoThreads.final[i]));
    return { threads: split.threads, identical, oneThreadMs: oneThread.stats.wallMs, twoThreadMs: twoThreads.stats.wallMs };
  } finally {
    await split.dispose(); // stops the workers
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runSplitExample(1024, 16, 1);
  console.log(`${r.threads} threads: ${r.oneThreadMs.toFixed(0)} ms → ${r.twoThreadMs.toFixed(0)} ms, bit-identical: ${r.identical}`);
}
