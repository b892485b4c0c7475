import { z } from 'zod';
import { DEFAULT_REMINDER_SETTINGS as D, type ReminderSettings } from '../domain/reminder-rules';
import { TARGET_GROUP_PROFILES, type TargetGroupProfile } from '../domain/case-model';
import { containsPersonnummer } from '../domain/personnummer';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Empty strings in a .env file mean "not set", as an operator would read them. */
const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

const booleanFlag = (fallback: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes')),
  );

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('sv-SE', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** A whole number of days for a reminder rule, with its default. */
const days = (fallback: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of days' }).int('must be a whole number').min(0, 'must be 0 or more').max(max, `must be at most ${max}`).default(fallback),
  );

const organisationSchema = z.strictObject({
  principal: z.enum(['region', 'kommun'], { message: 'must be region or kommun' }),
  name: z.string().trim().min(1, 'must name the organisation').max(60, 'must be at most 60 characters'),
});

/** A JSON value in one variable, checked by `schema`; the first problem names its path. */
const jsonSetting = <T extends z.ZodType>(schema: T, what: string) =>
  optionalText.transform((v, ctx): z.output<T> | undefined => {
    if (v === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be ${what} in JSON (see docs/deploy.md, "Two tenants, one deployment")` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      ctx.addIssue({ code: 'custom', message: `${issue.path.length > 0 ? `[${issue.path.join('.')}] ` : ''}${issue.message}` });
      return z.NEVER;
    }
    return parsed.data;
  });

/**
 * Another tenant's bot registration in BOT_REGISTRATIONS. The secret itself stays out of the
 * list: it names the app setting that holds it, so each secret can be a Key Vault reference of its
 * own. A managed identity lives in the deployment's own tenant, so another tenant's bot has a secret.
 */
const registrationSchema = z.strictObject({
  tenantId: z.string().regex(GUID, 'must be a tenant id (a GUID)'),
  appId: z.string().regex(GUID, 'must be the bot’s app id (a GUID)'),
  secretSetting: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must name the app setting that holds the client secret'),
  organisation: organisationSchema,
});

const registrationsSchema = z
  .array(registrationSchema)
  .min(1, 'must list at least one registration')
  .max(19, 'must list at most 19 registrations')
  .superRefine((list, ctx) => {
    const seen = (key: 'tenantId' | 'appId') => {
      const ids = list.map((r) => r[key].toLowerCase());
      const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
      if (twice >= 0) ctx.addIssue({ code: 'custom', path: [twice, key], message: `names the same ${key} as an earlier registration` });
    };
    seen('tenantId');
    seen('appId');
  });

const envSchema = z.object({
  PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(0).max(65535).default(3978),
  ),
  STORAGE_CONNECTION_STRING: optionalText.refine(
    (v) => v === undefined || /(^|;)\s*(TableEndpoint|AccountName|UseDevelopmentStorage)\s*=/i.test(v),
    'must be an Azure Storage connection string (with AccountName=… or TableEndpoint=…)',
  ),
  // The Tables endpoint reached with an Entra identity (the managed identity in Azure), no key.
  STORAGE_ACCOUNT_URL: optionalText.refine(
    (v) => v === undefined || /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v),
    'must be the Tables endpoint over https, such as https://account.table.core.windows.net',
  ),
  // A user-assigned managed identity's client id; @azure/identity reads the same name.
  AZURE_CLIENT_ID: optionalText.refine((v) => v === undefined || GUID.test(v), 'must be the managed identity’s client id (a GUID)'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText.refine(
    (v) => v === undefined || /(^|;)\s*InstrumentationKey\s*=\s*[0-9a-f-]{36}/i.test(v),
    'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
  ),
  EMBEDDED_STORAGE: booleanFlag(false),
  DATA_DIR: optionalText,
  TABLE_PREFIX: optionalText.refine((v) => v === undefined || /^[A-Za-z][A-Za-z0-9]{0,19}$/.test(v), 'must be letters and digits, starting with a letter, at most 20'),
  PLAYGROUND: booleanFlag(true),
  PLAYGROUND_PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(0).max(65535).default(56150),
  ),
  MicrosoftAppId: optionalText.refine((v) => v === undefined || GUID.test(v), 'must be the bot’s app id (a GUID)'),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], { message: 'must be SingleTenant, MultiTenant or UserAssignedMSI' }).default('SingleTenant'),
  ),
  MicrosoftAppTenantId: optionalText.refine((v) => v === undefined || GUID.test(v), 'must be a tenant id (a GUID)'),
  // The home registration's organisation: which principal, by name. Required with BOT_REGISTRATIONS.
  ORGANISATION: jsonSetting(organisationSchema, 'an organisation, {"principal": "region", "name": "…"},'),
  // The other tenants sharing this deployment and its store, each with its own bot registration.
  BOT_REGISTRATIONS: jsonSetting(registrationsSchema, 'a list of the other tenants’ registrations'),
  ALLOWED_TENANT_IDS: optionalText.transform((v, ctx) => {
    const ids = (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = ids.find((id) => !GUID.test(id));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of tenant ids (GUIDs)' });
      return z.NEVER;
    }
    return ids.map((id) => id.toLowerCase());
  }),
  DISPATCH_KEY: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  // The app registration whose API the statistics tab's Teams SSO token is issued for. A bot on a
  // managed identity (UserAssignedMSI) cannot expose an API or carry app roles, so it needs its own.
  TAB_SSO_CLIENT_ID: optionalText.refine((v) => v === undefined || GUID.test(v), 'must be the tab app registration’s client id (a GUID)'),
  // Teams asks for a token for the manifest's webApplicationInfo.resource: api://<host>/<client id>.
  TAB_SSO_APP_ID_URI: optionalText.refine((v) => v === undefined || /^api:\/\/[^\s/?#]+\/[^\s?#]+$/.test(v), 'must be the Application ID URI, such as api://sip.region.se/<client id>'),
  // The address browsers reach the bot at, for links that open outside Teams (the calendar file).
  PUBLIC_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v), 'must be the bot’s public address, such as https://sip.region.se'),
  // Signs the calendar links; shared by every instance so any one can answer a link another made.
  CALENDAR_LINK_KEY: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  DISPATCH_INTERVAL_SECONDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number').min(0).max(86_400).default(60),
  ),
  RECONCILE_INTERVAL_HOURS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of hours' }).int('must be a whole number').min(0).max(168, 'must be at most 168').default(6),
  ),
  // Unfinished follow-ups of case writes (an instance died after writing) are finished this often.
  OUTBOX_SWEEP_SECONDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number').min(0).max(3600, 'must be at most 3600').default(60),
  ),
  // How old an unfinished follow-up must be before the sweep takes it from the instance that wrote
  // it (which may be alive and at it): longer than any write's follow-up takes.
  OUTBOX_SWEEP_GRACE_SECONDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number').min(1).max(3600, 'must be at most 3600').default(60),
  ),
  REQUEST_TIMEOUT_SECONDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number').min(1, 'must be 1 or more').max(300, 'must be at most 300').default(30),
  ),
  // A table request normally answers in milliseconds; one that has not in this long is given up.
  STORAGE_REQUEST_TIMEOUT_MS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of milliseconds' }).int('must be a whole number').min(100, 'must be 100 or more').max(60_000, 'must be at most 60000').default(2000),
  ),
  // Everything a turn asks of the store, retries included, within this; Teams gives up on an
  // invoke after about 15 seconds, and the user should hear why well before that.
  STORAGE_TURN_BUDGET_MS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of milliseconds' }).int('must be a whole number').min(100, 'must be 100 or more').max(60_000, 'must be at most 60000').default(5000),
  ),
  OFFICE_HOURS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 08:00-17:00')
      .refine((v) => v.slice(0, 5) < v.slice(6), 'must open before it closes')
      .default('08:00-17:00'),
  ),
  REMINDER_RATE_PER_SECOND: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    // Teams allows one app 50 requests a second in a tenant; the cap is over all tenants.
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1).max(50, 'must be at most 50 (Teams’ limit per app and tenant)').default(30),
  ),
  // The rule days default to the domain's PRODUCT.md values: one source for both.
  REMINDER_FIRST_MEETING_WORKING_DAYS: days(D.firstMeetingAfterWorkingDays, 60),
  REMINDER_PRE_MEETING_WORKING_DAYS_BEFORE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .regex(/^\s*\d{1,2}\s*(,\s*\d{1,2}\s*){0,4}$/, 'must be up to five numbers of working days, such as 10,5')
      .default(D.preMeetingPromptsWorkingDaysBefore.join(','))
      .transform((v) => [...new Set(v.split(',').map((n) => Number(n.trim())))].sort((a, b) => b - a)),
  ),
  REMINDER_INVITATION_WORKING_DAYS: days(D.invitationAfterWorkingDays, 60),
  REMINDER_INVITATION_ESCALATION_WORKING_DAYS_BEFORE: days(D.invitationEscalationWorkingDaysBefore, 60),
  REMINDER_MEETING_SOON_WORKING_DAYS_BEFORE: days(D.meetingSoonWorkingDaysBefore, 60),
  REMINDER_FOLLOW_UP_WORKING_DAYS_BEFORE: days(D.followUpWorkingDaysBefore, 60),
  REMINDER_CRISIS_PLAN_WORKING_DAYS: days(D.crisisPlanAfterWorkingDays, 60),
  REMINDER_CRISIS_REVIEW_WORKING_DAYS_BEFORE: days(D.crisisReviewWorkingDaysBefore, 60),
  REMINDER_INACTIVE_DAYS: days(D.inactiveDays, 365).refine((n) => n >= 1, 'must be 1 or more'),
  REMINDER_CONSENT_ENDING_WORKING_DAYS_BEFORE: days(D.consentEndingWorkingDaysBefore, 60),
  REMINDER_PRE_MEETING_AFTER_CONSENT_WORKING_DAYS: days(D.preMeetingAfterConsentWorkingDays, 60),
  // The local guideline for a late kallelse; the method says only "i så god tid som möjligt".
  INVITATION_LATE_WORKING_DAYS: days(D.invitationLateWorkingDays, 60),
  // When the person is evaluated, in months after their yes to evaluation (0: at the start). The
  // routine leaves it to the region's routine for evaluation (003:118): a local setting.
  EVALUATION_POINTS_MONTHS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .regex(/^\s*\d{1,2}\s*(,\s*\d{1,2}\s*){0,9}$/, 'must be up to ten numbers of months, such as 0,6,12')
      .default(D.evaluationPointsMonths.join(','))
      .transform((v) => [...new Set(v.split(',').map((n) => Number(n.trim())))].sort((a, b) => a - b)),
  ),
  // How many working days after its date a point marked done still counts as on time: a local setting.
  EVALUATION_GRACE_WORKING_DAYS: days(D.evaluationGraceWorkingDays, 60),
  // The names of the instruments the region uses, shown next to the evaluation code; names, not data.
  EVALUATION_INSTRUMENTS: optionalText.transform((v, ctx) => {
    const names = (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (names.some((n) => n.length > 60 || containsPersonnummer(n)) || names.length > 10) {
      ctx.addIssue({ code: 'custom', message: 'must be up to ten comma-separated names of at most 60 characters' });
      return z.NEVER;
    }
    return names;
  }),
  // The region's routine for the VoSS target group; a deployment chooses, the method does not.
  TARGET_GROUP: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(TARGET_GROUP_PROFILES, { message: `must be one of ${TARGET_GROUP_PROFILES.join(', ')}` }).default('uppsala'),
  ),
  // The units coordinators pick from, a file the deployment provides (src/config/units-file.ts reads it).
  UNITS_FILE: optionalText,
  BOT_TIMEZONE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Stockholm').default('Europe/Stockholm'),
  ),
  REPLY_LOCALE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(['auto', 'sv', 'en'], { message: 'must be auto, sv or en' }).optional(),
  ),
  // PRODUCT.md: access logs are kept at least five years in health care (the floor issue 15 takes
  // from HSLF-FS 2016:40); no seed line of the method says how long, so this is that rule, not the method's.
  CASE_LOG_RETENTION_YEARS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of years' }).int('must be a whole number').min(5, 'must be at least 5 (HSLF-FS 2016:40)').max(100).default(5),
  ),
  // A local choice (the region's gallringsbeslut), not the method's: the bot is not the record.
  CLOSED_CASE_RETENTION_DAYS: days(365, 36_500).refine((n) => n >= 1, 'must be 1 or more'),
  // When, in local time, the daily retention job runs on one of the instances.
  RETENTION_RUN_AT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must look like 02:30').default('02:30'),
  ),
  // The statistics tab reads figures counted this often by one instance, never the cases per view.
  STATISTICS_REFRESH_MINUTES: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of minutes' }).int('must be a whole number').min(0).max(1440, 'must be at most 1440').default(15),
  ),
  STATISTICS_MONTHS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of months' }).int('must be a whole number').min(1, 'must be 1 or more').max(36, 'must be at most 36').default(12),
  ),
  // App Service and containers give a stopping process some seconds before they kill it.
  SHUTDOWN_TIMEOUT_SECONDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number').min(1, 'must be 1 or more').max(300, 'must be at most 300').default(20),
  ),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
});

/** Every environment variable the configuration reads (infra/azure.bicep's app settings are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which organisation a tenant is: one of the two principals, by name ("Region Skåne", "Lunds kommun"). */
export interface Organisation {
  readonly principal: 'region' | 'kommun';
  readonly name: string;
}

/** One bot registration's Bot Framework credentials; present only in production mode. */
export interface BotCredentials {
  readonly appId: string;
  readonly appPassword: string | undefined;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /** Lower case; undefined only for a MultiTenant registration. */
  readonly tenantId: string | undefined;
  /** The home registration's from ORGANISATION, the others' from BOT_REGISTRATIONS; may be absent for the home one alone. */
  readonly organisation?: Organisation | undefined;
}

export type StorageConfig =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  /** An Entra identity's token, no key: a user-assigned managed identity when clientId is set. */
  | { readonly kind: 'accountUrl'; readonly url: string; readonly clientId: string | undefined }
  | { readonly kind: 'embedded'; readonly dataDir: string };

export interface AppConfig {
  /** local: no app id, loopback only, no authentication. production: app id set, JWT enforced. */
  readonly mode: 'local' | 'production';
  readonly host: string;
  readonly port: number;
  readonly storage: StorageConfig;
  readonly tablePrefix: string;
  readonly playground: boolean;
  readonly playgroundPort: number;
  /**
   * The bot registrations, one per tenant; empty in local mode. The first is the home
   * registration: its tenant id keys the store for every tenant listed (see deployment-tenants.ts).
   */
  readonly registrations: readonly BotCredentials[];
  readonly allowedTenantIds: readonly string[];
  readonly dispatchKey: string | undefined;
  /** Who the statistics tab's SSO tokens must be for; undefined values leave the tab closed in production. */
  readonly tabSso: TabSsoConfig;
  /**
   * Where browsers reach the bot, for the calendar file's link: configured, or locally the loopback
   * address it listens on; undefined in production without one (then the card offers no file).
   */
  readonly publicBaseUrl: string | undefined;
  /** Signs calendar links; undefined makes a key per process, whose links end with it. */
  readonly calendarLinkKey: string | undefined;
  /** How often the in-process reminder dispatcher runs; 0 leaves it to POST /api/reminders/dispatch. */
  readonly dispatchIntervalSeconds: number;
  /** How often every open case's reminders are recomputed in-process, whoever dispatches; 0 turns it off. */
  readonly reconcileIntervalHours: number;
  /** How often, and once at start, unfinished follow-ups of case writes are finished; 0 turns it off. */
  readonly outboxSweepSeconds: number;
  /** How old an unfinished follow-up must be before a sweep takes it over. */
  readonly outboxSweepGraceSeconds: number;
  /** How long a request's headers and body may take to arrive before it is answered 408 and closed. */
  readonly requestTimeoutSeconds: number;
  /** How long one table request may take, and all of one turn's table requests together. */
  readonly storageDeadline: { readonly requestMs: number; readonly turnMs: number };
  /** Reminders are delivered in these hours on working days (HH:MM, local). */
  readonly officeHours: { readonly opens: string; readonly closes: string };
  /** The global cap on reminder messages per second, over all conversations. */
  readonly reminderRatePerSecond: number;
  /** When each reminder rule fires, in (working) days; PRODUCT.md's defaults. */
  readonly reminderDays: ReminderDays;
  readonly timeZone: string;
  /** Whose routine decides the VoSS target group. */
  readonly targetGroupProfile: TargetGroupProfile;
  /** The evaluation instruments the region uses, by name, for the evaluation card; empty: the card names none. */
  readonly evaluationInstruments: readonly string[];
  /** Where the units of each principal are listed; read by readUnitCatalogue at start. */
  readonly units: UnitsSource;
  /** Reply in this language whatever the client says; undefined follows the client. */
  readonly forcedLocale: 'sv' | 'en' | undefined;
  readonly logLevel: LogLevel;
  /** Telemetry goes to Application Insights when set; nothing is sent otherwise. */
  readonly applicationInsightsConnectionString: string | undefined;
  readonly retention: RetentionSettings;
  /** How long a stop may take before the process exits anyway. */
  readonly shutdownTimeoutSeconds: number;
  /** How often the statistics are counted again (0: never), and how many months they cover. */
  readonly statistics: { readonly refreshMinutes: number; readonly months: number };
}

export interface TabSsoConfig {
  /** The app registration's client id: a v2 token's audience. */
  readonly clientId: string | undefined;
  /** Its Application ID URI (api://<host>/<client id>): a v1 token's audience. */
  readonly appIdUri: string | undefined;
}

export interface RetentionSettings {
  /** Access and change log rows are removed when older than this. */
  readonly caseLogYears: number;
  /** A closed case's rows (but log rows still within caseLogYears) are removed this long after closing. */
  readonly closedCaseDays: number;
  /** HH:MM local time the daily job runs. */
  readonly runAt: string;
}

/**
 * Where each principal's units come from: the deployment's file (UNITS_FILE), locally the example
 * shipped in the repository so that `npm start` shows choices, or in production without a file
 * none at all (every unit then counts as övrigt).
 */
export type UnitsSource = { readonly kind: 'file' | 'example'; readonly path: string } | { readonly kind: 'none' };

/** The example list local mode uses without UNITS_FILE, relative to the repository root. */
export const EXAMPLE_UNITS_FILE = 'config/units.example.json';

/** When each reminder rule fires; the time zone and office hours are set on their own. */
export type ReminderDays = Omit<ReminderSettings, 'timeZone' | 'officeOpens' | 'officeCloses'>;

/** A start-up configuration problem, phrased as one line that names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and checks the configuration from environment variables. Throws a {@link ConfigError}
 * whose message is one line naming the first bad or missing variable, so an operator can fix it
 * without reading a stack trace.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}.`);
  }
  const e = parsed.data;
  const production = e.MicrosoftAppId !== undefined;
  if (production) {
    if (e.MicrosoftAppType !== 'UserAssignedMSI' && e.MicrosoftAppPassword === undefined) {
      throw new ConfigError('Invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set (the bot’s client secret).');
    }
    if (e.MicrosoftAppType !== 'MultiTenant' && e.MicrosoftAppTenantId === undefined) {
      throw new ConfigError(`Invalid configuration: MicrosoftAppTenantId is required when MicrosoftAppType is ${e.MicrosoftAppType}.`);
    }
  } else if (e.MicrosoftAppPassword !== undefined) {
    throw new ConfigError('Invalid configuration: MicrosoftAppId is required when MicrosoftAppPassword is set.');
  } else if (e.BOT_REGISTRATIONS !== undefined) {
    // Without the home registration the bot would start in local mode and serve no tenant at all.
    throw new ConfigError('Invalid configuration: MicrosoftAppId is required when BOT_REGISTRATIONS is set (the home registration, whose tenant keys the store).');
  }
  const registrations = production ? botRegistrations(e, env) : [];

  let storage: StorageConfig;
  if (e.STORAGE_CONNECTION_STRING !== undefined && e.STORAGE_ACCOUNT_URL !== undefined) {
    throw new ConfigError('Invalid configuration: set STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_URL, not both.');
  }
  if (e.STORAGE_ACCOUNT_URL !== undefined) {
    storage = { kind: 'accountUrl', url: e.STORAGE_ACCOUNT_URL, clientId: e.AZURE_CLIENT_ID };
  } else if (e.STORAGE_CONNECTION_STRING !== undefined) {
    storage = { kind: 'connectionString', connectionString: e.STORAGE_CONNECTION_STRING };
  } else if (!production || e.EMBEDDED_STORAGE) {
    storage = { kind: 'embedded', dataDir: e.DATA_DIR ?? '.data' };
  } else {
    throw new ConfigError(
      'Invalid configuration: STORAGE_ACCOUNT_URL or STORAGE_CONNECTION_STRING is required in production mode (or set EMBEDDED_STORAGE=true to run on the embedded store).',
    );
  }

  // Calendar links leave Teams: in production they go over https, signed with one key for every instance.
  if (production && e.PUBLIC_BASE_URL !== undefined && !e.PUBLIC_BASE_URL.startsWith('https://')) {
    throw new ConfigError('Invalid configuration: PUBLIC_BASE_URL must start with https:// in production mode.');
  }
  if (production && e.PUBLIC_BASE_URL !== undefined && e.CALENDAR_LINK_KEY === undefined) {
    throw new ConfigError('Invalid configuration: CALENDAR_LINK_KEY is required when PUBLIC_BASE_URL is set in production mode (the same on every instance).');
  }

  // The bot's own registration serves the tab too, unless it is a managed identity (no API, no roles).
  const tabClientId = e.TAB_SSO_CLIENT_ID ?? (production && e.MicrosoftAppType !== 'UserAssignedMSI' ? e.MicrosoftAppId : undefined);
  if (e.TAB_SSO_APP_ID_URI !== undefined) {
    if (tabClientId === undefined) throw new ConfigError('Invalid configuration: TAB_SSO_CLIENT_ID is required when TAB_SSO_APP_ID_URI is set (the tab app registration’s client id).');
    // Teams' format, api://<host>/<client id> or, for an app with a bot, api://<host>/botid-<client id>.
    if (!e.TAB_SSO_APP_ID_URI.toLowerCase().endsWith(`/${tabClientId.toLowerCase()}`) && !e.TAB_SSO_APP_ID_URI.toLowerCase().endsWith(`/botid-${tabClientId.toLowerCase()}`)) {
      throw new ConfigError('Invalid configuration: TAB_SSO_APP_ID_URI must end with the tab’s client id (api://<host>/<client id>), as Teams requires.');
    }
  }

  const playground = !production && e.PLAYGROUND;
  // The playground always reports en-US, so a local demo would otherwise never show Swedish.
  const replyLocale = e.REPLY_LOCALE ?? (playground ? 'sv' : 'auto');

  return {
    mode: production ? 'production' : 'local',
    // Without authentication the endpoint must not be reachable from other machines.
    host: production ? '0.0.0.0' : '127.0.0.1',
    port: e.PORT,
    storage,
    tablePrefix: e.TABLE_PREFIX ?? '',
    playground,
    playgroundPort: e.PLAYGROUND_PORT,
    registrations,
    allowedTenantIds: e.ALLOWED_TENANT_IDS,
    dispatchKey: e.DISPATCH_KEY,
    tabSso: { clientId: tabClientId?.toLowerCase(), appIdUri: e.TAB_SSO_APP_ID_URI },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    calendarLinkKey: e.CALENDAR_LINK_KEY,
    dispatchIntervalSeconds: e.DISPATCH_INTERVAL_SECONDS,
    reconcileIntervalHours: e.RECONCILE_INTERVAL_HOURS,
    outboxSweepSeconds: e.OUTBOX_SWEEP_SECONDS,
    outboxSweepGraceSeconds: e.OUTBOX_SWEEP_GRACE_SECONDS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    storageDeadline: { requestMs: e.STORAGE_REQUEST_TIMEOUT_MS, turnMs: e.STORAGE_TURN_BUDGET_MS },
    officeHours: { opens: e.OFFICE_HOURS.slice(0, 5), closes: e.OFFICE_HOURS.slice(6) },
    reminderRatePerSecond: e.REMINDER_RATE_PER_SECOND,
    reminderDays: {
      firstMeetingAfterWorkingDays: e.REMINDER_FIRST_MEETING_WORKING_DAYS,
      preMeetingPromptsWorkingDaysBefore: e.REMINDER_PRE_MEETING_WORKING_DAYS_BEFORE,
      invitationAfterWorkingDays: e.REMINDER_INVITATION_WORKING_DAYS,
      invitationEscalationWorkingDaysBefore: e.REMINDER_INVITATION_ESCALATION_WORKING_DAYS_BEFORE,
      meetingSoonWorkingDaysBefore: e.REMINDER_MEETING_SOON_WORKING_DAYS_BEFORE,
      followUpWorkingDaysBefore: e.REMINDER_FOLLOW_UP_WORKING_DAYS_BEFORE,
      crisisPlanAfterWorkingDays: e.REMINDER_CRISIS_PLAN_WORKING_DAYS,
      crisisReviewWorkingDaysBefore: e.REMINDER_CRISIS_REVIEW_WORKING_DAYS_BEFORE,
      inactiveDays: e.REMINDER_INACTIVE_DAYS,
      consentEndingWorkingDaysBefore: e.REMINDER_CONSENT_ENDING_WORKING_DAYS_BEFORE,
      preMeetingAfterConsentWorkingDays: e.REMINDER_PRE_MEETING_AFTER_CONSENT_WORKING_DAYS,
      invitationLateWorkingDays: e.INVITATION_LATE_WORKING_DAYS,
      evaluationPointsMonths: e.EVALUATION_POINTS_MONTHS,
      evaluationGraceWorkingDays: e.EVALUATION_GRACE_WORKING_DAYS,
    },
    timeZone: e.BOT_TIMEZONE,
    targetGroupProfile: e.TARGET_GROUP,
    evaluationInstruments: e.EVALUATION_INSTRUMENTS,
    units: e.UNITS_FILE !== undefined ? { kind: 'file', path: e.UNITS_FILE } : production ? { kind: 'none' } : { kind: 'example', path: EXAMPLE_UNITS_FILE },
    forcedLocale: replyLocale === 'auto' ? undefined : replyLocale,
    logLevel: e.LOG_LEVEL,
    applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    retention: { caseLogYears: e.CASE_LOG_RETENTION_YEARS, closedCaseDays: e.CLOSED_CASE_RETENTION_DAYS, runAt: e.RETENTION_RUN_AT },
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    statistics: { refreshMinutes: e.STATISTICS_REFRESH_MINUTES, months: e.STATISTICS_MONTHS },
  };
}

/**
 * The home registration (MicrosoftAppId…) first, then the other tenants' (BOT_REGISTRATIONS), with
 * their secrets read from the settings they name. The home tenant's id keys the store for all.
 */
function botRegistrations(e: z.output<typeof envSchema>, env: Readonly<Record<string, string | undefined>>): BotCredentials[] {
  const home: BotCredentials = { appId: e.MicrosoftAppId!, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId?.toLowerCase(), organisation: e.ORGANISATION };
  if (e.BOT_REGISTRATIONS === undefined) return [home];
  if (e.ORGANISATION === undefined) {
    throw new ConfigError('Invalid configuration: ORGANISATION is required with BOT_REGISTRATIONS (which principal this deployment’s own tenant is, and its name).');
  }
  if (home.tenantId === undefined || home.appType === 'MultiTenant') throw new ConfigError('Invalid configuration: BOT_REGISTRATIONS needs a home registration with a tenant (MicrosoftAppType SingleTenant or UserAssignedMSI).');
  const others = e.BOT_REGISTRATIONS.map((r, i): BotCredentials => {
    if (CONFIG_VARIABLES.includes(r.secretSetting)) {
      throw new ConfigError(`Invalid configuration: BOT_REGISTRATIONS[${i}].secretSetting names ${r.secretSetting}, which the bot reads for something else; give the secret a setting of its own.`);
    }
    const secret = env[r.secretSetting]?.trim();
    if (secret === undefined || secret === '') {
      throw new ConfigError(`Invalid configuration: ${r.secretSetting} is required: BOT_REGISTRATIONS[${i}] names it as the client secret of app ${r.appId}.`);
    }
    if (r.tenantId.toLowerCase() === home.tenantId || r.appId.toLowerCase() === home.appId.toLowerCase()) {
      throw new ConfigError(`Invalid configuration: BOT_REGISTRATIONS[${i}] names the home registration's tenant or app id (MicrosoftAppTenantId, MicrosoftAppId); list only the other tenants.`);
    }
    return { appId: r.appId.toLowerCase(), appPassword: secret, appType: 'SingleTenant', tenantId: r.tenantId.toLowerCase(), organisation: r.organisation };
  });
  const all = [home, ...others];
  const outside = all.find((r) => e.ALLOWED_TENANT_IDS.length > 0 && !e.ALLOWED_TENANT_IDS.includes(r.tenantId!));
  if (outside !== undefined) {
    throw new ConfigError(`Invalid configuration: ALLOWED_TENANT_IDS must include the home tenant and every tenant in BOT_REGISTRATIONS (${outside.tenantId} is missing).`);
  }
  return all;
}

/** The configuration with secrets replaced, fit for a start-up log line. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    mode: config.mode,
    host: config.host,
    port: config.port,
    storage:
      config.storage.kind === 'embedded'
        ? `embedded (${config.storage.dataDir})`
        : config.storage.kind === 'accountUrl'
          ? `${config.storage.url} (${config.storage.clientId === undefined ? 'Entra identity' : `managed identity ${config.storage.clientId}`})`
          : 'connection string (hidden)',
    tablePrefix: config.tablePrefix,
    playground: config.playground,
    registrations: config.registrations.map((r) => ({ appId: r.appId, appType: r.appType, tenantId: r.tenantId, organisation: r.organisation, secret: r.appPassword === undefined ? 'none' : 'set (hidden)' })),
    allowedTenantIds: config.allowedTenantIds.length > 0 ? config.allowedTenantIds : 'all',
    dispatchKey: config.dispatchKey === undefined ? 'not set' : 'set (hidden)',
    tabSso: config.mode === 'local' ? 'local user (no sign-in)' : config.tabSso.clientId === undefined ? 'not set (statistics tab closed)' : { clientId: config.tabSso.clientId, appIdUri: config.tabSso.appIdUri ?? 'not set' },
    publicBaseUrl: config.publicBaseUrl ?? (config.mode === 'local' ? 'loopback' : 'not set (no calendar files)'),
    calendarLinkKey: config.calendarLinkKey === undefined ? 'per process' : 'set (hidden)',
    dispatchIntervalSeconds: config.dispatchIntervalSeconds,
    reconcileIntervalHours: config.reconcileIntervalHours,
    outboxSweepSeconds: config.outboxSweepSeconds,
    outboxSweepGraceSeconds: config.outboxSweepGraceSeconds,
    requestTimeoutSeconds: config.requestTimeoutSeconds,
    storageDeadline: config.storageDeadline,
    officeHours: `${config.officeHours.opens}-${config.officeHours.closes}`,
    reminderRatePerSecond: config.reminderRatePerSecond,
    reminderDays: config.reminderDays,
    timeZone: config.timeZone,
    targetGroup: config.targetGroupProfile,
    evaluationInstruments: config.evaluationInstruments,
    units: config.units.kind === 'none' ? 'none (every unit counts as övrigt)' : config.units.kind === 'example' ? `example list (${config.units.path})` : config.units.path,
    replyLocale: config.forcedLocale ?? 'auto',
    logLevel: config.logLevel,
    telemetry: config.applicationInsightsConnectionString === undefined ? 'off' : 'Application Insights',
    retention: config.retention,
    shutdownTimeoutSeconds: config.shutdownTimeoutSeconds,
    statistics: config.statistics,
  };
}
