import type { TableClient } from '@azure/data-tables';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ReminderStore, type DueReminder, type ScheduledReminder } from '../../src/storage/reminder-store';
import { StorageUnavailableError } from '../../src/storage/storage-deadline';
import { TABLES, TableStore, type TableStoreOptions } from '../../src/storage/table-store';
import { ANNA, BJORN, TENANT } from '../support/sample-case';
import { uniqueTablePrefix } from '../support/test-bot';

/*
 * The reminder store against Azurite. Races between two instances are made to happen in one order
 * every run: the store under test goes through a pipeline policy that, just before a chosen table
 * request leaves, lets "the other instance" (a second store on the same tables) do its work.
 */

type Policy = NonNullable<TableStoreOptions['additionalPolicies']>[number]['policy'];
type Hook = { method: 'GET' | 'POST' | 'DELETE'; table: string; run: () => Promise<unknown> };

interface Stores {
  /** The instance under test: its requests pass the hooks. */
  readonly store: ReminderStore;
  /** Another instance on the same tables, unhooked. */
  readonly other: ReminderStore;
  readonly due: TableClient;
  readonly plain: TableStore;
  readonly prefix: string;
  /** Runs `run` once, just before the store under test next sends `method` to `table`. */
  before(method: Hook['method'], table: string, run: () => Promise<unknown>): void;
  /** Hooks not yet reached: a race that did not happen proves nothing. */
  readonly waiting: () => number;
}

