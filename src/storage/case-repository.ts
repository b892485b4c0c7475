import { randomBytes } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { CaseFollowUp } from '../domain/case-follow-ups';
import { VIEW_ACTIONS, type AuditEvent, type CaseState } from '../domain/case-model';
import { finished } from '../domain/sip-holder';
import type { Snapshot } from '../domain/plan-commands';
import { boundTable, type TablePort } from './storage-deadline';
import { encodeKey, isConflict, isNotFound, odataString } from './table-keys';

export interface StoredCase {
  readonly state: CaseState;
  /** The ETag read with the state; a write with it fails if anyone wrote in between. */
  readonly etag: string;
}

/** What a case write leaves to do outside the case's partition, kept in an outbox row of its transaction. */
export type FollowUp = CaseFollowUp;

/** An outbox row of a case: written with the case, deleted once its work is done. */
export interface PendingFollowUp {
  readonly tenantId: string;
  readonly code: string;
  readonly rowKey: string;
  readonly etag: string;
  readonly work: FollowUp;
  /** When the write that left it was made, for the sweeper to leave fresh rows to their writer. */
  readonly writtenAt: string;
  /**
   * When an instance last took the row to do work that must not be done twice at once (sending a
   * notice), and how many times it has been taken: a claim is the lease, attempts the give-up count.
   */
  readonly claimedAt?: string | undefined;
  readonly attempts: number;
}

/** A case as written: the state, its new ETag and the outbox row the write left, if any. */
export interface WrittenCase extends StoredCase {
  readonly followUp?: PendingFollowUp | undefined;
}

export interface CaseRepository {
  /**
   * Creates the case, its first audit entries and the follow-up's outbox row; 'codeTaken' if the
   * tenant already has the code.
   */
  create(state: CaseState, audit: readonly AuditEvent[], followUp?: FollowUp): Promise<WrittenCase | 'codeTaken'>;
  get(tenantId: string, code: string): Promise<StoredCase | undefined>;
  /**
   * Writes a new state, its audit entries, any kept copies and the follow-up's outbox row
   * atomically, or 'conflict' if the ETag is stale.
   */
  update(current: StoredCase, next: CaseState, audit: readonly AuditEvent[], snapshots?: readonly Snapshot[], followUp?: FollowUp): Promise<WrittenCase | 'conflict'>;
  /** Kept copies whose key starts with a prefix, oldest first. */
  snapshots(tenantId: string, code: string, prefix: string): Promise<Snapshot[]>;
  appendAudit(tenantId: string, code: string, audit: readonly AuditEvent[]): Promise<void>;
  /** The newest audit entries first. */
  history(tenantId: string, code: string, limit: number): Promise<AuditEvent[]>;
  /**
   * One page of the history, newest first: after the entry a cursor names (the previous page's
   * `next`), and without the views when asked. `next` is absent on the last page.
   */
  historyPage(tenantId: string, code: string, query: HistoryQuery): Promise<HistoryPage>;
  /** Every case of every tenant where something can still happen (open, or its SIP going on): a scan, for periodic repair jobs only. */
  openCases(): AsyncIterable<CaseState>;
  /** Outbox rows of every case written before a moment: a scan, for the sweeper only. */
  pendingFollowUps(writtenBefore: string): AsyncIterable<PendingFollowUp>;
  /** The outbox rows of one case, with their ETags. */
  pendingFollowUpsOf(tenantId: string, code: string): Promise<PendingFollowUp[]>;
  /**
   * Takes an outbox row for work that must not run twice at once, unless it changed since it was
   * read: the row as taken (its new ETag, one more attempt), or undefined if someone else has it.
   */
  claimFollowUp(pending: PendingFollowUp, at: string): Promise<PendingFollowUp | undefined>;
  /** Removes an outbox row whose work is done, unless it changed since it was read; true if removed. */
  finishFollowUp(done: PendingFollowUp): Promise<boolean>;
  /** The same store with every call bound to a turn's deadline (see boundTable). */
  forTurn(signal: AbortSignal): CaseRepository;
}

/** A history cursor as historyPage hands it out: the row key of an audit entry. */
export const HISTORY_CURSOR = /^audit_\d{13}_[0-9a-f]{8}$/;

/** Which page of a case's history: how many entries, after which (a cursor), and whether views count. */
export interface HistoryQuery {
  readonly limit: number;
  readonly after?: string | undefined;
  readonly changesOnly?: boolean | undefined;
}

