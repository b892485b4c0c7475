import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Each bot of the tick benchmark runs in a process of its own (bot-process-main.ts), as it
 * would in production: its one thread is not shared with the clients driving it, and its
 * resident set is its own. The benchmark asks it for its counters over the IPC channel.
 */

export type BotKind = 'product' | 'bare';

export interface BotProcessOptions {
  readonly kind: BotKind;
  readonly connectionString: string;
  /** The product's TABLE_PREFIX, or the bare bot's table name. */
  readonly tables: string;
  /** The product's clock stands still at this moment (the reminder benchmark's "due" time). */
  readonly clockAt?: string;
  /** The product's REMINDER_RATE_PER_SECOND. */
  readonly ratePerSecond?: number;
}

/** What the bot process reports about itself. */
export interface BotStats {
  /** Table requests started so far (every HTTP attempt, counted by a perRetry pipeline policy). */
  readonly tableRequests: number;
  /** The count above when the last answer to /api/messages was written out. */
  readonly tableRequestsAtLastAnswer: number;
  /** Answers to /api/messages written so far. */
  readonly answers: number;
  /** CPU time of the process so far, user and system, in microseconds. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** What V8 holds for its heap, and memory outside it (Buffers and other native objects V8 knows of). */
  readonly heapTotalBytes: number;
  readonly externalBytes: number;
}

export type BotRequest = { readonly id: number; readonly type: 'stats' | 'settledMemory' | 'stop' | 'dispatch' | 'profileStart' | 'profileStop'; readonly file?: string };
/** One dispatcher tick of the product at its clock: what it sent and how long it took. */
export interface Dispatched {
  readonly sent: number;
  readonly failed: number;
  readonly seconds: number;
}
export type BotReply = { readonly id: number; readonly stats: BotStats; readonly dispatched?: Dispatched };
export type BotReady = { readonly type: 'ready'; readonly port: number } | { readonly type: 'failed'; readonly message: string };

export interface BotProcess {
  readonly kind: BotKind;
  readonly port: number;
  readonly pid: number;
  stats(): Promise<BotStats>;
  /** Stats after two full collections (the process runs with --expose-gc). */
  settledMemory(): Promise<BotStats>;
  /** Starts a V8 CPU profile in the bot process. */
  profileStart(): Promise<void>;
  /** Stops it and writes it to `file` (a .cpuprofile). */
  profileStop(file: string): Promise<void>;
  /** Runs one dispatcher tick in the product process (the reminder benchmark). */
  dispatch(): Promise<Dispatched>;
  stop(): Promise<void>;
}

export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const child = fork(path.join(__dirname, 'bot-process-main.js'), [], {
    // BENCH_BOT_FLAGS: Node flags for both bots (for example V8's heap sizes), to try a setting.
    execArgv: [
      '--expose-gc',
      // The product runs as `npm start` (and the README's production start) runs it: V8's old
      // generation capped at 128 MB, which keeps the resident set flat under load.
      ...(options.kind === 'product' ? ['--max-old-space-size=128'] : []),
      ...(process.env['BENCH_BOT_FLAGS']?.split(' ').filter((f) => f !== '') ?? []),
    ],
    env: { ...process.env, BENCH_BOT: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the ${options.kind} bot exited (code ${code}) before it was ready`));
    child.once('exit', onExit);
    child.once('message', (m: BotReady) => {
      child.off('exit', onExit);
      if (m.type === 'ready') resolve(m.port);
      else reject(new Error(`the ${options.kind} bot did not start: ${m.message}`));
    });
  });
  return new BotProcessHandle(options.kind, port, child);
}

class BotProcessHandle implements BotProcess {
  private next = 0;
  private readonly waiting = new Map<number, (reply: BotReply) => void>();

  constructor(
    readonly kind: BotKind,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: BotReply) => {
      const resolve = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      resolve?.(m);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  async stats(): Promise<BotStats> {
    return (await this.ask('stats')).stats;
  }

  async settledMemory(): Promise<BotStats> {
    return (await this.ask('settledMemory')).stats;
  }

  async profileStart(): Promise<void> {
    await this.ask('profileStart');
  }

  async profileStop(file: string): Promise<void> {
    await this.ask('profileStop', file);
  }

  async dispatch(): Promise<Dispatched> {
    const reply = await this.ask('dispatch');
    if (reply.dispatched === undefined) throw new Error('the bot process did not dispatch');
    return reply.dispatched;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    void this.ask('stop').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private ask(type: BotRequest['type'], file?: string): Promise<BotReply> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.child.send({ id, type, ...(file === undefined ? {} : { file }) } satisfies BotRequest, (err) => {
        if (err !== null) {
          this.waiting.delete(id);
          reject(err);
        }
      });
    });
  }
}
