import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    // Two test files at a time even on two cores: most of a file's time is spent waiting on the database or
    // the browser, and the default (cores - 1) ran the suite one file at a time.
    maxWorkers: 2,
    minWorkers: 1,
    // One migrated PGlite database, dumped, that each test file's databases start from.
    globalSetup: ['./test/support/pgliteTemplate.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
