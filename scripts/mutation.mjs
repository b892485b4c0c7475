// `npm run test:mutation [-- <part>…] [-- stryker options]`: runs StrykerJS once per part
// (domain, actions, storage; all three in turn when none is named). Plain .mjs so it needs no
// build; options after the part names go to `stryker run` (`--force` ignores the incremental
// file, `--mutate src/domain/working-days.ts:10-20,src/domain/free-text.ts` narrows the part: one
// comma list, as a second --mutate replaces the first). STRYKER_CONCURRENCY sets the test runners
// per part (default 1); STRYKER_STATIC=1 also runs the static mutants; MUTATION_TAG gives a
// narrowed run its own sandbox and report folder (see stryker.config.mjs).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runName } from './mutation-paths.mjs';

const PARTS = ['domain', 'actions', 'storage'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Part names first; from the first option on, everything is Stryker's (`--mutate src/x.ts`).
const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const named = firstOption === -1 ? args : args.slice(0, firstOption);
const strykerArgs = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = named.filter((name) => !PARTS.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(', ')}; parts are ${PARTS.join(', ')}.`);
  process.exit(2);
}

const parts = named.length > 0 ? named : PARTS;
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
let failed = false;
for (const part of parts) {
  const started = Date.now();
  console.log(`\n== mutation testing: ${part} ==`);
  const result = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...strykerArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MUTATION_PART: part },
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`== ${part}: ${result.status === 0 ? 'done' : 'failed'} in ${minutes} min, report in reports/mutation/${runName(part)}/ ==`);
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
