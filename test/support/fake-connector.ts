import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
  /** The status the fake answered with: 200 for a delivered activity, else a scripted failure. */
  readonly status: number;
  /** When the call arrived (Date.now()), to measure the waits between retries. */
  readonly at: number;
}

/** One scripted answer: a status and the headers that go with it (e.g. retry-after). */
export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
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
  /**
   * What GET /v3/conversations/{id}/members/{user id} answers (TeamsInfo.getMember): the member's
   * account as Teams gives it, with their e-mail address; unknown users get 404, as from Teams.
   */
  readonly members = new Map<string, Record<string, unknown>>();

  private readonly scripted = new Map<string, ScriptedAnswer[]>();

  /** Answer the next send into this conversation with this status once (e.g. 429 with Retry-After). */
  failOnce(conversationId: string, status: number, retryAfter?: number): void {
    this.script(conversationId, [{ status, ...(retryAfter === undefined ? {} : { headers: { 'retry-after': String(retryAfter) } }) }]);
  }

  /** Answer the next sends into this conversation with these answers, in order; then as usual. */
  script(conversationId: string, answers: readonly ScriptedAnswer[]): void {
    this.scripted.set(conversationId, [...answers]);
  }

  /** Calls into one conversation that the fake answered 200: what a Teams client would show. */
  deliveredIn(conversationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.method === 'POST' && c.status === 200);
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
    this.scripted.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)$/.exec(req.url ?? '');
    if (member !== null && req.method === 'GET') {
      const account = this.members.get(decodeURIComponent(member[1]!));
      reply(res, account === undefined ? 404 : 200, account ?? { error: { code: 'MemberNotFoundInConversation' } });
      return;
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    if (match === null) {
      reply(res, 404, { error: { code: 'NotFound' } });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const once = this.scripted.get(conversationId)?.shift();
    const failure = this.failures.get(conversationId);
    const status = once?.status ?? failure ?? 200;
    this.calls.push({
      method: req.method ?? '',
      path: req.url ?? '',
      conversationId,
      authorization: req.headers.authorization,
      body: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>),
      status,
      at: Date.now(),
    });
    for (const wake of this.waiters.splice(0)) wake();
    if (once !== undefined) {
      for (const [name, value] of Object.entries(once.headers ?? {})) res.setHeader(name, value);
      reply(res, once.status, { error: { code: 'Throttled', message: 'scripted throttling' } });
      return;
    }
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
