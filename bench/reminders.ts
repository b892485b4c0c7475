import { randomUUID } from 'node:crypto';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config/config';
import type { CaseState } from '../src/domain/case-model';
import { createCase, type Clock } from '../src/domain/case-commands';
import { assignedCaseCode } from '../src/domain/case-rules';
import { markPreMeetingHeld, planMeeting } from '../src/domain/sip-commands';
import { createLogger } from '../src/logging/logger';
import { TABLES } from '../src/storage/table-store';
import { startAzuriteProcess } from './support/azurite-process';
import { startBotProcess, type BotProcess } from './support/bot-process';
import { TeamsLimitedConnector } from './support/teams-limited-connector';
import { inParallel } from './support/in-parallel';

/** What the reminder benchmark measures; docs/performance.md explains each figure. */
export interface ReminderBenchResult {
  readonly cases: number;
  readonly coordinators: number;
  readonly pendingReminders: number;
  readonly dueReminders: number;
  readonly seedSeconds: number;
  readonly idle: ReadonlyArray<{ readonly cases: number; readonly medianMs: number; readonly p95Ms: number; readonly requestsPerTick: number }>;
  readonly dispatch: {
    /** Bot processes dispatching at once against the one store; each sent this many. */
    readonly instances: number;
    readonly sentPerInstance: readonly number[];
    readonly sent: number;
    readonly failed: number;
    readonly seconds: number;
    readonly perSecond: number;
    readonly cap: number;
    readonly fractionOfCap: number;
    readonly tableRequests: number;
    readonly throttled: number;
    /** From the start of the dispatch to the first message the connector accepted (the first read of what is due). */
    readonly firstSendAfterSeconds: number;
    /** From the first accepted message to the last: the pace the instances keep together while sending. */
    readonly sendingPerSecond: number;
    readonly deliveredOnce: boolean;
  };
  /**
   * Of the first bot process that dispatches (started after the seeding): resident set and heap after
   * full collections just before dispatching, the peaks while dispatching (sampled every 200 ms;
   * the heap's includes garbage not yet collected), and both after full collections once it is done.
   */
  readonly memory: {
    readonly rssBeforeMb: number;
    readonly heapBeforeMb: number;
    readonly peakHeapUsedMb: number;
    readonly peakRssMb: number;
    /** After the tick and full collections: what the dispatch kept, as against the garbage it made. */
    readonly rssAfterMb: number;
    readonly heapAfterMb: number;
  };
}

export interface ReminderBenchOptions {
  readonly root: string;
  readonly cases: number;
  readonly coordinators: number;
  readonly ratePerSecond: number;
  /** Bot processes dispatching together; the cap is theirs together, as Teams counts per app. */
  readonly instances: number;
  readonly log: (line: string) => void;
}

const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const TZ = 'Europe/Stockholm';
/** Monday 23 November 2026, 10:00 in Stockholm: every case is opened then. */
const OPENED = '2026-11-23T09:00:00.000Z';
/** An hour later nothing is due yet: the idle ticks run then. */
const IDLE = '2026-11-23T10:00:00.000Z';
/** Wednesday 25 November, 08:00:30: "book the first meeting" fell due at 08:00 for half the cases. */
const DUE = '2026-11-25T07:00:30.000Z';
const IDLE_TICKS = 25;

/**
 * 10,000 cases, each shared by a region and a municipality coordinator, make 50,000 pending
 * reminders: half the cases have consent and no meeting (first meeting due on Wednesday, and the
 * 30-day nudge), half a SIP meeting on 10 December with the förmöte held (checklist, "not marked
 * held", nudge). On Wednesday 08:00 the first half's 10,000 reminders are due at once.
 */
