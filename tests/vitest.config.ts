import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    setupFiles: ['tests/support/fc-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Claims and convergence studies integrate ODEs for seconds: the default 5 s is too short on a
    // loaded 2-core CI machine. This is a hang guard, not a performance assertion.
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
