import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/logging/logger';
import { TableCaseRepository } from '../src/storage/case-repository';
import { TABLES } from '../src/storage/table-store';
import type { UnitCatalogue } from '../src/domain/units';
import type { StatisticsView } from '../src/statistics/statistics-view';
import { startAzuriteProcess } from './support/azurite-process';
import { inParallel } from './support/in-parallel';
import { PLAYGROUND_TENANT_ID } from '../src/local/playground-users';
import { seedCase, type Meeting } from './support/seed-case';

/** What the statistics benchmark measures; docs/performance.md explains each figure. */
export interface StatisticsBenchResult {
  readonly cases: number;
  readonly seedSeconds: number;
  /** One count of every case by the job, as the tab's figures are kept up to date. */
  readonly countSeconds: number;
  readonly views: number;
  /** GET /api/statistik over loopback HTTP, the whole answer read: at most what the server takes. */
  readonly view: { readonly medianMs: number; readonly p95Ms: number; readonly maxMs: number; readonly bytes: number };
  readonly csv: { readonly medianMs: number; readonly p95Ms: number };
  readonly groups: number;
  readonly goalMs: number;
}

const UNITS: UnitCatalogue = {
  region: ['Psykiatrisk öppenvård Väst', 'Psykiatrisk öppenvård Öst', 'Beroendemottagningen', 'Vårdcentral Norr', 'Vårdcentral Söder', 'Vårdcentral Centrum'],
  kommun: ['Socialpsykiatri', 'Försörjningsstöd', 'LSS-handläggning', 'Boendestöd', 'Missbruk och beroende', 'Hemtjänst'],
};
const NOW = new Date('2026-11-25T10:00:00.000Z');

/**
 * The Statistik tab at scale: `cases` cases of one tenant spread over a year, units and every
 * stage, counted once by the job, then the tab's JSON and CSV asked for `views` times each.
 * Issue 16's goal: a view answers in under 200 ms at the server with 10,000 cases.
 */
export async function statisticsBenchmark(options: { readonly root: string; readonly cases: number; readonly views: number; readonly log: (line: string) => void }): Promise<StatisticsBenchResult> {
  const azurite = await startAzuriteProcess(options.root);
  const config = loadConfig({
    PORT: '0',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: 'benchstat',
    PLAYGROUND: 'false',
    DISPATCH_INTERVAL_SECONDS: '0',
    RECONCILE_INTERVAL_HOURS: '0',
    OUTBOX_SWEEP_SECONDS: '0',
    STATISTICS_REFRESH_MINUTES: '0',
    LOG_LEVEL: 'error',
    STORAGE_REQUEST_TIMEOUT_MS: '30000',
  });
  const app = await createApp({ config, storage: azurite.connectionString, logger: createLogger(config.logLevel), clock: () => NOW, units: UNITS });
  try {
    options.log(`seeding ${options.cases} cases`);
    const started = performance.now();
    // Straight to the case rows: the count reads nothing else, and reminders would only slow the seeding.
    const stored = new TableCaseRepository(app.store.client(TABLES.cases));
    await inParallel(
      Array.from({ length: options.cases }, (_, i) => i),
      32,
      async (i) => {
        const written = await stored.create(benchCase(i), []);
        if (written === 'codeTaken') throw new Error('benchmark case code taken');
      },
    );
    const seedSeconds = (performance.now() - started) / 1000;
    await app.settled();

    options.log('counting');
    const countStarted = performance.now();
    const outcome = await app.statistics.tick(NOW);
    const countSeconds = (performance.now() - countStarted) / 1000;
    if (outcome.kind !== 'ran' || outcome.cases !== options.cases) throw new Error(`the count did not read every case: ${JSON.stringify(outcome)}`);

    const port = await app.listen('127.0.0.1', 0);
    const base = `http://127.0.0.1:${port}`;
    options.log(`asking for the tab's figures ${options.views} times`);
    let bytes = 0;
    let groups = 0;
    const viewTimes = await timed(options.views, async () => {
      const res = await fetch(`${base}/api/statistik`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET /api/statistik answered ${res.status}`);
      bytes = text.length;
      groups = (JSON.parse(text) as StatisticsView).groups.length;
    });
    const csvTimes = await timed(Math.max(1, Math.floor(options.views / 4)), async () => {
      const res = await fetch(`${base}/api/statistik.csv`);
      await res.text();
      if (res.status !== 200) throw new Error(`GET /api/statistik.csv answered ${res.status}`);
    });
    return {
      cases: options.cases,
      seedSeconds,
      countSeconds,
      views: options.views,
      view: { medianMs: quantile(viewTimes, 0.5), p95Ms: quantile(viewTimes, 0.95), maxMs: Math.max(...viewTimes), bytes },
      csv: { medianMs: quantile(csvTimes, 0.5), p95Ms: quantile(csvTimes, 0.95) },
      groups,
      goalMs: 200,
    };
  } finally {
    await app.close();
    await azurite.stop();
  }
}

async function timed(times: number, work: () => Promise<void>): Promise<number[]> {
  // A few first to warm the connection and the code paths.
  for (let i = 0; i < 5; i++) await work();
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A deterministic mix: opened over the last year, every stage from just opened to followed up, some closed. */
function benchCase(i: number): ReturnType<typeof seedCase> {
  const pick = <T>(xs: readonly T[], salt: number): T => xs[(i * 7919 + salt * 104_729) % xs.length]!;
  const day = (offset: number) => new Date(NOW.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  const age = 5 + ((i * 37) % 355);
  const stage = i % 6;
  const opened = day(age);
  const consentOn = stage >= 1 ? day(Math.max(1, age - 3 - (i % 9))) : undefined;
  const meetingAge = Math.max(1, age - 25);
  const meetings: Meeting[] = stage >= 2 && meetingAge > 1 ? [{ id: 'M1', day: day(meetingAge), ...(i % 5 === 0 ? {} : { sentOn: day(meetingAge + 8 + (i % 10)) }) }] : [];
  const followUp = meetings.length > 0 && stage >= 3 ? day(Math.max(-60, meetingAge - 90)) : undefined;
  return seedCase({
    code: `SIP-BENCH-${String(i).padStart(5, '0')}`,
    // The local user's tenant: the bench asks as the tab does locally, without a sign-in.
    tenantId: PLAYGROUND_TENANT_ID,
    kind: i % 3 === 0 ? 'vss' : 'sip',
    opened,
    regionUnit: i % 17 === 0 ? 'Akutmottagningen' : pick(UNITS.region, 1),
    kommunUnit: pick(UNITS.kommun, 2),
    b1: stage >= 1 || i % 2 === 0,
    ...(consentOn === undefined ? {} : { consentOn }),
    meetings,
    plans: followUp === undefined ? [] : [{ meetingId: 'M1', followUpDate: followUp }],
    ...(meetings.length > 0 && stage >= 4 ? { crisis: { reviewDate: day(meetingAge - 120) } } : {}),
    ...(stage === 5 && age > 60 ? { closedOn: day(age - 50) } : {}),
    updatedAt: NOW.toISOString(),
  });
}