export async function reminderBenchmark(options: ReminderBenchOptions): Promise<ReminderBenchResult> {
  const { log } = options;
  const azurite = await startAzuriteProcess(options.root);
  const connector = await new TeamsLimitedConnector().start();
  let requests = 0;
  const counter: PipelinePolicy = {
    name: 'benchRequestCounter',
    sendRequest: (request, next) => {
      requests++;
      return next(request);
    },
  };
  let now = Date.parse(OPENED);
  const config = loadConfig({
    PORT: '0',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: 'bench',
    PLAYGROUND: 'false',
    DISPATCH_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'error',
    // Seeding is not measured: Azurite scans a whole table for some queries, and at 64 writers on
    // tens of thousands of rows a request can take longer than the bot's two seconds.
    STORAGE_REQUEST_TIMEOUT_MS: '30000',
    REMINDER_RATE_PER_SECOND: String(options.ratePerSecond),
  });
  const app = await createApp({
    config,
    storage: azurite.connectionString,
    logger: createLogger(config.logLevel),
    clock: () => new Date(now),
    storeOptions: { additionalPolicies: [{ policy: counter, position: 'perRetry' }] },
  });
  const dispatchers: BotProcess[] = [];
  try {
    const coordinators = await installCoordinators(app, connector.url, options.coordinators);
    const started = Date.now();
    const idle: Array<ReminderBenchResult['idle'][number]> = [];
    const firstBatch = Math.min(1000, options.cases);
    log(`seeding ${firstBatch} cases`);
    await seedCases(app, coordinators, 0, firstBatch, options.cases);
    now = Date.parse(IDLE);
    idle.push({ cases: firstBatch, ...(await idleTicks(app, () => requests)) });
    log(`seeding ${options.cases - firstBatch} more cases`);
    now = Date.parse(OPENED);
    await seedCases(app, coordinators, firstBatch, options.cases, options.cases, (done) => log(`  ${done} cases`));
    const seedSeconds = (Date.now() - started) / 1000;
    now = Date.parse(IDLE);
    idle.push({ cases: options.cases, ...(await idleTicks(app, () => requests)) });

    const { pending, due } = await countReminders(app, DUE);
    // The dispatch runs in bot processes of their own, started after the seeding, as instances
    // would be in production: the first one's resident set is what dispatching costs, not what
    // seeding left. They share the store, the due reminders and the send-rate cap.
    await app.settled();
    log(`${pending} pending reminders, ${due} due at ${DUE}; ${options.instances} bot processes dispatching at ${options.ratePerSecond}/s together`);
    for (let i = 0; i < options.instances; i++) {
      dispatchers.push(await startBotProcess({ kind: 'product', connectionString: azurite.connectionString, tables: 'bench', clockAt: DUE, ratePerSecond: options.ratePerSecond }));
    }
    const first = dispatchers[0]!;
    connector.reset();
    const before = await first.settledMemory();
    const beforeAll = await Promise.all(dispatchers.map((d) => d.stats()));
    const peak = { rss: before.rssBytes, heap: before.heapUsedBytes };
    const sampling = setInterval(() => {
      void first.stats().then((x) => {
        peak.rss = Math.max(peak.rss, x.rssBytes);
        peak.heap = Math.max(peak.heap, x.heapUsedBytes);
      });
    }, 200);
    const t0 = performance.now();
    const dispatchStartedAt = Date.now();
    const results = await Promise.all(dispatchers.map((d) => d.dispatch())).finally(() => clearInterval(sampling));
    const seconds = (performance.now() - t0) / 1000;
    const after = await first.stats();
    const afterAll = await Promise.all(dispatchers.map((d) => d.stats()));
    const tableRequests = afterAll.reduce((sum, x, i) => sum + x.tableRequests - beforeAll[i]!.tableRequests, 0);
    // Garbage or kept? The same process after full collections, once the tick is over.
    const settledAfter = await first.settledMemory();
    const sent = results.reduce((sum, r) => sum + r.sent, 0);
    const failed = results.reduce((sum, r) => sum + r.failed, 0);
    const perSecond = sent / seconds;
    return {
      cases: options.cases,
      coordinators: options.coordinators,
      pendingReminders: pending,
      dueReminders: due,
      seedSeconds,
      idle,
      dispatch: {
        instances: options.instances,
        sentPerInstance: results.map((r) => r.sent),
        sent,
        failed,
        seconds,
        perSecond,
        cap: options.ratePerSecond,
        fractionOfCap: perSecond / options.ratePerSecond,
        tableRequests,
        throttled: connector.throttled,
        firstSendAfterSeconds: (Math.min(...connector.acceptedAt) - dispatchStartedAt) / 1000,
        sendingPerSecond: (connector.acceptedAt.length - 1) / ((Math.max(...connector.acceptedAt) - Math.min(...connector.acceptedAt)) / 1000),
        deliveredOnce: connector.accepted === due && sent === due,
      },
      memory: {
        rssBeforeMb: before.rssBytes / 2 ** 20,
        heapBeforeMb: before.heapUsedBytes / 2 ** 20,
        peakHeapUsedMb: Math.max(peak.heap, after.heapUsedBytes) / 2 ** 20,
        peakRssMb: Math.max(peak.rss, after.rssBytes) / 2 ** 20,
        rssAfterMb: settledAfter.rssBytes / 2 ** 20,
        heapAfterMb: settledAfter.heapUsedBytes / 2 ** 20,
      },
    };
  } finally {
    for (const d of dispatchers) await d.stop();
    await app.close();
    await connector.stop();
    await azurite.stop();
  }
}

interface Coordinator {
  readonly aadObjectId: string;
  readonly name: string;
}

