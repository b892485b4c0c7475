import { beforeAll, describe, expect, it } from 'vitest';
import type { JWTPayload, JWTVerifyGetKey, CryptoKey } from 'jose' with { 'resolution-mode': 'import' };
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { createTabAuth, TAB_ROLES, type TabAuth } from '../../src/http/tab-auth';
import { LogCapture } from '../support/test-bot';

/*
 * The statistics tab's sign-in, with keys this test makes: the token Teams' getAuthToken() gives
 * (a v2 access token for the tab's app registration), and each way one can be wrong.
 */

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Jose;

const APP = '3a5b7c9d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const OTHER_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const USER = '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41';
const APP_ID_URI = `api://sip.region.se/${APP}`;
const NOW = new Date('2026-12-01T09:00:00.000Z');
const seconds = Math.floor(NOW.getTime() / 1000);

let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  jose = await import('jose');
  const pair = await jose.generateKeyPair('RS256');
  const stranger = await jose.generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = stranger.privateKey;
  keys = jose.createLocalJWKSet({ keys: [{ ...(await jose.exportJWK(pair.publicKey)), kid: 'entra-1', alg: 'RS256', use: 'sig' }] });
});

const PRODUCTION = {
  MicrosoftAppId: APP,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: TENANT,
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  ALLOWED_TENANT_IDS: TENANT,
  TAB_SSO_APP_ID_URI: APP_ID_URI,
};

function authWith(env: Record<string, string | undefined> = {}): { auth: TabAuth; logs: LogCapture } {
  const logs = new LogCapture();
  const auth = createTabAuth(loadConfig({ ...PRODUCTION, ...env }), { keys, clock: () => NOW, logger: createLogger('debug', logs) });
  return { auth, logs };
}

/** A v2 access token as Entra issues it for the tab (accessTokenAcceptedVersion 2), with changes. */
async function token(claims: JWTPayload = {}, options: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
  const body: JWTPayload = {
    aud: APP,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT,
    oid: USER,
    name: 'Greta Chef',
    roles: [TAB_ROLES.statistics],
    // A Teams SSO token is delegated: the user signed in, for the tab's scope.
    scp: 'access_as_user',
    iat: seconds - 300,
    nbf: seconds - 300,
    exp: seconds + 3300,
    ...claims,
  };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return new jose.SignJWT(body).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'entra-1', typ: 'JWT' }).sign(options.key ?? signingKey);
}

const bearer = async (claims: JWTPayload = {}, options: { key?: CryptoKey } = {}) => `Bearer ${await token(claims, options)}`;

