/** Vitest config for `npm run mutation` only: the project config (tests/vitest.config.ts) narrowed to the
 *  unit tests that mirror the mutated folders. Claims (tests/properties.test.ts), the CLI, report and
 *  bench suites integrate for seconds per test and would dominate a run of thousands of mutants.
 *  MFT_MUTATION_TESTS=integrate,core narrows further to those folders' tests (one folder per run: the
 *  score then measures how well a folder's own tests guard it, as tests mirror src/). */
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

const FOLDERS = ['core', 'integrate', 'models', 'observables'];
const chosen = process.env.MFT_MUTATION_TESTS?.split(',').filter((f) => FOLDERS.includes(f));

// Spread, not mergeConfig: mergeConfig concatenates arrays, which would keep the base `include` (all tests).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: (chosen && chosen.length > 0 ? chosen : FOLDERS).map((f) => `tests/${f}/**/*.test.ts`),
    // Stryker reads its own reporter; the CI summary line is noise here.
    reporters: ['default'],
    // A mutant can turn a loop infinite; Stryker's own timeout handles that, this is a backstop.
    testTimeout: 60_000,
  },
});
