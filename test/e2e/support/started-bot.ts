import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForOutput } from '../../../src/local/child-process';

/** The repository, and the built bot's entry point in it (what `npm start` runs). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');

export interface StartedBot {
  readonly playgroundUrl: string;
  /** The second playground, whose user is the colleague (Megan Bowen). */
  readonly colleagueUrl: string;
  readonly botPort: number;
  readonly dataDir: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the built bot exactly as `npm start` does (embedded store, playground), on free ports
 * and a temporary data folder, and waits for the line that tells the developer where to chat.
 */
export async function startBuiltBot(dataDir = mkdtempSync(path.join(os.tmpdir(), 'samordningsboten-e2e-')), env: Record<string, string> = {}): Promise<StartedBot> {
  if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: run `npm run build` first (npm run test:e2e does).');
  const botPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(botPort), PLAYGROUND_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', MicrosoftAppId: '', MicrosoftAppPassword: '', STORAGE_CONNECTION_STRING: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));

  // Both addresses come in one message: yours, then the colleague's.
  const [, playgroundUrl, colleagueUrl] = await waitForOutput(child, /open (http:\/\/127\.0\.0\.1:\d+\/)\n.*?open (http:\/\/127\.0\.0\.1:\d+\/)/, 60_000, 'The bot');

  return {
    playgroundUrl: playgroundUrl!,
    colleagueUrl: colleagueUrl!,
    botPort,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
    },
  };
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
