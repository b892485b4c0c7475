// The project's vitest config for StrykerJS runs (stryker.config.mjs). Instrumented code counts
// every mutant it passes, which makes the longer property tests two to three times slower, and the
// machine is shared: a test that passes given time must not fail on the 20 s limit, or the dry
// run fails and a slow mutant counts as killed. Stryker's own timeout still catches endless loops.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mts';

// scripts/mutation.mjs names the part; Stryker's test runner processes inherit it.
const domain = process.env.MUTATION_PART === 'domain';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      testTimeout: 180_000,
      hookTimeout: 180_000,
      // The domain keeps caches at module level (days off per year, character kinds, date
      // formatters). With files sharing one module graph, the first file to fill a cache is the
      // only one Stryker sees reaching the code behind it, so a mutant there ran against a few
      // reminder tests and "survived" while working-days.test.ts fails on it. Fresh modules per
      // file cost the light domain imports little; actions and storage keep no such state.
      isolate: domain ? true : base.test.isolate,
      // Each domain property gets a quarter of a second per mutant (test/support/property-seed.ts):
      // a run of every related test per mutant at full counts would take hours on two cores. Not
      // for actions and storage: one run of an HTTP property can take longer than that, and
      // fast-check fails a property interrupted before its first run ends ("interrupted after 0
      // tests"), which failed the storage dry run.
      env: domain ? { PROPERTY_TIME_LIMIT_MS: '250' } : {},
    },
  }),
);
