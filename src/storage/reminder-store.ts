import { boundTable, type TablePort } from './storage-deadline';
import type { ReminderDue, ReminderKind } from '../domain/reminder-rules';
import { encodeKey, isConflict, isNotFound, odataString } from './table-keys';

/**
 * One reminder to one coordinator, due at one time. Identity is case + rule key + due date +
 * recipient: when a meeting moves, its reminder gets a new due date and is a new reminder.
 */
export interface ScheduledReminder {
  readonly tenantId: string;
  readonly code: string;
  readonly key: string;
  readonly kind: ReminderKind;
  readonly meetingId?: string | undefined;
  readonly dueDate: string;
  readonly deliverAt: string;
  readonly recipient: string;
}

export interface DueReminder extends ScheduledReminder {
  readonly status: 'pending' | 'claimed';
  readonly leaseUntil?: string | undefined;
  /** How many times a dispatcher has claimed it: a send that keeps failing is given up. */
  readonly attempts: number;
  readonly etag: string;
}

/** What the schedule says of a reminder: still to send (and where its due row is), or done. */
export type ScheduleStatus = { readonly status: 'scheduled' | 'sent' | 'handled'; readonly bucket: string; readonly etag: string } | undefined;

interface DueEntity {
  partitionKey: string;
  rowKey: string;
  tenantId: string;
  code: string;
  key: string;
  kind: string;
  meetingId?: string;
  dueDate: string;
  deliverAt: string;
  recipient: string;
  status: 'pending' | 'claimed';
  leaseUntil?: string;
  claimedBy?: string;
  attempts?: number;
}

interface ScheduleEntity {
  partitionKey: string;
  rowKey: string;
  key: string;
  dueDate: string;
  recipient: string;
  bucket: string;
  status: 'scheduled' | 'sent' | 'handled';
  sentAt?: string;
}

/** Due reminders are partitioned by the hour they are due, so a tick reads only what is due now. */
export function bucketOf(deliverAt: string): string {
  return deliverAt.slice(0, 13).replace(/[-T:]/g, '');
}

/** The hour's bucket before one (UTC). */
export function previousBucket(bucket: string): string {
  const d = new Date(`${bucket.slice(0, 4)}-${bucket.slice(4, 6)}-${bucket.slice(6, 8)}T${bucket.slice(8, 10)}:00:00Z`);
  return bucketOf(new Date(d.getTime() - 3_600_000).toISOString());
}

const CURSOR = { partitionKey: 'cursor', rowKey: 'dispatch' } as const;

/**
 * Reminders in two tables. `ReminderSchedule` holds, per case, every reminder it has and whether
 * it was sent, so a recomputation can add, drop and never repeat. `Reminders` is the due index,
 * partitioned by hour, read by the dispatcher; a row there is claimed with an ETag-conditioned
 * lease before sending, so two dispatchers never both send it.
 */
export class ReminderStore {
  constructor(
    private readonly due: TablePort,
    private readonly schedule: TablePort,
  ) {}

  /** The same store with every call bound to a turn's deadline (see boundTable). */
  forTurn(signal: AbortSignal): ReminderStore {
    return new ReminderStore(boundTable(this.due, signal), boundTable(this.schedule, signal));
  }

  /** The rows a case has in its schedule: row key → status. */
  async scheduleOf(tenantId: string, code: string): Promise<Map<string, { bucket: string; status: ScheduleEntity['status']; etag: string }>> {
    const map = new Map<string, { bucket: string; status: ScheduleEntity['status']; etag: string }>();
    const filter = `PartitionKey eq ${odataString(casePartition(tenantId, code))}`;
    for await (const e of this.schedule.listEntities<ScheduleEntity>({ queryOptions: { filter } })) map.set(e.rowKey!, { bucket: e.bucket, status: e.status, etag: e.etag });
    return map;
  }

