import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNA, BJORN, createCaseAs, textOf } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { clientOf, startBotProcess, stopProcess, type BotProcess } from './support/bot-process';
import { makeCertificate, mintToken, startIdentityEndpoint, startOAuthAzurite, tableRequest, type IdentityEndpoint } from './support/keyless-store';
import { MAIN, ROOT } from './support/started-bot';

/*
 * Issue 15, storage without keys: the built bot with STORAGE_ACCOUNT_URL and AZURE_CLIENT_ID, as
 * on App Service with a user-assigned managed identity. Azurite's Table service runs over HTTPS
 * with OAuth on, so it takes bearer tokens and refuses requests without a valid one; a local
 * stand-in for App Service's identity endpoint (IDENTITY_ENDPOINT, IDENTITY_HEADER) issues the
 * tokens. The bot trusts the test's certificate through NODE_EXTRA_CA_CERTS, which Node reads only
 * when it starts: hence a process of its own.
 */

const CLIENT_ID = '3f7c1a2b-9d4e-4c6f-8a1b-2c3d4e5f6a7b';
const STORAGE = 'https://storage.azure.com';

/** Each bot its own tables, as TABLE_PREFIX gives each deployment. */
const uniqueTablePrefix = () => `k${randomBytes(5).toString('hex')}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'samordning-keyless-'));
const children: ChildProcess[] = [];
const connector = new FakeConnector();
let cert: ReturnType<typeof makeCertificate>;
let storeUrl = '';
let identity: IdentityEndpoint;

beforeAll(async () => {
  cert = makeCertificate(dir);
  const [azurite] = await Promise.all([startOAuthAzurite(cert.certPath, cert.keyPath), connector.start()]);
  children.push(azurite.child);
  storeUrl = azurite.url;
  identity = await startIdentityEndpoint();
});

afterAll(async () => {
  for (const child of children) await stopProcess(child, 'SIGKILL');
  await identity?.stop();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The bot's environment on App Service with its user-assigned identity, here pointed at the stand-ins. */
function keylessEnv(endpoint: IdentityEndpoint, prefix: string): Record<string, string> {
  return {
    STORAGE_ACCOUNT_URL: storeUrl,
    AZURE_CLIENT_ID: CLIENT_ID,
    IDENTITY_ENDPOINT: endpoint.url,
    IDENTITY_HEADER: endpoint.secret,
    NODE_EXTRA_CA_CERTS: cert.certPath,
    STORAGE_CONNECTION_STRING: '',
    TABLE_PREFIX: prefix,
    LOG_LEVEL: 'debug',
  };
}

describe('the store reached with a managed identity and no key', () => {
  it('is closed to a request without a token or with a token Entra would not have issued for storage', async () => {
    const tables = `${storeUrl}/Tables`;
    const good = mintToken({ aud: STORAGE, appid: CLIENT_ID }).token;
    // A good token is let in, so the refusals below are about the token and nothing else.
    expect((await tableRequest(tables, cert.cert, `Bearer ${good}`)).status).toBe(200);
    expect(await tableRequest(tables, cert.cert)).toMatchObject({ status: 403, errorCode: 'AuthorizationFailure' });
    for (const spoiled of [
      { iss: 'https://login.example.invalid/tenant/' },
      { aud: 'https://vault.azure.net' },
      { exp: Math.floor(Date.now() / 1000) - 60 },
    ]) {
      const token = mintToken({ aud: STORAGE, appid: CLIENT_ID }, spoiled).token;
      expect(await tableRequest(tables, cert.cert, `Bearer ${token}`), JSON.stringify(spoiled)).toMatchObject({ status: 403, errorCode: 'AuthenticationFailed' });
    }
  });

  it('starts on the identity’s token, creates its tables and keeps a case two coordinators share', { timeout: 60_000 }, async () => {
    const prefix = uniqueTablePrefix();
    const bot: BotProcess = await startBotProcess(keylessEnv(identity, prefix));
    children.push(bot.child);

    // It asked App Service's endpoint as a user-assigned identity does: the secret header, its client id, storage as the resource.
    expect(identity.requests.length).toBeGreaterThan(0);
    for (const req of identity.requests) {
      expect(req).toMatchObject({ method: 'GET', path: '/msi/token', secretMatched: true, query: { 'api-version': '2019-08-01', client_id: CLIENT_ID, resource: STORAGE } });
    }

    // Its tables exist, made with the token: Azurite lets nothing else in.
    const listed = await tableRequest(`${storeUrl}/Tables`, cert.cert, `Bearer ${mintToken({ aud: STORAGE, appid: CLIENT_ID }).token}`);
    const names = (JSON.parse(listed.body) as { value: Array<{ TableName: string }> }).value.map((t) => t.TableName);
    expect(names).toEqual(expect.arrayContaining(['ConversationReferences', 'Cases', 'CaseIndex', 'Reminders', 'ReminderSchedule'].map((t) => `${prefix}${t}`)));

    // The health check passes on what the data role allows (App Service probes /readyz).
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);

    // A case round-trips: Anna creates it with Björn, and Björn, in another turn, reads it back from the store.
    const anna = clientOf(bot, connector, ANNA);
    const bjorn = clientOf(bot, connector, BJORN);
    await anna.install();
    await bjorn.install();
    const code = await createCaseAs(anna);
    const [checklist] = await bjorn.say(`basnivå ${code}`);
    expect(textOf(checklist)).toContain(`Basnivå i samverkan – ${code}`);

    const stored = await tableRequest(`${storeUrl}/${prefix}Cases()`, cert.cert, `Bearer ${mintToken({ aud: STORAGE, appid: CLIENT_ID }).token}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toContain(code);

    // Neither the identity endpoint's secret nor a token it issued reaches the bot's log.
    for (const secret of [identity.secret, ...identity.issued]) expect(bot.output()).not.toContain(secret);
    await stopProcess(bot.child, 'SIGTERM');
  });

  it('does not start when the store refuses the identity’s token, and says what to check', { timeout: 60_000 }, async () => {
    // A token from another issuer: the store turns it away as it would a token of the wrong tenant.
    const foreign = await startIdentityEndpoint({ iss: 'https://login.example.invalid/tenant/' });
    try {
      const { code, output } = await runBot(keylessEnv(foreign, uniqueTablePrefix()));
      expect(code).toBe(1);
      expect(foreign.requests.filter((r) => r.secretMatched).length).toBeGreaterThan(0);
      expect(output).toContain(`did not accept the token of the managed identity with client id ${CLIENT_ID} (AZURE_CLIENT_ID)`);
      for (const secret of [foreign.secret, ...foreign.issued]) expect(output).not.toContain(secret);
    } finally {
      await foreign.stop();
    }
  });
});

/** Runs the built bot until it exits on its own (within 30 s), with everything it printed. */
function runBot(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PLAYGROUND: 'false', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot was still running after 30 s: ${output.slice(-500)}`)), 30_000);
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
