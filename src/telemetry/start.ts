import dotenv from 'dotenv';
import type * as AzureMonitor from './azure-monitor';

/*
 * Imported first by main.ts, before any other module of the bot: OpenTelemetry's http and Azure
 * SDK instrumentations patch modules as they are required, so they must be in place before
 * restify, botbuilder and @azure/data-tables are loaded. The build is CommonJS (package.json has
 * no "type": "module"), whose requires run in import order, so an import at the top of main.ts is
 * enough and works the same with `npm start` and `node dist/src/main.js`; no --require preload to
 * forget in a start command.
 *
 * Only APPLICATIONINSIGHTS_CONNECTION_STRING is read here (from .env too, as main.ts reads it);
 * src/config validates it with the rest. Without it nothing is loaded: no SDK, no timers, no
 * network.
 */
dotenv.config({ quiet: true });

const connectionString = process.env['APPLICATIONINSIGHTS_CONNECTION_STRING']?.trim();

/** The Azure Monitor SDK, loaded only when telemetry is on: it is large, and the heap is small. */
const azureMonitor: typeof AzureMonitor | undefined =
  connectionString === undefined || connectionString === '' ? undefined : (require('./azure-monitor') as typeof AzureMonitor);

let started = false;
try {
  if (azureMonitor !== undefined && connectionString !== undefined) {
    azureMonitor.startTelemetry(connectionString);
    started = true;
  }
} catch (err) {
  // A bad connection string is reported by the configuration check that follows, in its words.
  console.error(`Telemetry not started: ${err instanceof Error ? err.name : 'error'}`);
}

/** Sends what telemetry has buffered and stops it, waiting at most `timeoutMs`: the last thing a stop does. */
export function shutdownTelemetry(timeoutMs: number): Promise<void> {
  return started && azureMonitor !== undefined ? azureMonitor.stopAzureMonitor(timeoutMs) : Promise.resolve();
}