export interface HistoryPage {
  readonly events: AuditEvent[];
  /** The cursor of the next, older page; absent when this is the last. */
  readonly next?: string | undefined;
}

const CASE_ROW = 'case';
const AUDIT_PREFIX = 'audit_';
const SNAPSHOT_PREFIX = 'snap_';
/** Outbox rows sort after the case row and its audit rows; one per write that left work. */
const OUTBOX_PREFIX = 'outbox_';
/** Large enough that inverted timestamps sort newest first for centuries. */
const MAX_TIME = 9_999_999_999_999;

type CaseEntity = {
  partitionKey: string;
  rowKey: string;
  tenantId: string;
  code: string;
  version: number;
  phase: string;
  closed: boolean;
  updatedAt: string;
  /** The whole case as JSON: one row keeps a change atomic without a transaction over many rows. */
  state: string;
} & Partial<Record<StateColumn, string>>;

/**
 * Azure Tables holds at most 64 KiB (32 Ki UTF-16 units) in one string property and 1 MiB in a
 * row, so a long JSON text (the case's state, a kept copy's content) goes into `state` and, past its
 * first piece, `state1`, `state2`, … A row written before a text ever grew that large has the one
 * property alone and reads the same.
 */
const PIECE = 32_000;
const PIECES = 15;
type StateColumn = `state${number}`;
const STATE_COLUMNS = piecesNamed('state');

function piecesNamed(base: string): string[] {
  return [base, ...Array.from({ length: PIECES - 1 }, (_, i) => `${base}${i + 1}`)];
}

