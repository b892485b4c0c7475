import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import type { UnitCatalogue } from '../../src/domain/units';

/** Log lines written during a test, for asserting what is (and is not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestBot {
  readonly app: App;
  readonly config: AppConfig;
  readonly logs: LogCapture;
  readonly baseUrl: string;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The units test bots list: test/fixtures/units.json. */
export const TEST_UNITS_FILE = path.join(__dirname, '..', 'fixtures', 'units.json');
/** What TEST_UNITS_FILE lists. */
export const TEST_UNITS: UnitCatalogue = JSON.parse(readFileSync(TEST_UNITS_FILE, 'utf8')) as UnitCatalogue;

/** A table prefix no other test uses, so files can share one Azurite. */
export function uniqueTablePrefix(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

/**
 * Starts the real app (HTTP, CloudAdapter, Azurite tables) on a free loopback port. `env` adds
 * to a local-mode configuration; the store is the run's Azurite under a fresh table prefix.
 */
export async function startTestBot(env: Record<string, string> = {}, clock?: () => Date, extra: Pick<AppOptions, 'botAuth' | 'storeOptions' | 'tabAuth' | 'units'> = {}): Promise<TestBot> {
  // A test may put something between the bot and the run's Azurite (test/support/storage-proxy.ts).
  const connectionString = env['STORAGE_CONNECTION_STRING'] ?? inject('azuriteConnectionString');
  const config = loadConfig({
    PORT: '0',
    STORAGE_CONNECTION_STRING: connectionString,
    TABLE_PREFIX: uniqueTablePrefix(),
    PLAYGROUND: 'false',
    LOG_LEVEL: 'debug',
    // Nothing runs in the background unless a test asks: what the connector records is what a request sent.
    DISPATCH_INTERVAL_SECONDS: '0',
    RECONCILE_INTERVAL_HOURS: '0',
    OUTBOX_SWEEP_SECONDS: '0',
    STATISTICS_REFRESH_MINUTES: '0',
    // The units the case form offers in tests, whatever the example list shipped for npm start holds.
    UNITS_FILE: TEST_UNITS_FILE,
    ...env,
  });
  const logs = new LogCapture();
  const app = await createApp({ config, storage: connectionString, logger: createLogger(config.logLevel, logs), ...(clock ? { clock } : {}), ...extra });
  const port = await app.listen('127.0.0.1', 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    logs,
    baseUrl,
    async post(body, headers = {}) {
      const res = await fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      // The follow-ups of a write run after the answer; a test's next look at the store should see them.
      await app.settled();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // plain-text bodies stay as they are
      }
      return { status: res.status, body: parsed };
    },
    close: () => app.close(),
  };
}
