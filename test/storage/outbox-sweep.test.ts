import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CaseFollowUp } from '../../src/domain/case-follow-ups';
import type { CaseState } from '../../src/domain/case-model';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { createLogger } from '../../src/logging/logger';
import { OutboxCaseRepository, type NoticeSender } from '../../src/storage/outbox-case-repository';
import { TableCaseIndexRepository } from '../../src/storage/case-index-repository';
import { TableCaseRepository, type CaseRepository, type PendingFollowUp, type StoredCase, type WrittenCase } from '../../src/storage/case-repository';
import { ReminderStore } from '../../src/storage/reminder-store';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { ANNA, BJORN, sampleCase, TENANT } from '../support/sample-case';
import { LogCapture, uniqueTablePrefix } from '../support/test-bot';

/*
 * A case write that changes which reminders the case has leaves an outbox row in its own
 * transaction; the reminders are brought in line after the answer. These tests play the crash
 * between the two by writing through the bare table repository (the row lands, nothing follows)
 * and check that the sweep finishes the work, and only once the row is a minute old. The same
 * holds for the index entries, the form's record and the colleague's notice, which is sent only
 * under a claim on the row.
 */

let store: TableStore;
let prefix: string;
let raw: TableCaseRepository;
let reminders: ReminderStore;
let caseIndex: TableCaseIndexRepository;
const logs = new LogCapture();
const logger = createLogger('debug', logs);

beforeAll(async () => {
  prefix = uniqueTablePrefix();
  store = new TableStore(inject('azuriteConnectionString'), prefix);
  await store.ensureTables();
  raw = new TableCaseRepository(store.client(TABLES.cases));
  reminders = new ReminderStore(store.client(TABLES.reminders), store.client(TABLES.reminderSchedule));
  caseIndex = new TableCaseIndexRepository(store.client(TABLES.caseIndex));
});

const at = (iso: string) => () => new Date(iso);
/** What the notice step was asked to do, per case code; its answer is the test's to choose. */
const noticeCalls: string[] = [];
let noticeOutcome: () => Promise<'done' | 'retry'> = () => Promise.resolve('done');
const notices: NoticeSender = {
  notifyPending: (_tenant, code) => {
    noticeCalls.push(code);
    return noticeOutcome();
  },
};
const scheduling = (clock: () => Date, reminderStore = reminders, inner: CaseRepository = raw) =>
  new OutboxCaseRepository(inner, reminderStore, DEFAULT_REMINDER_SETTINGS, clock, logger, { caseIndex, notices });

/** The case as written on Monday 23 November 2026 at 10:00 Stockholm time (09:00 UTC), version 2. */
const WRITTEN_AT = '2026-11-23T09:00:00.000Z';
const edited = (state: CaseState, patch: Partial<CaseState> = {}): CaseState => ({ ...state, nickname: 'CD', updatedAt: WRITTEN_AT, version: state.version + 1, ...patch });

/*
 * What the rules want for a bare case (created Friday 20 November 2026, consent given, no
 * meeting) last changed on Monday 23 November, by hand: "book the first meeting" two working days
 * after creation (Monday 23, Tuesday 24 November); "nothing for 30 days" 30 calendar days after the
 * last change, Wednesday 23 December (a working day); "consent runs out" ten working days before
 * the consent's last day, Friday 30 June 2028: Thursday 15 June (midsommarafton, 23 June, is not a
 * working day). Each goes to both coordinators.
 */
/* And "hold the förmöte" three working days after consent (the case's creation, Friday 20
 * November): Wednesday 25 November. */
const CONSENT_ROWS = [
  `consentEnding%3A2028-06-30_2028-06-15_${ANNA.aadObjectId}`,
  `consentEnding%3A2028-06-30_2028-06-15_${BJORN.aadObjectId}`,
  `preMeetingAfterConsent%3A2026-11-20_2026-11-25_${ANNA.aadObjectId}`,
  `preMeetingAfterConsent%3A2026-11-20_2026-11-25_${BJORN.aadObjectId}`,
];
const WANTED_ROWS = [
  ...CONSENT_ROWS,
  `firstMeeting_2026-11-24_${ANNA.aadObjectId}`,
  `firstMeeting_2026-11-24_${BJORN.aadObjectId}`,
  `inactive%3A2026-11-23_2026-12-23_${ANNA.aadObjectId}`,
  `inactive%3A2026-11-23_2026-12-23_${BJORN.aadObjectId}`,
].sort();

