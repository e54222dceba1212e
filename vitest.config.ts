import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Servers start on free ports per test file, so files run in parallel safely;
    // two workers match the two cores of the build machines.
    pool: 'forks',
    maxWorkers: 2,
    // Sized for a busy machine (the suite must pass while other processes keep both cores
    // busy): a limit only ends a test that is stuck, it is never what a test asserts.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The JSON report is what .ci/run counts for its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
