// First, before anything else is loaded: see telemetry/start.ts.
import { shutdownTelemetry } from './telemetry/start';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { createApp } from './app';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/config';
import { readUnitCatalogue } from './config/units-file';
import type { UnitCatalogue } from './domain/units';
import { startEmbeddedStoreProcess } from './local/azurite-process';
import { startPlayground } from './local/playground';
import { PLAYGROUND_COLLEAGUE, PLAYGROUND_YOU, type PlaygroundUser } from './local/playground-users';
import { createLogger } from './logging/logger';
import { storageFailureHint, storeTarget } from './storage/store-target';
import type { StoreTarget } from './storage/table-store';

/** Starts the bot as configured: local mode with embedded store and playground, or production. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: AppConfig;
  let units: UnitCatalogue;
  try {
    config = loadConfig(process.env);
    units = readUnitCatalogue(config.units);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  logger.info({ config: describeConfig(config) }, 'starting Samordningsboten');
  if (config.units.kind === 'none') logger.warn('UNITS_FILE is not set: the case form offers no units, and every unit counts as övrigt in the statistics');
  else logger.info({ region: units.region.length, kommun: units.kommun.length }, 'units listed');

  const stops: Array<() => Promise<void>> = [];
  let storage: StoreTarget;
  if (config.storage.kind === 'embedded') {
    // Its own process, so that what the bot acknowledged survives the bot being killed.
    const embedded = await startEmbeddedStoreProcess({ dataDir: config.storage.dataDir });
    stops.push(() => embedded.stop());
    storage = embedded.connectionString;
    logger.info(
      { dataDir: path.resolve(config.storage.dataDir), pid: embedded.pid, port: embedded.port },
      embedded.adopted ? 'embedded table storage (Azurite) left running by an earlier start, used again' : 'embedded table storage (Azurite) started',
    );
  } else {
    storage = storeTarget(config.storage);
  }

  const app = await createApp({ config, storage, logger, units }).catch((err: unknown) => {
    logger.fatal({ err }, 'could not reach table storage');
    console.error(storageFailureHint(config.storage, err));
    process.exit(1);
  });
  const port = await app.listen(config.host, config.port);
  stops.unshift(() => app.close());
  const endpoint = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/api/messages`;
  logger.info({ endpoint, mode: config.mode }, 'bot endpoint listening');

  if (config.playground) {
    // One playground per coordinator, so that both sides of a case can be tried on one machine.
    const start = (as: PlaygroundUser, port: number) => {
      const workDir = path.resolve(config.storage.kind === 'embedded' ? config.storage.dataDir : '.data', 'playground', as.id);
      mkdirSync(workDir, { recursive: true });
      return startPlayground({ botEndpoint: endpoint, port, workDir, as });
    };
    // The colleague's next to yours, or any free port when yours is the last one or chosen freely.
    const colleaguePort = config.playgroundPort === 0 || config.playgroundPort === 65535 ? 0 : config.playgroundPort + 1;
    const [yours, theirs] = await Promise.allSettled([start(PLAYGROUND_YOU, config.playgroundPort), start(PLAYGROUND_COLLEAGUE, colleaguePort)]);
    // One that started is stopped when the other could not, so no port stays taken for the next start.
    for (const s of [yours, theirs]) if (s.status === 'fulfilled') stops.unshift(() => s.value.stop());
    if (yours.status === 'rejected' || theirs.status === 'rejected') {
      for (const stop of stops) await stop().catch(() => undefined);
      throw yours.status === 'rejected' ? yours.reason : theirs.status === 'rejected' ? theirs.reason : undefined;
    }
    const [you, colleague] = [yours.value, theirs.value];
    console.log(
      [
        '',
        `Samordningsboten is running on ${endpoint}`,
        `Chat with it in the Agents Playground as ${PLAYGROUND_YOU.name}: open ${you.url}`,
        `Be the colleague, ${PLAYGROUND_COLLEAGUE.name}, in a second tab: open ${colleague.url}`,
        `(Pick ${PLAYGROUND_COLLEAGUE.name} as the colleague in "nytt ärende"; Ctrl+C stops everything.)`,
        '',
      ].join('\n'),
    );
  } else if (config.mode === 'local') {
    console.log(`\nSamordningsboten is running on ${endpoint} (no playground: PLAYGROUND=false)\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const seconds = config.shutdownTimeoutSeconds;
    const stopBy = Date.now() + seconds * 1000;
    logger.info({ signal, timeoutSeconds: seconds }, 'shutting down');
    // The platform kills a process that does not stop in time, so the stop gives up first, saying
    // why, with a part of the bound kept for the telemetry, so that a stop that overruns is seen
    // too; the timer is the last resort should the telemetry hang. What was not finished is safe:
    // reminder claims run out, unfinished follow-ups are swept.
    setTimeout(() => process.exit(1), seconds * 1000);
    const telemetryReserve = Math.min(3000, (seconds * 1000) / 4);
    const stopped = (async () => {
      for (const stop of stops) await stop().catch((err: unknown) => logger.warn({ err }, 'error while stopping'));
      return true;
    })();
    const finished = await Promise.race([stopped, new Promise<false>((resolve) => setTimeout(() => resolve(false), stopBy - telemetryReserve - Date.now()))]);
    if (finished) logger.info({ signal }, 'stopped');
    else logger.warn({ timeoutSeconds: seconds }, 'stopping took longer than SHUTDOWN_TIMEOUT_SECONDS; exiting with work unfinished');
    // Last, so the spans and metrics of the stop itself are sent too; within what is left of the
    // bound, as an ingestion endpoint that does not answer must not hold the stop.
    await shutdownTelemetry(Math.max(250, stopBy - Date.now() - 250));
    process.exit(finished ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
