import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/config';

const APP_ID = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const CONN = 'DefaultEndpointsProtocol=https;AccountName=samordning;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts in local mode with no credentials: loopback, embedded store, playground, defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      host: '127.0.0.1',
      port: 3978,
      storage: { kind: 'embedded', dataDir: '.data' },
      playground: true,
      registrations: [],
      allowedTenantIds: [],
      timeZone: 'Europe/Stockholm',
      logLevel: 'info',
    });
  });

  it('treats empty values from a .env file as unset', () => {
    expect(loadConfig({ PORT: '', MicrosoftAppId: '', PLAYGROUND: ' ', BOT_TIMEZONE: '' })).toMatchObject({ mode: 'local', port: 3978, playground: true });
  });

  it('turns the playground off with PLAYGROUND=false and uses a given connection string', () => {
    const config = loadConfig({ PLAYGROUND: 'false', STORAGE_CONNECTION_STRING: CONN, PORT: '4000' });
    expect(config).toMatchObject({ playground: false, port: 4000, storage: { kind: 'connectionString', connectionString: CONN } });
  });

  it('enters production mode with an app id: all interfaces, no playground, credentials, no embedded store', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: TENANT,
      STORAGE_CONNECTION_STRING: CONN,
      PLAYGROUND: 'true',
      ALLOWED_TENANT_IDS: `${TENANT.toUpperCase()}`,
    });
    expect(config).toMatchObject({
      mode: 'production',
      host: '0.0.0.0',
      playground: false,
      registrations: [{ appId: APP_ID, appType: 'SingleTenant', tenantId: TENANT }],
      storage: { kind: 'connectionString' },
      allowedTenantIds: [TENANT],
    });
  });

  it('runs production on the embedded store only when asked', () => {
    const prod = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT };
    expect(errorOf(prod)).toMatch(/^Invalid configuration: STORAGE_ACCOUNT_URL or STORAGE_CONNECTION_STRING is required/);
    expect(loadConfig({ ...prod, EMBEDDED_STORAGE: 'true' }).storage).toEqual({ kind: 'embedded', dataDir: '.data' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PLAYGROUND: 'kanske' }, 'PLAYGROUND'],
    [{ MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId'],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT, STORAGE_CONNECTION_STRING: CONN }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', STORAGE_CONNECTION_STRING: CONN }, 'MicrosoftAppTenantId'],
    [{ MicrosoftAppPassword: 'x' }, 'MicrosoftAppId'],
    [{ MicrosoftAppType: 'Personal' }, 'MicrosoftAppType'],
    [{ ALLOWED_TENANT_IDS: `${TENANT},contoso` }, 'ALLOWED_TENANT_IDS'],
    [{ DISPATCH_KEY: 'short' }, 'DISPATCH_KEY'],
    [{ PUBLIC_BASE_URL: 'sip.region.se' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://sip.region.se/?x=1' }, 'PUBLIC_BASE_URL'],
    [{ CALENDAR_LINK_KEY: 'short' }, 'CALENDAR_LINK_KEY'],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT, STORAGE_CONNECTION_STRING: CONN, PUBLIC_BASE_URL: 'http://sip.region.se', CALENDAR_LINK_KEY: 'q'.repeat(40) }, 'PUBLIC_BASE_URL'],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT, STORAGE_CONNECTION_STRING: CONN, PUBLIC_BASE_URL: 'https://sip.region.se' }, 'CALENDAR_LINK_KEY'],
    [{ BOT_TIMEZONE: 'Mars/Olympus' }, 'BOT_TIMEZONE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ STORAGE_CONNECTION_STRING: 'https://example.org' }, 'STORAGE_CONNECTION_STRING'],
    [{ TABLE_PREFIX: '1abc' }, 'TABLE_PREFIX'],
    [{ OFFICE_HOURS: '8-17' }, 'OFFICE_HOURS'],
    [{ OFFICE_HOURS: '17:00-08:00' }, 'OFFICE_HOURS'],
    [{ REMINDER_RATE_PER_SECOND: '0' }, 'REMINDER_RATE_PER_SECOND'],
    [{ REMINDER_RATE_PER_SECOND: '51' }, 'REMINDER_RATE_PER_SECOND'],
    [{ REMINDER_FIRST_MEETING_WORKING_DAYS: 'två' }, 'REMINDER_FIRST_MEETING_WORKING_DAYS'],
    [{ REMINDER_FOLLOW_UP_WORKING_DAYS_BEFORE: '-1' }, 'REMINDER_FOLLOW_UP_WORKING_DAYS_BEFORE'],
    [{ REMINDER_CRISIS_PLAN_WORKING_DAYS: '2.5' }, 'REMINDER_CRISIS_PLAN_WORKING_DAYS'],
    [{ REMINDER_PRE_MEETING_WORKING_DAYS_BEFORE: '10;5' }, 'REMINDER_PRE_MEETING_WORKING_DAYS_BEFORE'],
    [{ REMINDER_INACTIVE_DAYS: '0' }, 'REMINDER_INACTIVE_DAYS'],
  ])('stops with one line naming the variable for %j', (env, variable) => {
    const message = errorOf(env as Record<string, string>);
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
  });

  it('allows MultiTenant without a tenant id and a managed identity without a password', () => {
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant', STORAGE_CONNECTION_STRING: CONN }).registrations[0]?.appType).toBe('MultiTenant');
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, STORAGE_CONNECTION_STRING: CONN }).registrations[0]?.appPassword).toBeUndefined();
  });

  it('describes itself without secrets', () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'topsecret', MicrosoftAppTenantId: TENANT, STORAGE_CONNECTION_STRING: CONN, DISPATCH_KEY: 'k'.repeat(40), CALENDAR_LINK_KEY: 'q'.repeat(40), PUBLIC_BASE_URL: 'https://sip.region.se' });
    expect(config).toMatchObject({ publicBaseUrl: 'https://sip.region.se', calendarLinkKey: 'q'.repeat(40) });
    const text = JSON.stringify(describeConfig(config));
    expect(text).not.toContain('q'.repeat(40));
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('c2VjcmV0');
    expect(text).not.toContain('k'.repeat(40));
    expect(text).toContain(APP_ID);
  });
});