const scheduledRows = async (code: string) => [...(await reminders.scheduleOf(TENANT, code)).keys()].sort();
const outboxRows = async (code: string) => {
  const rows: string[] = [];
  for await (const p of raw.pendingFollowUps('9999-12-31T00:00:00.000Z')) if (p.code === code) rows.push(p.rowKey);
  return rows;
};

/** A case made on Friday 20 November and written with no reminders, as a crash would leave it. */
async function bareCase(code: string): Promise<StoredCase> {
  const friday = '2026-11-20T09:00:00.000Z';
  expect(await raw.create({ ...sampleCase(code), createdAt: friday, updatedAt: friday }, [])).not.toBe('codeTaken');
  const stored = await raw.get(TENANT, code);
  if (stored === undefined) throw new Error('case not written');
  return stored;
}

/** Writes a change with its outbox row and, like a crash right after the transaction, nothing else. */
async function writeAndCrash(stored: StoredCase, next: CaseState): Promise<WrittenCase> {
  const written = await raw.update(stored, next, [{ action: 'case.phaseChanged', at: next.updatedAt, by: ANNA }], [], { reschedule: true });
  if (written === 'conflict') throw new Error('unexpected conflict');
  expect(written.followUp?.rowKey).toBe(`outbox_${String(next.version).padStart(10, '0')}`);
  return written;
}

describe('the outbox sweep', () => {
  it('leaves a row younger than a minute to its writer, then finishes it: the reminders the rules want, and the row gone', async () => {
    const code = 'VSS-2026-0101';
    const stored = await bareCase(code);
    await writeAndCrash(stored, edited(stored.state));
    expect(await scheduledRows(code)).toEqual([]);

    // 59 seconds after the write: the writer may still be at it.
    expect(await scheduling(at('2026-11-23T09:00:59.000Z')).sweep()).toBe(0);
    expect(await scheduledRows(code)).toEqual([]);
    expect(await outboxRows(code)).toHaveLength(1);

    expect(await scheduling(at('2026-11-23T09:01:01.000Z')).sweep()).toBeGreaterThanOrEqual(1);
    expect(await scheduledRows(code)).toEqual(WANTED_ROWS);
    expect(await outboxRows(code)).toEqual([]);
  });

  it('schedules from the case as it is when the sweep runs, not as it was when the row was written', async () => {
    const code = 'VSS-2026-0102';
    const stored = await bareCase(code);
    const second = await writeAndCrash(stored, edited(stored.state));
    // A later write closed the case and crashed too: no reminders at all are wanted now.
    await writeAndCrash(second, edited(second.state, { closure: { reason: 'Avslutat', at: WRITTEN_AT, by: ANNA } }));
    expect(await outboxRows(code)).toHaveLength(2);

    await scheduling(at('2026-11-23T09:05:00.000Z')).sweep();
    expect(await scheduledRows(code)).toEqual([]);
    expect(await outboxRows(code)).toEqual([]);
  });

  it('run by two instances at once, finishes every row once and schedules every case as the rules want', async () => {
    const codes = Array.from({ length: 8 }, (_, i) => `VSS-2026-02${String(i).padStart(2, '0')}`);
    for (const code of codes) {
      const stored = await bareCase(code);
      await writeAndCrash(stored, edited(stored.state));
    }
    const clock = at('2026-11-23T09:05:00.000Z');
    const [a, b] = await Promise.all([scheduling(clock).sweep(), scheduling(clock).sweep()]);
    // Rows of the other tests may be finished here too; these eight are finished exactly once.
    expect(a + b).toBeGreaterThanOrEqual(codes.length);
    for (const code of codes) {
      expect(await scheduledRows(code)).toEqual(WANTED_ROWS);
      expect(await outboxRows(code)).toEqual([]);
    }
  });
});

