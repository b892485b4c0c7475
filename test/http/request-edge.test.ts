import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const ANNA = '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41';
const DISPATCH_KEY = 'k'.repeat(40);
const PRODUCTION = {
  MicrosoftAppId: '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppTenantId: TENANT,
  DISPATCH_KEY,
};
/** Short, so a slow request is cut off while the test waits. */
const TIMEOUT_SECONDS = 2;
const MiB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let bomb: Buffer | undefined;
/** 400 MB of JSON gzipped to about 400 KB, built as a stream so the test never holds 400 MB. */
async function gzipBomb(): Promise<Buffer> {
  if (bomb !== undefined) return bomb;
  const chunk = Buffer.alloc(MiB, 0x30);
  function* json(): Generator<Buffer> {
    yield Buffer.from('{"type":"message","text":"');
    for (let i = 0; i < 400; i++) yield chunk;
    yield Buffer.from('"}');
  }
  const parts: Buffer[] = [];
  await pipeline(Readable.from(json()), createGzip({ level: 9 }), async function* (source: AsyncIterable<Buffer>) {
    for await (const part of source) parts.push(part);
  });
  bomb = Buffer.concat(parts);
  return bomb;
}

/**
 * How far the process's resident memory rose above where it stood after a collection while
 * `work` ran, sampled every few milliseconds. The bot runs in this process (one test file per
 * vitest worker process), so its memory is what is measured.
 */
async function rssGrowthDuring(work: () => Promise<void>): Promise<number> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return peak - base;
}

