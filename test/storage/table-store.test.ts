import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { azuriteConnectionString } from '../../src/local/embedded-table-storage';
import { StorageUnavailableError } from '../../src/storage/storage-deadline';
import { TABLES, TableStore } from '../../src/storage/table-store';

/** A store that accepts connections and never answers, as one that hangs behind a load balancer. */
let silent: Server;
const held = new Set<Socket>();
let silentPort = 0;

beforeAll(async () => {
  silent = createServer((s) => {
    held.add(s);
    s.on('close', () => held.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

const azurite = () => inject('azuriteConnectionString');

describe('TableStore', () => {
  it('names its tables without a prefix when given none, and hands out one client per table', () => {
    const store = new TableStore(azurite());
    expect(store.client(TABLES.cases).tableName).toBe('Cases');
    // Created once: every repository of a table shares its client.
    expect(store.client(TABLES.cases)).toBe(store.client(TABLES.cases));
    expect(store.client(TABLES.caseIndex).tableName).toBe('CaseIndex');
  });

  it('gives up a readiness ping after its own timeout, well before a request’s tries would', async () => {
    // Each try would wait 2 s (the default request timeout) and the SDK tries up to four times:
    // only the ping's 200 ms signal ends it this early. Slack for a busy machine.
    const store = new TableStore(azuriteConnectionString(silentPort));
    const started = performance.now();
    await expect(store.ping(200)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reaches Azurite over http, blanks after "TableEndpoint=" and all, as the SDK reads the value', async () => {
    await expect(new TableStore(azurite()).ping(5000)).resolves.toBeUndefined();
    const spaced = azurite().replace('TableEndpoint=', 'TableEndpoint=  ');
    expect(spaced).toContain('TableEndpoint=  http://127.0.0.1:');
    await expect(new TableStore(spaced).ping(5000)).resolves.toBeUndefined();
  });

  // An account key signs each request; over plain http to anything but a declared emulator
  // endpoint the SDK must refuse before sending. The account's own endpoint is <account>.table.<suffix>,
  // here under .invalid (RFC 6761) so that even a faulty build sends nothing anywhere.
  it.each([
    ['no TableEndpoint', azurite().replace(/TableEndpoint=[^;]*;?/, '') + ';EndpointSuffix=invalid'],
    ['"TableEndpoint =", a key the SDK does not read', azurite().replace('TableEndpoint=', 'TableEndpoint =') + ';EndpointSuffix=invalid'],
  ])('refuses plain http to the account endpoint of a connection string with %s', async (_, connectionString) => {
    expect(connectionString).toContain('DefaultEndpointsProtocol=http;');
    await expect(new TableStore(connectionString).ping(1000)).rejects.toThrow('Cannot connect to http://devstoreaccount1.table.invalid/');
  });
});
