import type { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent, CaseState } from '../../src/domain/case-model';
import { TableCaseIndexRepository } from '../../src/storage/case-index-repository';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { ReminderStore, type ScheduledReminder } from '../../src/storage/reminder-store';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { ANNA, BJORN, TENANT, sampleCase } from '../support/sample-case';
import { uniqueTablePrefix } from '../support/test-bot';

/*
 * What the retention job removes, against Azurite through the real repositories: log rows older
 * than a cut-off across cases (and no younger), a finished case's partition but its kept log, its
 * index entries and its reminders, and nothing of another case.
 */

let cases: TableCaseRepository;
let index: TableCaseIndexRepository;
let reminders: ReminderStore;
let casesTable: TableClient;
let indexTable: TableClient;

beforeAll(async () => {
  const store = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
  await store.ensureTables();
  casesTable = store.client(TABLES.cases);
  indexTable = store.client(TABLES.caseIndex);
  cases = new TableCaseRepository(casesTable);
  index = new TableCaseIndexRepository(indexTable);
  reminders = new ReminderStore(store.client(TABLES.reminders), store.client(TABLES.reminderSchedule));
});

const viewed = (at: string): AuditEvent => ({ action: 'case.viewed', at, by: { aadObjectId: ANNA.aadObjectId, name: ANNA.name } });

/** A case created at `at` with its created row, and a view on each of `views`. */
async function caseWithLog(code: string, at: string, views: readonly string[]): Promise<CaseState> {
  const state = { ...sampleCase(code), createdAt: at, updatedAt: at };
  const made = await cases.create(state, [{ action: 'case.created', at, by: { aadObjectId: ANNA.aadObjectId } }]);
  if (made === 'codeTaken') throw new Error('code taken');
  for (let i = 0; i < views.length; i += 100) await cases.appendAudit(TENANT, code, views.slice(i, i + 100).map(viewed));
  return state;
}

async function rowKeysOf(code: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of casesTable.listEntities({ queryOptions: { filter: `PartitionKey eq '${encodeURIComponent(TENANT)}_${code}'` } })) keys.push(e.rowKey!);
  return keys;
}

const loggedAt = async (code: string): Promise<string[]> => (await cases.history(TENANT, code, 1000)).map((e) => e.at).sort();

describe('log rows older than the cut-off', () => {
  it('go from every case, a partition a hundred at a time; a row at the cut-off and younger stay', async () => {
    const cutoff = '2026-03-14T23:00:00.000Z';
    // 150 views before the cut-off in one case: two transactions' worth.
    const old = Array.from({ length: 150 }, (_, i) => new Date(Date.parse('2021-01-01T00:00:00.000Z') + i * 60_000).toISOString());
    await caseWithLog('LOG-A1', '2020-06-01T08:00:00.000Z', [...old, '2026-03-14T22:59:59.999Z', cutoff, '2026-03-15T08:00:00.000Z']);
    await caseWithLog('LOG-B1', '2026-03-20T08:00:00.000Z', ['2026-03-21T08:00:00.000Z']);
    await caseWithLog('LOG-C1', '2019-01-01T08:00:00.000Z', []);

    let batches = 0;
    const removed = await cases.removeAuditBefore(cutoff, async () => {
      batches++;
    });

    // The created row, 150 views and the view a millisecond before the cut-off; and C's created row.
    expect(removed).toBe(1 + 150 + 1 + 1);
    expect(batches).toBeGreaterThan(0);
    expect(await loggedAt('LOG-A1')).toEqual([cutoff, '2026-03-15T08:00:00.000Z']);
    expect(await loggedAt('LOG-B1')).toEqual(['2026-03-20T08:00:00.000Z', '2026-03-21T08:00:00.000Z']);
    expect(await loggedAt('LOG-C1')).toEqual([]);
    // The cases themselves are untouched: only log rows are in the key range.
    for (const code of ['LOG-A1', 'LOG-B1', 'LOG-C1']) expect((await cases.get(TENANT, code))?.state.code).toBe(code);
    // A second run finds nothing left to remove.
    expect(await cases.removeAuditBefore(cutoff)).toBe(0);
  });
});

