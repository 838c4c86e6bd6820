// Mutation testing (`npm run mutation`, not part of CI: it takes tens of minutes on 2 cores).
//   npm run mutation                               all four folders, against tests/{core,integrate,models,observables}
//   MFT_MUTATION_TESTS=integrate npm run mutation  one folder: mutates src/integrate, runs tests/integrate only
// Reports: reports/mutation/<scope>.html|json (gitignored). Scores and notable survivors: docs/mutation.md.
const FOLDERS = ['core', 'integrate', 'models', 'observables'];
const chosen = (process.env.MFT_MUTATION_TESTS ?? '').split(',').filter((f) => FOLDERS.includes(f));
const folders = chosen.length > 0 ? chosen : FOLDERS;
const scope = chosen.length > 0 ? chosen.join('+') : 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: {
    // The project config narrowed to the mirrored unit tests (see that file's comment).
    configFile: 'tests/support/vitest.mutation.config.ts',
    related: true,
  },
  mutate: folders.map((f) => `src/${f}/**/*.ts`),
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The dry run executes the instrumented code (a coverage call per expression inside the kernels'
  // hot loops), many times slower than a plain `npm test` of the same files.
  dryRunTimeoutMinutes: 40,
  // A mutant that makes the solver loop (e.g. t never advancing) is killed by this timeout.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  incremental: true,
  incrementalFile: `reports/mutation/${scope}-incremental.json`,
  tempDirName: `.stryker-tmp/${scope}`,
  // Runs of different folders may go on side by side: keep their sandboxes out of each other's copy.
  ignorePatterns: ['/.stryker-tmp', '/reports', '/bench-results'],
  cleanTempDir: 'always',
  thresholds: { high: 85, low: 70, break: null },
};
