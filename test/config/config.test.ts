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

describe('BOT_REGISTRATIONS', () => {
  // The region's tenant (TENANT, the home tenant) and a kommun's, each with a bot registration of its own.
  const KOMMUN_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
  const KOMMUN_APP_ID = '3a5b7c9d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
  const REGION_SECRET = 'regionens-hemlighet~Q8';
  const KOMMUN_SECRET = 'kommunens-hemlighet~Z3';
  const region = { tenantId: TENANT.toUpperCase(), appId: APP_ID.toUpperCase(), secretSetting: 'REGION_BOT_SECRET', organisation: { principal: 'region', name: 'Region Testland' } };
  const kommun = { tenantId: KOMMUN_TENANT, appId: KOMMUN_APP_ID, appType: 'SingleTenant', secretSetting: 'KOMMUN_BOT_SECRET', organisation: { principal: 'kommun', name: 'Testby kommun' } };
  const secrets = { REGION_BOT_SECRET: REGION_SECRET, KOMMUN_BOT_SECRET: KOMMUN_SECRET };

  /** A production environment with these registrations (any JSON value, or raw text) and both secrets. */
  const envWith = (list: unknown, extra: Record<string, string | undefined> = {}): Record<string, string> => {
    const env: Record<string, string | undefined> = { BOT_REGISTRATIONS: typeof list === 'string' ? list : JSON.stringify(list), STORAGE_CONNECTION_STRING: CONN, ...secrets, ...extra };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env as Record<string, string>;
  };

  /** The one-line ConfigError for this environment, which must name `variable`. */
  const refusal = (env: Record<string, string>, variable = 'BOT_REGISTRATIONS'): string => {
    const message = errorOf(env);
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
    return message;
  };

  it('serves two tenants in production mode: each registration with its organisation and the secret from its named setting, ids in lower case, in order', () => {
    const config = loadConfig(envWith([region, kommun]));
    expect(config).toMatchObject({ mode: 'production', host: '0.0.0.0', playground: false, storage: { kind: 'connectionString' } });
    expect(config.registrations).toEqual([
      { appId: APP_ID, appPassword: REGION_SECRET, appType: 'SingleTenant', tenantId: TENANT, organisation: { principal: 'region', name: 'Region Testland' } },
      { appId: KOMMUN_APP_ID, appPassword: KOMMUN_SECRET, appType: 'SingleTenant', tenantId: KOMMUN_TENANT, organisation: { principal: 'kommun', name: 'Testby kommun' } },
    ]);
    // The order is the operator's: the first is the home tenant, whatever the ids sort as.
    expect(loadConfig(envWith([kommun, region])).registrations.map((r) => r.tenantId)).toEqual([KOMMUN_TENANT, TENANT]);
  });

  it('takes a managed identity without a secret, and a list as long as 20', () => {
    const msi = { tenantId: KOMMUN_TENANT, appId: KOMMUN_APP_ID, appType: 'UserAssignedMSI', organisation: { principal: 'kommun', name: 'Testby kommun' } };
    expect(loadConfig(envWith([region, msi])).registrations[1]).toEqual({ appId: KOMMUN_APP_ID, appPassword: undefined, appType: 'UserAssignedMSI', tenantId: KOMMUN_TENANT, organisation: msi.organisation });
    const twenty = Array.from({ length: 20 }, (_, i) => {
      const n = String(i).padStart(2, '0');
      return { tenantId: `00000000-0000-4000-8000-0000000000${n}`, appId: `11111111-0000-4000-8000-0000000000${n}`, appType: 'UserAssignedMSI', organisation: { principal: 'kommun', name: `Kommun ${n}` } };
    });
    expect(loadConfig(envWith(twenty)).registrations).toHaveLength(20);
    refusal(envWith([...twenty, { ...twenty[0]!, tenantId: '00000000-0000-4000-8000-000000000099', appId: '11111111-0000-4000-8000-000000000099' }]));
  });

  it('accepts ALLOWED_TENANT_IDS that lists every registration tenant, in any case, and more', () => {
    const config = loadConfig(envWith([region, kommun], { ALLOWED_TENANT_IDS: `${KOMMUN_TENANT.toUpperCase()}, ${TENANT}, 11111111-2222-4333-8444-555555555555` }));
    expect(config.allowedTenantIds).toEqual([KOMMUN_TENANT, TENANT, '11111111-2222-4333-8444-555555555555']);
  });

  it('refuses text that is not JSON', () => {
    expect(refusal(envWith('[{tenantId: x}]'))).toContain('must be a JSON list of registrations');
    refusal(envWith(JSON.stringify([region, kommun]).slice(0, -1)));
  });

  it('refuses an empty list, and a JSON value that is not a list', () => {
    expect(refusal(envWith([]))).toContain('must list at least one registration');
    refusal(envWith(region));
    refusal(envWith('null'));
  });

  it('refuses a registration without its organisation', () => {
    const { organisation: _, ...bare } = kommun;
    expect(refusal(envWith([region, bare]))).toContain('BOT_REGISTRATIONS [1.organisation]');
    refusal(envWith([region, { ...kommun, organisation: { principal: 'kommun', name: ' ' } }]));
  });

  it('refuses a principal other than region or kommun', () => {
    expect(refusal(envWith([region, { ...kommun, organisation: { principal: 'stat', name: 'Testby kommun' } }]))).toContain('must be region or kommun');
  });

  it('refuses a key it does not know, in a registration or its organisation', () => {
    expect(refusal(envWith([region, { ...kommun, appPassword: KOMMUN_SECRET }]))).toMatch(/BOT_REGISTRATIONS \[1\] .*appPassword/);
    expect(refusal(envWith([region, { ...kommun, organisation: { ...kommun.organisation, country: 'SE' } }]))).toMatch(/BOT_REGISTRATIONS \[1\.organisation\] .*country/);
    // A secret in the list itself is refused, and the message does not repeat it.
    expect(refusal(envWith([region, { ...kommun, appPassword: KOMMUN_SECRET }]))).not.toContain(KOMMUN_SECRET);
  });

  it('refuses two registrations for the same tenant, whatever the case', () => {
    expect(refusal(envWith([region, { ...kommun, tenantId: TENANT }]))).toContain('names the same tenantId as an earlier registration');
    refusal(envWith([region, { ...kommun, tenantId: TENANT.toLowerCase() }]));
  });

  it('refuses two registrations with the same app id, whatever the case', () => {
    expect(refusal(envWith([region, { ...kommun, appId: APP_ID.toLowerCase() }]))).toContain('names the same appId as an earlier registration');
  });

  it('refuses a SingleTenant registration without secretSetting (SingleTenant is the default)', () => {
    const { secretSetting: _, ...noSecret } = kommun;
    expect(refusal(envWith([region, noSecret]))).toContain('[1.secretSetting] is required for a SingleTenant registration');
    const { appType: __, ...defaultType } = noSecret;
    refusal(envWith([region, defaultType]));
  });

  it('refuses a managed identity with a secretSetting', () => {
    expect(refusal(envWith([region, { ...kommun, appType: 'UserAssignedMSI' }]))).toContain('[1.secretSetting] must not be set for a managed identity');
  });

  it('refuses a registration whose named secret setting is unset or blank, naming that setting', () => {
    for (const value of [undefined, '', '   ']) {
      const message = refusal(envWith([region, kommun], { KOMMUN_BOT_SECRET: value }), 'KOMMUN_BOT_SECRET');
      expect(message).toContain('BOT_REGISTRATIONS[1]');
      expect(message).not.toContain(REGION_SECRET);
    }
  });

  it('refuses BOT_REGISTRATIONS together with MicrosoftAppId, MicrosoftAppPassword or MicrosoftAppTenantId', () => {
    for (const extra of [{ MicrosoftAppId: APP_ID }, { MicrosoftAppPassword: 'secret' }, { MicrosoftAppTenantId: TENANT }, { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT }]) {
      const message = refusal(envWith([region, kommun], extra));
      expect(message).toContain('MicrosoftAppId');
      expect(message).toContain('not both');
    }
  });

  it('refuses ALLOWED_TENANT_IDS that leaves out a registration tenant, naming it', () => {
    const message = refusal(envWith([region, kommun], { ALLOWED_TENANT_IDS: TENANT }), 'ALLOWED_TENANT_IDS');
    expect(message).toContain(KOMMUN_TENANT);
    expect(message).toContain('BOT_REGISTRATIONS');
  });

  it('describes itself with each registration’s organisation but never a secret', () => {
    const config = loadConfig(envWith([region, kommun], { DISPATCH_KEY: 'k'.repeat(40) }));
    const described = describeConfig(config);
    expect(described['mode']).toBe('production');
    expect(described['registrations']).toEqual([
      { appId: APP_ID, appType: 'SingleTenant', tenantId: TENANT, organisation: { principal: 'region', name: 'Region Testland' }, secret: 'set (hidden)' },
      { appId: KOMMUN_APP_ID, appType: 'SingleTenant', tenantId: KOMMUN_TENANT, organisation: { principal: 'kommun', name: 'Testby kommun' }, secret: 'set (hidden)' },
    ]);
    const text = JSON.stringify(described);
    for (const secret of [REGION_SECRET, KOMMUN_SECRET, 'regionens-hemlighet', 'kommunens-hemlighet', 'c2VjcmV0', 'k'.repeat(40)]) expect(text).not.toContain(secret);
  });
});
