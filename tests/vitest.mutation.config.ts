import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/** Stryker (`npm run mutation`) runs only the unit tests of the mutated folders: the claim, CLI and
 *  report suites integrate for seconds per case and would multiply the run time by every mutant. */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['tests/core/**/*.test.ts', 'tests/models/**/*.test.ts', 'tests/integrate/**/*.test.ts', 'tests/observables/**/*.test.ts'],
      reporters: ['default'],
    },
  }),
);