/** The text in pieces; a cut never falls between the two halves of a surrogate pair (an emoji). */
function inPieces<B extends string>(base: B, json: string): Record<B, string> & Record<string, string> {
  const columns: Record<string, string> = {};
  let at = 0;
  let i = 0;
  do {
    let end = Math.min(at + PIECE, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    columns[i === 0 ? base : `${base}${i}`] = json.slice(at, end);
    at = end;
    i += 1;
  } while (at < json.length);
  if (i > PIECES) throw new Error(`a text of ${json.length} characters does not fit in one table row`);
  return columns as Record<B, string> & Record<string, string>;
}

function joined(e: Readonly<Record<string, unknown>>, base: string): string {
  let json = String(e[base]);
  for (const column of piecesNamed(base).slice(1)) {
    const piece = e[column];
    if (typeof piece !== 'string') break;
    json += piece;
  }
  return json;
}

function stateOf(e: Pick<CaseEntity, 'state'> & Partial<Record<StateColumn, unknown>>): CaseState {
  return JSON.parse(joined(e, 'state')) as CaseState;
}

type OutboxEntity = {
  partitionKey: string;
  rowKey: string;
  tenantId: string;
  code: string;
  writtenAt: string;
  /** The FollowUp as JSON, so new kinds of work need no new columns. */
  work: string;
  claimedAt?: string;
  attempts?: number;
};

type AuditEntity = {
  partitionKey: string;
  rowKey: string;
  caseCode: string;
  action: string;
  at: string;
  byAadObjectId: string;
  /** Written only for someone of another tenant than the case's (Actor.tenantId). */
  byTenantId?: string;
  byName?: string;
  detail?: string;
};

/**
 * Cases in one table, one partition per case: the case row and its audit rows live together,
 * so a change and its audit entries commit in one entity-group transaction.
 */
export class TableCaseRepository implements CaseRepository {
  constructor(private readonly table: TablePort) {}

  forTurn(signal: AbortSignal): TableCaseRepository {
    return new TableCaseRepository(boundTable(this.table, signal));
  }

  async create(state: CaseState, audit: readonly AuditEvent[], followUp?: FollowUp): Promise<WrittenCase | 'codeTaken'> {
    const pk = partitionOf(state.tenantId, state.code);
    const row = caseEntity(pk, state);
    const outbox = followUp === undefined ? undefined : outboxEntity(pk, state, followUp);
    const actions: TransactionAction[] = [
      ['create', row],
      ...audit.map((e): TransactionAction => ['create', auditEntity(pk, state.code, e)]),
      // The last action, so its ETag is the last sub-response.
      ...(outbox === undefined ? [] : [['create', outbox] as TransactionAction]),
    ];
    try {
      return written(row, outbox, (await this.table.submitTransaction(actions)).subResponses);
    } catch (err) {
      // The SDK throws a failed transaction with the failing operation's status: 409 for a taken code.
      if (isConflict(err)) return 'codeTaken';
      throw err;
    }
  }

  async get(tenantId: string, code: string): Promise<StoredCase | undefined> {
    try {
      const e = await this.table.getEntity<CaseEntity>(partitionOf(tenantId, code), CASE_ROW);
      return { state: stateOf(e), etag: e.etag };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async update(current: StoredCase, next: CaseState, audit: readonly AuditEvent[], snapshots: readonly Snapshot[] = [], followUp?: FollowUp): Promise<WrittenCase | 'conflict'> {
    const pk = partitionOf(next.tenantId, next.code);
    const outbox = followUp === undefined ? undefined : outboxEntity(pk, next, followUp);
    const row = caseEntity(pk, next);
    const actions: TransactionAction[] = [
      ['update', row, 'Replace', { etag: current.etag }],
      ...audit.map((e): TransactionAction => ['create', auditEntity(pk, next.code, e)]),
      // A kept copy is written once: a second write of the same key fails the whole transaction.
      ...snapshots.map((s): TransactionAction => ['create', { partitionKey: pk, rowKey: `${SNAPSHOT_PREFIX}${s.key}`, ...inPieces('content', storedJson(s.content)) }]),
      // The last action, so its ETag is the last sub-response.
      ...(outbox === undefined ? [] : [['create', outbox] as TransactionAction]),
    ];
    let subResponses: readonly { etag?: string | undefined }[];
    try {
      subResponses = (await this.table.submitTransaction(actions)).subResponses;
    } catch (err) {
      if (isConflict(err)) return 'conflict';
      throw err;
    }
    return written(row, outbox, subResponses);
  }

  async *pendingFollowUps(writtenBefore: string): AsyncIterable<PendingFollowUp> {
    // No partition key: every case's partition is looked at. Outbox rows are few and short-lived.
    const filter = `RowKey ge ${odataString(OUTBOX_PREFIX)} and RowKey lt ${odataString('outbox`')} and writtenAt lt ${odataString(writtenBefore)}`;
    for await (const e of this.table.listEntities<OutboxEntity>({ queryOptions: { filter } })) {
      yield pendingOf(e as OutboxEntity, e.etag);
    }
  }

  async pendingFollowUpsOf(tenantId: string, code: string): Promise<PendingFollowUp[]> {
    const pk = partitionOf(tenantId, code);
    const filter = `PartitionKey eq ${odataString(pk)} and RowKey ge ${odataString(OUTBOX_PREFIX)} and RowKey lt ${odataString('outbox`')}`;
    const found: PendingFollowUp[] = [];
    for await (const e of this.table.listEntities<OutboxEntity>({ queryOptions: { filter } })) found.push(pendingOf(e as OutboxEntity, e.etag));
    return found;
  }

  async claimFollowUp(pending: PendingFollowUp, at: string): Promise<PendingFollowUp | undefined> {
    const taken: OutboxEntity = {
      partitionKey: partitionOf(pending.tenantId, pending.code),
      rowKey: pending.rowKey,
      tenantId: pending.tenantId,
      code: pending.code,
      writtenAt: pending.writtenAt,
      work: JSON.stringify(pending.work),
      claimedAt: at,
      attempts: pending.attempts + 1,
    };
    try {
      const answer = await this.table.updateEntity(taken, 'Replace', { etag: pending.etag });
      if (answer.etag === undefined) throw new Error('the table store answered an outbox claim without an ETag');
      return pendingOf(taken, answer.etag);
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return undefined;
      throw err;
    }
  }

  async finishFollowUp(done: PendingFollowUp): Promise<boolean> {
    try {
      await this.table.deleteEntity(partitionOf(done.tenantId, done.code), done.rowKey, { etag: done.etag });
      return true;
    } catch (err) {
      // Another instance (the sweeper, or the writer) finished it first.
      if (isNotFound(err) || isConflict(err)) return false;
      throw err;
    }
  }

  async appendAudit(tenantId: string, code: string, audit: readonly AuditEvent[]): Promise<void> {
    if (audit.length === 0) return;
    const pk = partitionOf(tenantId, code);
    await this.table.submitTransaction(audit.map((e): TransactionAction => ['create', auditEntity(pk, code, e)]));
  }

  async snapshots(tenantId: string, code: string, prefix: string): Promise<Snapshot[]> {
    const pk = partitionOf(tenantId, code);
    const from = `${SNAPSHOT_PREFIX}${prefix}`;
    const filter = `PartitionKey eq ${odataString(pk)} and RowKey ge ${odataString(from)} and RowKey lt ${odataString(`${from}\uffff`)}`;
    const found: Snapshot[] = [];
    for await (const e of this.table.listEntities<{ content: string }>({ queryOptions: { filter } })) {
      found.push({ key: e.rowKey!.slice(SNAPSHOT_PREFIX.length), content: JSON.parse(joined(e, 'content')) as unknown });
    }
    return found;
  }

  async *openCases(): AsyncIterable<CaseState> {
    const filter = `RowKey eq ${odataString(CASE_ROW)} and closed eq false`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter, select: STATE_COLUMNS } })) yield stateOf(e);
  }

  async history(tenantId: string, code: string, limit: number): Promise<AuditEvent[]> {
    return (await this.historyPage(tenantId, code, { limit })).events;
  }

  async historyPage(tenantId: string, code: string, query: HistoryQuery): Promise<HistoryPage> {
    const pk = partitionOf(tenantId, code);
    // Audit row keys sort newest first, so "older than the last one shown" is a greater key.
    const from = query.after === undefined ? `RowKey ge ${odataString(AUDIT_PREFIX)}` : `RowKey gt ${odataString(query.after)}`;
    const views = query.changesOnly === true ? VIEW_ACTIONS.map((a) => ` and action ne ${odataString(a)}`).join('') : '';
    const filter = `PartitionKey eq ${odataString(pk)} and ${from} and RowKey lt ${odataString('audit`')}${views}`;
    const events: AuditEvent[] = [];
    let last: string | undefined;
    // One more than the page, to know whether there is a next page. A filter on a property that is
    // not a key may come back in short pages with a continuation, so pages are read until enough.
    let more = false;
    for await (const page of this.table.listEntities<AuditEntity>({ queryOptions: { filter } }).byPage({ maxPageSize: query.limit + 1 })) {
      for (const e of page) {
        if (events.length === query.limit) {
          more = true;
          break;
        }
        events.push({ action: e.action as AuditEvent['action'], at: e.at, by: { aadObjectId: e.byAadObjectId, ...(e.byTenantId === undefined ? {} : { tenantId: e.byTenantId }), name: e.byName }, detail: e.detail });
        last = e.rowKey;
      }
      if (more) break;
    }
    return more && last !== undefined ? { events, next: last } : { events };
  }

  /*
   * The access-log export (src/statistics/access-log-export.ts). Not on CaseRepository either: it
   * reads across a tenant's cases, for the tab's export only, never within a turn.
   */

  /** Every case of a tenant, closed ones too: a scan of the tenant's partitions' case rows. */
  async *casesOfTenant(tenantId: string): AsyncIterable<CaseState> {
    // Partition keys are the encoded tenant, '_' and the code, so the tenant's run from "<tenant>_" up to "<tenant>`".
    const prefix = encodeKey(tenantId);
    const filter = `PartitionKey ge ${odataString(`${prefix}_`)} and PartitionKey lt ${odataString(`${prefix}\``)} and RowKey eq ${odataString(CASE_ROW)} and tenantId eq ${odataString(tenantId)}`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter, select: STATE_COLUMNS } })) yield stateOf(e);
  }

  /**
   * A case's audit entries written from `from` up to, not including, `until`, newest first: a
   * row-key range of its partition (keys are inverted time), so rows outside the period are not read.
   */
  async auditBetween(tenantId: string, code: string, from: string, until: string): Promise<AuditEvent[]> {
    const pk = partitionOf(tenantId, code);
    const filter = `PartitionKey eq ${odataString(pk)} and RowKey ge ${odataString(oldestAuditKeyBefore(until))} and RowKey lt ${odataString(oldestAuditKeyBefore(from))}`;
    const events: AuditEvent[] = [];
    for await (const e of this.table.listEntities<AuditEntity>({ queryOptions: { filter } })) {
      events.push({ action: e.action as AuditEvent['action'], at: e.at, by: { aadObjectId: e.byAadObjectId, ...(e.byTenantId === undefined ? {} : { tenantId: e.byTenantId }), name: e.byName }, detail: e.detail });
    }
    return events;
  }

  /*
   * Retention (src/retention/retention-job.ts). Not on CaseRepository: only the daily job removes,
   * and it works on the table itself, never within a turn.
   */

  /**
   * Removes the access and change log rows written before an instant, of every case: one scan over
   * a row-key range (audit keys are inverted time, so older is greater), deleted a partition's
   * hundred at a time. `between` is called after each batch (the job keeps its claim alive there).
   * Returns how many rows went.
   */
  async removeAuditBefore(before: string, between: () => Promise<void> = async () => {}): Promise<number> {
    const filter = `RowKey ge ${odataString(oldestAuditKeyBefore(before))} and RowKey lt ${odataString('audit`')}`;
    let removed = 0;
    // A page's rows go before the next page is asked for; the continuation names the next key, so
    // rows removed behind it do not move it.
    for await (const page of this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } }).byPage({ maxPageSize: 1000 })) {
      removed += await deleteRows(this.table, page.map((e) => ({ partitionKey: e.partitionKey!, rowKey: e.rowKey! })));
      await between();
    }
    return removed;
  }

  /**
   * Every case of every tenant that is still going on, or was last written at or after an instant
   * (which a case closed since was): a scan, for the statistics job only.
   */
  async *casesGoingOnOrWrittenSince(since: string): AsyncIterable<CaseState> {
    const filter = `RowKey eq ${odataString(CASE_ROW)} and (closed eq false or updatedAt ge ${odataString(since)})`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter, select: STATE_COLUMNS } })) yield stateOf(e);
  }

  /**
   * Cases in which nothing more happens (closed, no SIP going on) last written before an instant,
   * with the ETag read: a scan, for the retention job only, which decides from the state.
   */
  async *finishedCasesBefore(updatedBefore: string): AsyncIterable<StoredCase> {
    const filter = `RowKey eq ${odataString(CASE_ROW)} and closed eq true and updatedAt lt ${odataString(updatedBefore)}`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter, select: STATE_COLUMNS } })) yield { state: stateOf(e), etag: e.etag };
  }

  /**
   * Removes every row of a case's partition but the case row and the log rows written from
   * `keepLogFrom` on: kept copies, outbox rows, older log rows. The case row goes last, on its own
   * (removeCaseRow), so a run that stops half-way finds the case again the next day.
   */
  async removeCaseRowsExceptCase(tenantId: string, code: string, keepLogFrom: string): Promise<{ rows: number; logRows: number }> {
    const pk = partitionOf(tenantId, code);
    const oldLog = oldestAuditKeyBefore(keepLogFrom);
    const filter = `PartitionKey eq ${odataString(pk)} and RowKey ne ${odataString(CASE_ROW)}`;
    const doomed: Array<{ partitionKey: string; rowKey: string }> = [];
    let logRows = 0;
    for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
      const rowKey = e.rowKey!;
      const isLog = rowKey.startsWith(AUDIT_PREFIX);
      // The log outlives the case: who looked at and changed it stays to be followed up.
      if (isLog && rowKey < oldLog) continue;
      if (isLog) logRows++;
      doomed.push({ partitionKey: pk, rowKey });
    }
    const rows = await deleteRows(this.table, doomed);
    return { rows, logRows };
  }

  /** Removes a case's row unless it changed since it was read; false when it did, or is gone. */
  async removeCaseRow(stored: StoredCase): Promise<boolean> {
    try {
      await this.table.deleteEntity(partitionOf(stored.state.tenantId, stored.state.code), CASE_ROW, { etag: stored.etag });
      return true;
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return false;
      throw err;
    }
  }
}

/** The smallest audit row key of a row written before an instant: later rows sort before it. */
function oldestAuditKeyBefore(before: string): string {
  const ms = Date.parse(before);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${before}`);
  // A row written at `before` itself has MAX_TIME - ms, and is kept.
  return `${AUDIT_PREFIX}${String(MAX_TIME - ms + 1).padStart(13, '0')}`;
}

