import { odata, TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { storageDeadlinePolicy } from './storage-deadline';
import { tableRequestCountPolicy } from '../telemetry/table-request-policy';

/**
 * Where the tables are and how the bot proves itself: a connection string (Azurite, or an account
 * key), or the Tables endpoint with an Entra identity's tokens and no key at all.
 */
export type StoreTarget = string | { readonly url: string; readonly credential: TokenCredential };

/** Extra pipeline policies for every table request (e.g. to count them in a benchmark), and how long one may take. */
export type TableStoreOptions = Pick<TableServiceClientOptions, 'additionalPolicies'> & {
  /** Each try of a table request is given up after this long (default 2 s); see storage-deadline.ts. */
  readonly requestTimeoutMs?: number;
};

/** The tables the bot owns. Names are prefixed per deployment (TABLE_PREFIX). */
export const TABLES = {
  conversationReferences: 'ConversationReferences',
  cases: 'Cases',
  caseIndex: 'CaseIndex',
  reminders: 'Reminders',
  reminderSchedule: 'ReminderSchedule',
  /** The reminder send slots every instance reserves from (one row). */
  sendSlots: 'SendSlots',
  /** One row per run of a daily job (retention), so that one instance of many runs it. */
  jobs: 'Jobs',
  /** Each tenant's statistics as last counted (one row per tenant), read by the statistics tab. */
  statistics: 'Statistics',
  /** Who exported the access log of which unit and period: a log row itself (Logguppföljning). */
  accessLogExports: 'AccessLogExports',
} as const;

export type TableName = (typeof TABLES)[keyof typeof TABLES];

/**
 * One storage account, whether Azure or Azurite. The clients are created once and shared:
 * they are stateless and keep their own connection pool.
 */
export class TableStore {
  private readonly service: TableServiceClient;
  private readonly clients = new Map<TableName, TableClient>();

  constructor(
    private readonly target: StoreTarget,
    private readonly prefix = '',
    private readonly options: TableStoreOptions = {},
  ) {
    this.service =
      typeof target === 'string'
        ? TableServiceClient.fromConnectionString(target, this.clientOptions())
        : new TableServiceClient(target.url, target.credential, this.clientOptions());
  }

  /** Creates every table the bot uses if missing; safe to call from several instances at once. */
  async ensureTables(): Promise<void> {
    await Promise.all(Object.values(TABLES).map((name) => this.client(name).createTable()));
  }

  client(name: TableName): TableClient {
    let client = this.clients.get(name);
    if (client === undefined) {
      const table = `${this.prefix}${name}`;
      const target = this.target;
      client =
        typeof target === 'string'
          ? TableClient.fromConnectionString(target, table, this.clientOptions())
          : new TableClient(target.url, table, target.credential, this.clientOptions());
      this.clients.set(name, client);
    }
    return client;
  }

  /** Resolves when the table service answers; used by the readiness probe. */
  async ping(timeoutMs = 2000): Promise<void> {
    // Query Tables, not Get Table Service Properties: the keyless store's identity has only the
    // role Storage Table Data Contributor, whose actions list querying tables but not reading the
    // account's service settings, and the health check must pass with that role alone.
    const filter = odata`TableName eq ${`${this.prefix}${TABLES.cases}`}`;
    await this.service.listTables({ queryOptions: { filter }, abortSignal: AbortSignal.timeout(timeoutMs) }).byPage().next();
  }

  private clientOptions(): TableServiceClientOptions {
    // Azurite speaks plain http on loopback; the SDK refuses http unless told. The SDK reads the
    // key only when written "TableEndpoint=" (a value may start with blanks): "TableEndpoint =" it
    // ignores, and would reach the account's own endpoint, which must not be allowed plain http.
    // A token goes over https only (the configuration accepts no other account URL).
    const cs = typeof this.target === 'string' ? this.target : '';
    const insecure = /TableEndpoint=\s*http:\/\//i.test(cs) || /UseDevelopmentStorage=true/i.test(cs);
    const { requestTimeoutMs = 2000, additionalPolicies = [] } = this.options;
    return {
      additionalPolicies: [...additionalPolicies, { policy: storageDeadlinePolicy(requestTimeoutMs), position: 'perCall' }, { policy: tableRequestCountPolicy(), position: 'perRetry' }],
      allowInsecureConnection: insecure,
      retryOptions: { maxRetries: 3 },
    };
  }
}
