// The project's vitest config for StrykerJS runs (stryker.config.mjs). Instrumented code counts
// every mutant it passes, which makes the longer property tests two to three times slower, and the
// machine is shared: a test that passes given time must not fail on the 20 s limit, or the dry
// run fails and a slow mutant counts as killed. Stryker's own timeout still catches endless loops.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mts';

// Each property gets a quarter of a second per mutant (test/support/property-seed.ts): a run of
// every related test per mutant at full counts would take hours on two cores.
export default mergeConfig(base, defineConfig({ test: { testTimeout: 180_000, hookTimeout: 180_000, env: { PROPERTY_TIME_LIMIT_MS: '250' } } }));
