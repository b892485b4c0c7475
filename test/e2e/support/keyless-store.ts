import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { freePort, waitForOutput } from '../../../src/local/child-process';
import { ROOT } from './started-bot';

/**
 * What the keyless store's test needs around the bot: Azurite's Table service over HTTPS with
 * OAuth on, a certificate for it, and a stand-in for App Service's managed-identity endpoint.
 */

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day, written into `dir`. */
export function makeCertificate(dir: string): { certPath: string; keyPath: string; cert: string } {
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
  } catch (err) {
    throw new Error('the keyless store test makes its certificate with openssl, which is missing or failed', { cause: err });
  }
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8') };
}

/** Azurite's Table service in memory, over HTTPS with this certificate, accepting bearer tokens (`--oauth basic`). */
export async function startOAuthAzurite(certPath: string, keyPath: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const main = path.join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');
  const child = spawn(
    process.execPath,
    [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--oauth', 'basic', '--cert', certPath, '--key', keyPath],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(child, /successfully started/, 30_000, 'Azurite (HTTPS, OAuth)');
  return { child, url: `https://127.0.0.1:${port}/devstoreaccount1` };
}

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * An Entra-shaped access token as Azurite's `--oauth basic` checks it: issuer, audience and
 * lifetime, not the signature (so any key signs it). `overrides` make one it must refuse.
 */
export function mintToken(claims: { aud: string; appid: string }, overrides: Record<string, unknown> = {}): { token: string; exp: number } {
  const now = Math.floor(Date.now() / 1000);
  const payload = { aud: claims.aud, iss: `https://sts.windows.net/${TENANT_ID}/`, iat: now - 60, nbf: now - 60, exp: now + 3600, appid: claims.appid, tid: TENANT_ID, oid: claims.appid, ver: '1.0', ...overrides };
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  const signature = createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url');
  return { token: `${unsigned}.${signature}`, exp: payload.exp as number };
}

/** One request to the identity endpoint, as it arrived. */
export interface IdentityRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Whether X-IDENTITY-HEADER carried the secret the endpoint was started with. */
  readonly secretMatched: boolean;
}

export interface IdentityEndpoint {
  /** What goes in IDENTITY_ENDPOINT. */
  readonly url: string;
  /** What goes in IDENTITY_HEADER. */
  readonly secret: string;
  readonly requests: IdentityRequest[];
  /** Every token handed out, to make sure none reaches a log. */
  readonly issued: string[];
  stop(): Promise<void>;
}

/**
 * A stand-in for App Service's managed-identity endpoint (api-version 2019-08-01): GET with the
 * secret in X-IDENTITY-HEADER, `resource` and, for a user-assigned identity, `client_id` in the
 * query. A wrong secret gets 401, as from App Service; `claims` can spoil the tokens it issues.
 */
export async function startIdentityEndpoint(claims: Record<string, unknown> = {}): Promise<IdentityEndpoint> {
  const secret = randomBytes(16).toString('hex');
  const requests: IdentityRequest[] = [];
  const issued: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const secretMatched = req.headers['x-identity-header'] === secret;
    requests.push({ method: req.method ?? '', path: url.pathname, query, secretMatched });
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!secretMatched) return answer(401, { statusCode: 401, message: 'Unauthorized request' });
    const resource = query['resource'];
    if (req.method !== 'GET' || url.pathname !== '/msi/token' || query['api-version'] !== '2019-08-01' || resource === undefined) {
      return answer(400, { statusCode: 400, message: 'Bad request' });
    }
    const clientId = query['client_id'] ?? '00000000-0000-0000-0000-000000000000';
    // The audience is the resource without a trailing slash, as Entra issues it for storage.
    const { token, exp } = mintToken({ aud: resource.replace(/\/$/, ''), appid: clientId }, claims);
    issued.push(token);
    answer(200, { access_token: token, expires_on: String(exp), resource, token_type: 'Bearer', client_id: clientId });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`,
    secret,
    requests,
    issued,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One raw request to the Table service, trusting only the test's certificate. */
export function tableRequest(url: string, ca: string, authorization?: string): Promise<{ status: number; errorCode: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json;odata=nometadata', 'x-ms-version': '2019-02-02', 'x-ms-date': new Date().toUTCString() };
    if (authorization !== undefined) headers['authorization'] = authorization;
    const req = request(url, { method: 'GET', ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const code = res.headers['x-ms-error-code'];
        resolve({ status: res.statusCode ?? 0, errorCode: typeof code === 'string' ? code : undefined, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
