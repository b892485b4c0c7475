import { connect, createServer, type Server, type Socket } from 'node:net';
import { azuriteConnectionString } from '../../src/local/embedded-table-storage';

/**
 * A TCP relay between the bot and Azurite that can stop passing bytes, both ways, on every
 * connection old and new: a store that has gone silent, as when a network path drops packets.
 * Nothing sent while silent reaches Azurite, so whatever the bot believes, nothing was written.
 */
export interface StorageProxy {
  readonly connectionString: string;
  silence(): void;
  /**
   * From now on, a request whose bytes match `pattern` reaches Azurite but its answer never comes
   * back (nor anything after it on that connection): a write the store made whose answer was lost.
   */
  loseAnswersTo(pattern: RegExp | undefined): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function startStorageProxy(upstreamConnectionString: string): Promise<StorageProxy> {
  const upstreamPort = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(upstreamConnectionString)?.[1]);
  if (!Number.isInteger(upstreamPort)) throw new Error('the storage proxy relays only to a loopback Azurite');
  let silent = false;
  let losing: RegExp | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // A socket the bot gives up on is destroyed; its partner goes with it.
      s.on('error', () => undefined);
    }
    let answersLost = false;
    client.on('data', (chunk: Buffer) => {
      if (losing?.test(chunk.toString('latin1')) === true) answersLost = true;
      if (!silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!silent && !answersLost) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    connectionString: azuriteConnectionString(port),
    silence: () => {
      silent = true;
    },
    resume: () => {
      silent = false;
    },
    loseAnswersTo: (pattern) => {
      losing = pattern;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