async function openStores(): Promise<Stores> {
  const prefix = uniqueTablePrefix();
  const hooks: Hook[] = [];
  const policy: Policy = {
    name: 'beforeRequest',
    async sendRequest(request, next) {
      // …/devstoreaccount1/<prefix><Table>(PartitionKey='…',RowKey='…') or …/<prefix><Table>()
      const table = (new URL(request.url).pathname.split('/').pop() ?? '').replace(/\(.*$/, '');
      const i = hooks.findIndex((h) => h.method === request.method && `${prefix}${h.table}` === table);
      if (i >= 0) await hooks.splice(i, 1)[0]!.run();
      return next(request);
    },
  };
  const cs = inject('azuriteConnectionString');
  const hooked = new TableStore(cs, prefix, { additionalPolicies: [{ policy, position: 'perCall' }] });
  const plain = new TableStore(cs, prefix);
  await plain.ensureTables();
  return {
    store: new ReminderStore(hooked.client(TABLES.reminders), hooked.client(TABLES.reminderSchedule)),
    other: new ReminderStore(plain.client(TABLES.reminders), plain.client(TABLES.reminderSchedule)),
    due: plain.client(TABLES.reminders),
    plain,
    prefix,
    before: (method, table, run) => hooks.push({ method, table, run }),
    waiting: () => hooks.length,
  };
}

let s: Stores;
beforeAll(async () => {
  s = await openStores();
});
afterEach(() => {
  expect(s.waiting()).toBe(0);
});

// Wednesday 25 November 2026: 08:00 in Stockholm is 07:00 UTC, so its bucket is 2026112507.
const reminder = (code: string, over: Partial<ScheduledReminder> = {}): ScheduledReminder => ({
  tenantId: TENANT,
  code,
  key: 'firstMeeting',
  kind: 'firstMeeting',
  dueDate: '2026-11-25',
  deliverAt: '2026-11-25T07:00:00.000Z',
  recipient: ANNA.aadObjectId,
  ...over,
});

/** The due rows of one case as stored, read straight from the table. */
async function dueRowsOf(code: string, stores: Stores = s): Promise<Array<{ bucket: string; status: string; claimedBy?: string }>> {
  const rows: Array<{ bucket: string; status: string; claimedBy?: string }> = [];
  for await (const e of stores.due.listEntities<{ code: string; status: string; claimedBy?: string }>({ queryOptions: { filter: `code eq '${code}'` } })) {
    rows.push({ bucket: e.partitionKey!, status: e.status, ...(e.claimedBy === undefined ? {} : { claimedBy: e.claimedBy }) });
  }
  return rows;
}

/** The due row of one case's reminder as a dispatcher reads it in its hour. */
async function openRow(code: string, bucket: string, now: string, which: (d: DueReminder) => boolean = () => true): Promise<DueReminder> {
  const row = (await s.other.openBetween(bucket, bucket, new Date(now))).flatMap((o) => o.due).find((d) => d.code === code && which(d));
  if (row === undefined) throw new Error(`no open row for ${code} in ${bucket}`);
  return row;
}

/** The store as a turn sees it whose storage budget is already spent: the store does not answer it. */
function unanswered(): ReminderStore {
  return s.store.forTurn(AbortSignal.abort());
}

const LEASE = new Date('2026-11-25T07:02:00.000Z');

describe('sync', () => {
  it('adds what is new, drops what is no longer wanted, and never drops what was sent', async () => {
    const code = 'RS-SYNC-1';
    const first = reminder(code);
    const second = reminder(code, { recipient: BJORN.aadObjectId });
    const third = reminder(code, { key: 'invitation', kind: 'invitation' });
    expect(await s.store.sync(TENANT, code, [first, second])).toEqual({ added: 2, dropped: 0 });
    expect(await s.store.sync(TENANT, code, [first, second])).toEqual({ added: 0, dropped: 0 });
    const sent = await s.store.claim(await openRow(code, '2026112507', '2026-11-25T07:00:00.000Z', (d) => d.recipient === BJORN.aadObjectId), 'd1', LEASE);
    await s.store.finish(sent!, 'sent', new Date('2026-11-25T07:00:05.000Z'));
    // Now only the third is wanted: the first goes (one drop), the sent second stays on record.
    expect(await s.store.sync(TENANT, code, [third])).toEqual({ added: 1, dropped: 1 });
    expect(await s.store.statusOf(first)).toBeUndefined();
    expect((await s.store.statusOf(second))?.status).toBe('sent');
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112507', status: 'pending' }]);
  });

  it('keeps the one due row when another instance added the same reminder in between', async () => {
    const code = 'RS-RACE-SAME';
    const r = reminder(code);
    let theirs: unknown;
    // We made the due row; they found it there and wrote the schedule row first.
    s.before('POST', TABLES.reminderSchedule, async () => {
      theirs = await s.other.sync(TENANT, code, [r]);
    });
    expect(await s.store.sync(TENANT, code, [r])).toEqual({ added: 0, dropped: 0 });
    expect(theirs).toEqual({ added: 1, dropped: 0 });
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112507', status: 'pending' }]);
    expect((await s.store.statusOf(r))?.status).toBe('scheduled');
  });

  it('leaves a due row it found there alone, when the other instance recorded it first', async () => {
    const code = 'RS-RACE-FOUND';
    const r = reminder(code);
    // They did the whole sync before our insert: ours finds their due row and then their schedule row.
    s.before('POST', TABLES.reminders, () => s.other.sync(TENANT, code, [r]));
    expect(await s.store.sync(TENANT, code, [r])).toEqual({ added: 0, dropped: 0 });
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112507', status: 'pending' }]);
  });

  it('takes its own due row back when the other instance scheduled the reminder for another hour', async () => {
    const code = 'RS-RACE-HOUR';
    const ours = reminder(code);
    // Same reminder (rule, day, person), but they deliver it at 09:00 local: bucket 2026112508.
    const later = reminder(code, { deliverAt: '2026-11-25T08:00:00.000Z' });
    s.before('POST', TABLES.reminderSchedule, () => s.other.sync(TENANT, code, [later]));
    expect(await s.store.sync(TENANT, code, [ours])).toEqual({ added: 0, dropped: 0 });
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112508', status: 'pending' }]);
  });

  it('takes its own due row back when the reminder was sent meanwhile, so it is not sent twice', async () => {
    const code = 'RS-RACE-SENT';
    const r = reminder(code);
    s.before('POST', TABLES.reminders, async () => {
      await s.other.sync(TENANT, code, [r]);
      const claimed = await s.other.claim(await openRow(code, '2026112507', '2026-11-25T07:00:00.000Z'), 'd1', LEASE);
      await s.other.finish(claimed!, 'sent', new Date('2026-11-25T07:00:05.000Z'));
    });
    expect(await s.store.sync(TENANT, code, [r])).toEqual({ added: 0, dropped: 0 });
    expect(await dueRowsOf(code)).toEqual([]);
    expect((await s.store.statusOf(r))?.status).toBe('sent');
  });

  it('does not take away a due row it did not make, even when the schedule says it was sent', async () => {
    const code = 'RS-RACE-HELD';
    const r = reminder(code);
    // A first dispatcher's lease ran out, a second took the row over, then the first finished:
    // the schedule says sent, the row stays with the second (which will find it sent).
    s.before('POST', TABLES.reminders, async () => {
      await s.other.sync(TENANT, code, [r]);
      const first = await s.other.claim(await openRow(code, '2026112507', '2026-11-25T07:00:00.000Z'), 'd1', new Date('2026-11-25T07:00:00.000Z'));
      expect(await s.other.claim(first!, 'd2', LEASE)).toBeDefined();
      await s.other.finish(first!, 'sent', new Date('2026-11-25T07:00:05.000Z'));
    });
    expect(await s.store.sync(TENANT, code, [r])).toEqual({ added: 0, dropped: 0 });
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112507', status: 'claimed', claimedBy: 'd2' }]);
  });

  it('leaves its own due row to the dispatcher that claimed it before the sync could take it back', async () => {
    const code = 'RS-RACE-CLAIMED';
    const ours = reminder(code);
    const later = reminder(code, { deliverAt: '2026-11-25T08:00:00.000Z' });
    s.before('POST', TABLES.reminderSchedule, async () => {
      await s.other.sync(TENANT, code, [later]);
      await s.other.claim(await openRow(code, '2026112507', '2026-11-25T07:00:00.000Z'), 'd1', LEASE);
    });
    expect(await s.store.sync(TENANT, code, [ours])).toEqual({ added: 0, dropped: 0 });
    // The holder finds the schedule moved to 08 and removes its copy itself.
    expect(await dueRowsOf(code)).toEqual([
      { bucket: '2026112507', status: 'claimed', claimedBy: 'd1' },
      { bucket: '2026112508', status: 'pending' },
    ]);
  });

  it('copes with the schedule row going again before it is read back', async () => {
    const code = 'RS-RACE-GONE';
    const r = reminder(code);
    s.before('POST', TABLES.reminderSchedule, async () => {
      await s.other.sync(TENANT, code, [r]);
      // Their case changed again at once: the reminder is no longer wanted.
      s.before('GET', TABLES.reminderSchedule, () => s.other.sync(TENANT, code, []));
    });
    expect(await s.store.sync(TENANT, code, [r])).toEqual({ added: 0, dropped: 0 });
    expect(await dueRowsOf(code)).toEqual([]);
    expect(await s.store.statusOf(r)).toBeUndefined();
  });

  it('keeps a send recorded while it drops the reminder', async () => {
    const code = 'RS-DROP-SENT';
    const r = reminder(code);
    await s.other.sync(TENANT, code, [r]);
    const claimed = await s.other.claim(await openRow(code, '2026112507', '2026-11-25T07:00:00.000Z'), 'd1', LEASE);
    // The send is recorded after this sync read the schedule, just before it deletes the schedule row.
    s.before('DELETE', TABLES.reminderSchedule, () => s.other.finish(claimed!, 'sent', new Date('2026-11-25T07:00:05.000Z')));
    expect(await s.store.sync(TENANT, code, [])).toEqual({ added: 0, dropped: 1 });
    expect((await s.store.statusOf(r))?.status).toBe('sent');
  });
});

describe('sync when a table does not take the write', () => {
  it('fails, and leaves no schedule row, when the due index refuses the new row', async () => {
    const gone = await openStores();
    const code = 'RS-DUE-GONE';
    const r = reminder(code);
    // The due table is gone after the schedule was read: the insert gets 404, not a conflict.
    gone.before('POST', TABLES.reminders, () => gone.plain.client(TABLES.reminders).deleteTable());
    await expect(gone.store.sync(TENANT, code, [r])).rejects.toMatchObject({ statusCode: 404 });
    expect(gone.waiting()).toBe(0);
    expect(await gone.other.statusOf(r)).toBeUndefined();
  });

  it('fails when the schedule refuses the new row with anything but a conflict', async () => {
    const gone = await openStores();
    const code = 'RS-SCHEDULE-GONE';
    gone.before('POST', TABLES.reminderSchedule, () => gone.plain.client(TABLES.reminderSchedule).deleteTable());
    await expect(gone.store.sync(TENANT, code, [reminder(code)])).rejects.toMatchObject({ statusCode: 404 });
    expect(gone.waiting()).toBe(0);
  });
});

describe('openBetween', () => {
  // Tuesday 1 December 2026, its own hours so no other test's rows are in range.
  const at = (hhmm: string) => `2026-12-01T${hhmm}:00.000Z`;
  const NOW = new Date(at('09:30'));

  it('gives what is due by now, bucket by bucket, counting rows under a live lease as held', async () => {
    const code = 'RS-OPEN';
    const row = (key: string, hhmm: string) => reminder(code, { key, dueDate: '2026-12-01', deliverAt: at(hhmm) });
    // The nine o'clock row is written first: the answer is in bucket order, not in order of writing.
    const rows = [{ ...row('d-nine', '09:10'), meetingId: 'm-7' }, row('e-not-yet', '09:40'), row('a-eight', '08:00'), row('b-expired', '08:30'), row('c-held', '08:45')];
    expect(await s.store.sync(TENANT, code, rows)).toEqual({ added: 5, dropped: 0 });
    const open = (await s.store.openBetween('2026120108', '2026120109', NOW)).flatMap((o) => o.due);
    const byKey = (key: string) => open.find((d) => d.key === key)!;
    // A lease ending at 09:30 exactly is over at 09:30; one ending at 09:31 is not.
    await s.store.claim(byKey('b-expired'), 'd1', NOW);
    await s.store.claim(byKey('c-held'), 'd1', new Date(at('09:31')));
    const result = await s.store.openBetween('2026120108', '2026120109', NOW);
    expect(result.map((o) => ({ bucket: o.bucket, keys: o.due.map((d) => `${d.key} ${d.status} ${d.attempts}`).sort(), held: o.held }))).toEqual([
      { bucket: '2026120108', keys: ['a-eight pending 0', 'b-expired claimed 1'], held: 1 },
      // e-not-yet (09:40) is in this hour's bucket but not due at 09:30.
      { bucket: '2026120109', keys: ['d-nine pending 0'], held: 0 },
    ]);
    // The meeting a reminder is about comes back with it; a reminder about none has none.
    expect(result[1]!.due[0]).toMatchObject({ meetingId: 'm-7', deliverAt: at('09:10'), recipient: ANNA.aadObjectId });
    expect(result[0]!.due.map((d) => d.meetingId)).toEqual([undefined, undefined]);
  });
});

describe('claim, finish and the copies a dispatcher removes', () => {
  // Thursday 26 November 2026, 08:00 local = 07:00 UTC, bucket 2026112607.
  const AT = '2026-11-26T07:00:00.000Z';
  const onThursday = (code: string) => reminder(code, { dueDate: '2026-11-26', deliverAt: AT });
  const firstClaim = async (code: string) => {
    await s.other.sync(TENANT, code, [onThursday(code)]);
    return (await s.store.claim(await openRow(code, '2026112607', AT), 'd1', new Date('2026-11-26T07:02:00.000Z')))!;
  };

  it('claims a row once: the claim says so, and a second claim on the same reading loses', async () => {
    const code = 'RS-CLAIM';
    await s.other.sync(TENANT, code, [onThursday(code)]);
    const read = await openRow(code, '2026112607', AT);
    expect(read).toMatchObject({ status: 'pending', attempts: 0 });
    const claimed = await s.store.claim(read, 'd1', new Date('2026-11-26T07:02:00.000Z'));
    expect(claimed).toMatchObject({ status: 'claimed', leaseUntil: '2026-11-26T07:02:00.000Z', attempts: 1 });
    expect(claimed!.etag).not.toBe(read.etag);
    expect(await s.store.claim(read, 'd2', new Date('2026-11-26T07:02:00.000Z'))).toBeUndefined();
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112607', status: 'claimed', claimedBy: 'd1' }]);
  });

  it('records a send and removes the due row; a row another dispatcher took over since stays with it', async () => {
    const sent = await firstClaim('RS-FINISH');
    await s.store.finish(sent, 'sent', new Date('2026-11-26T07:00:05.000Z'));
    expect(await dueRowsOf('RS-FINISH')).toEqual([]);
    expect((await s.store.statusOf(sent))?.status).toBe('sent');

    const late = await firstClaim('RS-FINISH-LATE');
    // Its lease ran out and d2 claimed the row before d1 got to record its send.
    expect(await s.other.claim(late, 'd2', new Date('2026-11-26T07:06:00.000Z'))).toBeDefined();
    await s.store.finish(late, 'sent', new Date('2026-11-26T07:05:00.000Z'));
    expect(await dueRowsOf('RS-FINISH-LATE')).toEqual([{ bucket: '2026112607', status: 'claimed', claimedBy: 'd2' }]);
  });

  it('removes a copy it holds, not one another dispatcher has taken over', async () => {
    const mine = await firstClaim('RS-COPY');
    await s.store.removeCopy(mine);
    expect(await dueRowsOf('RS-COPY')).toEqual([]);

    const stale = await firstClaim('RS-COPY-STALE');
    await s.other.claim(stale, 'd2', new Date('2026-11-26T07:06:00.000Z'));
    await s.store.removeCopy(stale);
    expect(await dueRowsOf('RS-COPY-STALE')).toEqual([{ bucket: '2026112607', status: 'claimed', claimedBy: 'd2' }]);
  });

  it('drops a reminder whose cause is gone: both rows go, or only the due row when the schedule has none', async () => {
    const both = await firstClaim('RS-DROP');
    await s.store.drop(both, await s.store.statusOf(both));
    expect(await dueRowsOf('RS-DROP')).toEqual([]);
    expect(await s.store.statusOf(both)).toBeUndefined();

    const halfWay = await firstClaim('RS-DROP-NOSCHEDULE');
    await s.store.drop(halfWay, undefined);
    expect(await dueRowsOf('RS-DROP-NOSCHEDULE')).toEqual([]);
  });

  it('does not drop the schedule row of a reminder snoozed since its status was read', async () => {
    const r = await firstClaim('RS-DROP-SNOOZED');
    const read = await s.store.statusOf(r);
    // "Påminn mig igen" to 10:00 UTC the same day: bucket 2026112610.
    await s.other.deliverLater(onThursday('RS-DROP-SNOOZED'), '2026-11-26T10:00:00.000Z');
    await s.store.drop(r, read);
    expect(await s.store.statusOf(r)).toMatchObject({ status: 'scheduled', bucket: '2026112610' });
    expect(await dueRowsOf('RS-DROP-SNOOZED')).toEqual([{ bucket: '2026112610', status: 'pending' }]);
  });

  it('has no status for a reminder the schedule does not hold', async () => {
    expect(await s.store.statusOf(onThursday('RS-NEVER'))).toBeUndefined();
  });
});

describe('deliverLater', () => {
  // Friday 27 November 2026 at 07:00 UTC (bucket 2026112707), moved to 12:00 UTC (2026112712).
  const onFriday = (code: string) => reminder(code, { dueDate: '2026-11-27', deliverAt: '2026-11-27T07:00:00.000Z' });

  it('moves the due row to the later hour and leaves none behind', async () => {
    const code = 'RS-LATER';
    await s.store.sync(TENANT, code, [onFriday(code)]);
    await s.store.deliverLater(onFriday(code), '2026-11-27T12:00:00.000Z');
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112712', status: 'pending' }]);
    expect(await s.store.statusOf(onFriday(code))).toMatchObject({ status: 'scheduled', bucket: '2026112712' });
  });

  it('moves it within its hour without losing it', async () => {
    const code = 'RS-LATER-SAMEHOUR';
    await s.store.sync(TENANT, code, [onFriday(code)]);
    // 07:00 to 07:45 UTC: the same bucket, so the row just rewritten is the only one.
    await s.store.deliverLater(onFriday(code), '2026-11-27T07:45:00.000Z');
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112707', status: 'pending' }]);
    expect((await s.store.openBetween('2026112707', '2026112707', new Date('2026-11-27T07:45:00.000Z'))).flatMap((o) => o.due).find((d) => d.code === code)?.deliverAt).toBe('2026-11-27T07:45:00.000Z');
  });

  it('schedules a reminder the schedule did not hold yet (a sync died half-way)', async () => {
    const code = 'RS-LATER-NEW';
    await s.store.deliverLater(onFriday(code), '2026-11-27T12:00:00.000Z');
    expect(await dueRowsOf(code)).toEqual([{ bucket: '2026112712', status: 'pending' }]);
    expect(await s.store.statusOf(onFriday(code))).toMatchObject({ status: 'scheduled', bucket: '2026112712' });
  });
});

describe('upcoming', () => {
  it("lists one person's reminders still to send, soonest first", async () => {
    const code = 'RS-UPCOMING';
    // Row keys sort by rule key ('a-…' before 'b-…'), the opposite of their hours.
    const late = reminder(code, { key: 'a-late', dueDate: '2026-11-30', deliverAt: '2026-11-30T07:00:00.000Z' });
    const soon = reminder(code, { key: 'b-soon', dueDate: '2026-11-28', deliverAt: '2026-11-28T07:00:00.000Z' });
    const bjorns = reminder(code, { key: 'c-bjorn', recipient: BJORN.aadObjectId });
    await s.store.sync(TENANT, code, [late, soon, bjorns]);
    expect(await s.store.upcoming(TENANT, code, ANNA.aadObjectId)).toEqual([
      { key: 'b-soon', dueDate: '2026-11-28', bucket: '2026112807' },
      { key: 'a-late', dueDate: '2026-11-30', bucket: '2026113007' },
    ]);
  });
});

describe('the dispatch cursor', () => {
  it('is missing before the first start, starts once, and moves when set', async () => {
    expect(await s.store.cursor()).toBeUndefined();
    await s.store.startCursorAt(new Date('2026-11-23T08:15:00.000Z'));
    expect(await s.store.cursor()).toBe('2026112308');
    // A second instance starting later keeps the first start.
    await s.store.startCursorAt(new Date('2026-11-23T10:15:00.000Z'));
    expect(await s.store.cursor()).toBe('2026112308');
    await s.store.setCursor('2026112311');
    expect(await s.store.cursor()).toBe('2026112311');
  });
});

describe('a store that does not answer', () => {
  // Each of these read as "not there" or "someone else's" would let a dispatcher carry on wrongly.
  const r = reminder('RS-SILENT');
  const due: DueReminder = { ...r, status: 'claimed', leaseUntil: '2026-11-25T07:02:00.000Z', attempts: 1, etag: 'W/"datetime\'2026-11-25T07%3A00%3A00Z\'"' };

  it('fails a claim instead of reporting it taken', async () => {
    await expect(unanswered().claim(due, 'd1', LEASE)).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it("fails a status read instead of reporting the reminder's row missing", async () => {
    await expect(unanswered().statusOf(r)).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('fails removing a copy instead of reporting it gone', async () => {
    await expect(unanswered().removeCopy(due)).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('fails a cursor read instead of reporting no cursor', async () => {
    await expect(unanswered().cursor()).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