describe('a finished case', () => {
  it("loses its kept copies, outbox rows and old log rows, keeps its young log, and its row goes last with the ETag read", async () => {
    const code = 'FIN-A1';
    const created = await caseWithLog(code, '2020-01-10T08:00:00.000Z', ['2020-02-01T08:00:00.000Z', '2026-01-05T08:00:00.000Z']);
    const stored = (await cases.get(TENANT, code))!;
    const closedAt = '2026-01-10T08:00:00.000Z';
    const next: CaseState = { ...created, phase: 'avslutat', closure: { reason: '', at: closedAt, by: ANNA, early: 'declines' }, updatedAt: closedAt, version: created.version + 1 };
    const written = await cases.update(stored, next, [{ action: 'case.closedEarly', at: closedAt, by: { aadObjectId: ANNA.aadObjectId }, detail: 'declines' }], [{ key: 'plan_v0001', content: { version: 1 } }], { reschedule: true });
    if (written === 'conflict') throw new Error('conflict');
    expect((await rowKeysOf(code)).some((k) => k.startsWith('outbox_'))).toBe(true);
    expect((await rowKeysOf(code)).some((k) => k.startsWith('snap_'))).toBe(true);

    const found: string[] = [];
    for await (const c of cases.finishedCasesBefore('2027-01-01T00:00:00.000Z')) found.push(c.state.code);
    expect(found).toContain(code);
    const listed = await firstFinished(code);

    const keepLogFrom = '2021-01-10T00:00:00.000Z';
    expect(await cases.removeCaseRowsExceptCase(TENANT, code, keepLogFrom)).toEqual({ rows: 4, logRows: 2 });
    // The case row stays for the last step; the log from 2021 on stays for good.
    expect((await rowKeysOf(code)).filter((k) => !k.startsWith('audit_'))).toEqual(['case']);
    expect(await loggedAt(code)).toEqual(['2026-01-05T08:00:00.000Z', closedAt]);

    expect(await cases.removeCaseRow(listed)).toBe(true);
    expect(await cases.get(TENANT, code)).toBeUndefined();
    expect(await loggedAt(code)).toEqual(['2026-01-05T08:00:00.000Z', closedAt]);
    // Done twice (a run taken over), nothing more happens.
    expect(await cases.removeCaseRowsExceptCase(TENANT, code, keepLogFrom)).toEqual({ rows: 0, logRows: 0 });
    expect(await cases.removeCaseRow(listed)).toBe(false);
  });

  it('is not removed when its row changed since it was read', async () => {
    const code = 'FIN-B1';
    const at = '2025-01-10T08:00:00.000Z';
    const made = await cases.create({ ...sampleCase(code), phase: 'avslutat', closure: { reason: '', at, by: ANNA }, updatedAt: at }, []);
    if (made === 'codeTaken') throw new Error('code taken');
    const listed = await firstFinished(code);
    await cases.update(listed, { ...listed.state, updatedAt: '2025-01-11T08:00:00.000Z', version: listed.state.version + 1 }, []);
    expect(await cases.removeCaseRow(listed)).toBe(false);
    expect(await cases.get(TENANT, code)).toBeDefined();
  });

  it('is listed only when closed with nothing going on and last written before the instant', async () => {
    const at = '2025-02-01T08:00:00.000Z';
    await cases.create({ ...sampleCase('LST-OPEN'), updatedAt: at }, []);
    await cases.create({ ...sampleCase('LST-SIP'), phase: 'avslutat', closure: { reason: '', at, by: ANNA, sip: { kind: 'continues', holder: BJORN } }, updatedAt: at }, []);
    await cases.create({ ...sampleCase('LST-LATE'), phase: 'avslutat', closure: { reason: '', at: '2025-03-01T08:00:00.000Z', by: ANNA }, updatedAt: '2025-03-01T08:00:00.000Z' }, []);
    await cases.create({ ...sampleCase('LST-DUE'), phase: 'avslutat', closure: { reason: '', at, by: ANNA }, updatedAt: at }, []);
    const found: string[] = [];
    for await (const c of cases.finishedCasesBefore('2025-02-15T00:00:00.000Z')) if (c.state.code.startsWith('LST-')) found.push(c.state.code);
    expect(found).toEqual(['LST-DUE']);
  });
});