describe('reply language', () => {
  it('answers in Swedish in local mode with the playground, which always reports en-US', () => {
    expect(loadConfig({}).forcedLocale).toBe('sv');
  });

  it('follows the client otherwise, unless REPLY_LOCALE says', () => {
    expect(loadConfig({ PLAYGROUND: 'false' }).forcedLocale).toBeUndefined();
    expect(loadConfig({ REPLY_LOCALE: 'auto' }).forcedLocale).toBeUndefined();
    expect(loadConfig({ PLAYGROUND: 'false', REPLY_LOCALE: 'EN' }).forcedLocale).toBe('en');
  });
});

describe('reminder settings', () => {
  it('reads office hours and the rate cap, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ officeHours: { opens: '08:00', closes: '17:00' }, reminderRatePerSecond: 30 });
    expect(loadConfig({ OFFICE_HOURS: '07:30-16:00', REMINDER_RATE_PER_SECOND: '10' })).toMatchObject({ officeHours: { opens: '07:30', closes: '16:00' }, reminderRatePerSecond: 10 });
  });

  it('gives a table request 2 s and a turn 5 s of storage by default, each settable in milliseconds', () => {
    expect(loadConfig({}).storageDeadline).toEqual({ requestMs: 2000, turnMs: 5000 });
    expect(loadConfig({ STORAGE_REQUEST_TIMEOUT_MS: '500', STORAGE_TURN_BUDGET_MS: '1500' }).storageDeadline).toEqual({ requestMs: 500, turnMs: 1500 });
    expect(errorOf({ STORAGE_REQUEST_TIMEOUT_MS: '99' })).toContain('STORAGE_REQUEST_TIMEOUT_MS must be 100 or more');
    expect(errorOf({ STORAGE_TURN_BUDGET_MS: '60001' })).toContain('STORAGE_TURN_BUDGET_MS must be at most 60000');
    expect(errorOf({ STORAGE_TURN_BUDGET_MS: '2.5' })).toContain('STORAGE_TURN_BUDGET_MS must be a whole number');
  });

  it('reconciles every six hours by default, whether or not dispatch runs in-process; 0 turns it off', () => {
    expect(loadConfig({})).toMatchObject({ dispatchIntervalSeconds: 60, reconcileIntervalHours: 6 });
    expect(loadConfig({ DISPATCH_INTERVAL_SECONDS: '0' })).toMatchObject({ dispatchIntervalSeconds: 0, reconcileIntervalHours: 6 });
    expect(loadConfig({ RECONCILE_INTERVAL_HOURS: '0' }).reconcileIntervalHours).toBe(0);
    expect(loadConfig({ RECONCILE_INTERVAL_HOURS: '24' }).reconcileIntervalHours).toBe(24);
    expect(errorOf({ RECONCILE_INTERVAL_HOURS: '1.5' })).toContain('RECONCILE_INTERVAL_HOURS');
    expect(errorOf({ RECONCILE_INTERVAL_HOURS: '169' })).toContain('must be at most 168');
  });

  it("has PRODUCT.md's rule days by default, and each can be set", () => {
    expect(loadConfig({}).reminderDays).toEqual({
      firstMeetingAfterWorkingDays: 2,
      preMeetingPromptsWorkingDaysBefore: [10, 5],
      invitationAfterWorkingDays: 1,
      invitationEscalationWorkingDaysBefore: 10,
      meetingSoonWorkingDaysBefore: 1,
      followUpWorkingDaysBefore: 5,
      crisisPlanAfterWorkingDays: 5,
      crisisReviewWorkingDaysBefore: 5,
      inactiveDays: 30,
      consentEndingWorkingDaysBefore: 10,
      preMeetingAfterConsentWorkingDays: 3,
      invitationLateWorkingDays: 10,
      evaluationPointsMonths: [0, 6, 12],
      evaluationGraceWorkingDays: 10,
    });
    const days = loadConfig({
      REMINDER_FIRST_MEETING_WORKING_DAYS: '3',
      REMINDER_PRE_MEETING_WORKING_DAYS_BEFORE: ' 5, 15 ,5',
      REMINDER_INVITATION_WORKING_DAYS: '2',
      REMINDER_INVITATION_ESCALATION_WORKING_DAYS_BEFORE: '8',
      REMINDER_MEETING_SOON_WORKING_DAYS_BEFORE: '2',
      REMINDER_FOLLOW_UP_WORKING_DAYS_BEFORE: '4',
      REMINDER_CRISIS_PLAN_WORKING_DAYS: '7',
      REMINDER_CRISIS_REVIEW_WORKING_DAYS_BEFORE: '6',
      REMINDER_INACTIVE_DAYS: '45',
      REMINDER_CONSENT_ENDING_WORKING_DAYS_BEFORE: '15',
      REMINDER_PRE_MEETING_AFTER_CONSENT_WORKING_DAYS: '4',
      INVITATION_LATE_WORKING_DAYS: '7',
      EVALUATION_POINTS_MONTHS: ' 12, 3 ,0,3',
      EVALUATION_GRACE_WORKING_DAYS: '5',
    }).reminderDays;
    expect(days).toEqual({
      firstMeetingAfterWorkingDays: 3,
      preMeetingPromptsWorkingDaysBefore: [15, 5],
      invitationAfterWorkingDays: 2,
      invitationEscalationWorkingDaysBefore: 8,
      meetingSoonWorkingDaysBefore: 2,
      followUpWorkingDaysBefore: 4,
      crisisPlanAfterWorkingDays: 7,
      crisisReviewWorkingDaysBefore: 6,
      inactiveDays: 45,
      consentEndingWorkingDaysBefore: 15,
      preMeetingAfterConsentWorkingDays: 4,
      invitationLateWorkingDays: 7,
      evaluationPointsMonths: [0, 3, 12],
      evaluationGraceWorkingDays: 5,
    });
  });

  it('names no evaluation instruments by default, and reads the region’s list; a point list or a name it cannot take is refused', () => {
    expect(loadConfig({}).evaluationInstruments).toEqual([]);
    expect(loadConfig({ EVALUATION_INSTRUMENTS: ' QLS-100 , Livskvalitet (MANSA),' }).evaluationInstruments).toEqual(['QLS-100', 'Livskvalitet (MANSA)']);
    expect(errorOf({ EVALUATION_INSTRUMENTS: 'x'.repeat(61) })).toContain('EVALUATION_INSTRUMENTS must be up to ten');
    expect(errorOf({ EVALUATION_POINTS_MONTHS: '0,6,x' })).toContain('EVALUATION_POINTS_MONTHS must be up to ten numbers of months');
    expect(errorOf({ EVALUATION_GRACE_WORKING_DAYS: '61' })).toContain('EVALUATION_GRACE_WORKING_DAYS must be at most 60');
  });
});

