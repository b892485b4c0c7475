import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { TableStore } from '../storage/table-store';
import { freePort } from './child-process';
import { azuriteConnectionString } from './embedded-table-storage';

/**
 * The embedded store as its own process, which outlives the bot. Azurite keeps its tables in
 * memory and writes them to DATA_DIR about every 5 seconds, so inside the bot's process a kill -9
 * lost up to 5 seconds of acknowledged changes. In a process of its own it goes on running and
 * saving when the bot is killed, and the next start of the bot finds it and uses it again; a clean
 * stop of the bot (Ctrl+C, SIGTERM) stops it cleanly, which saves everything.
 *
 * Not covered: Azurite itself killed, or the machine losing power, within 5 s of a change.
 */
export interface EmbeddedStoreProcess {
  readonly connectionString: string;
  readonly port: number;
  readonly pid: number;
  /** Whether this start found a store left running by an earlier start. */
  readonly adopted: boolean;
  /** Stops Azurite cleanly (it saves on the way out) and waits until it has gone. */
  stop(): Promise<void>;
}

/** What is kept in DATA_DIR about the running store, so the next start can find it. */
const STATE_FILE = 'azurite-process.json';
const LOG_FILE = 'azurite.log';
const stateSchema = z.object({ pid: z.number().int().positive(), port: z.number().int().min(1).max(65_535) });

export interface EmbeddedStoreProcessOptions {
  readonly dataDir: string;
  /** How long to wait for a new Azurite to answer. */
  readonly startTimeoutMs?: number;
}

export async function startEmbeddedStoreProcess(options: EmbeddedStoreProcessOptions): Promise<EmbeddedStoreProcess> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const statePath = path.join(dataDir, STATE_FILE);

  const left = readState(statePath);
  if (left !== undefined && isAlive(left.pid) && (await answers(left.port, 2_000))) {
    return handle(left.pid, left.port, statePath, true);
  }

  const port = await freePort();
  const main = require.resolve('azurite/dist/src/table/main.js');
  const log = openSync(path.join(dataDir, LOG_FILE), 'a');
  // Detached, in a process group of its own: a Ctrl+C in the terminal reaches the bot, which
  // stops Azurite after its own requests are done, and a kill of the bot leaves Azurite running.
  const child = spawn(process.execPath, [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--location', dataDir, '--disableTelemetry'], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('The embedded store (Azurite) could not be started.');

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await answers(port, 1_000))) {
    if (!isAlive(pid)) throw new Error(`The embedded store (Azurite) exited on start; see ${path.join(dataDir, LOG_FILE)}.`);
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      throw new Error(`The embedded store (Azurite) did not answer within ${(options.startTimeoutMs ?? 30_000) / 1000} s; see ${path.join(dataDir, LOG_FILE)}.`);
    }
    await sleep(100);
  }
  writeFileSync(statePath, JSON.stringify({ pid, port }));
  return handle(pid, port, statePath, false);
}

function handle(pid: number, port: number, statePath: string, adopted: boolean): EmbeddedStoreProcess {
  return {
    connectionString: azuriteConnectionString(port),
    port,
    pid,
    adopted,
    stop: async () => {
      // Azurite's table service closes (and saves) on SIGINT, not on SIGTERM.
      if (isAlive(pid)) process.kill(pid, 'SIGINT');
      for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 50) await sleep(50);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(statePath, { force: true });
    },
  };
}

function readState(statePath: string): z.infer<typeof stateSchema> | undefined {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(statePath, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs (and may be signalled by us). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether an Azurite table service answers on this loopback port. */
async function answers(port: number, timeoutMs: number): Promise<boolean> {
  try {
    await new TableStore(azuriteConnectionString(port)).ping(timeoutMs);
    return true;
  } catch {
    return false;
  }
}