describe('the statistics tab’s sign-in', () => {
  it('accepts a v2 token for the tab’s client id from an allowed tenant, with the user’s roles', async () => {
    const { auth } = authWith();
    const result = await auth.authenticate(await bearer({ roles: [TAB_ROLES.statistics, TAB_ROLES.accessLog, 'Other.Role'] }), 'statistics');
    expect(result).toEqual({ ok: true, user: { aadObjectId: USER, tenantId: TENANT, storeTenantId: TENANT, name: 'Greta Chef', roles: ['statistics', 'accessLog'], local: false } });
  });

  it('accepts a v1 token for the Application ID URI, issued by sts.windows.net for the tenant', async () => {
    const { auth } = authWith();
    const result = await auth.authenticate(await bearer({ aud: APP_ID_URI, iss: `https://sts.windows.net/${TENANT}/`, roles: [TAB_ROLES.accessLog] }), 'accessLog');
    expect(result).toMatchObject({ ok: true, user: { roles: ['accessLog'] } });
  });

  it('refuses a token for another audience (another app, or Graph)', async () => {
    const { auth } = authWith();
    for (const aud of ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com', `api://sip.region.se/${OTHER_TENANT}`]) {
      expect(await auth.authenticate(await bearer({ aud }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    }
  });

  it('refuses a token whose issuer is not Entra for the token’s own tenant', async () => {
    const { auth } = authWith();
    for (const iss of [`https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`, 'https://login.microsoftonline.com/common/v2.0', `https://sts.windows.net/${TENANT}`, 'https://evil.example/']) {
      expect(await auth.authenticate(await bearer({ iss }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    }
  });

  it('refuses, as 403, a good token from a tenant that is not served', async () => {
    const { auth } = authWith();
    const other = await bearer({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` });
    expect(await auth.authenticate(other, 'statistics')).toEqual({ ok: false, status: 403, reason: 'wrongTenant' });
  });

  it('serves the bot’s own tenant when ALLOWED_TENANT_IDS is empty', async () => {
    const { auth } = authWith({ ALLOWED_TENANT_IDS: '' });
    expect(await auth.authenticate(await bearer(), 'statistics')).toMatchObject({ ok: true });
    const other = await bearer({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` });
    expect(await auth.authenticate(other, 'statistics')).toMatchObject({ ok: false, reason: 'wrongTenant' });
  });

  it('refuses an expired token, past a minute’s tolerance', async () => {
    const { auth } = authWith();
    expect(await auth.authenticate(await bearer({ exp: seconds - 61 }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    expect(await auth.authenticate(await bearer({ exp: seconds - 30 }), 'statistics')).toMatchObject({ ok: true });
    expect(await auth.authenticate(await bearer({ exp: undefined }), 'statistics')).toMatchObject({ ok: false, reason: 'invalidToken' });
  });

  it('refuses a token that is not valid yet', async () => {
    const { auth } = authWith();
    expect(await auth.authenticate(await bearer({ nbf: seconds + 120 }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    expect(await auth.authenticate(await bearer({ nbf: seconds + 30 }), 'statistics')).toMatchObject({ ok: true });
  });

  it('refuses, as 403, a user without the role the route needs, even with the other one', async () => {
    const { auth } = authWith();
    expect(await auth.authenticate(await bearer({ roles: [TAB_ROLES.statistics] }), 'accessLog')).toEqual({ ok: false, status: 403, reason: 'missingRole' });
    expect(await auth.authenticate(await bearer({ roles: [TAB_ROLES.accessLog] }), 'statistics')).toEqual({ ok: false, status: 403, reason: 'missingRole' });
    // The display name with ä is not the value, and no roles claim is no role.
    expect(await auth.authenticate(await bearer({ roles: ['Statistik.Läsa'] }), 'statistics')).toMatchObject({ reason: 'missingRole' });
    expect(await auth.authenticate(await bearer({ roles: undefined }), 'statistics')).toMatchObject({ reason: 'missingRole' });
  });

  it('refuses a token signed by a key that is not Entra’s, or not signed at all', async () => {
    const { auth } = authWith();
    expect(await auth.authenticate(await bearer({}, { key: strangerKey }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    const unsigned = new jose.UnsecuredJWT({ aud: APP, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: USER, roles: [TAB_ROLES.statistics], exp: seconds + 600 }).encode();
    expect(await auth.authenticate(`Bearer ${unsigned}`, 'statistics')).toMatchObject({ ok: false, status: 401 });
  });

  it('answers a missing or malformed Authorization header with 401', async () => {
    const { auth } = authWith();
    expect(await auth.authenticate(undefined, 'statistics')).toEqual({ ok: false, status: 401, reason: 'missingToken' });
    expect(await auth.authenticate('', 'statistics')).toEqual({ ok: false, status: 401, reason: 'missingToken' });
    const good = await token();
    for (const header of [`Basic ${good}`, `Bearer`, `Bearer ${good} extra`, `bearer${good}`, 'Bearer not-a-token', `Bearer ${good.slice(0, -5)}`]) {
      expect(await auth.authenticate(header, 'statistics'), header.slice(0, 12)).toMatchObject({ ok: false, status: 401, reason: 'invalidToken' });
    }
  });

  it('logs a refusal with its reason only: no token, no name, no id', async () => {
    const { auth, logs } = authWith();
    const header = await bearer({ roles: [] });
    await auth.authenticate(header, 'accessLog');
    await auth.authenticate(await bearer({ exp: seconds - 3600 }), 'statistics');
    expect(logs.text).toContain('"reason":"missingRole"');
    expect(logs.text).toContain('"check":"ERR_JWT_EXPIRED"');
    for (const secret of [header.slice(7), 'Greta', USER, TENANT]) expect(logs.text).not.toContain(secret);
  });

  it('refuses everyone, and says why in the log, when the tab’s app or tenants are not configured', async () => {
    // A bot on a managed identity has no registration the tab could sign in with.
    const msi = authWith({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined, TAB_SSO_APP_ID_URI: undefined });
    expect(await msi.auth.authenticate(await bearer(), 'statistics')).toEqual({ ok: false, status: 403, reason: 'notConfigured' });
    expect(msi.logs.text).toContain('TAB_SSO_CLIENT_ID');
    const multi = authWith({ MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: undefined, ALLOWED_TENANT_IDS: undefined });
    expect(await multi.auth.authenticate(await bearer(), 'statistics')).toMatchObject({ reason: 'notConfigured' });
    expect(multi.logs.text).toContain('ALLOWED_TENANT_IDS');
    // Its own registration named, the managed-identity bot's tab signs in.
    const named = authWith({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined, TAB_SSO_CLIENT_ID: APP });
    expect(await named.auth.authenticate(await bearer(), 'statistics')).toMatchObject({ ok: true });
  });

  it('refuses a token an application got for itself: roles, but no signed-in user', async () => {
    const { auth } = authWith();
    // Client credentials: an app assigned the role gets it too, without any user's sign-in.
    expect(await auth.authenticate(await bearer({ scp: undefined, idtyp: 'app' }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    expect(await auth.authenticate(await bearer({ scp: undefined }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    // Delegated, but for another scope of the registration than the tab's.
    expect(await auth.authenticate(await bearer({ scp: 'User.Read' }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    expect(await auth.authenticate(await bearer({ scp: 'User.Read access_as_user' }), 'statistics')).toMatchObject({ ok: true });
  });

  it('runs locally for a local user with both roles, without a token', async () => {
    const auth = createTabAuth(loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }));
    expect(await auth.authenticate(undefined, 'accessLog')).toEqual({ ok: true, user: expect.objectContaining({ local: true, name: 'Lokal användare', roles: ['statistics', 'accessLog'] }) });
  });
});

describe('the statistics tab’s sign-in with two tenants (BOT_REGISTRATIONS)', () => {
  // The region's tenant (TENANT) is the home tenant, with its bot registration in MicrosoftAppId…;
  // a kommun's (OTHER_TENANT) has a bot registration of its own in BOT_REGISTRATIONS. The tab's own
  // app registration (APP, TAB_SSO_CLIENT_ID) serves both.
  const THIRD_TENANT = '2d4f6a8b-0c1e-4f3a-9b5d-7e9f1a3c5e7b';
  const KOMMUN_USER = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
  const REGION_BOT = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
  const KOMMUN_BOT = '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f';
  const TWO_TENANTS = {
    MicrosoftAppId: REGION_BOT,
    MicrosoftAppPassword: 'region-secret',
    MicrosoftAppTenantId: TENANT,
    ORGANISATION: JSON.stringify({ principal: 'region', name: 'Region Testland' }),
    BOT_REGISTRATIONS: JSON.stringify([{ tenantId: OTHER_TENANT.toUpperCase(), appId: KOMMUN_BOT, secretSetting: 'KOMMUN_BOT_SECRET', organisation: { principal: 'kommun', name: 'Testby kommun' } }]),
    KOMMUN_BOT_SECRET: 'kommun-secret',
    ALLOWED_TENANT_IDS: undefined,
    TAB_SSO_CLIENT_ID: APP,
  };
  const from = (tenant: string, claims: JWTPayload = {}) => bearer({ tid: tenant, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, oid: KOMMUN_USER, name: 'Karin Kommun', ...claims });

  it('signs in a user of the other tenant as that tenant’s, seeing the home tenant’s store', async () => {
    const { auth } = authWith(TWO_TENANTS);
    expect(await auth.authenticate(await from(OTHER_TENANT), 'statistics')).toEqual({
      ok: true,
      user: { aadObjectId: KOMMUN_USER, tenantId: OTHER_TENANT, storeTenantId: TENANT, name: 'Karin Kommun', roles: ['statistics'], local: false },
    });
    // A v1 token (sts.windows.net) of the other tenant likewise.
    expect(await auth.authenticate(await from(OTHER_TENANT, { aud: APP_ID_URI, iss: `https://sts.windows.net/${OTHER_TENANT}/` }), 'statistics')).toMatchObject({
      ok: true,
      user: { tenantId: OTHER_TENANT, storeTenantId: TENANT },
    });
  });

  it('signs in a user of the home tenant with its own id for both', async () => {
    const { auth } = authWith(TWO_TENANTS);
    expect(await auth.authenticate(await bearer(), 'statistics')).toMatchObject({ ok: true, user: { aadObjectId: USER, tenantId: TENANT, storeTenantId: TENANT } });
  });

  it('refuses, as 403, a good token from a third tenant that no registration names (ALLOWED_TENANT_IDS unset)', async () => {
    const { auth, logs } = authWith(TWO_TENANTS);
    expect(await auth.authenticate(await from(THIRD_TENANT), 'statistics')).toEqual({ ok: false, status: 403, reason: 'wrongTenant' });
    expect(logs.text).toContain('"reason":"wrongTenant"');
    for (const secret of [THIRD_TENANT, KOMMUN_USER, 'Karin']) expect(logs.text).not.toContain(secret);
  });

  it('serves the tenants ALLOWED_TENANT_IDS lists, which include both, and still refuses a third', async () => {
    const { auth } = authWith({ ...TWO_TENANTS, ALLOWED_TENANT_IDS: `${OTHER_TENANT},${TENANT.toUpperCase()}` });
    expect(await auth.authenticate(await from(OTHER_TENANT), 'statistics')).toMatchObject({ ok: true, user: { tenantId: OTHER_TENANT, storeTenantId: TENANT } });
    expect(await auth.authenticate(await bearer(), 'statistics')).toMatchObject({ ok: true, user: { tenantId: TENANT, storeTenantId: TENANT } });
    expect(await auth.authenticate(await from(THIRD_TENANT), 'statistics')).toEqual({ ok: false, status: 403, reason: 'wrongTenant' });
  });

  it('without TAB_SSO_CLIENT_ID takes the home bot registration for the tab, as with one tenant: never the other tenant’s bot', async () => {
    const { auth } = authWith({ ...TWO_TENANTS, TAB_SSO_CLIENT_ID: undefined, TAB_SSO_APP_ID_URI: undefined });
    expect(await auth.authenticate(await from(OTHER_TENANT, { aud: REGION_BOT }), 'statistics')).toMatchObject({ ok: true, user: { tenantId: OTHER_TENANT, storeTenantId: TENANT } });
    for (const aud of [KOMMUN_BOT, APP]) {
      expect(await auth.authenticate(await from(OTHER_TENANT, { aud }), 'statistics')).toEqual({ ok: false, status: 401, reason: 'invalidToken' });
    }
  });

  it('needs the tab’s own client id when the home registration is a managed identity, whatever the other tenant’s bot', async () => {
    const { auth, logs } = authWith({ ...TWO_TENANTS, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined, TAB_SSO_CLIENT_ID: undefined, TAB_SSO_APP_ID_URI: undefined });
    for (const aud of [REGION_BOT, KOMMUN_BOT, APP]) {
      expect(await auth.authenticate(await from(OTHER_TENANT, { aud }), 'statistics')).toEqual({ ok: false, status: 403, reason: 'notConfigured' });
    }
    expect(logs.text).toContain('TAB_SSO_CLIENT_ID');
  });
});

describe('the tab’s configuration', () => {
  it('takes an Application ID URI only if it ends with the tab’s client id', () => {
    expect(loadConfig({ ...PRODUCTION, TAB_SSO_APP_ID_URI: `api://sip.region.se/botid-${APP}` }).tabSso).toEqual({ clientId: APP, appIdUri: `api://sip.region.se/botid-${APP}` });
    expect(() => loadConfig({ ...PRODUCTION, TAB_SSO_APP_ID_URI: `api://sip.region.se/${OTHER_TENANT}` })).toThrow(/TAB_SSO_APP_ID_URI must end with the tab’s client id/);
    expect(() => loadConfig({ ...PRODUCTION, TAB_SSO_APP_ID_URI: `https://sip.region.se/${APP}` })).toThrow(/TAB_SSO_APP_ID_URI must be the Application ID URI/);
    expect(() => loadConfig({ ...PRODUCTION, TAB_SSO_CLIENT_ID: 'nope' })).toThrow(/TAB_SSO_CLIENT_ID/);
  });
});
