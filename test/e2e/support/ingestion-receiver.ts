import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One telemetry item as the Azure Monitor exporter sends it (the Breeze envelope). */
export interface Envelope {
  readonly name: string;
  readonly time?: string;
  readonly iKey?: string;
  readonly tags?: Record<string, string>;
  readonly data?: { readonly baseType?: string; readonly baseData?: Record<string, unknown> };
}

/**
 * A stand-in for Application Insights' ingestion endpoint on https://127.0.0.1 (the exporter
 * turns an http:// endpoint into https://), with a certificate made for it: the bot trusts it
 * through NODE_EXTRA_CA_CERTS=`caFile`. It takes what the
 * exporter posts to /v2/track and /v2.1/track (a JSON array, or newline-delimited JSON, gzip'd
 * or not) and answers that every item was accepted. Every request is kept as it came, so a test
 * can look at the raw bytes too (and see whether anything else, such as live metrics, called).
 */
export class IngestionReceiver {
  readonly envelopes: Envelope[] = [];
  readonly requests: Array<{ method: string; path: string; body: string }> = [];
  private server: Server | undefined;
  private port = 0;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ingestion-receiver-'));
  /** The receiver's self-signed certificate, for the bot's NODE_EXTRA_CA_CERTS. */
  readonly caFile = path.join(this.dir, 'cert.pem');

  get connectionString(): string {
    const url = `https://127.0.0.1:${this.port}/`;
    return `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${url};LiveEndpoint=${url}`;
  }

  /** Everything received, as text: what a test searches for strings that must not be there. */
  rawText(): string {
    return this.requests.map((r) => `${r.method} ${r.path}\n${r.body}`).join('\n');
  }

  async start(): Promise<this> {
    const keyFile = path.join(this.dir, 'key.pem');
    // prettier-ignore
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', this.caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    this.server = createServer({ key: readFileSync(keyFile), cert: readFileSync(this.caFile) }, (req, res) => {
      void readBody(req).then((raw) => {
        const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
        const body = req.headers['content-encoding'] === 'gzip' && raw.length > 0 ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        this.requests.push({ method: req.method ?? '', path, body });
        if (req.method === 'POST' && /\/v2(\.1)?\/track$/.test(path)) {
          const items = parseEnvelopes(body);
          this.envelopes.push(...items);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
          return;
        }
        // Live metrics (QuickPulse) ask whether anyone is watching: no one is.
        res.writeHead(200, { 'content-type': 'application/json', 'x-ms-qps-subscribed': 'false' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    rmSync(this.dir, { recursive: true, force: true });
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

function parseEnvelopes(body: string): Envelope[] {
  const text = body.trim();
  if (text === '') return [];
  if (text.startsWith('[')) return JSON.parse(text) as Envelope[];
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Envelope);
}