describe('deployment settings (issue 15)', () => {
  const production = { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT };

  it('reaches the store by its Tables endpoint and the managed identity, without a key', () => {
    const config = loadConfig({ ...production, STORAGE_ACCOUNT_URL: 'https://samordning.table.core.windows.net', AZURE_CLIENT_ID: APP_ID });
    expect(config.storage).toEqual({ kind: 'accountUrl', url: 'https://samordning.table.core.windows.net', clientId: APP_ID });
    expect(describeConfig(config).storage).toBe(`https://samordning.table.core.windows.net (managed identity ${APP_ID})`);
  });

  it('refuses both a connection string and an account URL, an http URL, and neither in production', () => {
    expect(errorOf({ ...production, STORAGE_ACCOUNT_URL: 'https://a.table.core.windows.net', STORAGE_CONNECTION_STRING: CONN })).toMatch(/not both/);
    expect(errorOf({ STORAGE_ACCOUNT_URL: 'http://a.table.core.windows.net' })).toMatch(/^Invalid configuration: STORAGE_ACCOUNT_URL must be the Tables endpoint over https/);
    expect(errorOf(production)).toMatch(/STORAGE_ACCOUNT_URL or STORAGE_CONNECTION_STRING is required/);
    expect(errorOf({ AZURE_CLIENT_ID: 'mi' })).toMatch(/^Invalid configuration: AZURE_CLIENT_ID/);
  });

  it('keeps log rows five years by default and never less, closed cases a year, and stops within 20 s', () => {
    const config = loadConfig({});
    expect(config.retention).toEqual({ caseLogYears: 5, closedCaseDays: 365, runAt: '02:30' });
    expect(config.shutdownTimeoutSeconds).toBe(20);
    expect(config.applicationInsightsConnectionString).toBeUndefined();
    expect(errorOf({ CASE_LOG_RETENTION_YEARS: '4' })).toMatch(/CASE_LOG_RETENTION_YEARS must be at least 5/);
    expect(errorOf({ RETENTION_RUN_AT: '25:00' })).toMatch(/RETENTION_RUN_AT must look like 02:30/);
    expect(loadConfig({ CASE_LOG_RETENTION_YEARS: '10', CLOSED_CASE_RETENTION_DAYS: '30', SHUTDOWN_TIMEOUT_SECONDS: '5' })).toMatchObject({
      retention: { caseLogYears: 10, closedCaseDays: 30 },
      shutdownTimeoutSeconds: 5,
    });
  });

  it('takes an Application Insights connection string and says only that telemetry is on', () => {
    const cs = 'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/';
    const config = loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: cs });
    expect(config.applicationInsightsConnectionString).toBe(cs);
    expect(JSON.stringify(describeConfig(config))).not.toContain('InstrumentationKey');
    expect(errorOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'x' })).toMatch(/APPLICATIONINSIGHTS_CONNECTION_STRING/);
  });
});

