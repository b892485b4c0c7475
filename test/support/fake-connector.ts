import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

/**
 * A local stand-in for the Bot Connector service: the bot's replies and proactive messages
 * arrive here and are recorded, so tests assert on what a Teams client would have received.
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private counter = 0;
  private readonly failures = new Map<string, number>();

  private readonly onceFailures = new Map<string, { status: number; retryAfter?: number }>();

  /** Answer the next send into this conversation with this status once (e.g. 429 with Retry-After). */
  failOnce(conversationId: string, status: number, retryAfter?: number): void {
    this.onceFailures.set(conversationId, { status, ...(retryAfter === undefined ? {} : { retryAfter }) });
  }

  /** From now on, answer every send into this conversation with this status (e.g. 403 when the user removed the bot). */
  failFor(conversationId: string, status: number): void {
    this.failures.set(conversationId, status);
  }
  private waiters: Array<() => void> = [];

  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Activities sent into one conversation, in order. */
  activitiesIn(conversationId: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.method === 'POST').map((c) => c.body);
  }

  /** Waits until at least `count` calls have been recorded (or fails after a timeout). */
  async waitForCalls(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.calls.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} connector calls, got ${this.calls.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.onceFailures.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    if (match === null) {
      reply(res, 404, { error: { code: 'NotFound' } });
      return;
    }
    this.calls.push({
      method: req.method ?? '',
      path: req.url ?? '',
      conversationId: decodeURIComponent(match[1]!),
      authorization: req.headers.authorization,
      body: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>),
    });
    for (const wake of this.waiters.splice(0)) wake();
    const once = this.onceFailures.get(decodeURIComponent(match[1]!));
    if (once !== undefined) {
      this.onceFailures.delete(decodeURIComponent(match[1]!));
      if (once.retryAfter !== undefined) res.setHeader('retry-after', String(once.retryAfter));
      reply(res, once.status, { error: { code: 'Throttled', message: 'scripted throttling' } });
      return;
    }
    const failure = this.failures.get(decodeURIComponent(match[1]!));
    if (failure !== undefined) {
      reply(res, failure, { error: { code: failure === 403 ? 'BotDisabledByAdmin' : 'Failure', message: 'scripted failure' } });
      return;
    }
    reply(res, 200, { id: `activity-${++this.counter}` });
  }
}

/** restify patches http.ServerResponse in this process (its writeHead returns nothing), so no chaining. */
function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