  /**
   * Makes the stored reminders of a case equal to what the rules want now: new ones are added to
   * the due index first and the schedule second (a crash in between leaves a due row whose cause
   * is checked again before sending); ones no longer wanted are dropped unless already sent.
   */
  async sync(tenantId: string, code: string, wanted: readonly ScheduledReminder[]): Promise<{ added: number; dropped: number }> {
    const current = await this.scheduleOf(tenantId, code);
    const wantedByRow = new Map(wanted.map((r) => [scheduleRow(r), r]));
    let added = 0;
    let dropped = 0;
    for (const [row, r] of wantedByRow) {
      if (current.has(row)) continue;
      const bucket = bucketOf(r.deliverAt);
      // Created, never replaced: a row already there may be claimed by a dispatcher right now.
      const created = await createIfAbsent(this.due, dueEntity(r, bucket));
      try {
        await this.schedule.createEntity<ScheduleEntity>({ ...scheduleEntity(r, bucket), status: 'scheduled' });
        added++;
      } catch (err) {
        if (!isConflict(err)) throw err;
        // Another sync (or a send) recorded this reminder since we read the schedule. Unless its
        // due row is the very one we just made, ours is a second copy and must go.
        const theirs = await this.statusOf(r);
        if (created !== undefined && !(theirs?.status === 'scheduled' && theirs.bucket === bucket)) {
          await ignoreMissing(this.due.deleteEntity(bucket, dueRowOf(tenantId, code, row), { etag: created }));
        }
      }
    }
    for (const [row, s] of current) {
      if (wantedByRow.has(row) || s.status !== 'scheduled') continue;
      // The cause is gone whatever state the due row is in, so no ETag to compare; a dispatcher
      // holding it checks the cause again before sending and finds nothing to send.
      await ignoreMissing(this.due.deleteEntity(s.bucket, dueRowOf(tenantId, code, row)));
      await ignoreMissing(this.schedule.deleteEntity(casePartition(tenantId, code), row, { etag: s.etag }));
      dropped++;
    }
    return { added, dropped };
  }

