import type { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { AuditEvent } from '../../src/domain/case-model';
import { TableCaseIndexRepository } from '../../src/storage/case-index-repository';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { ANNA, BJORN, sampleCase, TENANT } from '../support/sample-case';
import { uniqueTablePrefix } from '../support/test-bot';

let cases: TableCaseRepository;
let index: TableCaseIndexRepository;
/** The same tables reached with a wrong account key: Azurite answers every call 403, a store that answers with an error. */
let refused: TableCaseRepository;
let rawTable: TableClient;

/** The case row as the table holds it, every property. */
async function rawCaseRow(code: string): Promise<Record<string, unknown>> {
  for await (const e of rawTable.listEntities<Record<string, unknown>>({ queryOptions: { filter: `RowKey eq 'case' and code eq '${code}' and tenantId eq '${TENANT}'` } })) return e;
  throw new Error(`no case row for ${code}`);
}

beforeAll(async () => {
  const prefix = uniqueTablePrefix();
  const store = new TableStore(inject('azuriteConnectionString'), prefix);
  await store.ensureTables();
  cases = new TableCaseRepository(store.client(TABLES.cases));
  rawTable = store.client(TABLES.cases);
  index = new TableCaseIndexRepository(store.client(TABLES.caseIndex));
  const wrongKey = inject('azuriteConnectionString').replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.alloc(64, 7).toString('base64')}`);
  refused = new TableCaseRepository(new TableStore(wrongKey, prefix).client(TABLES.cases));
});

const audit = (action: AuditEvent['action'], at: string): AuditEvent => ({ action, at, by: ANNA });

describe('TableCaseRepository against Azurite', () => {
  it('creates a case with its audit entry and reads it back', async () => {
    const state = sampleCase('VSS-2026-0001');
    expect(await cases.create(state, [audit('case.created', state.createdAt)])).not.toBe('codeTaken');
    const stored = await cases.get(TENANT, 'VSS-2026-0001');
    expect(stored?.state).toEqual(state);
    expect(stored?.etag).toMatch(/^W\//);
    expect(await cases.history(TENANT, 'VSS-2026-0001', 10)).toEqual([{ action: 'case.created', at: state.createdAt, by: { aadObjectId: ANNA.aadObjectId, name: ANNA.name }, detail: undefined }]);
  });

  it('refuses a second case with the same code in the tenant, and changes nothing', async () => {
    const first = sampleCase('VSS-2026-0002');
    await cases.create(first, []);
    expect(await cases.create({ ...first, nickname: 'XY' }, [audit('case.created', first.createdAt)])).toBe('codeTaken');
    expect((await cases.get(TENANT, 'VSS-2026-0002'))?.state.nickname).toBe('AB');
    expect(await cases.history(TENANT, 'VSS-2026-0002', 10)).toEqual([]);
  });

  it('keeps the same code apart in two tenants', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    await cases.create(sampleCase('VSS-2026-0003'), []);
    expect(await cases.create(sampleCase('VSS-2026-0003', other), [])).not.toBe('codeTaken');
    expect((await cases.get(other, 'VSS-2026-0003'))?.state.tenantId).toBe(other);
  });

  it('updates with the ETag it read, and reports a conflict (writing nothing) for a stale ETag', async () => {
    await cases.create(sampleCase('VSS-2026-0004'), []);
    const read = (await cases.get(TENANT, 'VSS-2026-0004'))!;
    const first = await cases.update(read, { ...read.state, version: 2, phase: 'kartlaggning' }, [audit('case.phaseChanged', '2026-11-23T09:00:00.000Z')]);
    expect(first).not.toBe('conflict');
    const second = await cases.update(read, { ...read.state, version: 2, nickname: 'ZZ' }, [audit('case.closed', '2026-11-23T09:01:00.000Z')]);
    expect(second).toBe('conflict');
    const now = (await cases.get(TENANT, 'VSS-2026-0004'))!;
    expect(now.state).toMatchObject({ phase: 'kartlaggning', nickname: 'AB' });
    // The audit entry of the refused write did not land either: one transaction.
    expect((await cases.history(TENANT, 'VSS-2026-0004', 10)).map((e) => e.action)).toEqual(['case.phaseChanged']);
  });

  it('answers an update with the case exactly as a read would give it back, ETag included, so the next write can follow', async () => {
    // A field set to undefined is dropped on the way to the store, as a read would show.
    await cases.create(sampleCase('VSS-2026-0006'), []);
    const read = (await cases.get(TENANT, 'VSS-2026-0006'))!;
    const written = await cases.update(read, { ...read.state, version: 2, phase: 'kartlaggning', nickname: undefined } as typeof read.state, []);
    expect(written).not.toBe('conflict');
    const fresh = (await cases.get(TENANT, 'VSS-2026-0006'))!;
    expect(written).toEqual(fresh);
    expect(Object.keys((written as typeof fresh).state)).not.toContain('nickname');
    // Its ETag is the current one: a write conditioned on it lands, one on the read before does not.
    expect(await cases.update(written as typeof fresh, { ...fresh.state, version: 3 }, [])).not.toBe('conflict');
    expect(await cases.update(read, { ...read.state, version: 3 }, [])).toBe('conflict');
  });

  it('lists history newest first, limited', async () => {
    await cases.create(sampleCase('VSS-2026-0005'), [audit('case.created', '2026-11-23T08:00:00.000Z')]);
    await cases.appendAudit(TENANT, 'VSS-2026-0005', [audit('case.viewed', '2026-11-23T10:00:00.000Z'), audit('baseline.viewed', '2026-11-23T11:00:00.000Z')]);
    const history = await cases.history(TENANT, 'VSS-2026-0005', 2);
    expect(history.map((e) => e.action)).toEqual(['baseline.viewed', 'case.viewed']);
  });

  it('keeps history newest first after 2255, when the inverted time has only twelve digits', async () => {
    // Row keys hold 9 999 999 999 999 minus the time in ms. 2026-11-23T08:00Z is 20 780 days after
    // 1970-01-01 (56 years with 14 leap days, plus 326 days into 2026) plus 8 h: 1 795 420 800 000 ms,
    // inverted 8 204 579 199 999. 2260-01-01 is 290 years with 70 leap days (1972…2256 less 2100 and
    // 2200) = 105 920 days: 9 151 488 000 000 ms, inverted 848 511 999 999, twelve digits. Unpadded,
    // "848…" sorts after "820…" and the older entry would come first.
    await cases.create(sampleCase('VSS-2026-0007'), [audit('case.created', '2026-11-23T08:00:00.000Z')]);
    await cases.appendAudit(TENANT, 'VSS-2026-0007', [audit('case.viewed', '2260-01-01T00:00:00.000Z')]);
    expect((await cases.history(TENANT, 'VSS-2026-0007', 10)).map((e) => e.at)).toEqual(['2260-01-01T00:00:00.000Z', '2026-11-23T08:00:00.000Z']);
  });

  it('appends nothing for no entries, and keeps an entry by someone without a name', async () => {
    await cases.create(sampleCase('VSS-2026-0008'), []);
    await cases.appendAudit(TENANT, 'VSS-2026-0008', []);
    expect(await cases.history(TENANT, 'VSS-2026-0008', 10)).toEqual([]);
    // An actor who has not used the bot yet may come without a display name.
    await cases.appendAudit(TENANT, 'VSS-2026-0008', [{ action: 'case.viewed', at: '2026-11-23T09:00:00.000Z', by: { aadObjectId: BJORN.aadObjectId } }]);
    expect(await cases.history(TENANT, 'VSS-2026-0008', 10)).toEqual([{ action: 'case.viewed', at: '2026-11-23T09:00:00.000Z', by: { aadObjectId: BJORN.aadObjectId, name: undefined }, detail: undefined }]);
  });

  it('stores a display name from Teams with U+2028 and U+2029 as spaces in the audit, and the detail as given', async () => {
    await cases.create(sampleCase('VSS-2026-0009'), [{ action: 'case.closed', at: '2026-11-23T09:00:00.000Z', by: { ...ANNA, name: 'Anna\u2028Lind\u2029A' }, detail: 'flyttat' }]);
    expect(await cases.history(TENANT, 'VSS-2026-0009', 10)).toEqual([{ action: 'case.closed', at: '2026-11-23T09:00:00.000Z', by: { aadObjectId: ANNA.aadObjectId, name: 'Anna Lind A' }, detail: 'flyttat' }]);
  });

  it('lists open cases and leaves closed ones out', async () => {
    const open = sampleCase('VSS-2026-0020');
    const closed = { ...sampleCase('VSS-2026-0021'), closure: { reason: 'Avslutad', at: '2026-11-23T09:00:00.000Z', by: ANNA } };
    await cases.create(open, []);
    await cases.create(closed, []);
    const listed: string[] = [];
    for await (const c of cases.openCases()) listed.push(c.code);
    expect(listed).toContain('VSS-2026-0020');
    expect(listed).not.toContain('VSS-2026-0021');
  });

  it('keeps a case larger than one table property (64 KiB) in pieces, reads, lists and updates it whole, and drops pieces it no longer needs', async () => {
    const efforts = Array.from({ length: 30 }, (_, i) => ({ id: `E${i + 1}`, what: `${'å'.repeat(298)}${String(i).padStart(2, '0')}`, howOften: 'x'.repeat(100), responsible: 'kommun' as const }));
    const big = { ...sampleCase('VSS-2026-0010'), sipPlan: { efforts, ownGoals: 'ä'.repeat(1000), established: { version: 1, content: { efforts, ownGoals: 'ö'.repeat(1000) } }, nextEffortNumber: 31, rev: 1 }, crisisPlan: { signs: Array.from({ length: 15 }, (_, i) => ({ id: `S${i + 1}`, description: 'ü'.repeat(300), describedBy: 'personen' as const, actions: { personen: 'a'.repeat(300), narstaende: 'b'.repeat(300), kommun: 'c'.repeat(300), region: 'd'.repeat(300) }, contact: 'e'.repeat(200) })), revision: 1, reviewDate: '2027-03-01', nextSignNumber: 16, rev: 1 } };
    // A full plan and crisis plan are already past what one property holds.
    expect(JSON.stringify(big).length).toBeGreaterThan(32_768);
    const created = await cases.create(big as never, []);
    expect(created).not.toBe('codeTaken');
    if (created === 'codeTaken') return;
    expect(created.state).toEqual(big);
    const raw = await rawCaseRow('VSS-2026-0010');
    const strings = Object.values(raw).filter((v): v is string => typeof v === 'string');
    // 64 KiB is 32,768 UTF-16 units: every string the row holds fits Azure's limit.
    expect(Math.max(...strings.map((v) => v.length))).toBeLessThanOrEqual(32_768);
    expect(raw['state1']).toBeTypeOf('string');
    expect((await cases.get(TENANT, 'VSS-2026-0010'))?.state).toEqual(big);
    const listed: unknown[] = [];
    for await (const c of cases.openCases()) if (c.code === 'VSS-2026-0010') listed.push(c);
    expect(listed).toEqual([big]);
    const small = { ...sampleCase('VSS-2026-0010'), version: 2 };
    const updated = await cases.update(created, small, []);
    expect(updated).not.toBe('conflict');
    expect((await cases.get(TENANT, 'VSS-2026-0010'))?.state).toEqual(small);
    expect(Object.keys(await rawCaseRow('VSS-2026-0010')).filter((k) => k.startsWith('state'))).toEqual(['state']);
  });

  it('never cuts an emoji in two between pieces, and keeps a large copy next to the case in pieces too', async () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    // Two offsets: a run of emoji across the cut lands it inside a pair for one of them.
    for (const [code, lead] of [['VSS-2026-0011', ''], ['VSS-2026-0012', 'x']] as const) {
      const state = { ...sampleCase(code), sipPlan: { efforts: [], ownGoals: `${lead}${'😀'.repeat(20_000)}`, nextEffortNumber: 1, rev: 1 } };
      const created = await cases.create(state as never, []);
      expect(created).not.toBe('codeTaken');
      for (const value of Object.values(await rawCaseRow(code))) if (typeof value === 'string') expect(lone.test(value), code).toBe(false);
      expect((await cases.get(TENANT, code))?.state).toEqual(state);
      if (created === 'codeTaken') return;
      // A kept copy as large: written and read back whole.
      const copy = { version: 1, content: { ownGoals: '😀'.repeat(20_000), efforts: [] } };
      expect(await cases.update(created, { ...state, version: 2 }, [], [{ key: 'plan_0001', content: copy }])).not.toBe('conflict');
      expect(await cases.snapshots(TENANT, code, 'plan_')).toEqual([{ key: 'plan_0001', content: copy }]);
    }
  });

  it('answers a missing case with nothing, but a store that refuses the call with its error, never as a taken code or a conflict', async () => {
    expect(await cases.get(TENANT, 'VSS-2026-0999')).toBeUndefined();
    await expect(refused.get(TENANT, 'VSS-2026-0001')).rejects.toMatchObject({ statusCode: 403 });
    await expect(refused.create(sampleCase('VSS-2026-0998'), [])).rejects.toMatchObject({ statusCode: 403 });
    const read = (await cases.get(TENANT, 'VSS-2026-0001'))!;
    await expect(refused.update(read, { ...read.state, version: 2 }, [])).rejects.toMatchObject({ statusCode: 403 });
    // Nothing of it landed.
    expect(await cases.get(TENANT, 'VSS-2026-0998')).toBeUndefined();
    expect((await cases.get(TENANT, 'VSS-2026-0001'))?.etag).toBe(read.etag);
  });
});

describe('TableCaseIndexRepository against Azurite', () => {
  it('lists a user’s and a chat’s case codes, idempotently', async () => {
    const user = { kind: 'user', aadObjectId: BJORN.aadObjectId } as const;
    await index.add(TENANT, user, 'VSS-2026-0010');
    await index.add(TENANT, user, 'VSS-2026-0011');
    await index.add(TENANT, user, 'VSS-2026-0010');
    await index.add(TENANT, { kind: 'chat', conversationId: '19:x@thread.v2' }, 'VSS-2026-0012');
    expect(await index.list(TENANT, user)).toEqual(['VSS-2026-0010', 'VSS-2026-0011']);
    expect(await index.list(TENANT, { kind: 'chat', conversationId: '19:x@thread.v2' })).toEqual(['VSS-2026-0012']);
    expect(await index.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId })).toEqual([]);
    await index.remove(TENANT, user, 'VSS-2026-0011');
    expect(await index.list(TENANT, user)).toEqual(['VSS-2026-0010']);
  });

  it('hands out every case number once, even to concurrent callers', async () => {
    const numbers = await Promise.all(Array.from({ length: 12 }, () => index.nextCaseNumber(TENANT, 2026, 'vss')));
    expect(new Set(numbers).size).toBe(12);
    expect(Math.max(...numbers)).toBe(12);
  });

  it('takes back the latest number only, so a failed write leaves no gap and no number is given twice', async () => {
    const year = 2031;
    expect(await index.nextCaseNumber(TENANT, year, 'vss')).toBe(1);
    expect(await index.nextCaseNumber(TENANT, year, 'vss')).toBe(2);
    await index.returnCaseNumber(TENANT, year, 2, 'vss');
    expect(await index.nextCaseNumber(TENANT, year, 'vss')).toBe(2);
    expect(await index.nextCaseNumber(TENANT, year, 'vss')).toBe(3);
    // 2 was taken again meanwhile: giving it back now would hand out 3 twice.
    await index.returnCaseNumber(TENANT, year, 2, 'vss');
    expect(await index.nextCaseNumber(TENANT, year, 'vss')).toBe(4);
    // A year without numbers: nothing to give back.
    await index.returnCaseNumber(TENANT, 2032, 1, 'vss');
    expect(await index.nextCaseNumber(TENANT, 2032, 'vss')).toBe(1);
  });

  it('keeps U+2028 and U+2029 in a stored case as they were, though Azurite refuses them raw in a batch', async () => {
    const state = { ...sampleCase('VSS-2026-0077'), nickname: 'A\u2028B', createdBy: { ...ANNA, name: 'Anna\u2029Lind' } };
    expect(await cases.create(state, [{ action: 'case.created', at: state.createdAt, by: state.createdBy }])).not.toBe('codeTaken');
    expect((await cases.get(TENANT, 'VSS-2026-0077'))?.state).toEqual(state);
  });
});

describe('new-case form claims against Azurite', () => {
  const FORM = () => crypto.randomUUID();

  it('lets the first claim through, and tells a second who has the form and, once recorded, its case', async () => {
    const form = FORM();
    expect(await index.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
    expect(await index.claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
    await index.recordFormCase(TENANT, form, ANNA.aadObjectId, 'VSS-2026-0101');
    expect(await index.claimForm(TENANT, form, BJORN.aadObjectId)).toEqual({ creator: ANNA.aadObjectId, code: 'VSS-2026-0101' });
  });

  it('frees a released form for a new claim', async () => {
    const form = FORM();
    expect(await index.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
    await index.releaseForm(TENANT, form);
    expect(await index.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
  });

  it('gives a claim left by a submit that died back to its creator after the stale time, once, and never to anyone else', async () => {
    const store = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
    await store.ensureTables();
    // The real clock against the store's own timestamps, with a stale time short enough to wait out.
    const quick = new TableCaseIndexRepository(store.client(TABLES.caseIndex), 1_500);
    const form = FORM();
    expect(await quick.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
    expect(await quick.claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
    await new Promise((r) => setTimeout(r, 1_700));
    expect(await quick.claimForm(TENANT, form, BJORN.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
    const both = await Promise.all([quick.claimForm(TENANT, form, ANNA.aadObjectId), quick.claimForm(TENANT, form, ANNA.aadObjectId)]);
    expect(both.filter((x) => x === undefined)).toHaveLength(1);
    // Taken over just now: not stale again until the stale time has passed once more.
    expect(await quick.claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
  });

  it('never frees a form whose case was recorded, however old', async () => {
    const store = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
    await store.ensureTables();
    let now = Date.now();
    const later = new TableCaseIndexRepository(store.client(TABLES.caseIndex), 120_000, () => now);
    const form = FORM();
    await later.claimForm(TENANT, form, ANNA.aadObjectId);
    await later.recordFormCase(TENANT, form, ANNA.aadObjectId, 'VSS-2026-0102');
    now += 24 * 3600_000;
    expect(await later.claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId, code: 'VSS-2026-0102' });
  });
});
