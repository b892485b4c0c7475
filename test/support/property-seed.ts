import { relative } from 'node:path';
import fc from 'fast-check';
import { beforeEach, expect } from 'vitest';
import { propertyTimeLimitMs } from './property-budget';

/**
 * Property tests stay random, but every run of a test file draws from one seed, and a failure says
 * which and how to replay it (docs/testing.md, "Property tests"). One seed per file rather than
 * fast-check's own seed per property, so FC_SEED alone replays a whole file as it ran, including
 * checks that look at what the properties drew after fc.assert returned.
 *
 * FC_SEED=<integer> replays a run; FC_PATH=<path> (with FC_SEED) goes straight to the shrunk
 * counterexample, for the one property picked with -t.
 */

interface SeedState {
  /** The seed of the test file running now. */
  seed: number;
  /** Whether the running test has started a property; reset before each test. */
  propertyStarted: boolean;
  pluginInstalled: boolean;
}

// Without isolation a worker keeps fast-check (and its installed plugins) from file to file while
// this setup runs again for each file: one plugin, reading the seed of the file running now.
const STATE = Symbol.for('samordningsboten.property-seed');
const holder = globalThis as typeof globalThis & { [STATE]?: SeedState };
const state: SeedState = (holder[STATE] ??= { seed: 0, propertyStarted: false, pluginInstalled: false });

state.seed = readSeed(process.env.FC_SEED);
const path = process.env.FC_SEED !== undefined && process.env.FC_PATH !== undefined && process.env.FC_PATH !== '' ? process.env.FC_PATH : undefined;
// fast-check types `path` out of the global parameters, as a path belongs to one property; the
// runner still reads it from there, and -t narrows the run to that property. Were it ever
// ignored, the seed alone still replays the run, shrinking included.
// Mutation runs (vitest.mutation.config.mjs) run each property for a time budget rather than its
// full count, once per mutant: a property still fails on the draws it made, and passes on the
// ones it had time for.
const budget = propertyTimeLimitMs();
const limits: fc.GlobalParameters = budget === undefined ? {} : { interruptAfterTimeLimit: budget, markInterruptAsFailure: false };
fc.configureGlobal(path === undefined ? { seed: state.seed, ...limits } : ({ seed: state.seed, ...limits, path, endOnFailure: true } as fc.GlobalParameters));


function readSeed(value: string | undefined): number {
  if (value === undefined || value === '') return (Math.random() * 0x1_0000_0000) | 0;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const regexEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The command that replays a test file with this seed, narrowed to one test. */
function replayCommand(testPath: string | undefined, testName: string | undefined, counterexamplePath?: string | null): string {
  const file = testPath === undefined ? '<test file>' : relative(process.cwd(), testPath);
  const env = `FC_SEED=${state.seed}${counterexamplePath ? ` FC_PATH=${shellQuote(counterexamplePath)}` : ''}`;
  return `${env} npx vitest run ${file}${testName === undefined ? '' : ` -t ${shellQuote(regexEscape(testName))}`}`;
}

if (!state.pluginInstalled) {
  state.pluginInstalled = true;
  fc.installGlobalPlugin(() => {
    state.propertyStarted = true;
    return {
      onAllRunsComplete(details) {
        if (!details.failed) return;
        const { testPath, currentTestName } = expect.getState();
        const command = replayCommand(testPath, currentTestName?.split(' > ').at(-1), details.counterexamplePath);
        // Replaces fast-check's error with the same report plus the line to replay it.
        throw new Error(`${fc.defaultReportMessage(details) ?? 'Property failed'}\n\nReplay: ${command}`, {
          cause: details.errorInstance,
        });
      },
    };
  });
}

beforeEach(({ onTestFailed }) => {
  state.propertyStarted = false;
  // A test can also fail after its properties passed (a check on what they drew) or time out
  // inside one; the seed is still what decides it.
  onTestFailed(({ task }) => {
    const named = task.result?.errors?.some((e) => e.message?.includes('FC_SEED=')) ?? false;
    if (state.propertyStarted && !named) console.error(`Property seed of this run: ${state.seed}. Replay: ${replayCommand(task.file.filepath, task.name)}`);
  });
});
