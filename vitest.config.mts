import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-azurite.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The suite talks to one Azurite; files isolate themselves by table prefix.
    fileParallelism: true,
  },
});
