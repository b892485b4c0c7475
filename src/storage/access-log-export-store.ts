import { randomBytes } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { Principal } from '../domain/case-model';
import type { TablePort } from './storage-deadline';
import { encodeKey, isNotFound, odataString } from './table-keys';

/** One export of the access log: who took it, when, and what it covered. */
export interface AccessLogExportRecord {
  readonly tenantId: string;
  readonly at: string;
  readonly by: { readonly aadObjectId: string; readonly name: string };
  /** The period's first and last local day (YYYY-MM-DD), as asked for. */
  readonly from: string;
  readonly to: string;
  readonly principal: Principal;
  readonly unit: string;
  /** How many log rows the file held, and from how many cases. */
  readonly rows: number;
  readonly cases: number;
}

type ExportEntity = {
  partitionKey: string;
  rowKey: string;
  at: string;
  byAadObjectId: string;
  byName: string;
  from: string;
  to: string;
  principal: string;
  unit: string;
  rows: number;
  cases: number;
};

const PREFIX = 'export_';
/** As the audit rows: inverted time, so a tenant's newest export is read first and old ones are a key range. */
const MAX_TIME = 9_999_999_999_999;

const keyOf = (ms: number): string => `${PREFIX}${String(MAX_TIME - ms).padStart(13, '0')}`;

/**
 * The log of access-log exports, one partition per tenant. It is a log row like the audit rows it
 * points to, so the retention run removes it after the same years.
 */
export class AccessLogExportStore {
  constructor(private readonly table: TablePort) {}

  async record(r: AccessLogExportRecord): Promise<void> {
    const entity: ExportEntity = {
      partitionKey: encodeKey(r.tenantId),
      rowKey: `${keyOf(Date.parse(r.at))}_${randomBytes(4).toString('hex')}`,
      at: r.at,
      byAadObjectId: r.by.aadObjectId,
      byName: r.by.name,
      from: r.from,
      to: r.to,
      principal: r.principal,
      unit: r.unit,
      rows: r.rows,
      cases: r.cases,
    };
    await this.table.createEntity(entity);
  }

  /** A tenant's exports, newest first. */
  async list(tenantId: string): Promise<AccessLogExportRecord[]> {
    const filter = `PartitionKey eq ${odataString(encodeKey(tenantId))}`;
    const found: AccessLogExportRecord[] = [];
    for await (const e of this.table.listEntities<ExportEntity>({ queryOptions: { filter } })) {
      found.push({ tenantId, at: e.at, by: { aadObjectId: e.byAadObjectId, name: e.byName }, from: e.from, to: e.to, principal: e.principal as Principal, unit: e.unit, rows: e.rows, cases: e.cases });
    }
    return found;
  }

  /** Removes the rows of exports made before an instant, every tenant's; returns how many went. */
  async removeBefore(before: string, between: () => Promise<void> = async () => {}): Promise<number> {
    const ms = Date.parse(before);
    if (Number.isNaN(ms)) throw new Error(`not an instant: ${before}`);
    // An export made at `before` itself has the key keyOf(ms) and is kept.
    const filter = `RowKey ge ${odataString(keyOf(ms - 1))} and RowKey lt ${odataString('export`')}`;
    let removed = 0;
    for await (const page of this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } }).byPage({ maxPageSize: 1000 })) {
      const byTenant = new Map<string, string[]>();
      for (const e of page) byTenant.set(e.partitionKey!, [...(byTenant.get(e.partitionKey!) ?? []), e.rowKey!]);
      for (const [partitionKey, keys] of byTenant) {
        for (let i = 0; i < keys.length; i += 100) removed += await this.removeRows(partitionKey, keys.slice(i, i + 100));
      }
      await between();
    }
    return removed;
  }

  /** A batch; if another run removed one of them first, the rest one by one. */
  private async removeRows(partitionKey: string, keys: readonly string[]): Promise<number> {
    try {
      await this.table.submitTransaction(keys.map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]));
      return keys.length;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    let removed = 0;
    for (const rowKey of keys) {
      try {
        await this.table.deleteEntity(partitionKey, rowKey);
        removed++;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return removed;
  }
}