/**
 * Deletes rows, a partition's hundred at a time (an entity-group transaction's limit). A row
 * already gone (another run got there first) fails its whole batch; that batch's rows are then
 * deleted one by one. Returns how many this call removed.
 */
async function deleteRows(table: TablePort, rows: ReadonlyArray<{ partitionKey: string; rowKey: string }>): Promise<number> {
  const byPartition = new Map<string, string[]>();
  for (const r of rows) {
    const keys = byPartition.get(r.partitionKey) ?? [];
    keys.push(r.rowKey);
    byPartition.set(r.partitionKey, keys);
  }
  let removed = 0;
  for (const [partitionKey, keys] of byPartition) {
    for (let i = 0; i < keys.length; i += 100) {
      const batch = keys.slice(i, i + 100);
      try {
        await table.submitTransaction(batch.map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]));
        removed += batch.length;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        for (const rowKey of batch) {
          try {
            await table.deleteEntity(partitionKey, rowKey);
            removed++;
          } catch (one) {
            if (!isNotFound(one)) throw one;
          }
        }
      }
    }
  }
  return removed;
}

/** Case codes are [A-Z0-9-], safe in a key as they are; the tenant id is encoded anyway. */
function partitionOf(tenantId: string, code: string): string {
  return `${encodeKey(tenantId)}_${code}`;
}

