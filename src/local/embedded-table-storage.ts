import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** Azurite's well-known development account; it only ever guards a loopback-bound emulator. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedTableStorage {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedTableStorageOptions {
  /** Folder for the table database; omit for memory only (tests). */
  readonly dataDir?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

/**
 * Starts Azurite's Table service inside this process on 127.0.0.1. Azurite is a development
 * dependency, loaded only when asked for, so a production install without it still starts when
 * it is given a real connection string.
 */
export async function startEmbeddedTableStorage(options: EmbeddedTableStorageOptions = {}): Promise<EmbeddedTableStorage> {
  let TableServer: typeof import('azurite/dist/src/table/TableServer').default;
  let TableConfiguration: typeof import('azurite/dist/src/table/TableConfiguration').default;
  try {
    // require, not import(): these deep paths have no extension, which ESM resolution refuses.
    TableServer = (require('azurite/dist/src/table/TableServer') as typeof import('azurite/dist/src/table/TableServer')).default;
    TableConfiguration = (require('azurite/dist/src/table/TableConfiguration') as typeof import('azurite/dist/src/table/TableConfiguration')).default;
  } catch {
    throw new Error('The embedded store needs the azurite package (npm install), or set STORAGE_CONNECTION_STRING.');
  }

  const memoryOnly = options.dataDir === undefined;
  let dbPath = path.join(process.cwd(), '__azurite_memory__.json');
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    dbPath = path.resolve(options.dataDir, '__azurite_db_table__.json');
  }
  const config = new TableConfiguration(
    '127.0.0.1',
    options.port ?? 0,
    undefined,
    dbPath,
    false, // debug log
    false, // access log: it would record request URLs with entity keys
    undefined,
    undefined,
    false,
    false,
    '',
    '',
    '',
    undefined,
    false,
    memoryOnly,
  );
  const server = new TableServer(config);
  await server.start();
  const port = (server.httpServer.address() as AddressInfo).port;
  return {
    port,
    connectionString: azuriteConnectionString(port),
    stop: () => server.close(),
  };
}

/** The connection string of an Azurite Table service on this machine's loopback, with its development account. */
export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}