describe('ORGANISATION and BOT_REGISTRATIONS', () => {
  // The region's tenant is the home tenant (MicrosoftAppId…, TENANT); a kommun, and a second kommun,
  // each have a tenant and a bot registration of their own, listed in BOT_REGISTRATIONS.
  const KOMMUN_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
  const KOMMUN_APP_ID = '3a5b7c9d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
  const GRANNBY_TENANT = '2d4f6a8b-0c1e-4f3a-9b5d-7e9f1a3c5e7b';
  const GRANNBY_APP_ID = '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f';
  const REGION_SECRET = 'regionens-hemlighet~Q8';
  const KOMMUN_SECRET = 'kommunens-hemlighet~Z3';
  const GRANNBY_SECRET = 'grannbys-hemlighet~W5';
  const REGION = { principal: 'region', name: 'Region Testland' } as const;
  const KOMMUN = { principal: 'kommun', name: 'Testby kommun' } as const;
  const GRANNBY = { principal: 'kommun', name: 'Grannby kommun' } as const;
  const kommun = { tenantId: KOMMUN_TENANT.toUpperCase(), appId: KOMMUN_APP_ID.toUpperCase(), secretSetting: 'KOMMUN_BOT_SECRET', organisation: KOMMUN };
  const grannby = { tenantId: GRANNBY_TENANT, appId: GRANNBY_APP_ID, secretSetting: 'GRANNBY_BOT_SECRET', organisation: GRANNBY };
  /** The home registration, as a deployment serving one tenant already has it, with its ORGANISATION. */
  const home = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: REGION_SECRET, MicrosoftAppTenantId: TENANT, ORGANISATION: JSON.stringify(REGION), STORAGE_CONNECTION_STRING: CONN };
  const secrets = { KOMMUN_BOT_SECRET: KOMMUN_SECRET, GRANNBY_BOT_SECRET: GRANNBY_SECRET };

  /** Production with the home registration, this BOT_REGISTRATIONS (any JSON value, or raw text) and the others' secrets; undefined in `extra` removes a setting. */
  const envWith = (list: unknown, extra: Record<string, string | undefined> = {}): Record<string, string> => {
    const env: Record<string, string | undefined> = { ...home, BOT_REGISTRATIONS: typeof list === 'string' ? list : JSON.stringify(list), ...secrets, ...extra };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env as Record<string, string>;
  };

  /** The one-line ConfigError for this environment, which must name `variable` and give away no secret. */
  const refusal = (env: Record<string, string>, variable = 'BOT_REGISTRATIONS'): string => {
    const message = errorOf(env);
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
    for (const secret of [REGION_SECRET, KOMMUN_SECRET, GRANNBY_SECRET]) expect(message).not.toContain(secret);
    return message;
  };

  describe('accepted', () => {
    it('serves the home registration first, with ORGANISATION, then each other tenant with the secret from its named setting, ids in lower case', () => {
      const config = loadConfig(envWith([kommun, grannby], { MicrosoftAppTenantId: TENANT.toUpperCase() }));
      expect(config).toMatchObject({ mode: 'production', host: '0.0.0.0', playground: false, storage: { kind: 'connectionString' } });
      expect(config.registrations).toEqual([
        { appId: APP_ID, appPassword: REGION_SECRET, appType: 'SingleTenant', tenantId: TENANT, organisation: REGION },
        { appId: KOMMUN_APP_ID, appPassword: KOMMUN_SECRET, appType: 'SingleTenant', tenantId: KOMMUN_TENANT, organisation: KOMMUN },
        { appId: GRANNBY_APP_ID, appPassword: GRANNBY_SECRET, appType: 'SingleTenant', tenantId: GRANNBY_TENANT, organisation: GRANNBY },
      ]);
      // The home registration stays first whatever order the list has.
      expect(loadConfig(envWith([grannby, kommun])).registrations.map((r) => r.tenantId)).toEqual([TENANT, GRANNBY_TENANT, KOMMUN_TENANT]);
    });

    it('reads a named secret without the spaces around it', () => {
      expect(loadConfig(envWith([kommun], { KOMMUN_BOT_SECRET: `  ${KOMMUN_SECRET}\t` })).registrations[1]?.appPassword).toBe(KOMMUN_SECRET);
    });

    it('takes a home registration on a managed identity: no password at home, a client secret for the other tenant', () => {
      const config = loadConfig(envWith([kommun], { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined }));
      expect(config.registrations).toEqual([
        { appId: APP_ID, appPassword: undefined, appType: 'UserAssignedMSI', tenantId: TENANT, organisation: REGION },
        { appId: KOMMUN_APP_ID, appPassword: KOMMUN_SECRET, appType: 'SingleTenant', tenantId: KOMMUN_TENANT, organisation: KOMMUN },
      ]);
    });

    it('takes ORGANISATION without BOT_REGISTRATIONS: one registration that names its organisation', () => {
      const config = loadConfig({ ...home, ORGANISATION: JSON.stringify({ principal: 'kommun', name: '  Testby kommun ' }) });
      expect(config.registrations).toEqual([{ appId: APP_ID, appPassword: REGION_SECRET, appType: 'SingleTenant', tenantId: TENANT, organisation: KOMMUN }]);
      const { ORGANISATION: _, ...withoutOrganisation } = home;
      expect(loadConfig(withoutOrganisation).registrations[0]?.organisation).toBeUndefined();
    });

    it('treats an empty BOT_REGISTRATIONS as unset: the home registration alone', () => {
      expect(loadConfig(envWith('  ')).registrations.map((r) => r.tenantId)).toEqual([TENANT]);
    });

    it('takes as many as 19 other tenants (20 with the home tenant)', () => {
      const ids = Array.from({ length: 19 }, (_, i) => String(i).padStart(2, '0'));
      const list = ids.map((n) => ({ tenantId: `00000000-0000-4000-8000-0000000000${n}`, appId: `11111111-0000-4000-8000-0000000000${n}`, secretSetting: `KOMMUN_${n}_SECRET`, organisation: { principal: 'kommun', name: `Kommun ${n}` } }));
      const config = loadConfig(envWith(list, Object.fromEntries(ids.map((n) => [`KOMMUN_${n}_SECRET`, `hemlighet-${n}`]))));
      expect(config.registrations).toHaveLength(20);
      expect(config.registrations[19]).toEqual({ appId: '11111111-0000-4000-8000-000000000018', appPassword: 'hemlighet-18', appType: 'SingleTenant', tenantId: '00000000-0000-4000-8000-000000000018', organisation: { principal: 'kommun', name: 'Kommun 18' } });
    });

    it('accepts ALLOWED_TENANT_IDS that lists the home tenant and every other, in any case, and more', () => {
      const config = loadConfig(envWith([kommun, grannby], { ALLOWED_TENANT_IDS: `${KOMMUN_TENANT.toUpperCase()}, ${GRANNBY_TENANT}, ${TENANT.toUpperCase()}, 11111111-2222-4333-8444-555555555555` }));
      expect(config.allowedTenantIds).toEqual([KOMMUN_TENANT, GRANNBY_TENANT, TENANT, '11111111-2222-4333-8444-555555555555']);
      expect(config.registrations).toHaveLength(3);
    });

    it('describes itself with each registration’s organisation but never a secret', () => {
      const described = describeConfig(loadConfig(envWith([kommun], { DISPATCH_KEY: 'k'.repeat(40) })));
      expect(described['mode']).toBe('production');
      expect(described['registrations']).toEqual([
        { appId: APP_ID, appType: 'SingleTenant', tenantId: TENANT, organisation: REGION, secret: 'set (hidden)' },
        { appId: KOMMUN_APP_ID, appType: 'SingleTenant', tenantId: KOMMUN_TENANT, organisation: KOMMUN, secret: 'set (hidden)' },
      ]);
      const text = JSON.stringify(described);
      for (const secret of [REGION_SECRET, KOMMUN_SECRET, 'regionens-hemlighet', 'kommunens-hemlighet', 'c2VjcmV0', 'k'.repeat(40)]) expect(text).not.toContain(secret);
      // A managed identity's home registration has no secret to hide.
      expect(describeConfig(loadConfig(envWith([kommun], { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined })))['registrations']).toMatchObject([{ appType: 'UserAssignedMSI', secret: 'none' }, { secret: 'set (hidden)' }]);
    });
  });

  describe('refused in BOT_REGISTRATIONS itself', () => {
    it('refuses text that is not JSON', () => {
      expect(refusal(envWith('[{tenantId: x}]'))).toContain('BOT_REGISTRATIONS must be a list of the other tenants’ registrations in JSON');
      refusal(envWith(JSON.stringify([kommun]).slice(0, -1)));
    });

    it('refuses an empty list, and a JSON value that is not a list', () => {
      expect(refusal(envWith([]))).toContain('BOT_REGISTRATIONS must list at least one registration');
      expect(refusal(envWith(kommun))).toContain('BOT_REGISTRATIONS Invalid input: expected array, received object');
      refusal(envWith('null'));
    });

    it('refuses 20 other tenants', () => {
      const list = Array.from({ length: 20 }, (_, i) => {
        const n = String(i).padStart(2, '0');
        return { tenantId: `00000000-0000-4000-8000-0000000000${n}`, appId: `11111111-0000-4000-8000-0000000000${n}`, secretSetting: 'KOMMUN_BOT_SECRET', organisation: { principal: 'kommun', name: `Kommun ${n}` } };
      });
      expect(refusal(envWith(list))).toContain('BOT_REGISTRATIONS must list at most 19 registrations');
    });

    it('refuses a registration without its organisation, or with a blank or too long name', () => {
      const { organisation: _, ...bare } = kommun;
      expect(refusal(envWith([grannby, bare]))).toContain('BOT_REGISTRATIONS [1.organisation]');
      expect(refusal(envWith([{ ...kommun, organisation: { principal: 'kommun', name: ' ' } }]))).toContain('[0.organisation.name] must name the organisation');
      expect(refusal(envWith([{ ...kommun, organisation: { principal: 'kommun', name: 'x'.repeat(61) } }]))).toContain('[0.organisation.name] must be at most 60 characters');
    });

    it('refuses a principal other than region or kommun', () => {
      expect(refusal(envWith([{ ...kommun, organisation: { principal: 'stat', name: 'Testby kommun' } }]))).toContain('BOT_REGISTRATIONS [0.organisation.principal] must be region or kommun');
    });

    it('refuses a key it does not know, such as appType, and never repeats a secret put in the list', () => {
      expect(refusal(envWith([{ ...kommun, appType: 'SingleTenant' }]))).toMatch(/BOT_REGISTRATIONS \[0\] .*appType/);
      expect(refusal(envWith([{ ...kommun, organisation: { ...KOMMUN, country: 'SE' } }]))).toMatch(/BOT_REGISTRATIONS \[0\.organisation\] .*country/);
      // refusal() checks that the secret is not in the message.
      expect(refusal(envWith([grannby, { ...kommun, appPassword: KOMMUN_SECRET }]))).toMatch(/BOT_REGISTRATIONS \[1\] .*appPassword/);
    });

    it('refuses two registrations for the same tenant, whatever the case', () => {
      expect(refusal(envWith([kommun, { ...grannby, tenantId: KOMMUN_TENANT }]))).toContain('BOT_REGISTRATIONS [1.tenantId] names the same tenantId as an earlier registration');
    });

    it('refuses two registrations with the same app id, whatever the case', () => {
      expect(refusal(envWith([kommun, { ...grannby, appId: KOMMUN_APP_ID }]))).toContain('BOT_REGISTRATIONS [1.appId] names the same appId as an earlier registration');
    });

    it('refuses a tenant or app id that is not a GUID', () => {
      expect(refusal(envWith([{ ...kommun, tenantId: 'testby.onmicrosoft.com' }]))).toContain('[0.tenantId] must be a tenant id (a GUID)');
      expect(refusal(envWith([{ ...kommun, appId: 'testby-bot' }]))).toContain('[0.appId] must be the bot’s app id (a GUID)');
    });
  });

  describe('refused beside the home registration', () => {
    it('refuses a registration for the home tenant, whatever the case, naming MicrosoftAppTenantId', () => {
      const message = refusal(envWith([grannby, { ...kommun, tenantId: TENANT.toUpperCase() }]));
      expect(message).toContain('BOT_REGISTRATIONS[1] names the home registration');
      expect(message).toContain('MicrosoftAppTenantId');
    });

    it('refuses a registration with the home app id, whatever the case, naming MicrosoftAppId', () => {
      const message = refusal(envWith([{ ...kommun, appId: APP_ID.toUpperCase() }]));
      expect(message).toContain('BOT_REGISTRATIONS[0] names the home registration');
      expect(message).toContain('MicrosoftAppId');
    });

    it('refuses a registration without secretSetting', () => {
      const { secretSetting: _, ...noSecret } = kommun;
      expect(refusal(envWith([noSecret]))).toContain('BOT_REGISTRATIONS [0.secretSetting] Invalid input: expected string, received undefined');
      expect(refusal(envWith([{ ...kommun, secretSetting: 'KOMMUN-BOT-SECRET' }]))).toContain('[0.secretSetting] must name the app setting that holds the client secret');
    });

    it('refuses a secretSetting that names a variable the bot reads itself, even when that variable is set', () => {
      for (const setting of ['MicrosoftAppPassword', 'DISPATCH_KEY', 'CALENDAR_LINK_KEY', 'BOT_REGISTRATIONS']) {
        const env = envWith([grannby, { ...kommun, secretSetting: setting }], { DISPATCH_KEY: 'd'.repeat(40), CALENDAR_LINK_KEY: 'c'.repeat(40) });
        const message = refusal(env);
        expect(message).toContain(`BOT_REGISTRATIONS[1].secretSetting names ${setting}`);
        for (const value of ['d'.repeat(40), 'c'.repeat(40)]) expect(message).not.toContain(value);
      }
    });

    it('refuses a registration whose named secret setting is unset or blank, naming that setting', () => {
      for (const value of [undefined, '', '   ']) {
        const message = refusal(envWith([grannby, kommun], { KOMMUN_BOT_SECRET: value }), 'KOMMUN_BOT_SECRET');
        expect(message).toContain('KOMMUN_BOT_SECRET is required: BOT_REGISTRATIONS[1]');
        expect(message).toContain(kommun.appId);
      }
    });

    it('refuses BOT_REGISTRATIONS without ORGANISATION, naming both', () => {
      const message = refusal(envWith([kommun], { ORGANISATION: undefined }), 'ORGANISATION');
      expect(message).toMatch(/^Invalid configuration: ORGANISATION is required with BOT_REGISTRATIONS/);
      expect(refusal(envWith([kommun], { ORGANISATION: ' ' }), 'ORGANISATION')).toBe(message);
    });

    it('refuses a home registration without a tenant (MultiTenant) with BOT_REGISTRATIONS, though it is fine alone', () => {
      const multi = { MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: undefined };
      const message = refusal(envWith([kommun], multi));
      expect(message).toContain('BOT_REGISTRATIONS needs a home registration with a tenant');
      expect(message).toContain('MicrosoftAppType');
      expect(loadConfig(envWith(undefined, multi)).registrations).toMatchObject([{ appType: 'MultiTenant', tenantId: undefined }]);
      // Nor a MultiTenant one that names a tenant: its tokens are not that tenant's alone.
      expect(refusal(envWith([kommun], { MicrosoftAppType: 'MultiTenant' }))).toBe(message);
    });

    it('refuses BOT_REGISTRATIONS without the home registration, rather than starting in local mode', () => {
      const message = refusal(envWith([kommun], { MicrosoftAppId: undefined, MicrosoftAppPassword: undefined, MicrosoftAppTenantId: undefined }), 'MicrosoftAppId');
      expect(message).toContain('BOT_REGISTRATIONS');
    });

    it('refuses ALLOWED_TENANT_IDS that leaves out the home tenant, naming it', () => {
      const message = refusal(envWith([kommun], { ALLOWED_TENANT_IDS: KOMMUN_TENANT }), 'ALLOWED_TENANT_IDS');
      expect(message).toContain(`(${TENANT} is missing)`);
    });

    it('refuses ALLOWED_TENANT_IDS that leaves out another tenant, naming it', () => {
      const message = refusal(envWith([kommun, grannby], { ALLOWED_TENANT_IDS: `${TENANT},${KOMMUN_TENANT}` }), 'ALLOWED_TENANT_IDS');
      expect(message).toContain(`(${GRANNBY_TENANT} is missing)`);
      expect(message).toContain('BOT_REGISTRATIONS');
    });
  });

  describe('a malformed ORGANISATION', () => {
    it.each([
      ['text that is not JSON', '{principal: region}', 'ORGANISATION must be an organisation'],
      ['a list', JSON.stringify([REGION]), 'ORGANISATION Invalid input: expected object, received array'],
      ['a principal other than region or kommun', JSON.stringify({ principal: 'landsting', name: 'Region Testland' }), 'ORGANISATION [principal] must be region or kommun'],
      ['no name', JSON.stringify({ principal: 'region' }), 'ORGANISATION [name] Invalid input: expected string'],
      ['a blank name', JSON.stringify({ principal: 'region', name: '  ' }), 'ORGANISATION [name] must name the organisation'],
      ['a name of 61 characters', JSON.stringify({ principal: 'region', name: 'R'.repeat(61) }), 'ORGANISATION [name] must be at most 60 characters'],
      ['a key it does not know', JSON.stringify({ ...REGION, tenantId: TENANT }), 'ORGANISATION Unrecognized key: "tenantId"'],
    ])('is refused with BOT_REGISTRATIONS and alone: %s', (_, value, expected) => {
      expect(refusal(envWith([kommun], { ORGANISATION: value }), 'ORGANISATION')).toContain(expected);
      expect(refusal({ ...home, ORGANISATION: value }, 'ORGANISATION')).toContain(expected);
    });
  });
});
