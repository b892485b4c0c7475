import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The action properties start first. On a fresh clone vitest has no timings and starts the
 * largest files first, but action-verbs-N.test.ts are three lines that pull in the longest suite
 * of all (test/support/action-properties.ts), so they came last and the run ended on them alone.
 */
const HEAVY = /[\\/]test[\\/]http[\\/]action-(?:properties|verbs-\d+)\.test\.ts$/;

class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => HEAVY.test(f.moduleId)), ...sorted.filter((f) => !HEAVY.test(f.moduleId))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-azurite.ts'],
    setupFiles: ['test/support/property-seed.ts', 'test/support/card-crosscheck.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The suite talks to one Azurite; files isolate themselves by table prefix.
    fileParallelism: true,
    // Most of a file's time is spent waiting on Azurite (in the main process), so one worker per
    // core leaves both idle; vitest's default on two cores is a single worker.
    maxWorkers: 3,
    // Files share a worker's module graph: importing botbuilder and the Azure SDK once per worker
    // instead of once per file saves a third of the run. Support modules keep no per-file state
    // at module level (shared suites such as test/support/action-properties.ts build it per call).
    isolate: false,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
