import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
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
