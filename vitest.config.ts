import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    testTimeout: 30000,
    hookTimeout: 60000,
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
