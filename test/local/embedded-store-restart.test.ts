import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { startEmbeddedTableStorage, type EmbeddedTableStorage } from '../../src/local/embedded-table-storage';
import { createLogger } from '../../src/logging/logger';
import { ANNA, Client, TENANT, actionIn, createCaseAs, textOf } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { LogCapture, type TestBot } from '../support/test-bot';

/**
 * Local mode keeps its cases in DATA_DIR (README: "so cases survive a restart"). The bot is
 * started as main.ts starts it with no STORAGE_CONNECTION_STRING: the embedded Azurite on the
 * configured folder, then the app on it; stopped the way main.ts stops on Ctrl+C (app, then store).
 */

const dataDir = mkdtempSync(path.join(tmpdir(), 'samordning-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Monday 23 Nov 2026, 10:00 Stockholm. */
const clock = () => new Date('2026-11-23T09:00:00.000Z');

interface Running {
  readonly bot: TestBot;
  stop(): Promise<void>;
}

/** main.ts's local start, without the playground: store on DATA_DIR, app on the store, loopback port. */
async function startLocal(): Promise<Running> {
  const config = loadConfig({ DATA_DIR: dataDir, PLAYGROUND: 'false', PORT: '0', DISPATCH_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' });
  expect(config.storage).toEqual({ kind: 'embedded', dataDir });
  if (config.storage.kind !== 'embedded') throw new Error('not the embedded store');
  const store: EmbeddedTableStorage = await startEmbeddedTableStorage({ dataDir: config.storage.dataDir });
  const logs = new LogCapture();
  const app = await createApp({ config, storage: store.connectionString, logger: createLogger(config.logLevel, logs), clock });
  const baseUrl = `http://127.0.0.1:${await app.listen(config.host, config.port)}`;
  const bot: TestBot = {
    app,
    config,
    logs,
    baseUrl,
    async post(body, headers = {}) {
      const res = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    close: () => app.close(),
  };
  return {
    bot,
    stop: async () => {
      await app.close();
      await store.stop();
    },
  };
}

describe('the embedded store on DATA_DIR', () => {
  // Loading Azurite into this worker (the rest of the suite uses the one in the main process)
  // takes 2 s on an idle machine and over 12 s while other files load the machine.
  it('keeps a case, its audit trail and the case numbering across a clean stop and start', { timeout: 60_000 }, async () => {
    const connector = await new FakeConnector().start();
    try {
      const first = await startLocal();
      const anna = new Client(first.bot, connector, ANNA);
      await anna.install();
      const code = await createCaseAs(anna);
      expect(code).toBe('VSS-2026-0001');
      // A change after creation, so more than the first write has to survive.
      const [card] = await anna.say(`basnivå ${code}`);
      await anna.press('baseline.need', actionIn(card, 'baseline.need', { need: 'yes' }).data);
      const before = await first.bot.app.cases.get(TENANT, code);
      expect(before?.state.baseline.need).toBe('yes');
      const history = await first.bot.app.cases.history(TENANT, code, 100);
      await first.stop();
      expect(existsSync(path.join(dataDir, '__azurite_db_table__.json'))).toBe(true);

      const second = await startLocal();
      try {
        const again = new Client(second.bot, connector, ANNA);
        expect((await second.bot.app.cases.get(TENANT, code))?.state).toEqual(before!.state);
        expect(await second.bot.app.cases.history(TENANT, code, 100)).toEqual(history);
        // Anna finds it as she left it, without installing the bot again: her conversation survived too.
        const [list] = await again.say('mina ärenden');
        expect(textOf(list)).toContain(code);
        expect(await second.bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId })).toBeDefined();
        // The numbering went on from where it was: a restart never hands out a code twice.
        expect(await createCaseAs(again)).toBe('VSS-2026-0002');
      } finally {
        await second.stop();
      }
    } finally {
      await connector.stop();
    }
  });
});
