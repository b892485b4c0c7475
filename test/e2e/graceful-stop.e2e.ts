import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTableStorage, type EmbeddedTableStorage } from '../../src/local/embedded-table-storage';
import { startBotProcess, stopProcess, type BotProcess } from './support/bot-process';

/*
 * SIGTERM to the built bot, as App Service or a container runtime sends it: the bot stops taking
 * requests and exits, within SHUTDOWN_TIMEOUT_SECONDS however long a request would hold it.
 */

let azurite: EmbeddedTableStorage;
beforeAll(async () => {
  azurite = await startEmbeddedTableStorage({ port: 0 });
});
afterAll(() => azurite.stop());

/** Sends SIGTERM and resolves with the exit code and how long the exit took. */
function terminate(bot: BotProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    bot.child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    bot.child.kill('SIGTERM');
  });
}

describe('SIGTERM', () => {
  it('stops at once when nothing is in flight, and says so', async () => {
    const bot = await startBotProcess({ STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: 'stopidle', LOG_LEVEL: 'info' });
    try {
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      const { code, ms } = await terminate(bot);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(5000);
      expect(bot.output()).toContain('"msg":"stopped"');
    } finally {
      await stopProcess(bot.child, 'SIGKILL');
    }
  });

  it('exits within SHUTDOWN_TIMEOUT_SECONDS when a request would hold it longer', async () => {
    const bot = await startBotProcess({ STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: 'stophung', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: '2', REQUEST_TIMEOUT_SECONDS: '120' });
    const { port } = new URL(bot.url);
    // A client that sends its headers and half its body, then nothing: the request stays in flight.
    const socket = connect(Number(port), '127.0.0.1');
    try {
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { code, ms } = await terminate(bot);
      expect(code).toBe(1);
      // The stop gives up with a quarter of the bound left for the telemetry (here 0.5 s of 2 s).
      expect(ms).toBeGreaterThanOrEqual(1400);
      expect(ms).toBeLessThan(6000);
      expect(bot.output()).toContain('stopping took longer than SHUTDOWN_TIMEOUT_SECONDS');
      // Nothing of the request made it into the log.
      expect(bot.output()).not.toContain('"type":');
    } finally {
      socket.destroy();
      await stopProcess(bot.child, 'SIGKILL');
    }
  });
});