describe("a removed case's other rows", () => {
  it('are every index entry of the case, wherever it is listed, and the form that made it; no other case loses any', async () => {
    const chat = { kind: 'chat' as const, conversationId: '19:chat@thread.v2' };
    const asked = { kind: 'user' as const, aadObjectId: 'a5a5a5a5-0000-4000-8000-000000000001' };
    for (const owner of [{ kind: 'user' as const, aadObjectId: ANNA.aadObjectId }, { kind: 'user' as const, aadObjectId: BJORN.aadObjectId }, chat, asked]) {
      await index.add(TENANT, owner, 'IDX-GONE');
      await index.add(TENANT, owner, 'IDX-STAYS');
    }
    await index.add('11111111-2222-4333-8444-555555555555', { kind: 'user', aadObjectId: ANNA.aadObjectId }, 'IDX-GONE');
    await index.claimForm(TENANT, 'form-1', ANNA.aadObjectId);
    await index.recordFormCase(TENANT, 'form-1', ANNA.aadObjectId, 'IDX-GONE');
    await index.claimForm(TENANT, 'form-2', ANNA.aadObjectId);
    await index.recordFormCase(TENANT, 'form-2', ANNA.aadObjectId, 'IDX-STAYS');
    const number = await index.nextCaseNumber(TENANT, 2026, 'vss');

    expect(await index.removeCase(TENANT, 'IDX-GONE')).toBe(5);

    for (const owner of [{ kind: 'user' as const, aadObjectId: ANNA.aadObjectId }, chat, asked]) expect(await index.list(TENANT, owner)).toEqual(['IDX-STAYS']);
    // Another tenant's case of the same code is another case.
    expect(await index.list('11111111-2222-4333-8444-555555555555', { kind: 'user', aadObjectId: ANNA.aadObjectId })).toEqual(['IDX-GONE']);
    expect(await index.claimForm(TENANT, 'form-2', ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId, code: 'IDX-STAYS' });
    expect(await index.claimForm(TENANT, 'form-1', ANNA.aadObjectId)).toBeUndefined();
    // The year's numbering goes on: a number is never given twice.
    expect(await index.nextCaseNumber(TENANT, 2026, 'vss')).toBe(number + 1);
    expect(await index.removeCase(TENANT, 'IDX-GONE')).toBe(0);
  });

  it('are every reminder of the case, sent or still due, and none of another case', async () => {
    const reminder = (code: string, key: string, deliverAt: string): ScheduledReminder => ({ tenantId: TENANT, code, key, kind: 'inactive', dueDate: deliverAt.slice(0, 10), deliverAt, recipient: ANNA.aadObjectId });
    const sent = reminder('REM-GONE', 'inactive:2026-02-01', '2026-02-01T08:00:00.000Z');
    const due = reminder('REM-GONE', 'inactive:2026-03-01', '2026-03-01T08:00:00.000Z');
    const other = reminder('REM-STAYS', 'inactive:2026-03-01', '2026-03-01T08:00:00.000Z');
    await reminders.sync(TENANT, 'REM-GONE', [sent, due]);
    await reminders.sync(TENANT, 'REM-STAYS', [other]);
    const [open] = await reminders.openBetween('2026020108', '2026020108', new Date('2026-02-01T09:00:00.000Z'));
    const claimed = await reminders.claim(open!.due[0]!, 'instance', new Date('2026-02-01T09:05:00.000Z'));
    await reminders.finish(claimed!, 'sent', new Date('2026-02-01T09:00:10.000Z'));

    expect(await reminders.removeCase(TENANT, 'REM-GONE')).toBe(2);

    expect((await reminders.scheduleOf(TENANT, 'REM-GONE')).size).toBe(0);
    const left = (await reminders.openBetween('2026030108', '2026030108', new Date('2026-03-01T09:00:00.000Z'))).flatMap((b) => b.due.map((r) => r.code));
    expect(left).toEqual(['REM-STAYS']);
    expect((await reminders.scheduleOf(TENANT, 'REM-STAYS')).size).toBe(1);
  });
});

async function firstFinished(code: string) {
  for await (const c of cases.finishedCasesBefore('2030-01-01T00:00:00.000Z')) if (c.state.code === code) return c;
  throw new Error(`${code} not listed`);
}