describe('a write through the outbox repository', () => {
  it('leaves no row when the reminders stay as they were, and finishes its own row after the answer when they change', async () => {
    const code = 'VSS-2026-0301';
    const stored = await bareCase(code);
    const repo = scheduling(at(WRITTEN_AT));
    // The first write since Friday: "nothing for 30 days" now counts from Monday, so the reminders change.
    const first = await repo.update(stored, edited(stored.state), [{ action: 'case.phaseChanged', at: WRITTEN_AT, by: ANNA }]);
    if (first === 'conflict') throw new Error('unexpected conflict');
    expect(first.followUp).toBeDefined();
    await repo.settled();
    expect(await scheduledRows(code)).toEqual(WANTED_ROWS);
    expect(await outboxRows(code)).toEqual([]);

    // A second change that Monday (a new nickname) wants the same reminders: no outbox row at all.
    const second = await repo.update(first, edited(first.state, { nickname: 'EF' }), [{ action: 'case.phaseChanged', at: WRITTEN_AT, by: BJORN }]);
    if (second === 'conflict') throw new Error('unexpected conflict');
    expect(second.followUp).toBeUndefined();
    expect(await outboxRows(code)).toEqual([]);
    expect((await raw.get(TENANT, code))?.state.nickname).toBe('EF');
  });

  it('keeps its row when the reminder tables cannot be written, for the sweep to finish', async () => {
    const code = 'VSS-2026-0302';
    const stored = await bareCase(code);
    // Reminder tables that do not exist: every reminder write fails, the case write does not.
    const missing = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
    const broken = new ReminderStore(missing.client(TABLES.reminders), missing.client(TABLES.reminderSchedule));
    const repo = scheduling(at(WRITTEN_AT), broken);
    const written = await repo.update(stored, edited(stored.state), [{ action: 'case.phaseChanged', at: WRITTEN_AT, by: ANNA }]);
    if (written === 'conflict') throw new Error('unexpected conflict');
    await repo.settled();
    expect((await raw.get(TENANT, code))?.state.version).toBe(2);
    expect(await outboxRows(code)).toHaveLength(1);
    expect(logs.text).toContain('could not update the reminders of a case');

    await scheduling(at('2026-11-23T09:02:00.000Z')).sweep();
    expect(await scheduledRows(code)).toEqual(WANTED_ROWS);
    expect(await outboxRows(code)).toEqual([]);
  });
});

