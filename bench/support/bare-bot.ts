import type { AddressInfo } from 'node:net';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import restify, { type Server } from 'restify';

/**
 * The floor a checklist tick is measured against: a botbuilder CloudAdapter bot on restify that
 * does only the I/O a tick needs. It answers an Action.Execute by reading one case row and
 * committing one entity-group transaction (the row, with the ETag read, and one audit row in the
 * same partition), then returns a small Adaptive Card. No validation, no domain, no rendering.
 *
 * Its rows are seeded by the benchmark (`seedBareCase`), copies of the product's case rows, so
 * both bots move the same bytes.
 */

export const BARE_CASE_ROW = 'case';

/** What a bare case row holds: the product's serialized state, carried along unread. */
export interface BareCaseRow {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly code: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly state: string;
}

export interface BareBotOptions {
  readonly connectionString: string;
  readonly table: string;
  /** Table pipeline policies; the benchmark counts requests with one. */
  readonly additionalPolicies?: TableServiceClientOptions['additionalPolicies'];
}

export interface BareBot {
  readonly server: Server;
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

export function bareTable(options: BareBotOptions): TableClient {
  return TableClient.fromConnectionString(options.connectionString, options.table, {
    // Azurite speaks plain http on loopback.
    allowInsecureConnection: true,
    additionalPolicies: options.additionalPolicies ?? [],
  });
}

/** Writes a bare case row for `code`, a copy of what the product stored for it. */
export async function seedBareCase(table: TableClient, code: string, copyOf: { version: number; updatedAt: string; state: string }): Promise<void> {
  const row: BareCaseRow = { partitionKey: code, rowKey: BARE_CASE_ROW, code, version: copyOf.version, updatedAt: copyOf.updatedAt, state: copyOf.state };
  await table.upsertEntity(row, 'Replace');
}

class BareTickBot extends TeamsActivityHandler {
  constructor(private readonly table: TableClient) {
    super();
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = invokeValue.action.data as { code: string; item: string; status: string };
    const row = await this.table.getEntity<BareCaseRow>(data.code, BARE_CASE_ROW);
    const version = row.version + 1;
    const at = new Date().toISOString();
    await this.table.submitTransaction([
      ['update', { partitionKey: row.partitionKey, rowKey: BARE_CASE_ROW, code: row.code, version, updatedAt: at, state: row.state }, 'Replace', { etag: row.etag }],
      [
        'create',
        {
          partitionKey: row.partitionKey,
          rowKey: `audit_${String(9_999_999_999_999 - Date.now()).padStart(13, '0')}_${version}`,
          caseCode: row.code,
          action: 'baseline.itemSet',
          at,
          byAadObjectId: context.activity.from.aadObjectId ?? '',
          byName: context.activity.from.name,
          detail: `${data.item}:${data.status}`,
        },
      ],
    ]);
    const next = data.status === 'done' ? 'notStarted' : 'done';
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: `${data.item}: ${data.status}`, wrap: true }],
        actions: [{ type: 'Action.Execute', title: next, verb: 'baseline.set', data: { code: row.code, item: data.item, status: next, rev: version } }],
      },
    };
  }
}

/** The bare bot on restify 12, local mode: no app id, so the adapter does not authenticate. */
export function createBareBot(options: BareBotOptions): BareBot {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new BareTickBot(bareTable(options));
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return {
    server,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      }),
  };
}
