import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { storageDeadlinePolicy } from './storage-deadline';

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
  /** One row per run of a daily job (retention), so that one instance of many runs it. */
  jobs: 'Jobs',
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
    private readonly connectionString: string,
    private readonly prefix = '',
    private readonly options: TableStoreOptions = {},
  ) {
    this.service = TableServiceClient.fromConnectionString(connectionString, this.clientOptions());
  }

  /** Creates every table the bot uses if missing; safe to call from several instances at once. */
  async ensureTables(): Promise<void> {
    await Promise.all(Object.values(TABLES).map((name) => this.client(name).createTable()));
  }

  client(name: TableName): TableClient {
    let client = this.clients.get(name);
    if (client === undefined) {
      client = TableClient.fromConnectionString(this.connectionString, `${this.prefix}${name}`, this.clientOptions());
      this.clients.set(name, client);
    }
    return client;
  }

  /** Resolves when the table service answers; used by the readiness probe. */
  async ping(timeoutMs = 2000): Promise<void> {
    await this.service.getProperties({ abortSignal: AbortSignal.timeout(timeoutMs) });
  }

  private clientOptions(): TableServiceClientOptions {
    // Azurite speaks plain http on loopback; the SDK refuses http unless told. The SDK reads the
    // key only when written "TableEndpoint=" (a value may start with blanks): "TableEndpoint =" it
    // ignores, and would reach the account's own endpoint, which must not be allowed plain http.
    const insecure = /TableEndpoint=\s*http:\/\//i.test(this.connectionString) || /UseDevelopmentStorage=true/i.test(this.connectionString);
    const { requestTimeoutMs = 2000, additionalPolicies = [] } = this.options;
    return {
      additionalPolicies: [...additionalPolicies, { policy: storageDeadlinePolicy(requestTimeoutMs), position: 'perCall' }],
      allowInsecureConnection: insecure,
      retryOptions: { maxRetries: 3 },
    };
  }
}
