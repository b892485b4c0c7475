import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, waitForOutput } from '../../src/local/child-process';
import { azuriteConnectionString } from '../../src/local/embedded-table-storage';

export interface AzuriteProcess {
  readonly connectionString: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Azurite's Table service in its own process, memory only: the benchmark's memory figures are
 * then the bot's, not the emulator's.
 */
export async function startAzuriteProcess(root: string): Promise<AzuriteProcess> {
  const port = await freePort();
  const bin = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');
  const child = spawn(process.execPath, [bin, '--inMemoryPersistence', '--disableTelemetry', '--silent', '--tableHost', '127.0.0.1', '--tablePort', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, /successfully (started|listening)/i, 30_000, 'Azurite');
  return {
    connectionString: azuriteConnectionString(port),
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
