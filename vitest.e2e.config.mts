import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built bot, the Agents Playground and headless Chromium. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
