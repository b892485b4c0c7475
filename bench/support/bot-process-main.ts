import { writeFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { bareTable, createBareBot } from './bare-bot';
import type { App } from '../../src/app';
import type { BotProcessOptions, BotReady, BotReply, BotRequest, BotStats } from './bot-process';

/**
 * Child process of the tick benchmark: one bot (the product or the bare one) on a loopback port,
 * its table requests counted, and its counters handed to the parent when asked.
 */

let tableRequests = 0;
let tableRequestsAtLastAnswer = 0;
let answers = 0;
/** BENCH_CPU_PROF: the profiler session while the load rounds run (the steady state, not start-up and warm-up). */
let profiler: Session | undefined;

/** perRetry: every HTTP attempt counts, retries included. */
const counter: PipelinePolicy = {
  name: 'benchTickRequestCounter',
  sendRequest: (request, next) => {
    tableRequests++;
    return next(request);
  },
};

function stats(): BotStats {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    tableRequests,
    tableRequestsAtLastAnswer,
    answers,
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
  };
}

/**
 * Snapshots the request count when an answer to /api/messages has been written out: whatever
 * started before it is what the answer waited for (or at least did not wait without).
 */
function countAnswers(server: HttpServer): void {
  server.prependListener('request', (req, res) => {
    if (req.url !== '/api/messages') return;
    res.once('finish', () => {
      tableRequestsAtLastAnswer = tableRequests;
      answers++;
    });
  });
}

interface StartedBot {
  readonly port: number;
  readonly close: () => Promise<void>;
  /** The product's app, for the reminder benchmark's dispatch. */
  readonly app?: App;
}

async function start(options: BotProcessOptions): Promise<StartedBot> {
  const additionalPolicies = [{ policy: counter, position: 'perRetry' as const }];
  if (options.kind === 'bare') {
    const table = bareTable({ connectionString: options.connectionString, table: options.tables });
    await table.createTable();
    const bot = createBareBot({ connectionString: options.connectionString, table: options.tables, additionalPolicies });
    countAnswers(bot.server.server);
    return { port: await bot.listen('127.0.0.1', 0), close: () => bot.close() };
  }
  const config = loadConfig({
    PORT: '0',
    STORAGE_CONNECTION_STRING: options.connectionString,
    TABLE_PREFIX: options.tables,
    PLAYGROUND: 'false',
    // Nothing runs in the background: what is counted is what the ticks caused.
    DISPATCH_INTERVAL_SECONDS: '0',
    RECONCILE_INTERVAL_HOURS: '0',
    // BENCH_BOT_LOG_LEVEL=warn shows why a send or a write failed during a run.
    LOG_LEVEL: process.env['BENCH_BOT_LOG_LEVEL'] ?? 'error',
    ...(options.ratePerSecond === undefined ? {} : { REMINDER_RATE_PER_SECOND: String(options.ratePerSecond) }),
  });
  const clockAt = options.clockAt;
  const app = await createApp({
    config,
    storage: options.connectionString,
    logger: createLogger(config.logLevel),
    storeOptions: { additionalPolicies },
    ...(clockAt === undefined ? {} : { clock: () => new Date(clockAt) }),
  });
  countAnswers(app.server.server);
  return { port: await app.listen('127.0.0.1', 0), close: () => app.close(), app };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env['BENCH_BOT'] ?? '{}') as BotProcessOptions;
  let bot: StartedBot;
  try {
    bot = await start(options);
  } catch (err) {
    process.send!({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies BotReady);
    process.exitCode = 1;
    return;
  }
  process.on('message', (m: BotRequest) => {
    void (async () => {
      if (m.type === 'settledMemory') {
        const gc = (globalThis as { gc?: () => void }).gc;
        gc?.();
        gc?.();
      }
      if (m.type === 'dispatch') {
        if (bot.app === undefined) throw new Error('only the product dispatches');
        const t0 = performance.now();
        const result = await bot.app.dispatcher.tick(new Date(options.clockAt ?? Date.now()));
        const dispatched = { sent: result.sent, failed: result.failed, seconds: (performance.now() - t0) / 1000 };
        process.send!({ id: m.id, stats: stats(), dispatched } satisfies BotReply);
        return;
      }
      if (m.type === 'profileStart') {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      if (m.type === 'profileStop' && profiler !== undefined && m.file !== undefined) {
        const { profile } = await profiler.post('Profiler.stop');
        await writeFile(m.file, JSON.stringify(profile));
        profiler.disconnect();
        profiler = undefined;
      }
      if (m.type === 'stop') {
        await bot.close();
        process.send!({ id: m.id, stats: stats() } satisfies BotReply, () => process.exit(0));
        return;
      }
      process.send!({ id: m.id, stats: stats() } satisfies BotReply);
    })();
  });
  // The parent going away (a crashed benchmark) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', port: bot.port } satisfies BotReady);
}

void main();
