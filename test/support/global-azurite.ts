import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startEmbeddedTableStorage, type EmbeddedTableStorage } from '../../src/local/embedded-table-storage';

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
  }
}

let azurite: EmbeddedTableStorage | undefined;

/** One in-memory Azurite Table service on a free port for the whole run. */
export async function setup(project: TestProject): Promise<void> {
  azurite = await startEmbeddedTableStorage({ port: 0 });
  project.provide('azuriteConnectionString', azurite.connectionString);
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
}
