import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStoreProcess, type EmbeddedStoreProcess } from '../../src/local/azurite-process';

// In the e2e run, not npm test: five Azurite processes cost the unit suite ~8 s of its two minutes.
// Issue 11: "the embedded store keeps what it acknowledged: after an acknowledgement, a kill -9 of
// the bot loses nothing". A kill of the bot's real process is in embedded-store-kill.e2e.ts;
// here the handle a dead bot would have held is simply dropped without stopping the store.

const dataDir = mkdtempSync(path.join(tmpdir(), 'samordning-store-'));
const started: EmbeddedStoreProcess[] = [];
afterAll(async () => {
  for (const store of started) await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<EmbeddedStoreProcess> {
  const store = await startEmbeddedStoreProcess({ dataDir });
  started.push(store);
  return store;
}

function table(store: EmbeddedStoreProcess): TableClient {
  return TableClient.fromConnectionString(store.connectionString, 'Kept', { allowInsecureConnection: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the embedded store in a process of its own', () => {
  it('outlives a bot that never stopped it, is found again by the next start, and saves everything on a clean stop', { timeout: 60_000 }, async () => {
    const first = await start();
    expect(first.adopted).toBe(false);
    expect(first.pid).not.toBe(process.pid);
    await table(first).createTable();
    await table(first).createEntity({ partitionKey: 'p', rowKey: 'acknowledged', n: 1 });

    // The bot "dies": nothing stops the store. The next start finds the same one, with the write.
    const second = await start();
    expect(second.adopted).toBe(true);
    expect(second.pid).toBe(first.pid);
    expect(second.port).toBe(first.port);
    expect((await table(second).getEntity('p', 'acknowledged'))['n']).toBe(1);
    await table(second).createEntity({ partitionKey: 'p', rowKey: 'just-before-stop', n: 2 });

    // A clean stop at once after a write: Azurite saves on its way out, not only every 5 s.
    await second.stop();
    expect(alive(second.pid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'azurite-process.json'))).toBe(false);

    const third = await start();
    expect(third.adopted).toBe(false);
    expect(third.pid).not.toBe(first.pid);
    expect((await table(third).getEntity('p', 'acknowledged'))['n']).toBe(1);
    expect((await table(third).getEntity('p', 'just-before-stop'))['n']).toBe(2);
  });

  it('starts a new store when the one it remembers is gone', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'samordning-store-'));
    try {
      const first = await startEmbeddedStoreProcess({ dataDir: dir });
      process.kill(first.pid, 'SIGKILL');
      while (alive(first.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await startEmbeddedStoreProcess({ dataDir: dir });
      try {
        expect(second.adopted).toBe(false);
        expect(second.pid).not.toBe(first.pid);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