/** Every coordinator has the bot in a personal chat whose messages reach the limited connector. */
async function installCoordinators(app: App, serviceUrl: string, count: number): Promise<Coordinator[]> {
  const list = Array.from({ length: count }, (_, i) => ({ aadObjectId: randomUUID(), name: `Samordnare ${i + 1}` }));
  await inParallel(list, 32, async (c, i) => {
    await app.conversations.save(
      TENANT,
      { kind: 'user', aadObjectId: c.aadObjectId },
      {
        tenantId: TENANT,
        channelId: 'msteams',
        serviceUrl,
        conversationId: `a:bench-${i}`,
        conversationType: 'personal',
        botId: '28:samordningsboten-bench',
        userId: `29:bench-${i}`,
        aadObjectId: c.aadObjectId,
        userName: c.name,
        locale: 'sv-SE',
        updatedAt: OPENED,
      },
    );
  });
  return list;
}

/** Cases `from`..`to` of `total`: the first half of all cases waits for a first meeting, the rest has one booked. */
async function seedCases(app: App, coordinators: readonly Coordinator[], from: number, to: number, total: number, progress?: (done: number) => void): Promise<void> {
  const clock: Clock = { now: new Date(OPENED), timeZone: TZ };
  const half = coordinators.length / 2;
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  let done = from;
  await inParallel(indexes, 64, async (i) => {
    const region = coordinators[i % half]!;
    const municipality = coordinators[half + ((i * 7 + 3) % half)]!;
    const created = createCase(
      {
        tenantId: TENANT,
        code: assignedCaseCode('vss', 2026, i + 1),
        nickname: `N${i % 100}`,
        creator: { ...region, principal: 'region', trained: true },
        colleague: { ...municipality, trained: true },
        targetGroup: { adult: true, extensiveDisability: true, ordinaryCooperationInsufficient: true, highConsumer: true, repeatedInpatientStays: false, breaksOffContacts: false },
        consent: { status: 'given', form: 'written', scope: 'SIP med region och kommun', validUntil: '2027-12-31' },
      },
      clock,
    );
    if (!created.ok) throw new Error(`benchmark case refused: ${JSON.stringify(created.problems)}`);
    // Every coordinator has the bot and was told of the case (no notices to send while seeding).
    let state: CaseState = { ...created.state, coordinators: created.state.coordinators.map((x) => ({ ...x, noticePending: false })) };
    const audit = [...created.audit];
    if (i >= total / 2) {
      const planned = planMeeting(state, { date: '2026-12-10', time: '10:00', durationMinutes: 90, form: 'fysiskt', purpose: 'Samordnad plan', invited: ['personen'] }, region, clock);
      if (!planned.ok) throw new Error(`benchmark meeting refused: ${planned.error}`);
      const held = markPreMeetingHeld(planned.state, { meetingId: 'M1', rev: 0 }, region, clock);
      if (!held.ok) throw new Error(`benchmark förmöte refused: ${held.error}`);
      state = held.state;
      audit.push(...planned.audit, ...held.audit);
    }
    // The real write path: case, audit and outbox row in one transaction, then its reminders.
    if ((await app.cases.create(state, audit)) === 'codeTaken') throw new Error('benchmark case code taken');
    // Its reminders and index entries follow the answer; waiting for them keeps the seeding from
    // piling up more follow-ups than the store can take.
    await app.settled();
    done++;
    if (progress !== undefined && done % 1000 === 0) progress(done);
  });
}

/** Idle ticks: their time and the table requests each makes. */
async function idleTicks(app: App, requests: () => number): Promise<{ medianMs: number; p95Ms: number; requestsPerTick: number }> {
  const times: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < IDLE_TICKS; i++) {
    const before = requests();
    const t0 = performance.now();
    const result = await app.dispatcher.tick(new Date(Date.parse(IDLE) + i * 60_000));
    times.push(performance.now() - t0);
    counts.push(requests() - before);
    if (result.considered !== 0) throw new Error(`an idle tick found ${result.considered} reminders`);
  }
  // The first tick may walk from an older cursor; the steady state is what runs every minute.
  const steady = times.slice(1).sort((a, b) => a - b);
  return { medianMs: steady[Math.floor(steady.length / 2)]!, p95Ms: steady[Math.floor(steady.length * 0.95)]!, requestsPerTick: Math.max(...counts.slice(1)) };
}

/** All rows of the due index, and how many are due at a time (a full scan, outside the timings). */
async function countReminders(app: App, at: string): Promise<{ pending: number; due: number }> {
  let pending = 0;
  let due = 0;
  const table = app.store.client(TABLES.reminders);
  for await (const e of table.listEntities<{ deliverAt?: string }>({ queryOptions: { select: ['deliverAt'], filter: "PartitionKey ne 'cursor'" } })) {
    pending++;
    if (e.deliverAt !== undefined && e.deliverAt <= at) due++;
  }
  return { pending, due };
}

