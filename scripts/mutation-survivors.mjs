// `node scripts/mutation-survivors.mjs reports/mutation/storage [src/storage/x.ts …]`: the
// mutants of a report that are left to kill or judge (Survived, NoCoverage), one line each with
// where, which mutator, and the original text against its replacement. Plain .mjs, no build.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [folder, ...only] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node scripts/mutation-survivors.mjs <report folder or mutation.json> [file …]');
  process.exit(2);
}
const file = folder.endsWith('.json') ? folder : path.join(folder, 'mutation.json');
const report = JSON.parse(readFileSync(file, 'utf8'));
const LEFT = new Set(['Survived', 'NoCoverage']);

const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
const shorten = (text, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

let count = 0;
for (const [name, entry] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  if (only.length > 0 && !only.includes(name)) continue;
  const lines = entry.source.split('\n');
  const left = entry.mutants
    .filter((mutant) => LEFT.has(mutant.status))
    .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  if (left.length === 0) continue;
  console.log(`\n${name} (${left.length})`);
  for (const mutant of left) {
    const { start, end } = mutant.location;
    const original =
      start.line === end.line
        ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
        : `${lines[start.line - 1].slice(start.column - 1)} … (to line ${end.line})`;
    const status = mutant.status === 'NoCoverage' ? 'no test reaches' : 'survived';
    console.log(
      `  ${start.line}:${start.column} [${mutant.id}] ${mutant.mutatorName}, ${status}: ` +
        `${shorten(oneLine(original))}  =>  ${shorten(oneLine(mutant.replacement ?? ''))}`,
    );
    count += 1;
  }
}
console.log(`\n${count} left to kill or judge.`);
