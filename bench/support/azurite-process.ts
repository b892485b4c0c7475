import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { azuriteConnectionString } from '../../src/local/embedded-table-storage';


export interface AzuriteProcess {
  readonly connectionString: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      if (/successfully (started|listening)/i.test(output)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}:\n${output}`));
    });
  });
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
