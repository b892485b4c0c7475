import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server';

/**
 * A Bot Connector stand-in that accepts everything the bot sends (replies, notices) with 200.
 * It keeps only the last activity per conversation, which the set-up reads the checklist card
 * from, and a count, so a long run does not grow.
 */
export class AcceptingConnector {
  url = '';
  received = 0;
  private readonly last = new Map<string, Record<string, unknown>>();
  private server: Server | undefined;

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenOnLoopback((req, res) => void this.handle(req, res)));
    return this;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** The last activity the bot sent into a conversation. */
  lastIn(conversationId: string): Record<string, unknown> | undefined {
    return this.last.get(conversationId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    if (match === null) {
      res.statusCode = 404;
      res.end();
      return;
    }
    this.received++;
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && raw !== '') this.last.set(decodeURIComponent(match[1]!), JSON.parse(raw) as Record<string, unknown>);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: `activity-${this.received}` }));
  }
}
