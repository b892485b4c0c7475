import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cpus, totalmem } from 'node:os';
import { reminderBenchmark, type ReminderBenchResult } from './reminders';
import { tickBenchmark, tickReport } from './ticks';
import { statisticsBenchmark, type StatisticsBenchResult } from './statistics';

/**
 * `npm run bench`: every benchmark of the repository, one after the other, each printing its
 * figures and writing them to test-results/bench-<name>.json. Sizes can be scaled down with
 * BENCH_* variables for a quick look; docs/performance.md records the full-size run.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number`);
  return n;
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function printReminders(r: ReminderBenchResult): void {
  const lines = [
    '',
    `Reminder benchmark: ${r.cases} cases, ${r.coordinators} coordinators, ${r.pendingReminders} pending reminders, ${r.dueReminders} due`,
    `  seeding through the real write path: ${fmt(r.seedSeconds)} s`,
    ...r.idle.map((x) => `  idle tick with ${x.cases} cases: median ${fmt(x.medianMs, 2)} ms, p95 ${fmt(x.p95Ms, 2)} ms, ${x.requestsPerTick} table requests`),
    `  dispatch by ${r.dispatch.instances} bot processes together: ${r.dispatch.sent} sent (${r.dispatch.sentPerInstance.join(' + ')}), ${r.dispatch.failed} failed in ${fmt(r.dispatch.seconds)} s = ${fmt(r.dispatch.perSecond, 2)}/s of a ${r.dispatch.cap}/s cap shared by all (${fmt(r.dispatch.fractionOfCap, 3)}; goal ≥ 0.9)`,
    `  dispatch: first message ${fmt(r.dispatch.firstSendAfterSeconds, 2)} s after the start; from the first to the last ${fmt(r.dispatch.sendingPerSecond, 2)}/s`,
    `  dispatch: ${r.dispatch.throttled} answered 429 by the Teams-limited connector; every due reminder delivered once: ${r.dispatch.deliveredOnce ? 'yes' : 'NO'}`,
    `  dispatch: ${r.dispatch.tableRequests} table requests (${fmt(r.dispatch.tableRequests / Math.max(1, r.dispatch.sent), 2)} per reminder)`,
    `  memory of the first dispatching bot process: resident set ${fmt(r.memory.rssBeforeMb)} MB and heap ${fmt(r.memory.heapBeforeMb)} MB after full collections before dispatching; while dispatching peak resident set ${fmt(r.memory.peakRssMb)} MB (goal < 200), peak heap ${fmt(r.memory.peakHeapUsedMb)} MB; after it and full collections ${fmt(r.memory.rssAfterMb)} MB resident, heap ${fmt(r.memory.heapAfterMb)} MB`,
  ];
  console.log(lines.join('\n'));
}

/** BENCH_ONLY=ticks|reminders|statistics runs one benchmark; unset runs them all. */
const BENCHMARKS = ['reminders', 'ticks', 'statistics'] as const;
function selected(name: (typeof BENCHMARKS)[number]): boolean {
  const only = process.env['BENCH_ONLY']?.trim();
  if (only === undefined || only === '') return true;
  if (!(BENCHMARKS as readonly string[]).includes(only)) throw new Error(`BENCH_ONLY must be one of ${BENCHMARKS.join(', ')}`);
  return only === name;
}

async function main(): Promise<void> {
  const out = path.join(ROOT, 'test-results');
  mkdirSync(out, { recursive: true });
  if (selected('reminders')) await runReminders(out);
  if (selected('ticks')) await runTicks(out);
  if (selected('statistics')) await runStatistics(out);
}

function printStatistics(r: StatisticsBenchResult): void {
  const lines = [
    '',
    `Statistics benchmark: ${r.cases} cases of one tenant, ${r.groups} principal and unit groups`,
    `  seeding the case rows: ${fmt(r.seedSeconds)} s`,
    `  one count of every case by the statistics job: ${fmt(r.countSeconds, 2)} s`,
    `  GET /api/statistik (${r.views} times, ${fmt(r.view.bytes / 1024)} KB): median ${fmt(r.view.medianMs, 2)} ms, p95 ${fmt(r.view.p95Ms, 2)} ms, max ${fmt(r.view.maxMs, 2)} ms (goal < ${r.goalMs} ms)`,
    `  GET /api/statistik.csv: median ${fmt(r.csv.medianMs, 2)} ms, p95 ${fmt(r.csv.p95Ms, 2)} ms`,
  ];
  console.log(lines.join('\n'));
}

async function runStatistics(out: string): Promise<void> {
  const result = await statisticsBenchmark({ root: ROOT, cases: positive('BENCH_STAT_CASES', 10_000), views: positive('BENCH_STAT_VIEWS', 200), log: (line) => console.log(line) });
  printStatistics(result);
  writeFileSync(path.join(out, 'bench-statistics.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...result }, null, 2)}\n`);
  if (result.view.p95Ms >= result.goalMs) process.exitCode = 1;
}

async function runReminders(out: string): Promise<void> {
  const reminders = await reminderBenchmark({
    root: ROOT,
    cases: positive('BENCH_CASES', 5_000),
    coordinators: positive('BENCH_COORDINATORS', 500),
    ratePerSecond: positive('BENCH_RATE', 30),
    instances: positive('BENCH_INSTANCES', 2),
    log: (line) => console.log(line),
  });
  printReminders(reminders);
  writeFileSync(path.join(out, 'bench-reminders.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...reminders }, null, 2)}\n`);
  const ok = reminders.dispatch.deliveredOnce && reminders.dispatch.throttled === 0 && reminders.dispatch.fractionOfCap >= 0.9;
  if (!ok) process.exitCode = 1;
}

/** Issue 11's targets are printed as met or not; only a tick that fails or changes nothing fails the run (it throws). */
async function runTicks(out: string): Promise<void> {
  const ticks = await tickBenchmark({
    root: ROOT,
    roundSeconds: positive('BENCH_TICK_SECONDS', 5),
    rounds: positive('BENCH_TICK_ROUNDS', 5),
    clientCounts: [1, 4, 8],
    idleTicks: positive('BENCH_TICK_IDLE_TICKS', 50),
    soakTicks: positive('BENCH_TICK_SOAK', 20_000),
    log: (line) => console.log(line),
  });
  console.log(tickReport(ticks).join('\n'));
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: totalmem() / 2 ** 30 };
  writeFileSync(path.join(out, 'bench-ticks.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, machine, ...ticks }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
