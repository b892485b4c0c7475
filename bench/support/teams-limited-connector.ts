import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server';

/**
 * Teams' documented rate limits for a bot (learn.microsoft.com, "Optimize your bot with rate
 * limiting"): per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour; per app and
 * tenant 50 a second. Windows are sliding and both ends count, as strict as Teams could be.
 */
const PER_CONVERSATION: ReadonlyArray<{ windowMs: number; max: number }> = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1800 },
];
const GLOBAL = { windowMs: 1_000, max: 50 } as const;

/** Counts in a sliding window over the send times kept for it. */
class SlidingLog {
  private readonly times: number[] = [];
  constructor(private readonly keepMs: number) {}
  countWithin(now: number, windowMs: number): number {
    let n = 0;
    for (let i = this.times.length - 1; i >= 0 && now - this.times[i]! <= windowMs; i--) n++;
    return n;
  }
  add(now: number): void {
    this.times.push(now);
    while (this.times.length > 0 && now - this.times[0]! > this.keepMs) this.times.shift();
  }
}

/**
 * A Bot Connector stand-in that answers like Teams under load: 201 for a message within the
 * limits, 429 with Retry-After for one over them. It records when each message was accepted.
 */
export class TeamsLimitedConnector {
  url = '';
  accepted = 0;
  throttled = 0;
  readonly acceptedAt: number[] = [];
  private server: Server | undefined;
  private readonly global = new SlidingLog(GLOBAL.windowMs);
  private readonly perConversation = new Map<string, SlidingLog>();

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenOnLoopback((req, res) => void this.handle(req, res)));
    return this;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  reset(): void {
    this.accepted = 0;
    this.throttled = 0;
    this.acceptedAt.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const _ of req) void _;
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    if (match === null || req.method !== 'POST') return reply(res, 404, { error: { code: 'NotFound' } });
    const conversation = decodeURIComponent(match[1]!);
    const now = Date.now();
    let log = this.perConversation.get(conversation);
    if (log === undefined) this.perConversation.set(conversation, (log = new SlidingLog(3_600_000)));
    // "+ 1": this message would be one more in each window.
    const over = this.global.countWithin(now, GLOBAL.windowMs) + 1 > GLOBAL.max || PER_CONVERSATION.some((w) => log.countWithin(now, w.windowMs) + 1 > w.max);
    if (over) {
      this.throttled++;
      res.setHeader('Retry-After', '1');
      return reply(res, 429, { error: { code: 'TooManyRequests' } });
    }
    this.global.add(now);
    log.add(now);
    this.accepted++;
    this.acceptedAt.push(now);
    reply(res, 201, { id: `m${this.accepted}` });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  // restify, loaded by the bot in the same process, replaces ServerResponse.writeHead's return.
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
