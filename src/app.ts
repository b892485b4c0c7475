import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { createAdapter, type BotAuthOverrides } from './bot/adapter';
import { ConversationTracker } from './bot/conversation-tracker';
import { ACTION_ROUTES, COMMAND_HANDLERS } from './bot/routes';
import { SamordningsBot } from './bot/samordnings-bot';
import { TenantGuard } from './bot/tenant-guard';
import { DeploymentTenants } from './config/deployment-tenants';
import type { AppConfig } from './config/config';
import { createHttpServer } from './http/server';
import { playgroundOrigins } from './http/routes/statistics-page';
import { CalendarLinks } from './calendar/calendar-links';
import { localeResolver } from './i18n/locale';
import { playgroundUser } from './local/playground-users';
import type { Logger } from './logging/logger';
import { ColleagueNotifier } from './proactive/colleague-notifier';
import { ProactiveMessenger } from './proactive/proactive-messenger';
import { TableCaseIndexRepository } from './storage/case-index-repository';
import { TableCaseRepository } from './storage/case-repository';
import { TableConversationReferenceRepository } from './storage/conversation-reference-repository';
import { TABLES, TableStore, type StoreTarget, type TableStoreOptions } from './storage/table-store';
import type { ReminderSettings } from './domain/reminder-rules';
import { ReminderDispatcher } from './reminders/reminder-dispatcher';
import { startPeriodic } from './reminders/periodic-timer';
import { SendLimits } from './reminders/send-limits';
import { TableSlotLedger } from './reminders/send-slots';
import { OutboxCaseRepository } from './storage/outbox-case-repository';
import { ReminderStore } from './storage/reminder-store';
import { JobRunStore } from './storage/job-run-store';
import { RetentionJob } from './retention/retention-job';
import { StatisticsJob } from './statistics/statistics-job';
import { StatisticsStore } from './storage/statistics-store';
import { createTabAuth, type TabAuth } from './http/tab-auth';
import { AccessLogExportStore } from './storage/access-log-export-store';
import { readUnitCatalogue } from './config/units-file';
import type { UnitCatalogue } from './domain/units';

/** How often an instance looks whether the day's retention run is due and not yet done. */
const RETENTION_CHECK_SECONDS = 15 * 60;

export interface AppOptions {
  readonly config: AppConfig;
  /** The resolved store: the configured one (connection string or keyless), or the embedded Azurite's. */
  readonly storage: StoreTarget;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** Extra table pipeline policies (a benchmark counts requests with one). */
  readonly storeOptions?: TableStoreOptions;
  /** The units listed in config.units, when the caller has read them already (main does, to stop on a bad file first). */
  readonly units?: UnitCatalogue;
  /** Signing-key metadata and outgoing credentials other than the public cloud's (tests only). */
  readonly botAuth?: BotAuthOverrides;
  /** Who the statistics tab's routes serve; by default Teams SSO tokens checked against Entra's keys (tests give their own keys). */
  readonly tabAuth?: TabAuth;
}