describe('a new case', () => {
  const friday = '2026-11-20T09:00:00.000Z';
  /* Made on Friday 20 November and not changed since: "book the first meeting" on Tuesday 24
   * November (two working days), "nothing for 30 days" on Sunday 20 December, moved to the next
   * working day, Monday 21 December. Both coordinators get each. */
  const FRIDAYS_ROWS = [
    ...CONSENT_ROWS,
    `firstMeeting_2026-11-24_${ANNA.aadObjectId}`,
    `firstMeeting_2026-11-24_${BJORN.aadObjectId}`,
    `inactive%3A2026-11-20_2026-12-21_${ANNA.aadObjectId}`,
    `inactive%3A2026-11-20_2026-12-21_${BJORN.aadObjectId}`,
  ].sort();

  it('gets its reminders after the answer, and leaves no row behind', async () => {
    const code = 'VSS-2026-0401';
    const repo = scheduling(at(friday));
    expect(await repo.create({ ...sampleCase(code), createdAt: friday, updatedAt: friday }, [])).not.toBe('codeTaken');
    await repo.settled();
    expect(await scheduledRows(code)).toEqual(FRIDAYS_ROWS);
    expect(await outboxRows(code)).toEqual([]);
  });

  it("written in a turn, finishes its follow-up after the answer though the turn's deadline has passed", async () => {
    const code = 'VSS-2026-0403';
    const root = scheduling(at(friday));
    const deadline = new AbortController();
    expect(await root.forTurn(deadline.signal).create({ ...sampleCase(code), createdAt: friday, updatedAt: friday }, [])).not.toBe('codeTaken');
    // The turn is answered and its budget runs out before the follow-up has read or written anything.
    deadline.abort();
    await root.settled();
    expect(await scheduledRows(code)).toEqual(FRIDAYS_ROWS);
    expect(await caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId })).toContain(code);
    expect(await outboxRows(code)).toEqual([]);
    // The turn's own calls are bound: once the deadline is spent, nothing more is sent for it.
    await expect(root.forTurn(deadline.signal).get(TENANT, code)).rejects.toMatchObject({ name: 'StorageUnavailableError', mayHaveWritten: false });
  });

  it('whose writer died after the transaction gets its reminders from the sweep', async () => {
    const code = 'VSS-2026-0402';
    const created = await raw.create({ ...sampleCase(code), createdAt: friday, updatedAt: friday }, [], { reschedule: true });
    if (created === 'codeTaken') throw new Error('unexpected taken code');
    expect(await outboxRows(code)).toEqual(['outbox_0000000001']);
    // The transaction's answer names the row and its ETag, as a read of it would: nothing is read back.
    const [row] = await raw.pendingFollowUpsOf(TENANT, code);
    expect(created.followUp).toEqual(row);
    expect(created.etag).toBe((await raw.get(TENANT, code))?.etag);
    await scheduling(at('2026-11-20T09:01:01.000Z')).sweep();
    expect(await scheduledRows(code)).toEqual(FRIDAYS_ROWS);
    expect(await outboxRows(code)).toEqual([]);
  });
});

