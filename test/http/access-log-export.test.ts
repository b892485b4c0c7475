import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CryptoKey, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { loadConfig } from '../../src/config/config';
import type { AuditEvent, CaseState, Coordinator } from '../../src/domain/case-model';
import type { UnitCatalogue } from '../../src/domain/units';
import { createTabAuth, LOCAL_TAB_USER, TAB_ROLES, type TabAuth } from '../../src/http/tab-auth';
import { createLogger } from '../../src/logging/logger';
import { exportAccessLog } from '../../src/statistics/access-log-export';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { TABLES } from '../../src/storage/table-store';
import { closed } from '../support/domain-helpers';
import { ANNA, BJORN, sampleCase } from '../support/sample-case';
import { startTestBot, type TestBot } from '../support/test-bot';

/*
 * The access-log export (Logguppföljning) over HTTP on Azurite: a seeded set of cases of two
 * units, two tenants and log rows on both sides of the period's edges, with the expected file
 * counted by hand.
 */

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Jose;

const APP = '3a5b7c9d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const OTHER_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const GRETA = { oid: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', name: 'Greta Granskare' };
const NOW = new Date('2026-12-01T09:00:00.000Z');
const seconds = Math.floor(NOW.getTime() / 1000);
const UNITS: UnitCatalogue = { region: ['Psykiatrisk öppenvård', 'Beroendemottagningen'], kommun: ['Socialpsykiatri', 'LSS'] };
/** A Teams display name shaped like a spreadsheet formula. */
const HOSTILE = { aadObjectId: '7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b', name: '=HYPERLINK("https://evil.example","klicka")' };

let signingKey: CryptoKey;
let tabKeys: NonNullable<Parameters<typeof createTabAuth>[1]>['keys'];
let tabAuth: TabAuth;
let bot: TestBot;

function coordinators(region: string | undefined, kommun: string | undefined): Coordinator[] {
  const at = '2026-10-01T08:00:00.000Z';
  return [
    { ...ANNA, principal: 'region', unit: region, trained: true, addedAt: at },
    { ...BJORN, principal: 'kommun', unit: kommun, trained: false, addedAt: at },
  ];
}

const ev = (at: string, action: AuditEvent['action'], by: { aadObjectId: string; name?: string }, detail?: string): AuditEvent => ({ action, at, by, detail });

async function seed(cases: TableCaseRepository, state: CaseState, audit: AuditEvent[]): Promise<void> {
  expect(await cases.create(state, [])).not.toBe('codeTaken');
  await cases.appendAudit(state.tenantId, state.code, audit);
}

