import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { waitForOutput } from './child-process';
import { playgroundConfig, type PlaygroundUser } from './playground-users';

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  readonly botEndpoint: string;
  /** The playground's own web UI port (its default is 56150; 0 picks a free one). */
  readonly port: number;
  /** Folder for the playground's log file and config; it writes into its cwd otherwise. */
  readonly workDir: string;
  /** Who uses this playground: its current user, written into its configuration in workDir. */
  readonly as: PlaygroundUser;
  /** Resolves when the UI answers; rejects after this long. */
  readonly readyTimeoutMs?: number;
}

export interface Playground {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Microsoft 365 Agents Playground (a local Teams client) against the bot as a child
 * process. It is a development dependency and needs no network or tenant.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  let cli: string;
  try {
    cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  } catch {
    throw new Error('The Agents Playground is not installed (npm install), or set PLAYGROUND=false.');
  }
  // The playground reads this file from its working folder.
  writeFileSync(path.join(options.workDir, '.m365agentsplayground.yml'), playgroundConfig(options.as));
  const child = spawn(
    process.execPath,
    [cli, '-e', options.botEndpoint, '-c', 'msteams', '--disable-telemetry', '-p', String(options.port)],
    {
      cwd: options.workDir,
      env: {
        ...process.env,
        // Headless by default: the developer opens the printed URL in their own browser.
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.resolve(options.workDir, 'playground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The playground prints "Listening on <port>" once its UI is up.
  const port = Number((await waitForOutput(child, /Listening on (\d+)/, options.readyTimeoutMs ?? 30_000, 'The Agents Playground'))[1]);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
