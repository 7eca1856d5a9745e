import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One run per machine at a time; then find the real `terraform` and write the offline templates once.
    globalSetup: ['test/support/one-run-per-machine.ts', 'test/setup/real-terraform.ts'],
    // End-to-end tests start real bot processes; keep them from starving each other on 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