async function post(bot: TestBot, route: string, body: RequestInit['body'] | undefined, headers: Record<string, string>): Promise<{ status: number; text: string; connection: string | null }> {
  const res = await fetch(`${bot.baseUrl}${route}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, text: await res.text(), connection: res.headers.get('connection') };
}

/** A short JSON error of our own: {error, message} and nothing a library wrote. */
function expectShortError(text: string, status: number, error: string): void {
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  expect(body['error']).toBe(error);
  expect(String(body['message']).length).toBeLessThan(120);
  expect(text).not.toMatch(/Unexpected|Quote|position|SyntaxError|at Object|node_modules/i);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
}

/** A form-encoded copy of a Teams message, in the bracket notation form parsers nest. */
function formActivity(serviceUrl: string): string {
  const a = fixture('teams-personal-message', serviceUrl);
  const conversation = a.conversation as Record<string, string>;
  const from = a.from as Record<string, string>;
  return new URLSearchParams({
    type: 'message',
    text: 'hjälp',
    id: String(a['id']),
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    'from[id]': from['id']!,
    'from[aadObjectId]': from['aadObjectId']!,
    'conversation[id]': conversation['id']!,
    'conversation[tenantId]': TENANT,
    'conversation[conversationType]': 'personal',
    'recipient[id]': '28:0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29',
    'channelData[tenant][id]': TENANT,
  }).toString();
}

/** A valid activity whose text holds bytes that are not UTF-8 (a lenient decoder would let it through). */
function invalidUtf8Activity(): (serviceUrl: string) => Buffer {
  return (serviceUrl) => {
    const json = JSON.stringify(fixture('teams-personal-message', serviceUrl, { text: 'BAD' }));
    const [before, after] = json.split('BAD') as [string, string];
    return Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after)]);
  };
}

interface RawExchange {
  readonly response: string;
  /** Milliseconds from the first byte sent until the server closed the connection. */
  readonly closedAfterMs: number;
}

/**
 * Writes `head` on a plain TCP connection, then `trickle` one byte at a time every
 * `everyMs` (or `onContinue` once the server says 100 Continue) until the server answers and
 * closes (or `giveUpMs` passes).
 */
function rawRequest(port: number, head: string, options: { trickle?: string; everyMs?: number; giveUpMs?: number; onContinue?: Buffer } = {}): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let response = '';
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => socket.destroy(), options.giveUpMs ?? 10_000);
    socket.on('data', (d: Buffer) => {
      // A client that sent Expect: 100-continue sends its body when told to, once.
      if (options.onContinue !== undefined && response === '' && d.toString('latin1').startsWith('HTTP/1.1 100 ')) socket.write(options.onContinue);
      response += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
    socket.write(head);
    const rest = options.trickle ?? '';
    let i = 0;
    if (rest !== '') {
      timer = setInterval(() => {
        if (socket.destroyed || socket.writableEnded) return;
        socket.write(rest[i % rest.length]!);
        i++;
      }, options.everyMs ?? 100);
    }
  });
}

function statusOf(raw: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
  return match === null ? undefined : Number(match[1]);
}

describe('REQUEST_TIMEOUT_SECONDS', () => {
  it('defaults to 30 s and takes whole seconds from 1 to 300', () => {
    const base = { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
    expect(loadConfig(base).requestTimeoutSeconds).toBe(30);
    expect(loadConfig({ ...base, REQUEST_TIMEOUT_SECONDS: ' ' }).requestTimeoutSeconds).toBe(30);
    expect(loadConfig({ ...base, REQUEST_TIMEOUT_SECONDS: '5' }).requestTimeoutSeconds).toBe(5);
    for (const bad of ['0', '301', '2.5', 'soon']) {
      expect(() => loadConfig({ ...base, REQUEST_TIMEOUT_SECONDS: bad })).toThrow(/^Invalid configuration: REQUEST_TIMEOUT_SECONDS /);
    }
  });
});

describe.each([
  ['local mode', {}],
  ['production mode', PRODUCTION],
] as const)('the body a request may carry, in %s', (mode, env) => {
  let connector: FakeConnector;
  let bot: TestBot;
  let port: number;
  const production = mode === 'production mode';

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startTestBot({ ...env, REQUEST_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
    port = Number(new URL(bot.baseUrl).port);
  });
  afterAll(async () => {
    await bot.close();
    await connector.stop();
  });

  it('refuses a gzip body that inflates to 400 MB, sent without a token, alone and eight at once, with memory growing by under 50 MB', async () => {
    const body = await gzipBomb();
    expect(body.length).toBeLessThan(512 * 1024);
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const answers: Array<{ status: number; text: string }> = [];
    const alone = await rssGrowthDuring(async () => {
      answers.push(await post(bot, '/api/messages', body, headers));
    });
    const eight = await rssGrowthDuring(async () => {
      answers.push(...(await Promise.all(Array.from({ length: 8 }, () => post(bot, '/api/messages', body, headers)))));
    });
    const growth = `resident memory grew ${Math.round(alone / MiB)} MB for one, ${Math.round(eight / MiB)} MB for eight`;
    expect(alone, growth).toBeLessThan(50 * MiB);
    expect(eight, growth).toBeLessThan(50 * MiB);
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(415));
    for (const a of answers) expectShortError(a.text, a.status, 'UnsupportedMediaType');
    expect(connector.calls).toHaveLength(0);
  }, 60_000);

  it.each(['gzip', 'deflate', 'br', 'gzip, identity'])('refuses Content-Encoding %s with 415, even for a small valid activity', async (encoding) => {
    const activity = Buffer.from(JSON.stringify(fixture('teams-personal-message', connector.url)));
    const res = await post(bot, '/api/messages', encoding.startsWith('gzip') ? gzipSync(activity) : activity, { 'content-type': 'application/json', 'content-encoding': encoding });
    expect(res.status).toBe(415);
    expectShortError(res.text, res.status, 'UnsupportedMediaType');
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses a multipart upload of a few MB with 415 and writes nothing to the temp folder', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'request-edge-'));
    const before = process.env['TMPDIR'];
    process.env['TMPDIR'] = tmp;
    try {
      expect(os.tmpdir()).toBe(tmp);
      for (let i = 0; i < 3; i++) {
        const form = new FormData();
        form.append('f', new Blob([Buffer.alloc(4 * MiB, 0x61)]), 'big.bin');
        const res = await post(bot, '/api/messages', form, {});
        expect(res.status).toBe(415);
        expectShortError(res.text, res.status, 'UnsupportedMediaType');
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = before;
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses a form-encoded activity with 415 and runs no bot logic', async () => {
    const res = await post(bot, '/api/messages', formActivity(connector.url), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expectShortError(res.text, res.status, 'UnsupportedMediaType');
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.calls).toHaveLength(0);
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA })).toBeUndefined();
  });

  it.each([
    'text/csv',
    'text/plain',
    'application/xml',
    'application/json-patch+json',
    'application/json; charset=latin1',
    'application/json; charset=utf-8; boundary=x',
    'multipart/form-data; boundary=x',
    'json',
  ])('answers a JSON body sent as %s with 415 and a short JSON error, never a 500', async (type) => {
    const res = await post(bot, '/api/messages', JSON.stringify(fixture('teams-personal-message', connector.url)), { 'content-type': type });
    expect(res.status).toBe(415);
    expectShortError(res.text, res.status, 'UnsupportedMediaType');
    expect(connector.calls).toHaveLength(0);
  });

  it('answers a JSON body without a Content-Type with 415', async () => {
    const res = await rawRequest(
      port,
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(statusOf(res.response)).toBe(415);
  });

  it.each([
    ['malformed JSON', Buffer.from('{"type": "message", ')],
    ['JSON with a trailing comma', Buffer.from('{"type": "message",}')],
    ['an activity with invalid UTF-8 in its text', invalidUtf8Activity()],
    ['a byte-order mark and garbage', Buffer.from('\ufeff<xml/>')],
  ])('answers %s with 400 and a short JSON error', async (_name, make) => {
    const body = typeof make === 'function' ? make(connector.url) : make;
    const res = await post(bot, '/api/messages', body, { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(400);
    expectShortError(res.text, res.status, 'BadRequest');
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses a Content-Length over 512 KiB with 413 at once, without waiting for the body', async () => {
    const res = await rawRequest(
      port,
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${100 * MiB}\r\n\r\n{"type":`,
      { giveUpMs: 5_000 },
    );
    expect(statusOf(res.response)).toBe(413);
    expect(res.response).toMatch(/\r\nConnection: close\r\n/i);
    expect(res.closedAfterMs).toBeLessThan(1_500);
  });

  it('answers Expect: 100-continue with the refusal and no 100 Continue when the headers already condemn the body', async () => {
    for (const [headers, status] of [
      ['Content-Type: text/csv\r\nContent-Length: 5000000', 415],
      ['Content-Type: application/json\r\nContent-Length: 5000000', 413],
    ] as const) {
      const res = await rawRequest(port, `POST /api/messages HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n${headers}\r\n\r\n`, { giveUpMs: 3_000 });
      expect(statusOf(res.response)).toBe(status);
      expect(res.closedAfterMs).toBeLessThan(1_500);
    }
  });

  it('sends 100 Continue for an acceptable body and then reads it', async () => {
    const body = Buffer.from(JSON.stringify(fixture('teams-personal-message', connector.url)));
    const res = await rawRequest(
      port,
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      { onContinue: body, giveUpMs: 8_000 },
    );
    // Read in full: unauthenticated in production mode, answered by the bot in local mode.
    expect(res.response).toMatch(production ? /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 / : /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    if (!production) await connector.waitForCalls(1);
    connector.calls.length = 0;
  });

  it('refuses a chunked body that grows past 512 KiB with 413 and stops reading', async () => {
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":"message","text":"'));
      },
      pull(controller) {
        // An endless body: the server must stop it, not the client.
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const res = await fetch(`${bot.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expectShortError(await res.text(), 413, 'PayloadTooLarge');
  });

  it('takes an activity of just under 512 KiB and application/json; charset=utf-8', async () => {
    const activity = fixture('teams-personal-message', connector.url, { padding: 'x'.repeat(500 * 1024) });
    const res = await post(bot, '/api/messages', JSON.stringify(activity), { 'content-type': 'Application/JSON; charset=UTF-8' });
    // Unauthenticated in production mode; read, parsed and answered by the bot in local mode.
    expect(res.status).toBe(production ? 401 : 200);
    if (!production) await connector.waitForCalls(1);
    connector.calls.length = 0;
  });

  it(`cuts off a body that trickles in, within the ${TIMEOUT_SECONDS} s configured`, async () => {
    const res = await rawRequest(port, `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"ty`, {
      trickle: 'pe":"message"   ',
      everyMs: 100,
    });
    expect(res.closedAfterMs).toBeLessThan(TIMEOUT_SECONDS * 1000 + 1_500);
    expect([408, undefined]).toContain(statusOf(res.response));
  });

  it(`cuts off headers that trickle in, within the ${TIMEOUT_SECONDS} s configured`, async () => {
    const res = await rawRequest(port, `POST /api/messages HTTP/1.1\r\nHost: x\r\n`, { trickle: 'X-Slow: aaaaaaaaaa\r\n', everyMs: 50 });
    expect(res.closedAfterMs).toBeLessThan(TIMEOUT_SECONDS * 1000 + 1_500);
  });

  if (production) {
    it('checks the dispatch key before reading the body', async () => {
      // Headers promise 100 kB that never come: only an answer given before reading can arrive.
      const head = (auth: string) =>
        `POST /api/reminders/dispatch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n${auth}\r\n{"now":`;
      for (const auth of ['', `Authorization: Bearer ${'x'.repeat(40)}\r\n`, 'Authorization: Basic dXNlcjpwYXNz\r\n']) {
        const res = await rawRequest(port, head(auth), { giveUpMs: 1_500 });
        expect(statusOf(res.response)).toBe(401);
        expect(res.closedAfterMs).toBeLessThan(1_000);
      }
      const gz = await post(bot, '/api/reminders/dispatch', await gzipBomb(), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect(gz.status).toBe(401);
    });

    it('refuses a dispatch body that is not JSON with 415 once the key is right', async () => {
      const res = await post(bot, '/api/reminders/dispatch', '{}', { 'content-type': 'text/csv', authorization: `Bearer ${DISPATCH_KEY}` });
      expect(res.status).toBe(415);
      expectShortError(res.text, res.status, 'UnsupportedMediaType');
      const ok = await post(bot, '/api/reminders/dispatch', undefined, { authorization: `Bearer ${DISPATCH_KEY}` });
      expect(ok.status).toBe(200);
    });
  } else {
    it('runs a dispatch with no body at all, as a timer may send it', async () => {
      const res = await post(bot, '/api/reminders/dispatch', undefined, {});
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ considered: 0, sent: 0, skipped: 0, failed: 0 });
    });

    it('refuses a form-encoded dispatch body with 415', async () => {
      const res = await post(bot, '/api/reminders/dispatch', 'now=2026-11-25T07%3A00%3A00.000Z', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(415);
      expectShortError(res.text, res.status, 'UnsupportedMediaType');
    });
  }
});
