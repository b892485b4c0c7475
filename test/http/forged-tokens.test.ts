import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';
import { attackerKey, OfflineCredentials, TokenIssuer, type TokenParts } from '../support/token-issuer';

const APP_ID = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const ANNA = '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41';
const PASSWORD = 'not-a-real-secret-but-the-configured-one';
const ENV = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT };
const REFUSED = { error: 'Unauthorized', message: 'the request is not authenticated' };
/** One of the issuers botbuilder sends to the Emulator's key set (Entra ID's in production). */
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';
const OUTAGE_LOG = 'Bot Framework signing keys could not be fetched; the request was refused';

const credentials = () => new OfflineCredentials({ ...ENV });
const entries = (bot: TestBot) => bot.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Bot Framework tokens in production mode, against signing keys the test publishes', () => {
  let issuer: TokenIssuer;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    issuer = await new TokenIssuer().start();
    connector = await new FakeConnector().start();
    bot = await startTestBot(ENV, undefined, {
      botAuth: { channelOpenIdMetadataUrl: issuer.channelMetadataUrl, emulatorOpenIdMetadataUrl: issuer.emulatorMetadataUrl, credentialsFactory: credentials },
    });
  });
  afterAll(async () => {
    await bot.close();
    await connector.stop();
    await issuer.stop();
  });
  afterEach(() => connector.reset());

  const valid = (): TokenParts => ({ header: {}, claims: issuer.claimsFor(APP_ID, connector.url) });
  const withClaims = (patch: Record<string, unknown>): TokenParts => ({ header: {}, claims: { ...valid().claims, ...patch } });
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token signed as the Bot Framework signs it, and the bot answers (the control for every refusal below)', async () => {
    const activity = fixture('teams-personal-message', connector.url);
    const res = await bot.post(activity, { authorization: `Bearer ${issuer.rs256(valid())}` });
    expect(res.status).toBe(200);
    const sent = connector.activitiesIn(activity.conversation['id'] as string);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('Det här kan jag');
    expect(connector.calls[0]!.authorization).toBe('Bearer outgoing-test-token');
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA })).toBeDefined();
    expect(issuer.served).toContain('/channel/keys');
  });

  it('answers a card action sent with a valid token', async () => {
    const res = await bot.post(fixture('teams-card-action', connector.url), { authorization: `Bearer ${issuer.rs256(valid())}` });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Det här kan jag');
  });

  const forgeries: Array<[string, () => string]> = [
    ['alg none with the published key id', () => `Bearer ${issuer.unsigned(valid())}`],
    ['alg none carrying a valid token’s signature', () => `Bearer ${issuer.unsigned(valid())}${issuer.rs256(valid()).split('.')[2]}`],
    ['HS256 signed with the app password', () => `Bearer ${issuer.hs256(valid(), PASSWORD)}`],
    ['HS256 signed with the published public key', () => `Bearer ${issuer.hs256(valid(), issuer.publicKeyPem())}`],
    ['an RS512 header over an RS256 signature', () => `Bearer ${issuer.rs256({ header: { alg: 'RS512' }, claims: valid().claims })}`],
    ['an RS256 header over an RS512 signature', () => `Bearer ${issuer.rs256(valid(), issuer.privateKey, 'sha512')}`],
    ['an ES256 header', () => `Bearer ${issuer.rs256({ header: { alg: 'ES256' }, claims: valid().claims })}`],
    ['signed by another key under the published key id', () => `Bearer ${issuer.rs256(valid(), attackerKey())}`],
    ['signed by another key that names itself in jku', () => `Bearer ${issuer.rs256({ header: { kid: 'evil', jku: 'https://ev.il/keys' }, claims: valid().claims }, attackerKey())}`],
    ['an unknown key id', () => `Bearer ${issuer.rs256({ header: { kid: 'no-such-key' }, claims: valid().claims })}`],
    ['no key id', () => `Bearer ${issuer.rs256({ header: { kid: undefined }, claims: valid().claims })}`],
    ['nbf an hour ahead', () => `Bearer ${issuer.rs256(withClaims({ nbf: now() + 3600 }))}`],
    ['expired an hour ago', () => `Bearer ${issuer.rs256(withClaims({ exp: now() - 3600, iat: now() - 7200, nbf: now() - 7200 }))}`],
    ['exp that is not a number', () => `Bearer ${issuer.rs256(withClaims({ exp: 'tomorrow' }))}`],
    ['the audience of another app', () => `Bearer ${issuer.rs256(withClaims({ aud: '11111111-2222-4333-8444-555555555555' }))}`],
    ['no audience', () => `Bearer ${issuer.rs256(withClaims({ aud: undefined }))}`],
    ['another issuer', () => `Bearer ${issuer.rs256(withClaims({ iss: 'https://ev.il' }))}`],
    ['an Entra ID issuer of the bot’s own tenant', () => `Bearer ${issuer.rs256(withClaims({ iss: `https://sts.windows.net/${TENANT}/`, appid: APP_ID, ver: '1.0' }))}`],
    ['an Emulator issuer, signed with a key Entra ID does not publish', () => `Bearer ${issuer.rs256(withClaims({ iss: EMULATOR_ISSUER, appid: APP_ID, ver: '1.0' }))}`],
    ['a skill token (another app calling this one)', () => `Bearer ${issuer.rs256(withClaims({ iss: EMULATOR_ISSUER, appid: '11111111-2222-4333-8444-555555555555', ver: '1.0' }))}`],
    ['a serviceUrl claim for another service', () => `Bearer ${issuer.rs256(withClaims({ serviceurl: 'https://ev.il/', serviceUrl: 'https://ev.il/' }))}`],
    [
      'claims changed after signing',
      () => {
        const [h, , s] = issuer.rs256(valid()).split('.');
        return `Bearer ${h}.${Buffer.from(JSON.stringify({ ...valid().claims, aud: 'someone-else' })).toString('base64url')}.${s}`;
      },
    ],
    ['a valid token under another scheme', () => `bearer ${issuer.rs256(valid())}`],
    ['a valid token with a stray space', () => `Bearer  ${issuer.rs256(valid())}`],
    ['three parts of garbage', () => 'Bearer a.b.c'],
    ['no token', () => ''],
  ];

  it.each(forgeries)('refuses %s with a bare 401: no bot logic, nothing stored, the token not logged', async (_name, header) => {
    const authorization = header();
    const activity = fixture('teams-personal-message', connector.url, { from: { aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001' } });
    const res = await bot.post(activity, authorization === '' ? {} : { authorization });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(REFUSED);
    expect(connector.calls).toHaveLength(0);
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001' })).toBeUndefined();
    for (const part of authorization.replace(/^\S+\s+/, '').split('.').filter((p) => p.length > 8)) expect(bot.logs.text).not.toContain(part);
    expect(entries(bot).filter((e) => e['msg'] === OUTAGE_LOG)).toHaveLength(0);
  });

  it('refuses a valid token when the key is not endorsed for the activity’s channel', async () => {
    const res = await bot.post(fixture('teams-personal-message', connector.url, { channelId: 'webchat' }), { authorization: `Bearer ${issuer.rs256(valid())}` });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(REFUSED);
    expect(connector.calls).toHaveLength(0);
  });
});

describe('Bot Framework tokens while the signing keys cannot be fetched', () => {
  let issuer: TokenIssuer;
  let connector: FakeConnector;
  let unavailable: { close(): Promise<void>; url: string };
  const bots: TestBot[] = [];

  beforeAll(async () => {
    issuer = await new TokenIssuer().start();
    connector = await new FakeConnector().start();
    const sockets = new Set<Socket>();
    const failing = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    unavailable = {
      url: `http://127.0.0.1:${(failing.address() as { port: number }).port}/.well-known/openidconfiguration`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          failing.close(() => resolve());
        }),
    };
  });
  afterAll(async () => {
    for (const bot of bots) await bot.close();
    await connector.stop();
    await issuer.stop();
    await unavailable.close();
  });

  const outages: Array<[string, () => Promise<string>]> = [
    ['nothing listens on the metadata port', async () => `http://127.0.0.1:${await closedPort()}/.well-known/openidconfiguration`],
    ['the metadata server answers 503', async () => unavailable.url],
  ];

  it.each(outages)('answers 401 and logs the outage when %s', async (_name, metadataUrl) => {
    const url = await metadataUrl();
    const bot = await startTestBot(ENV, undefined, { botAuth: { channelOpenIdMetadataUrl: url, emulatorOpenIdMetadataUrl: url, credentialsFactory: credentials } });
    bots.push(bot);
    const parts = { header: {}, claims: issuer.claimsFor(APP_ID, connector.url) };
    for (const token of [issuer.rs256(parts), issuer.unsigned(parts), issuer.hs256(parts, PASSWORD)]) {
      const res = await bot.post(fixture('teams-personal-message', connector.url), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(REFUSED);
      expect(bot.logs.text).not.toContain(token.split('.')[1]);
    }
    expect(connector.calls).toHaveLength(0);
    const logged = entries(bot).filter((e) => e['msg'] === OUTAGE_LOG);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({ level: 'error' });
  });
});
