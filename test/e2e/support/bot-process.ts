import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitForOutput } from '../../../src/local/child-process';
import { Client, type Person } from '../../support/case-flow';
import type { FakeConnector } from '../../support/fake-connector';
import type { TestBot } from '../../support/test-bot';
import { MAIN, ROOT } from './started-bot';

/** The built bot as a process of its own (what `npm start` runs), without the playground. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Where its HTTP endpoint listens. */
  readonly url: string;
  /** What it has written to stdout and stderr so far. */
  readonly output: () => string;
}

/**
 * Starts the built bot on a free port with this environment over the local defaults (no app id,
 * no playground, warnings only) and waits until it says it is running.
 */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PLAYGROUND: 'false', LOG_LEVEL: 'warn', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  await waitForOutput(child, /Samordningsboten is running on/, 60_000, 'The bot');
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Stops a process (SIGTERM: cleanly; SIGKILL: as kill -9) and waits until it has gone. */
export function stopProcess(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A Teams client for one person against a bot process's HTTP endpoint. */
export function clientOf(bot: BotProcess, connector: FakeConnector, who: Person): Client {
  // Client only posts activities; the rest of TestBot is for in-process bots.
  const endpoint = {
    async post(body: unknown) {
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
  } as unknown as TestBot;
  return new Client(endpoint, connector, who);
}

/** Stops the embedded store a killed bot left running in a data folder, before the folder goes. */
export function stopLeftStore(dataDir: string): void {
  const stateFile = path.join(dataDir, 'azurite-process.json');
  if (!existsSync(stateFile)) return;
  try {
    process.kill((JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number }).pid, 'SIGINT');
  } catch {
    // already gone
  }
}
