import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import type { StatisticsTally } from '../domain/statistics';
import type { TablePort } from './storage-deadline';
import { decodeKey, encodeKey, isNotFound, odataString } from './table-keys';

/** A binary property holds at most 64 KiB. */
const PART_BYTES = 60 * 1024;
/** An entity holds at most 1 MiB: 15 parts leave room for the rest. */
const MAX_PARTS = 15;
const ROW = 'tally';
/** The job's own row, apart from every tenant's (a tenant id is a GUID, never this). */
const RUN_KEY = { partitionKey: 'statistics-job', rowKey: 'lastRun' } as const;

interface TallyEntity {
  partitionKey: string;
  rowKey: string;
  builtAt: string;
  parts: number;
  [part: `p${number}`]: Uint8Array;
}

/**
 * Each tenant's statistics as last counted, in one row, so the tab reads one row however many
 * cases there are. The tally is gzipped JSON split over binary properties: a tenant with many
 * units and twelve months is a few hundred kilobytes of JSON, a few tens gzipped.
 */
export class StatisticsStore {
  constructor(private readonly table: TablePort) {}

  async save(tenantId: string, tally: StatisticsTally): Promise<void> {
    const zipped = gzipSync(strToU8(JSON.stringify(tally)));
    const parts = Math.ceil(zipped.length / PART_BYTES);
    if (parts > MAX_PARTS) throw new Error(`statistics too large to keep: ${zipped.length} bytes gzipped`);
    const entity: TallyEntity = { partitionKey: encodeKey(tenantId), rowKey: ROW, builtAt: tally.builtAt, parts };
    for (let i = 0; i < parts; i++) entity[`p${i}`] = zipped.subarray(i * PART_BYTES, (i + 1) * PART_BYTES);
    // Replace, not merge: a smaller tally must not keep an older one's extra parts.
    await this.table.upsertEntity(entity, 'Replace');
  }

  /** The tenant's tally, or undefined before the first count. */
  async get(tenantId: string): Promise<StatisticsTally | undefined> {
    let entity: TallyEntity;
    try {
      entity = await this.table.getEntity<TallyEntity>(encodeKey(tenantId), ROW);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const chunks = Array.from({ length: entity.parts }, (_, i) => entity[`p${i}`] ?? new Uint8Array());
    const zipped = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      zipped.set(c, at);
      at += c.length;
    }
    return JSON.parse(strFromU8(gunzipSync(zipped))) as StatisticsTally;
  }

  /** The tenants that have figures kept (their ids, as stored). */
  async tenants(): Promise<string[]> {
    const out: string[] = [];
    const filter = `RowKey eq ${odataString(ROW)}`;
    for await (const e of this.table.listEntities<{ partitionKey: string }>({ queryOptions: { filter, select: ['PartitionKey'] } })) out.push(decodeKey(e.partitionKey));
    return out;
  }

  /** Forgets a tenant's figures; nothing if there are none. */
  async remove(tenantId: string): Promise<void> {
    try {
      await this.table.deleteEntity(encodeKey(tenantId), ROW);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Records a finished count: a tenant without a row then has no cases, rather than no count yet. */
  async saveRun(builtAt: string): Promise<void> {
    await this.table.upsertEntity({ ...RUN_KEY, builtAt }, 'Replace');
  }

  /** When the last count finished, or undefined before the first. */
  async lastRun(): Promise<string | undefined> {
    try {
      return (await this.table.getEntity<{ builtAt: string }>(RUN_KEY.partitionKey, RUN_KEY.rowKey)).builtAt;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