  /**
   * The due rows of the hour buckets from `first` to `last` (both included), in one query over the
   * range however many hours it spans, grouped by bucket in bucket order; empty buckets are left
   * out. With each bucket, how many more are due there but held by a live lease: while any are,
   * the bucket is not done (their holder may die), so the cursor must not pass it.
   */
  async openBetween(first: string, last: string, now: Date): Promise<Array<{ bucket: string; due: DueReminder[]; held: number }>> {
    const buckets = new Map<string, { bucket: string; due: DueReminder[]; held: number }>();
    const at = now.toISOString();
    // Bucket keys are fixed-width digits, so their string order is time order (the cursor row's 'cursor' sorts after).
    const filter = `PartitionKey ge ${odataString(first)} and PartitionKey le ${odataString(last)}`;
    for await (const e of this.due.listEntities<DueEntity>({ queryOptions: { filter } })) {
      if (e.deliverAt > at) continue;
      const open = buckets.get(e.partitionKey!) ?? { bucket: e.partitionKey!, due: [], held: 0 };
      buckets.set(open.bucket, open);
      if (e.status === 'claimed' && e.leaseUntil !== undefined && e.leaseUntil > at) {
        open.held++;
        continue;
      }
      open.due.push({ tenantId: e.tenantId, code: e.code, key: e.key, kind: e.kind as ReminderKind, meetingId: e.meetingId, dueDate: e.dueDate, deliverAt: e.deliverAt, recipient: e.recipient, status: e.status, leaseUntil: e.leaseUntil, attempts: e.attempts ?? 0, etag: e.etag });
    }
    return [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
  }

  /** Takes a due row for this instance until the lease ends; false when another instance was first. */
  async claim(r: DueReminder, instanceId: string, leaseUntil: Date): Promise<DueReminder | undefined> {
    const bucket = bucketOf(r.deliverAt);
    try {
      const attempts = r.attempts + 1;
      const res = await this.due.updateEntity<DueEntity>({ ...dueEntity(r, bucket), status: 'claimed', leaseUntil: leaseUntil.toISOString(), claimedBy: instanceId, attempts }, 'Replace', { etag: r.etag });
      return { ...r, status: 'claimed', leaseUntil: leaseUntil.toISOString(), attempts, etag: res.etag ?? r.etag };
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Gives a claimed row back unsent (its instance is stopping): pending again at once, for any
   * instance's next tick, and the claim not counted against it. A row changed since is left alone.
   */
  async release(r: DueReminder): Promise<void> {
    const bucket = bucketOf(r.deliverAt);
    await ignoreMissing(this.due.updateEntity<DueEntity>({ ...dueEntity(r, bucket), attempts: Math.max(0, r.attempts - 1) }, 'Replace', { etag: r.etag }));
  }

  /**
   * Records the outcome: the schedule row says sent (or handled, when its cause was gone), then the
   * due row goes. Crashing between sending and here means the lease runs out and one more send
   * may follow; never none.
   */
  async finish(r: DueReminder, outcome: 'sent' | 'handled', at: Date): Promise<void> {
    const row = scheduleRow(r);
    await this.schedule.upsertEntity<ScheduleEntity>({ ...scheduleEntity(r, bucketOf(r.deliverAt)), status: outcome, sentAt: at.toISOString() }, 'Replace');
    await ignoreMissing(this.due.deleteEntity(bucketOf(r.deliverAt), dueRowOf(r.tenantId, r.code, row), { etag: r.etag }));
  }

  /** The schedule's word on a reminder; undefined when it has no row (a sync died half-way). */
  async statusOf(r: Pick<ScheduledReminder, 'tenantId' | 'code' | 'key' | 'dueDate' | 'recipient'>): Promise<ScheduleStatus> {
    try {
      const e = await this.schedule.getEntity<ScheduleEntity>(casePartition(r.tenantId, r.code), scheduleRow(r));
      return { status: e.status, bucket: e.bucket, etag: e.etag };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * A claimed reminder whose cause is gone: both rows go, as when a recomputation drops it, so
   * the reminder can come back if its cause does (a coordinator unmutes the case).
   */
  async drop(r: DueReminder, schedule: ScheduleStatus): Promise<void> {
    if (schedule !== undefined) await ignoreMissing(this.schedule.deleteEntity(casePartition(r.tenantId, r.code), scheduleRow(r), { etag: schedule.etag }));
    await this.removeCopy(r);
  }

  /** A claimed due row that is not the reminder's live copy (already sent, or moved): it goes. */
  async removeCopy(r: DueReminder): Promise<void> {
    await ignoreMissing(this.due.deleteEntity(bucketOf(r.deliverAt), dueRowOf(r.tenantId, r.code, scheduleRow(r)), { etag: r.etag }));
  }

  /**
   * The same reminder, to the same person, at a later time: "Påminn mig igen", or a reminder found
   * outside office hours moved to the next opening. Moving it twice leaves one reminder.
   */
  async deliverLater(r: ScheduledReminder, deliverAt: string): Promise<void> {
    const before = await this.statusOf(r);
    const moved = { ...r, deliverAt };
    const bucket = bucketOf(deliverAt);
    await this.due.upsertEntity<DueEntity>(dueEntity(moved, bucket), 'Replace');
    await this.schedule.upsertEntity<ScheduleEntity>({ ...scheduleEntity(r, bucket), status: 'scheduled' }, 'Replace');
    // The row in the earlier hour would otherwise send it a second time (snoozed twice, or moved
    // out of the night by the dispatcher). A dispatcher holding it finds the schedule moved on.
    if (before !== undefined && before.bucket !== bucket) await ignoreMissing(this.due.deleteEntity(before.bucket, dueRowOf(r.tenantId, r.code, scheduleRow(r))));
  }

  /** A recipient's reminders of one case that are still to be sent, soonest first. */
  async upcoming(tenantId: string, code: string, recipient: string): Promise<Array<{ key: string; dueDate: string; bucket: string }>> {
    const list: Array<{ key: string; dueDate: string; bucket: string }> = [];
    const filter = `PartitionKey eq ${odataString(casePartition(tenantId, code))} and recipient eq ${odataString(recipient)} and status eq 'scheduled'`;
    for await (const e of this.schedule.listEntities<ScheduleEntity>({ queryOptions: { filter } })) list.push({ key: e.key, dueDate: e.dueDate, bucket: e.bucket });
    return list.sort((a, b) => a.bucket.localeCompare(b.bucket));
  }

  /** The first bucket not yet fully dispatched, or undefined before the first tick. */
  async cursor(): Promise<string | undefined> {
    try {
      return (await this.due.getEntity<{ bucket: string }>(CURSOR.partitionKey, CURSOR.rowKey)).bucket;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Starts the cursor at the store's first start, so the first tick looks back to then however
   * late it runs; a cursor already there is kept.
   */
  async startCursorAt(now: Date): Promise<void> {
    await ignoreMissing(this.due.createEntity({ ...CURSOR, bucket: bucketOf(now.toISOString()) }));
  }

  async setCursor(bucket: string): Promise<void> {
    await this.due.upsertEntity({ ...CURSOR, bucket }, 'Replace');
  }

  /**
   * Removes every reminder a case has, sent or not, when the case is removed (retention): each due
   * row first, then its schedule row, so a run that stops half-way leaves schedule rows that lead
   * the next run to what is left. Returns how many schedule rows went.
   */
  async removeCase(tenantId: string, code: string): Promise<number> {
    const pk = casePartition(tenantId, code);
    let removed = 0;
    for (const [row, s] of await this.scheduleOf(tenantId, code)) {
      // A finished case has no reminder left to send; a due row still there is a leftover.
      await ignoreMissing(this.due.deleteEntity(s.bucket, dueRowOf(tenantId, code, row)));
      await ignoreMissing(this.schedule.deleteEntity(pk, row));
      removed++;
    }
    return removed;
  }
}

function casePartition(tenantId: string, code: string): string {
  return `${encodeKey(tenantId)}_${code}`;
}

function scheduleRow(r: Pick<ScheduledReminder, 'key' | 'dueDate' | 'recipient'>): string {
  return `${encodeKey(r.key)}_${r.dueDate}_${encodeKey(r.recipient)}`;
}

function dueRowOf(tenantId: string, code: string, scheduleRowKey: string): string {
  return `${casePartition(tenantId, code)}_${scheduleRowKey}`;
}

function scheduleEntity(r: ScheduledReminder, bucket: string): Omit<ScheduleEntity, 'status'> {
  return { partitionKey: casePartition(r.tenantId, r.code), rowKey: scheduleRow(r), key: r.key, dueDate: r.dueDate, recipient: r.recipient, bucket };
}

function dueEntity(r: ScheduledReminder, bucket: string): DueEntity {
  const e: DueEntity = {
    partitionKey: bucket,
    rowKey: dueRowOf(r.tenantId, r.code, scheduleRow(r)),
    tenantId: r.tenantId,
    code: r.code,
    key: r.key,
    kind: r.kind,
    dueDate: r.dueDate,
    deliverAt: r.deliverAt,
    recipient: r.recipient,
    status: 'pending',
  };
  if (r.meetingId !== undefined) e.meetingId = r.meetingId;
  return e;
}

/** Inserts a row unless one is there; the new row's ETag, or undefined when it was there. */
async function createIfAbsent(table: TablePort, entity: DueEntity): Promise<string | undefined> {
  try {
    return (await table.createEntity<DueEntity>(entity)).etag ?? '*';
  } catch (err) {
    if (isConflict(err)) return undefined;
    throw err;
  }
}

async function ignoreMissing(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
}

/** The scheduled reminders a case's rule output means: one per recipient. */
export function scheduledFrom(tenantId: string, code: string, due: readonly ReminderDue[]): ScheduledReminder[] {
  return due.flatMap((d) => d.recipients.map((recipient) => ({ tenantId, code, key: d.key, kind: d.kind, meetingId: d.meetingId, dueDate: d.dueDate, deliverAt: d.deliverAt, recipient })));
}