beforeAll(async () => {
  jose = await import('jose');
  const pair = await jose.generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const keys = jose.createLocalJWKSet({ keys: [{ ...(await jose.exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] });
  tabKeys = keys;
  const production = loadConfig({
    MicrosoftAppId: APP,
    MicrosoftAppPassword: 'secret',
    MicrosoftAppTenantId: TENANT,
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    ALLOWED_TENANT_IDS: `${TENANT},${OTHER_TENANT}`,
  });
  tabAuth = createTabAuth(production, { keys, clock: () => NOW });
  bot = await startTestBot({}, () => NOW, { tabAuth, units: UNITS });

  const cases = new TableCaseRepository(bot.app.store.client(TABLES.cases));
  // Region unit Psykiatrisk öppenvård (stored in another spelling), kommun unit Socialpsykiatri.
  await seed(cases, { ...sampleCase('SIP-2026-0001'), coordinators: coordinators('psykiatrisk öppenvård ', 'Socialpsykiatri') }, [
    ev('2026-10-31T22:59:59.999Z', 'case.viewed', ANNA), // 31 Oct 23:59 local: before the period
    ev('2026-10-31T23:00:00.000Z', 'case.created', ANNA), // 1 Nov 00:00 local: its first instant
    ev('2026-11-15T08:14:00.000Z', 'case.viewed', BJORN),
    ev('2026-11-30T22:59:00.000Z', 'baseline.itemSet', HOSTILE, 'B3:done'), // 30 Nov 23:59 local
    ev('2026-11-30T23:00:00.000Z', 'case.viewed', ANNA), // 1 Dec 00:00 local: after the period
  ]);
  // Another region unit, and the kommun's LSS.
  await seed(cases, { ...sampleCase('VSS-2026-0002'), coordinators: coordinators('Beroendemottagningen', 'LSS') }, [ev('2026-11-10T10:00:00.000Z', 'case.viewed', ANNA)]);
  // Closed, of the first region unit: its log is followed up too.
  await seed(cases, { ...closed(sampleCase('SIP-2026-0003')), coordinators: coordinators('Psykiatrisk öppenvård', 'LSS') }, [ev('2026-11-20T10:00:00.000Z', 'case.closed', ANNA)]);
  // A unit typed before the list existed: "övrigt".
  await seed(cases, { ...sampleCase('SIP-2026-0004'), coordinators: coordinators('Öppenvården gamla', undefined) }, [ev('2026-11-05T12:30:00.000Z', 'plan.viewed', ANNA)]);
  // The same unit's name in another tenant.
  await seed(cases, { ...sampleCase('SIP-2026-0001', OTHER_TENANT), coordinators: coordinators('Psykiatrisk öppenvård', 'Socialpsykiatri') }, [ev('2026-11-11T10:00:00.000Z', 'case.viewed', ANNA)]);
});

afterAll(async () => {
  await bot?.close();
});

async function bearer(claims: JWTPayload = {}): Promise<string> {
  const body: JWTPayload = {
    aud: APP,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT,
    oid: GRETA.oid,
    name: GRETA.name,
    roles: [TAB_ROLES.accessLog],
    scp: 'access_as_user',
    nbf: seconds - 60,
    exp: seconds + 3600,
    ...claims,
  };
  return `Bearer ${await new jose.SignJWT(body).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(signingKey)}`;
}

const november = (huvudman: string, enhet: string) => `fran=2026-11-01&till=2026-11-30&huvudman=${huvudman}&enhet=${encodeURIComponent(enhet)}`;

async function get(query: string, authorization?: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${bot.baseUrl}/api/logguppfoljning.csv?${query}`, { headers: authorization === undefined ? {} : { authorization } });
  // The body as bytes, so the byte-order mark is seen as sent.
  return { status: res.status, headers: res.headers, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

const exportRows = async (tenantId = TENANT) => bot.app.accessLogExports.list(tenantId);
const HEADER = 'tidpunkt;ärende;åtgärd;åtgärdskod;vem;användar-id;huvudman;enhet';

describe('the access-log export', () => {
  it('gives the unit’s log rows of the period, closed cases too, oldest first, in Swedish, and protects against formulas', async () => {
    const before = (await exportRows()).length;
    const res = await get(november('region', 'Psykiatrisk öppenvård'), await bearer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="logguppfoljning-psykiatrisk-oppenvard-2026-11-01-2026-11-30.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    expect(res.text.slice(1).split('\r\n')).toEqual([
      HEADER,
      `2026-11-01 00:00;SIP-2026-0001;skapade ärendet;case.created;Anna Lind;${ANNA.aadObjectId};region;Psykiatrisk öppenvård`,
      `2026-11-15 09:14;SIP-2026-0001;öppnade ärendet;case.viewed;Björn Berg;${BJORN.aadObjectId};kommun;Socialpsykiatri`,
      `2026-11-20 11:00;SIP-2026-0003;avslutade ärendet;case.closed;Anna Lind;${ANNA.aadObjectId};region;Psykiatrisk öppenvård`,
      // Not a coordinator of the case: no principal or unit; the name is text, never a formula.
      `2026-11-30 23:59;SIP-2026-0001;satte B3: Klar;baseline.itemSet;"'=HYPERLINK(""https://evil.example"",""klicka"")";${HOSTILE.aadObjectId};;`,
      '',
    ]);
    const logged = await exportRows();
    expect(logged).toHaveLength(before + 1);
    expect(logged[0]).toEqual({
      tenantId: TENANT,
      at: NOW.toISOString(),
      by: { aadObjectId: GRETA.oid, name: GRETA.name },
      from: '2026-11-01',
      to: '2026-11-30',
      principal: 'region',
      unit: 'Psykiatrisk öppenvård',
      rows: 4,
      cases: 2,
    });
  });

  it('finds a unit by the other principal’s coordinator, and “övrigt” for units not in the list', async () => {
    const kommun = await get(november('kommun', 'socialpsykiatri'), await bearer());
    expect(kommun.status).toBe(200);
    // SIP-2026-0001 alone has its kommun coordinator in Socialpsykiatri: three rows in the period.
    expect(kommun.text.split('\r\n').slice(1, -1).map((l) => l.split(';').slice(0, 2).join(' '))).toEqual(['2026-11-01 00:00 SIP-2026-0001', '2026-11-15 09:14 SIP-2026-0001', '2026-11-30 23:59 SIP-2026-0001']);
    expect(kommun.headers.get('content-disposition')).toContain('logguppfoljning-socialpsykiatri-2026-11-01-2026-11-30.csv');
    const other = await get(november('region', 'övrigt'), await bearer());
    expect(other.text.split('\r\n').slice(1, -1)).toEqual([`2026-11-05 13:30;SIP-2026-0004;öppnade planen;plan.viewed;Anna Lind;${ANNA.aadObjectId};region;övrigt`]);
  });

  it('shows a user only their own tenant’s cases', async () => {
    const res = await get(november('region', 'Psykiatrisk öppenvård'), await bearer({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }));
    expect(res.status).toBe(200);
    expect(res.text.split('\r\n').slice(1, -1)).toEqual([`2026-11-11 11:00;SIP-2026-0001;öppnade ärendet;case.viewed;Anna Lind;${ANNA.aadObjectId};region;Psykiatrisk öppenvård`]);
    expect((await exportRows(OTHER_TENANT)).map((r) => [r.rows, r.cases])).toEqual([[1, 1]]);
  });

  it('refuses a user without the role Logguppföljning (403) or without a sign-in (401), and logs no export', async () => {
    const before = (await exportRows()).length;
    const noRole = await get(november('region', 'Psykiatrisk öppenvård'), await bearer({ roles: [TAB_ROLES.statistics] }));
    expect(noRole.status).toBe(403);
    expect(JSON.parse(noRole.text)).toEqual({ error: 'tabRoleMissing', message: expect.stringContaining('Logguppföljning') });
    const none = await get(november('region', 'Psykiatrisk öppenvård'));
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ error: 'tabSignInNeeded' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const foreign = await get(november('region', 'Psykiatrisk öppenvård'), await bearer({ tid: '11111111-2222-4333-8444-555555555555', iss: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/v2.0' }));
    expect([foreign.status, JSON.parse(foreign.text).error]).toEqual([403, 'tenantNotAllowed']);
    expect(await exportRows()).toHaveLength(before);
  });

  it('refuses a period or unit it cannot read, in Swedish, before reading any case', async () => {
    const token = await bearer();
    const cases: Array<[string, string]> = [
      ['fran=2026-11-30&till=2026-11-01&huvudman=region&enhet=LSS', 'accessLogPeriodInvalid'],
      ['fran=2026-02-30&till=2026-03-01&huvudman=region&enhet=övrigt', 'accessLogPeriodInvalid'],
      ['fran=2026-11-01&huvudman=region&enhet=övrigt', 'accessLogPeriodInvalid'],
      ['fran=2026-11-01&till=2026-11-30&huvudman=stat&enhet=övrigt', 'accessLogPeriodInvalid'],
      ['fran=2026-11-01&till=2026-11-30&huvudman=region&enhet=övrigt&enhet=LSS', 'accessLogPeriodInvalid'],
      ['fran=2025-11-01&till=2026-11-02&huvudman=region&enhet=övrigt', 'accessLogPeriodTooLong'],
      // LSS is the kommun's, not the region's.
      ['fran=2026-11-01&till=2026-11-30&huvudman=region&enhet=LSS', 'accessLogUnitUnknown'],
    ];
    for (const [query, error] of cases) {
      const res = await get(query, token);
      expect([res.status, JSON.parse(res.text).error], query).toEqual([400, error]);
      expect(JSON.parse(res.text).message).toMatch(/[åäö]/);
    }
    // A full leap year is one period.
    expect((await get('fran=2028-01-01&till=2028-12-31&huvudman=region&enhet=övrigt', token)).status).toBe(200);
  });

  it('logs each export with counts only', async () => {
    const from = bot.logs.lines.length;
    await get(november('region', 'Psykiatrisk öppenvård'), await bearer());
    const lines = bot.logs.lines.slice(from).join('\n');
    expect(lines).toContain('"msg":"access log exported"');
    expect(lines).toContain('"rows":4');
    for (const secret of ['Greta', GRETA.oid, 'SIP-2026', 'Anna', 'Psykiatrisk']) expect(lines).not.toContain(secret);
  });

  it('removes export rows with the other log rows once they are older than the log retention', async () => {
    await bot.app.accessLogExports.record({ tenantId: TENANT, at: '2031-06-01T10:00:00.000Z', by: { aadObjectId: GRETA.oid, name: GRETA.name }, from: '2031-05-01', to: '2031-05-31', principal: 'kommun', unit: 'LSS', rows: 0, cases: 0 });
    const before = await exportRows();
    expect(before.filter((r) => r.at < '2027-01-01').length).toBeGreaterThan(0);
    // Five years on (CASE_LOG_RETENTION_YEARS): everything before 2 January 2027 goes, the 2031 export stays.
    const outcome = await bot.app.retention.tick(new Date('2032-01-02T12:00:00.000Z'));
    expect(outcome).toMatchObject({ kind: 'ran' });
    expect((await exportRows()).map((r) => r.at)).toEqual(['2031-06-01T10:00:00.000Z']);
    expect((await exportRows(OTHER_TENANT)).length).toBe(0);
  });
});

describe('an export whose record cannot be written', () => {
  it('gives no file: nothing leaves unrecorded', async () => {
    const c = { ...sampleCase('SIP-2026-0001'), coordinators: coordinators(undefined, undefined) };
    const attempt = exportAccessLog(
      {
        cases: {
          async *casesOfTenant() {
            yield c;
          },
          auditBetween: async () => [ev('2026-11-15T08:14:00.000Z', 'case.viewed', ANNA)],
        },
        exports: { record: () => Promise.reject(new Error('the store is away')) },
        units: UNITS,
        timeZone: 'Europe/Stockholm',
        clock: () => NOW,
        logger: createLogger('silent'),
      },
      LOCAL_TAB_USER,
      { firstDay: '2026-11-01', lastDay: '2026-11-30', period: { from: '2026-10-31T23:00:00.000Z', until: '2026-11-30T23:00:00.000Z' }, principal: 'region', unit: 'övrigt' },
    );
    await expect(attempt).rejects.toThrow('the store is away');
  });
});

describe('the access-log export in local mode', () => {
  it('needs no sign-in and records the export as the local user’s', async () => {
    const local = await startTestBot({}, () => NOW);
    try {
      const direct = await fetch(`${local.baseUrl}/api/logguppfoljning.csv?${november('region', 'övrigt')}`);
      expect(direct.status).toBe(200);
      expect((await direct.text()).replace('\uFEFF', '')).toBe(`${HEADER}\r\n`);
      const rows = await local.app.accessLogExports.list('00000000-0000-0000-0000-0000000000001');
      expect(rows.map((r) => [r.by.name, r.rows])).toEqual([['Lokal användare', 0]]);
    } finally {
      await local.close();
    }
  });
});

describe('the access-log export in a deployment serving the region’s and the kommun’s tenants', () => {
  const KOMMUN_APP = '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f';
  let shared: TestBot;

  beforeAll(async () => {
    const env = {
      MicrosoftAppId: APP,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: TENANT,
      ORGANISATION: JSON.stringify({ principal: 'region', name: 'Region Testland' }),
      BOT_REGISTRATIONS: JSON.stringify([{ tenantId: OTHER_TENANT, appId: KOMMUN_APP, secretSetting: 'KOMMUN_BOT_SECRET', organisation: { principal: 'kommun', name: 'Testby kommun' } }]),
      KOMMUN_BOT_SECRET: 'kommun-secret',
      TAB_SSO_CLIENT_ID: APP,
      // The deployment answers in Swedish whatever the browser asks for.
      REPLY_LOCALE: 'sv',
    };
    const sharedAuth = createTabAuth(loadConfig({ ...env, STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }), { keys: tabKeys, clock: () => NOW });
    shared = await startTestBot(env, () => NOW, { tabAuth: sharedAuth, units: UNITS });
  });
  afterAll(async () => {
    await shared?.close();
  });

  const kommunUser = () => bearer({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` });
  const fetchShared = async (query: string, authorization: string) => fetch(`${shared.baseUrl}/api/logguppfoljning.csv?${query}`, { headers: { authorization, 'accept-language': 'en-GB' } });

  it('lets the kommun’s role holder follow up the kommun’s units, and not the region’s', async () => {
    const refused = await fetchShared(november('region', 'Psykiatrisk öppenvård'), await kommunUser());
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'accessLogOtherPrincipal', message: 'Du kan följa upp loggen för din egen organisations enheter, inte för den andra huvudmannens. Välj en av era enheter.' });
    expect((await fetchShared(november('kommun', 'Socialpsykiatri'), await kommunUser())).status).toBe(200);
    // And the region's holder the region's units only.
    expect((await fetchShared(november('kommun', 'Socialpsykiatri'), await bearer())).status).toBe(403);
    expect((await fetchShared(november('region', 'Psykiatrisk öppenvård'), await bearer())).status).toBe(200);
  });

  it('tells the tab page whose units each organisation’s holder may follow up', async () => {
    const roles = [TAB_ROLES.statistics, TAB_ROLES.accessLog];
    const kommunView = await fetch(`${shared.baseUrl}/api/statistik`, { headers: { authorization: await bearer({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`, roles }) } });
    expect(kommunView.status).toBe(200);
    expect(((await kommunView.json()) as { accessLogPrincipals: string[] }).accessLogPrincipals).toEqual(['kommun']);
    const regionView = await fetch(`${shared.baseUrl}/api/statistik`, { headers: { authorization: await bearer({ roles }) } });
    expect(((await regionView.json()) as { accessLogPrincipals: string[] }).accessLogPrincipals).toEqual(['region']);
  });
});