export interface App {
  readonly server: Server;
  readonly adapter: CloudAdapter;
  readonly store: TableStore;
  readonly conversations: TableConversationReferenceRepository;
  readonly cases: OutboxCaseRepository;
  readonly reminders: ReminderStore;
  readonly dispatcher: ReminderDispatcher;
  readonly logger: Logger;
  readonly caseIndex: TableCaseIndexRepository;
  readonly messenger: ProactiveMessenger;
  /** The units each principal's coordinators pick from, and the statistics count by. */
  readonly units: UnitCatalogue;
  /** The daily retention run; tests call its tick with a simulated clock. */
  readonly retention: RetentionJob;
  /** Counts the statistics; tests call its tick with a simulated clock. */
  readonly statistics: StatisticsJob;
  /** Who exported the access log (Logguppföljning), newest first per tenant. */
  readonly accessLogExports: AccessLogExportStore;
  /** Resolves when the follow-ups of the writes made so far have run (tests wait on it after each answer). */
  settled(): Promise<void>;
  /** Starts listening; resolves with the bound port. */
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

/** Builds the whole bot from configuration: store, adapter, middleware, routes, HTTP. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const units = options.units ?? readUnitCatalogue(config.units);
  const store = new TableStore(options.storage, config.tablePrefix, { requestTimeoutMs: config.storageDeadline.requestMs, ...options.storeOptions });
  await store.ensureTables();

  const conversations = new TableConversationReferenceRepository(store.client(TABLES.conversationReferences));
  const localeFor = localeResolver(config.forcedLocale);
  const tenants = new DeploymentTenants(config.registrations);
  const adapter = createAdapter(config.registrations, logger, localeFor, options.botAuth);
  adapter.use(new TenantGuard(config.allowedTenantIds, logger, localeFor));
  adapter.use(new ConversationTracker(conversations, tenants, logger, options.clock));

  const clock = options.clock ?? (() => new Date());
  const reminders = new ReminderStore(store.client(TABLES.reminders), store.client(TABLES.reminderSchedule));
  await reminders.startCursorAt(clock());
  const reminderSettings: ReminderSettings = {
    ...config.reminderDays,
    timeZone: config.timeZone,
    officeOpens: config.officeHours.opens,
    officeCloses: config.officeHours.closes,
  };
  const caseIndex = new TableCaseIndexRepository(store.client(TABLES.caseIndex));
  const messenger = new ProactiveMessenger(adapter, tenants, conversations, logger);
  const storedCases = new TableCaseRepository(store.client(TABLES.cases));
  const notices = new ColleagueNotifier({ cases: storedCases, conversations, messenger, localeFor, timeZone: config.timeZone, clock, logger, units });
  const cases = new OutboxCaseRepository(storedCases, reminders, reminderSettings, clock, logger, { caseIndex, notices }, config.outboxSweepGraceSeconds * 1000);
  // Locally the browser reaches the bot where it listens; in production only at a configured address.
  let listeningOn: string | undefined;
  const calendarLinks = new CalendarLinks(config.calendarLinkKey, () => config.publicBaseUrl ?? (config.mode === 'local' ? listeningOn : undefined));
  const bot = new SamordningsBot(
    { logger, tenants, conversations, cases, caseIndex, messenger, localeFor, timeZone: config.timeZone, clock, reminders, reminderSettings, calendarLinks, targetGroupProfile: config.targetGroupProfile, evaluationInstruments: config.evaluationInstruments, units, localPeople: config.mode === 'local' ? playgroundUser : undefined },
    { commands: COMMAND_HANDLERS, actions: ACTION_ROUTES },
  );
  // Any store may be shared by several processes (even the embedded one, found running by a second
  // start), and Teams counts per app: the cap is kept in the store.
  const limits = new SendLimits({ globalPerSecond: config.reminderRatePerSecond, ledger: new TableSlotLedger(store.client(TABLES.sendSlots)) });
  const dispatcher = new ReminderDispatcher({ store: reminders, cases, messenger, settings: reminderSettings, localeFor, logger, limits });
  const jobRuns = new JobRunStore(store.client(TABLES.jobs));
  const accessLogExports = new AccessLogExportStore(store.client(TABLES.accessLogExports));
  const retention = new RetentionJob({
    cases: storedCases,
    accessLogExports,
    caseIndex,
    reminders,
    runs: jobRuns,
    rules: { ...config.retention, timeZone: config.timeZone },
    clock,
    logger,
  });
  const statisticsStore = new StatisticsStore(store.client(TABLES.statistics));
  const statistics = new StatisticsJob({
    cases: storedCases,
    store: statisticsStore,
    runs: jobRuns,
    settings: { months: config.statistics.months, units, reminders: reminderSettings },
    everyMinutes: Math.max(1, config.statistics.refreshMinutes),
    clock,
    logger,
  });
  const tabAuth = options.tabAuth ?? createTabAuth(config, { clock, logger });
  const server = createHttpServer({
    adapter,
    logic: (turn) => bot.run(turn),
    storageTurnBudgetMs: config.storageDeadline.turnMs,
    logger,
    storePing: () => store.ping(),
    dispatch: { mode: config.mode, dispatchKey: config.dispatchKey, dispatch: (now) => dispatcher.tick(now), clock, logger },
    requestTimeoutSeconds: config.requestTimeoutSeconds,
    calendar: { links: calendarLinks, cases, timeZone: config.timeZone, clock, logger },
    accessLog: {
      tabAuth,
      tenants,
      forcedLocale: config.forcedLocale,
      export: { cases: storedCases, exports: accessLogExports, units, timeZone: config.timeZone, clock, logger },
      logger,
    },
    statistics: {
      auth: tabAuth,
      store: statisticsStore,
      emptyTally: (now) => statistics.emptyTally(now),
      clock,
      units,
      timeZone: config.timeZone,
      lateWorkingDays: config.reminderDays.invitationLateWorkingDays,
      evaluationGraceWorkingDays: config.reminderDays.evaluationGraceWorkingDays,
      forcedLocale: config.forcedLocale,
      logger,
      tenants,
    },
    statisticsPage: { extraFrameAncestors: config.mode === 'local' ? playgroundOrigins(config.playgroundPort) : [] },
  });
  const timers = [
    startPeriodic('reminder dispatch', config.dispatchIntervalSeconds, () => dispatcher.tick(clock()), logger),
    // Repairs reminders missed by an instance that died between a case write and its reminders;
    // it runs whether the dispatch is in-process or left to the endpoint.
    startPeriodic('reminder reconciliation', config.reconcileIntervalHours * 3600, () => cases.reconcile(), logger),
    // Finishes what an instance that died after a case write left undone, within about a minute.
    startPeriodic('outbox sweep', config.outboxSweepSeconds, () => cases.sweep(), logger, { atStart: true }),
    // Each instance looks every quarter of an hour; the day's run is claimed in the store, so one runs it.
    startPeriodic('retention', RETENTION_CHECK_SECONDS, () => retention.tick(clock()), logger),
    // Counted at start too, so a tab opened soon after has figures; one instance counts each period.
    startPeriodic('statistics', config.statistics.refreshMinutes * 60, () => statistics.tick(clock()), logger, { atStart: true }),
  ];

  return {
    server,
    adapter,
    store,
    conversations,
    cases,
    reminders,
    dispatcher,
    logger,
    caseIndex,
    messenger,
    units,
    retention,
    statistics,
    accessLogExports,
    settled: () => cases.settled(),
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          const bound = (server.address() as AddressInfo).port;
          listeningOn = `http://127.0.0.1:${bound}`;
          resolve(bound);
        });
      }),
    close: async () => {
      for (const timer of timers) timer?.stop();
      // New connections are refused at once; requests in flight are answered first.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets from clients would otherwise hold the close open.
      server.server.closeIdleConnections();
      // Reminders waiting for a send slot are given back for another instance to send now.
      await Promise.all([drained, dispatcher.stop()]);
      // Follow-ups already started finish (or leave their row to the sweeper) before the store goes.
      await cases.settled();
    },
  };
}
