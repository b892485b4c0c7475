import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { runName } from './scripts/mutation-paths.mjs';

// Mutation testing (StrykerJS + its vitest runner), one part per run: `npm run test:mutation`
// runs every part in turn, `npm run test:mutation -- domain` one of them (scripts/mutation.mjs
// sets MUTATION_PART). Parts are separate runs so two of them can share the two cores, each in its
// own sandbox folder, report and incremental file.

const PARTS = {
  // The domain is pure, so its own tests must pin it: a mutant that only an HTTP flow notices
  // counts as surviving. This also keeps Azurite and the slow flows out of the domain run.
  domain: {
    mutate: ['src/domain/**/*.ts'],
    testFiles: ['test/domain/**/*.test.ts'],
  },
  // Handlers and storage are exercised through the bot and Azurite, so every test file that
  // imports the mutated file (vitest's "related") may kill a mutant, except the properties (see
  // flowTestFiles).
  actions: {
    mutate: ['src/bot/actions/**/*.ts'],
    testFiles: flowTestFiles(),
  },
  storage: {
    mutate: ['src/storage/**/*.ts'],
    testFiles: flowTestFiles(),
  },
};

/**
 * Every unit test file but the HTTP properties. A surviving mutant runs every test that reaches
 * it, and the properties reach every handler and every repository with hundreds of turns each:
 * with them a storage run was measured at four hours and more on two cores. The flow, storage
 * and reminder tests are meant to pin handlers and storage on their own; the properties are the
 * net behind them. Stryker's testFiles takes no negated globs, hence the listing.
 */
function flowTestFiles() {
  const properties = /^test\/http\/(action-properties|action-verbs-\d+)\.test\.ts$/;
  return readdirSync('test', { recursive: true })
    .map((name) => `test/${String(name).split(path.sep).join('/')}`)
    .filter((name) => name.endsWith('.test.ts') && !name.startsWith('test/domain/') && !properties.test(name))
    .sort();
}

/**
 * MUTATION_TESTS (a comma list of test files) narrows a confirming run to the tests written for
 * the mutants at hand: the dry run then takes seconds instead of the whole flow suite's minutes.
 * A mutant only another file kills shows as surviving there, so a narrowed score is a floor.
 */
function testFilesOf(name) {
  const narrowed = (process.env.MUTATION_TESTS ?? '').split(',').map((file) => file.trim()).filter(Boolean);
  if (narrowed.length === 0) return PARTS[name].testFiles;
  const missing = narrowed.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`MUTATION_TESTS names files that do not exist: ${missing.join(', ')}`);
  return narrowed;
}

const part = process.env.MUTATION_PART;
if (!part || !Object.hasOwn(PARTS, part)) {
  throw new Error(
    `MUTATION_PART must be one of ${Object.keys(PARTS).join(', ')}; run \`npm run test:mutation -- <part>\`.`,
  );
}

// Two cores shared with other work: one test runner unless asked for more.
const concurrency = Number(process.env.STRYKER_CONCURRENCY ?? 1);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  throw new Error('STRYKER_CONCURRENCY must be a whole number of at least 1.');
}

// MUTATION_TAG gives a narrowed run (`--mutate src/domain/x.ts:10-20`) its own sandbox, report and
// incremental file, so it can run beside a full run of the same part without touching its files.
const out = `reports/mutation/${runName(part)}`;

// A static mutant is one reached while a file loads (test files that build fixtures at the top
// count too): it needs a fresh environment and every related test, about 20 s each against well
// under a second for the rest. The domain has ~500, three quarters of a four-hour run. With
// ignoreStatic those also reached by a test run against those tests only, and the 67 reached
// only at load are left out, unless STRYKER_STATIC=1; the incremental file then reruns only them.
const ignoreStatic = process.env.STRYKER_STATIC !== '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mjs' },
  mutate: PARTS[part].mutate,
  testFiles: testFilesOf(part),
  coverageAnalysis: 'perTest',
  ignoreStatic,
  concurrency,
  // The type checker would compile each mutant on a machine that has no core to spare; vitest
  // strips types without checking them, so a mutant that breaks a type still runs as plain JS.
  checkers: [],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, maxTestsToLog: 0 },
  incremental: true,
  incrementalFile: `${out}/incremental.json`,
  tempDirName: `.stryker-tmp/${runName(part)}`,
  // Nothing the tests read; .stryker-tmp holds the sandboxes of parts running alongside.
  ignorePatterns: ['/dist', '/.data', '/test-results', '/coverage', '/reports', '/.stryker-tmp'],
  // Azurite round trips on a busy machine vary more than the default 5 s allows; a mutant that
  // only hits this limit by being slow would count as killed.
  timeoutMS: 15_000,
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 85, low: 75, break: null },
};
