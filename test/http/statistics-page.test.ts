import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundOrigins, registerStatisticsPageRoutes, statisticsPagePolicy } from '../../src/http/routes/statistics-page';
import { startTestBot, type TestBot } from '../support/test-bot';

const ASSETS = [
  ['/statistik', 'text/html; charset=utf-8'],
  ['/statistik/konfigurera', 'text/html; charset=utf-8'],
  ['/statistik/app.js', 'text/javascript; charset=utf-8'],
  ['/statistik/konfigurera.js', 'text/javascript; charset=utf-8'],
  ['/statistik/app.css', 'text/css; charset=utf-8'],
  ['/statistik/vendor/chart.umd.min.js', 'text/javascript; charset=utf-8'],
  ['/statistik/vendor/MicrosoftTeams.min.js', 'text/javascript; charset=utf-8'],
] as const;

/** The raw path as sent, without the URL normalisation fetch does (`..` and `%2e%2e` kept). */
function rawGet(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
}

describe('the statistics page routes', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    registerStatisticsPageRoutes(server, { extraFrameAncestors: [] });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(ASSETS)('serves %s as %s, not to be sniffed, checked again on every use', async (path, type) => {
    const response = await fetch(base + path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('answers 304 to a browser that has the file already', async () => {
    const first = await fetch(`${base}/statistik/app.js`);
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${base}/statistik/app.js`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('is the Swedish page that loads only its own scripts, with no inline script', async () => {
    const html = await (await fetch(`${base}/statistik`)).text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Statistik</h1>');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((match) => /src="([^"]+)"/.exec(match[1] ?? '')?.[1])).toEqual([
      '/statistik/vendor/MicrosoftTeams.min.js',
      '/statistik/vendor/chart.umd.min.js',
      '/statistik/app.js',
    ]);
    for (const match of scripts) expect(match[2]).toBe('');
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toContain('style=');
  });

  it('sets a strict policy on the pages: own scripts only, framed only by Teams', async () => {
    for (const path of ['/statistik', '/statistik/konfigurera']) {
      const policy = (await fetch(base + path)).headers.get('content-security-policy') ?? '';
      const parts = directives(policy);
      expect(parts.get('default-src')).toEqual(["'none'"]);
      expect(parts.get('script-src')).toEqual(["'self'"]);
      expect(parts.get('style-src')).toEqual(["'self'"]);
      expect(parts.get('connect-src')).toEqual(["'self'", 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json']);
      expect(parts.get('base-uri')).toEqual(["'none'"]);
      expect(parts.get('form-action')).toEqual(["'none'"]);
      expect(parts.get('frame-ancestors')).toEqual([
        'https://teams.microsoft.com',
        'https://*.teams.microsoft.com',
        'https://*.cloud.microsoft',
        'https://*.office.com',
        'https://*.microsoft365.com',
      ]);
      expect(policy).not.toMatch(/unsafe|\*(?!\.)|http:/);
    }
  });

  it('serves the configuration page, which tells Teams what the tab shows', async () => {
    const html = await (await fetch(`${base}/statistik/konfigurera`)).text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('src="/statistik/konfigurera.js"');
    const script = await (await fetch(`${base}/statistik/konfigurera.js`)).text();
    expect(script).toContain('setConfig');
    expect(script).toContain("entityId: 'statistik'");
    expect(script).toContain("suggestedDisplayName: 'Statistik'");
    expect(script).toContain('setValidityState(true)');
  });

  it.each([
    '/statistik/../package.json',
    '/statistik/%2e%2e/package.json',
    '/statistik/..%2fpackage.json',
    '/statistik/vendor/x.js',
    '/statistik/vendor/../../package.json',
    '/statistik/vendor/chart.umd.min.js.map',
    '/statistik/index.html',
    '/statistik/app.js/',
    '/web/statistik/app.js',
    '/package.json',
  ])('answers 404 to %s: only the listed files are served', async (path) => {
    expect(await rawGet(base, path)).toBe(404);
  });
});

describe('the statistics page in the running bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('is served by the bot, framable by the local Agents Playground in local mode', async () => {
    const response = await fetch(`${bot.baseUrl}/statistik`);
    expect(response.status).toBe(200);
    const ancestors = directives(response.headers.get('content-security-policy') ?? '').get('frame-ancestors') ?? [];
    expect(ancestors).toContain('https://teams.microsoft.com');
    expect(ancestors).toContain('http://127.0.0.1:56150');
    expect(ancestors).toContain('http://localhost:56150');
  });
});

describe('playgroundOrigins', () => {
  it('names both playgrounds on both loopback names, and nothing for a port picked at random', () => {
    expect(playgroundOrigins(56150)).toEqual(['http://localhost:56150', 'http://127.0.0.1:56150', 'http://localhost:56151', 'http://127.0.0.1:56151']);
    expect(playgroundOrigins(65535)).toEqual(['http://localhost:65535', 'http://127.0.0.1:65535']);
    expect(playgroundOrigins(0)).toEqual([]);
  });

  it('adds them to the frame ancestors only', () => {
    const parts = directives(statisticsPagePolicy(['http://127.0.0.1:56150']));
    expect(parts.get('frame-ancestors')?.at(-1)).toBe('http://127.0.0.1:56150');
    expect(parts.get('script-src')).toEqual(["'self'"]);
  });
});