function caseEntity(pk: string, state: CaseState): CaseEntity {
  return {
    partitionKey: pk,
    rowKey: CASE_ROW,
    tenantId: state.tenantId,
    code: state.code,
    version: state.version,
    phase: state.phase,
    // Nothing more happens: a case whose SIP goes on after VoSS closed still has reminders to repair.
    closed: finished(state),
    updatedAt: state.updatedAt,
    ...inPieces('state', storedJson(state)),
  };
}

/**
 * JSON with U+2028 and U+2029 escaped: Azurite refuses a batch holding them raw, and the escaped
 * form parses back to the same text. The domain normalises typed text already; this also covers
 * what comes from Teams, such as display names.
 */
function storedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * A case as its transaction left it, from the transaction's answer: sub-responses come in the
 * order of the actions, the case row's first and the outbox row's (when there is one) last.
 */
function written(row: CaseEntity, outbox: OutboxEntity | undefined, subResponses: readonly { etag?: string | undefined }[]): WrittenCase {
  const etag = subResponses[0]?.etag;
  const outboxEtag = subResponses.at(-1)?.etag;
  // Azure Tables and Azurite answer every successful step with its new ETag, so there is no
  // re-read to fall back on: answering from the state written is the point.
  if (etag === undefined || (outbox !== undefined && outboxEtag === undefined)) throw new Error('the table store answered a case write without an ETag');
  return {
    // The state as a read would give it back (JSON drops undefined fields), without the read.
    state: stateOf(row),
    etag,
    followUp: outbox === undefined || outboxEtag === undefined ? undefined : pendingOf(outbox, outboxEtag),
  };
}