describe('finishing an outbox row', () => {
  it('removes it once, and says so: a second finish (another instance was first) answers false', async () => {
    const code = 'VSS-2026-0501';
    const stored = await bareCase(code);
    const written = await writeAndCrash(stored, edited(stored.state));
    const [pending] = await raw.pendingFollowUpsOf(TENANT, code);
    expect(pending?.etag).toBe(written.followUp?.etag);
    expect(await raw.finishFollowUp(pending!)).toBe(true);
    expect(await raw.finishFollowUp(pending!)).toBe(false);
    expect(await outboxRows(code)).toEqual([]);
  });

  it('leaves a row that changed since it was read: it is removed only as it was read', async () => {
    const code = 'VSS-2026-0502';
    const stored = await bareCase(code);
    await writeAndCrash(stored, edited(stored.state));
    const [pending] = await raw.pendingFollowUpsOf(TENANT, code);
    // Someone rewrites the row after it was read (a later kind of work added to it, say).
    const table = store.client(TABLES.cases);
    // The case's partition: the tenant id (a GUID, nothing to encode) and the code.
    const row = await table.getEntity<Record<string, unknown>>(`${TENANT}_${code}`, pending!.rowKey);
    await table.updateEntity({ ...row, partitionKey: `${TENANT}_${code}`, rowKey: pending!.rowKey, work: JSON.stringify({ reschedule: true }) }, 'Replace', { etag: row.etag });
    expect(await raw.finishFollowUp(pending!)).toBe(false);
    expect(await outboxRows(code)).toEqual([pending!.rowKey]);
  });

  it('throws what is not "already gone" or "changed since": a store that refuses is not a finished row', async () => {
    const code = 'VSS-2026-0503';
    const stored = await bareCase(code);
    await writeAndCrash(stored, edited(stored.state));
    const [pending] = await raw.pendingFollowUpsOf(TENANT, code);
    // The same tables reached with a key that is not the account's: Azurite answers 403.
    const wrongKey = inject('azuriteConnectionString').replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.from('not the key').toString('base64')}`);
    const refused = new TableCaseRepository(new TableStore(wrongKey, prefix).client(TABLES.cases));
    await expect(refused.finishFollowUp(pending!)).rejects.toMatchObject({ statusCode: 403 });
    expect(await outboxRows(code)).toEqual([pending!.rowKey]);
  });
});

describe('the outbox sweep, for the index, the form and the notice', () => {
  beforeEach(() => {
    noticeCalls.length = 0;
    noticeOutcome = () => Promise.resolve('done');
  });

  const CHAT = '19:abc123@thread.v2';
  const OTHER_CHAT = '19:def456@thread.v2';
  /** Björn as a colleague just added, waiting to be told. */
  const withBjornWaiting = (state: CaseState): Partial<CaseState> => ({
    coordinators: state.coordinators.map((x) => (x.aadObjectId === BJORN.aadObjectId ? { ...x, noticePending: true } : x)),
  });
  const callsFor = (code: string) => noticeCalls.filter((c) => c === code);
  const rowsOf = (code: string) => raw.pendingFollowUpsOf(TENANT, code);

  /** A write with this follow-up whose writer died right after the transaction: the row, and nothing of its work. */
  async function crashedWith(code: string, work: CaseFollowUp, patch: (state: CaseState) => Partial<CaseState> = () => ({})): Promise<void> {
    const stored = await bareCase(code);
    const written = await raw.update(stored, edited(stored.state, patch(stored.state)), [{ action: 'case.coordinatorAdded', at: WRITTEN_AT, by: ANNA }], [], work);
    if (written === 'conflict') throw new Error('unexpected conflict');
  }

  it('puts the case in the index of every coordinator and linked chat and records the form that made it', async () => {
    const code = 'VSS-2026-0601';
    const formId = `form-${code}`;
    // The create claimed the form before its write, as the bot does; the code was to follow.
    expect(await caseIndex.claimForm(TENANT, formId, ANNA.aadObjectId)).toBeUndefined();
    await crashedWith(code, { index: true, form: { id: formId, creator: ANNA.aadObjectId } }, () => ({ linkedChatIds: [CHAT, OTHER_CHAT] }));
    const owners = [
      { kind: 'user', aadObjectId: ANNA.aadObjectId },
      { kind: 'user', aadObjectId: BJORN.aadObjectId },
      { kind: 'chat', conversationId: CHAT },
      { kind: 'chat', conversationId: OTHER_CHAT },
    ] as const;
    for (const owner of owners) expect(await caseIndex.list(TENANT, owner)).not.toContain(code);
    expect(await caseIndex.claimForm(TENANT, formId, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });

    await scheduling(at('2026-11-23T09:01:01.000Z')).sweep();
    for (const owner of owners) expect(await caseIndex.list(TENANT, owner), JSON.stringify(owner)).toContain(code);
    // A second submit of the form now opens this case instead of making another.
    expect(await caseIndex.claimForm(TENANT, formId, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId, code });
    expect(callsFor(code)).toEqual([]);
    expect(await outboxRows(code)).toEqual([]);
  });

  it('claims a notice row before the colleague is told, and removes it once told', async () => {
    const code = 'VSS-2026-0602';
    await crashedWith(code, { notify: true }, withBjornWaiting);
    let whileSending: PendingFollowUp[] = [];
    noticeOutcome = async () => {
      whileSending = await rowsOf(code);
      return 'done';
    };
    await scheduling(at('2026-11-23T09:01:01.000Z')).sweep();
    expect(callsFor(code)).toEqual([code]);
    expect(whileSending).toMatchObject([{ rowKey: 'outbox_0000000002', attempts: 1, claimedAt: '2026-11-23T09:01:01.000Z', work: { notify: true } }]);
    expect(await outboxRows(code)).toEqual([]);
  });

  it('leaves a notice another instance is sending to that instance, and takes the row over once its claim is a minute old', async () => {
    const code = 'VSS-2026-0603';
    await crashedWith(code, { notify: true }, withBjornWaiting);
    const claimedAt = '2026-11-23T09:01:01.000Z';
    let nested = false;
    noticeOutcome = async () => {
      // While this send is under way, another instance sweeps: it must leave the row alone.
      if (!nested) {
        nested = true;
        await scheduling(at('2026-11-23T09:01:31.000Z')).sweep();
      }
      return 'retry';
    };
    await scheduling(at(claimedAt)).sweep();
    expect(callsFor(code)).toHaveLength(1);
    expect(await rowsOf(code)).toMatchObject([{ attempts: 1, claimedAt }]);

    // The send answered 'retry'; 59 s after its claim the claim still holds.
    noticeOutcome = () => Promise.resolve('done');
    await scheduling(at('2026-11-23T09:02:00.000Z')).sweep();
    expect(callsFor(code)).toHaveLength(1);
    expect(await rowsOf(code)).toMatchObject([{ attempts: 1, claimedAt }]);

    await scheduling(at('2026-11-23T09:02:02.000Z')).sweep();
    expect(callsFor(code)).toHaveLength(2);
    expect(await outboxRows(code)).toEqual([]);
  });

  it('keeps a notice row that answers "retry" for four tries and finishes it after the fifth, though it still says "retry"', async () => {
    const code = 'VSS-2026-0604';
    await crashedWith(code, { notify: true }, withBjornWaiting);
    noticeOutcome = () => Promise.resolve('retry');
    // One sweep a little over a minute after the last, so every claim has run out.
    const sweeps = ['09:01:01', '09:02:02', '09:03:03', '09:04:04', '09:05:05'].map((t) => `2026-11-23T${t}.000Z`);
    for (const [i, sweptAt] of sweeps.slice(0, 4).entries()) {
      await scheduling(at(sweptAt)).sweep();
      expect(callsFor(code)).toHaveLength(i + 1);
      expect(await rowsOf(code), sweptAt).toMatchObject([{ attempts: i + 1, claimedAt: sweptAt }]);
    }
    await scheduling(at(sweeps[4]!)).sweep();
    expect(callsFor(code)).toHaveLength(5);
    expect(await outboxRows(code)).toEqual([]);
    // Given up on: the case itself still owes the notice, for the colleague's next install.
    expect((await raw.get(TENANT, code))?.state.coordinators.find((x) => x.aadObjectId === BJORN.aadObjectId)?.noticePending).toBe(true);
  });

  it('counts a notice that throws (a store failing mid-notice) as a try, and gives up after the fifth like a "retry"', async () => {
    const code = 'VSS-2026-0606';
    await crashedWith(code, { notify: true }, withBjornWaiting);
    noticeOutcome = () => Promise.reject(new Error('the conversation table did not answer'));
    const sweeps = ['09:01:01', '09:02:02', '09:03:03', '09:04:04', '09:05:05'].map((t) => `2026-11-23T${t}.000Z`);
    for (const [i, sweptAt] of sweeps.slice(0, 4).entries()) {
      await scheduling(at(sweptAt)).sweep();
      expect(await rowsOf(code), sweptAt).toMatchObject([{ attempts: i + 1 }]);
    }
    await scheduling(at(sweeps[4]!)).sweep();
    expect(callsFor(code)).toHaveLength(5);
    expect(await outboxRows(code)).toEqual([]);
    expect(logs.text).toContain('a colleague notice failed; the sweeper tries again');
  });

  it('run by two instances that both read the row before either claims it, tells the colleague once', async () => {
    const code = 'VSS-2026-0605';
    await crashedWith(code, { notify: true }, withBjornWaiting);
    // Each instance's claim on this row waits until both have asked, so both race with the ETag they read.
    let asked = 0;
    let bothAsked!: () => void;
    const meet = new Promise<void>((resolve) => (bothAsked = resolve));
    const heldAtClaim = Object.assign(Object.create(raw) as TableCaseRepository, {
      claimFollowUp: async (pending: PendingFollowUp, claimAt: string) => {
        if (pending.code === code) {
          if (++asked === 2) bothAsked();
          await meet;
        }
        return raw.claimFollowUp(pending, claimAt);
      },
    });
    const clock = at('2026-11-23T09:01:01.000Z');
    await Promise.all([scheduling(clock, reminders, heldAtClaim).sweep(), scheduling(clock, reminders, heldAtClaim).sweep()]);
    expect(asked).toBe(2);
    expect(callsFor(code)).toEqual([code]);
    expect(await outboxRows(code)).toEqual([]);
  });
});
