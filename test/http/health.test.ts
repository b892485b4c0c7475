import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { startEmbeddedTableStorage } from '../../src/local/embedded-table-storage';
import { createLogger } from '../../src/logging/logger';
import { LogCapture, startTestBot, uniqueTablePrefix } from '../support/test-bot';

describe('health and readiness', () => {
  const toClose: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of toClose.reverse()) await close();
  });

  it('GET /healthz answers 200 {"status":"ok"} and GET /readyz 200 when the store answers', async () => {
    const bot = await startTestBot();
    toClose.push(() => bot.close());
    const health = await fetch(`${bot.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${bot.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('GET /readyz answers 503 with a reason when the table store stops answering', async () => {
    const storage = await startEmbeddedTableStorage({ port: 0 });
    const config = loadConfig({ PORT: '0', STORAGE_CONNECTION_STRING: storage.connectionString, TABLE_PREFIX: uniqueTablePrefix(), LOG_LEVEL: 'warn' });
    const logs = new LogCapture();
    const app: App = await createApp({ config, storage: storage.connectionString, logger: createLogger('warn', logs) });
    toClose.push(() => app.close());
    const port = await app.listen('127.0.0.1', 0);

    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    await storage.stop();
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'table storage did not answer' });
    expect(logs.text).not.toContain('AccountKey');
    // Liveness does not depend on the store.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