/** The outbox row a write of this version leaves. */
function outboxRowKey(version: number): string {
  return `${OUTBOX_PREFIX}${String(version).padStart(10, '0')}`;
}

function outboxEntity(pk: string, state: CaseState, work: FollowUp): OutboxEntity {
  // The version makes the key unique per write: the case row's ETag check lets one write per version in.
  return { partitionKey: pk, rowKey: outboxRowKey(state.version), tenantId: state.tenantId, code: state.code, writtenAt: state.updatedAt, work: JSON.stringify(work) };
}

function pendingOf(e: OutboxEntity, etag: string): PendingFollowUp {
  return { tenantId: e.tenantId, code: e.code, rowKey: e.rowKey, etag, work: JSON.parse(e.work) as FollowUp, writtenAt: e.writtenAt, claimedAt: e.claimedAt, attempts: e.attempts ?? 0 };
}

function auditEntity(pk: string, code: string, e: AuditEvent): AuditEntity {
  const inverted = String(MAX_TIME - Date.parse(e.at)).padStart(13, '0');
  // The SDK leaves an undefined property (detail) out of the stored row.
  const entity: AuditEntity = { partitionKey: pk, rowKey: `${AUDIT_PREFIX}${inverted}_${randomBytes(4).toString('hex')}`, caseCode: code, action: e.action, at: e.at, byAadObjectId: e.by.aadObjectId, detail: e.detail };
  // A display name comes from Teams, not through the domain's free-text rules; see storedJson.
  if (e.by.name !== undefined) entity.byName = e.by.name.replace(/[\u2028\u2029]/g, ' ');
  if (e.by.tenantId !== undefined) entity.byTenantId = e.by.tenantId;
  return entity;
}
