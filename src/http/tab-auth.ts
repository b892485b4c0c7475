/**
 * Who is asking, for the statistics tab's routes: the Teams SSO token the page gets from
 * `authentication.getAuthToken()` and sends as `Authorization: Bearer …`, checked against Entra's
 * signing keys. A token proves the user, their tenant and their app roles; nothing else is trusted.
 */
import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { AppConfig } from '../config/config';
import { DeploymentTenants } from '../config/deployment-tenants';
import { PLAYGROUND_TENANT_ID } from '../local/playground-users';
import type { Logger } from '../logging/logger';

/**
 * The app roles' values, as they stand in the token's `roles` claim. Entra allows only ASCII
 * letters, digits and some punctuation in a role's value, so å, ä and ö cannot be in it: the
 * admin gives the roles these values and the display names *Statistik.Läsa* and *Logguppföljning*
 * (docs/security.md).
 */
export const TAB_ROLES = { statistics: 'Statistik.Lasa', accessLog: 'Logguppfoljning' } as const;
export type TabRole = keyof typeof TAB_ROLES;

export interface TabUser {
  readonly aadObjectId: string;
  readonly tenantId: string;
  /** The tenant id that keys the cases and statistics the user sees (DeploymentTenants.storeTenantOf). */
  readonly storeTenantId: string;
  readonly name: string;
  readonly roles: readonly TabRole[];
  /** Local mode: no Teams sign-in was asked for; the page says so. */
  readonly local: boolean;
}

export type TabAuthResult =
  | { readonly ok: true; readonly user: TabUser }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: 'missingToken' | 'invalidToken' | 'wrongTenant' | 'missingRole' | 'notConfigured' };

export interface TabAuth {
  /** The user of a request's Authorization header, if they may use what needs `role`. */
  authenticate(authorization: string | undefined, role: TabRole): Promise<TabAuthResult>;
}

/** The scope the tab's registration exposes and Teams asks a token for (docs/security.md). */
const TAB_SCOPE = 'access_as_user';
/** Entra's signing keys for every tenant; the tenant is checked from the token's own claims. */
const ENTRA_KEYS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
/** Clocks of Entra and of the instance may differ a little; a minute is the usual allowance. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** jose's codes for a key set it could not fetch or read, as opposed to a token it refused. */
const KEYS_UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Without Teams there is no token: locally the tab runs for one user who has every role. */
export const LOCAL_TAB_USER: TabUser = {
  aadObjectId: '00000000-0000-0000-0000-000000000000',
  tenantId: PLAYGROUND_TENANT_ID,
  storeTenantId: PLAYGROUND_TENANT_ID,
  name: 'Lokal användare',
  roles: ['statistics', 'accessLog'],
  local: true,
};

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Promise<Jose> | undefined;
/** jose is an ES module and this a CommonJS one: it is loaded on the first token, once. */
const loadJose = (): Promise<Jose> => (jose ??= import('jose'));

/**
 * The tab's authentication from configuration. `keys` replaces Entra's published keys (tests sign
 * with keys of their own, so nothing reaches the internet); `clock` is the time tokens are checked at.
 */
export function createTabAuth(config: AppConfig, options: { keys?: JWTVerifyGetKey; clock?: () => Date; logger?: Logger } = {}): TabAuth {
  const { logger, clock = () => new Date() } = options;
  if (config.mode === 'local') return { authenticate: async () => ({ ok: true, user: LOCAL_TAB_USER }) };

  const { clientId, appIdUri } = config.tabSso;
  const storeTenants = new DeploymentTenants(config.registrations);
  const tenants = config.allowedTenantIds.length > 0 ? config.allowedTenantIds : config.registrations.flatMap((r) => (r.tenantId === undefined ? [] : [r.tenantId]));
  const missing = clientId === undefined ? 'TAB_SSO_CLIENT_ID' : tenants.length === 0 ? 'ALLOWED_TENANT_IDS (or MicrosoftAppTenantId)' : undefined;
  if (missing !== undefined) logger?.warn({ missing }, 'statistics tab: sign-in is not configured, so every request to it is refused');
  const audience = [clientId, appIdUri].filter((a): a is string => a !== undefined);
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = (): Promise<JWTVerifyGetKey> => (keys ??= options.keys !== undefined ? Promise.resolve(options.keys) : loadJose().then((j) => j.createRemoteJWKSet(new URL(ENTRA_KEYS))));

  const refuse = (status: 401 | 403, reason: Exclude<TabAuthResult, { ok: true }>['reason'], check?: string): TabAuthResult => {
    // The reason and which check failed; never the token, a name or an id.
    logger?.info({ reason, check }, 'statistics tab: request refused');
    return { ok: false, status, reason };
  };

  return {
    async authenticate(authorization, role) {
      if (missing !== undefined) return refuse(403, 'notConfigured');
      const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '')?.[1];
      if (token === undefined) return refuse(401, authorization === undefined || authorization === '' ? 'missingToken' : 'invalidToken', 'header');
      const { jwtVerify } = await loadJose();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await keySet(), {
          algorithms: ['RS256'],
          audience,
          currentDate: clock(),
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iss', 'tid', 'oid'],
        }));
      } catch (err) {
        const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unknown';
        // Keys that could not be fetched are not the user's fault; the log tells them apart.
        if (KEYS_UNAVAILABLE.has(code) || !code.startsWith('ERR_J')) logger?.error({ code }, 'statistics tab: Entra signing keys could not be read');
        return refuse(401, 'invalidToken', code);
      }
      // The tab's token is delegated (a user signed in, for the tab's scope); an app assigned the
      // role would get one with roles and no user, by client credentials, and is not a reader.
      const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ') : [];
      if (payload['idtyp'] === 'app' || !scopes.includes(TAB_SCOPE)) return refuse(401, 'invalidToken', 'scp');
      const tid = typeof payload['tid'] === 'string' ? payload['tid'].toLowerCase() : '';
      if (!GUID.test(tid)) return refuse(401, 'invalidToken', 'tid');
      // Entra signs every tenant's tokens with the same keys: only the issuer ties a token to its tenant.
      const issuers = [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
      if (!issuers.includes(String(payload.iss))) return refuse(401, 'invalidToken', 'iss');
      if (!tenants.includes(tid)) return refuse(403, 'wrongTenant');
      const claimed = Array.isArray(payload['roles']) ? payload['roles'].filter((r): r is string => typeof r === 'string') : [];
      const roles = (Object.keys(TAB_ROLES) as TabRole[]).filter((r) => claimed.includes(TAB_ROLES[r]));
      if (!roles.includes(role)) return refuse(403, 'missingRole');
      const oid = typeof payload['oid'] === 'string' ? payload['oid'] : '';
      const name = typeof payload['name'] === 'string' ? payload['name'] : '';
      return { ok: true, user: { aadObjectId: oid, tenantId: tid, storeTenantId: storeTenants.storeTenantOf(tid), name, roles, local: false } };
    },
  };
}
