import { randomUUID } from 'node:crypto';
import type { TableServiceClientOptions } from '@azure/data-tables';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NewCaseForm } from '../../src/domain/case-commands';
import type { CaseState } from '../../src/domain/case-model';
import { createLogger } from '../../src/logging/logger';
import { TableCaseIndexRepository } from '../../src/storage/case-index-repository';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { storeNewCase, type NewCaseStore } from '../../src/storage/new-case-store';
import { StorageUnavailableError } from '../../src/storage/storage-deadline';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { ANNA, BJORN, CLOCK, MET, sampleCase } from '../support/sample-case';
import { LogCapture, uniqueTablePrefix } from '../support/test-bot';

// storeNewCase against Azurite, with chosen table requests made to fail on their way: a failure
// the store really gives (StorageUnavailableError, as for a store that does not answer), either
// before the request leaves (nothing written) or after Azurite has answered (written, answer lost);
// or a request sent again after it landed, as a retry whose first answer was lost would be.

type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];
type Fault = 'drop' | 'loseAnswer' | 'sendTwice';
interface Request {
  readonly method: string;
  readonly url: string;
}

/** What the running test does to each table request; reset after every test. */
let faultOf: (req: Request) => Fault | undefined = () => undefined;

const faults: PipelinePolicy = {
  name: 'testFaults',
  async sendRequest(request, next) {
    const fault = faultOf({ method: request.method, url: decodeURIComponent(request.url) });
    if (fault === 'drop') throw new StorageUnavailableError(new Error('dropped by the test'));
    const response = await next(request);
    if (fault === 'sendTwice') return next(request);
    if (fault === 'loseAnswer') throw new StorageUnavailableError(new Error('answer lost by the test'));
    return response;
  },
};

// Only the case repository writes batches; the index repository never does.
const isCaseBatch = (r: Request) => r.method === 'POST' && r.url.includes('$batch');
const isCaseRead = (r: Request) => r.method === 'GET' && r.url.includes(`Cases(`);
const isCounter = (r: Request) => r.url.includes('CaseIndex(') && r.url.includes('_counter');

let store: NewCaseStore;
let logs: LogCapture;

beforeAll(async () => {
  // A generous timeout: the only failures here are the ones the test makes, not a busy machine's.
  const tables = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix(), { additionalPolicies: [{ policy: faults, position: 'perCall' }], requestTimeoutMs: 10_000 });
  await tables.ensureTables();
  logs = new LogCapture();
  store = {
    cases: new TableCaseRepository(tables.client(TABLES.cases)),
    caseIndex: new TableCaseIndexRepository(tables.client(TABLES.caseIndex)),
    logger: createLogger('warn', logs),
  };
});

afterEach(() => {
  faultOf = () => undefined;
});

/** Each test numbers in a tenant of its own, so counters and logs do not mix. */
function formIn(tenantId: string, colleague = true): NewCaseForm {
  return {
    tenantId,
    nickname: 'AB',
    creator: { ...ANNA, principal: 'region', trained: true },
    colleague: colleague ? { ...BJORN, trained: false } : undefined,
    targetGroup: { ...MET },
    consent: { status: 'given', form: 'written', scope: 'SIP med region och kommun', validUntil: '2027-06-30' },
  };
}

const user = (x: { aadObjectId: string }) => ({ kind: 'user' as const, aadObjectId: x.aadObjectId });
const codeOf = (outcome: CaseState | 'notSaved' | 'unknown') => (typeof outcome === 'string' ? outcome : outcome.code);
/** The work each outbox row of a case asks for: storeNewCase itself adds only the form's record. */
const outboxOf = async (tenant: string, code: string) => (await store.cases.pendingFollowUpsOf(tenant, code)).map((p) => p.work);
const FORM_ID = '6f0c1c2e-2f7a-4c51-9d55-0d6f3b7a1e01';
const listOf = (tenant: string, x: { aadObjectId: string }) => store.caseIndex.list(tenant, user(x)).then((codes) => codes.sort());

/** The warnings logged for one tenant, parsed. */
function warningsOf(tenant: string): { msg: string; err?: { type?: string } }[] {
  return logs.lines.map((l) => JSON.parse(l) as { level: string; tenantId?: string; msg: string; err?: { type?: string } }).filter((l) => l.level === 'warn' && l.tenantId === tenant);
}

/** Cases 0001…count of a tenant, typed by hand long ago; ten at a time, not a hundred requests at once. */
async function handTypedUpTo(tenant: string, count: number): Promise<void> {
  for (let from = 1; from <= count; from += 10) {
    const batch = Array.from({ length: Math.min(10, count - from + 1) }, (_, i) => `VSS-2026-${String(from + i).padStart(4, '0')}`);
    await Promise.all(batch.map((code) => handTyped(tenant, code, BJORN, '2026-01-02T08:00:00.000Z', false)));
  }
}

/** A case someone made earlier with a code typed by hand, and its index entry as the flow leaves it when the test looks at entries. */
async function handTyped(tenant: string, code: string, by: typeof ANNA, createdAt: string, indexed = true): Promise<void> {
  const base = sampleCase(code, tenant);
  const state: CaseState = { ...base, createdAt, createdBy: by, coordinators: [{ ...by, principal: 'region', trained: true, addedAt: createdAt }] };
  expect(await store.cases.create(state, [])).not.toBe('codeTaken');
  if (indexed) await store.caseIndex.add(tenant, user(by), code);
}

// CLOCK is 2026-11-23 10:00 in Stockholm, so every code is VSS-2026-nnnn.
describe('storeNewCase against Azurite', () => {
  it('refuses a form createCase refuses, as the bug it is, rather than writing anything', async () => {
    const form = { ...formIn(randomUUID()), consent: { status: 'given' as const, form: 'written' as const, validUntil: '2027-06-30' } };
    await expect(storeNewCase(store, form, CLOCK)).rejects.toThrow('a checked new case was refused');
  });

  it('passes over codes held by hand-typed cases: the creator’s own older one and someone else’s of the same instant', async () => {
    const tenant = randomUUID();
    // 0001: Anna's, an hour before CLOCK; 0002: Björn's, at CLOCK itself. Neither is this creation.
    await handTyped(tenant, 'VSS-2026-0001', ANNA, '2026-11-23T08:00:00.000Z');
    await handTyped(tenant, 'VSS-2026-0002', BJORN, CLOCK.now.toISOString());
    const state = await storeNewCase(store, formIn(tenant), CLOCK, FORM_ID);
    expect(codeOf(state)).toBe('VSS-2026-0003');
    // The refused tries wrote nothing: the older cases, their entries and their outboxes are as they were.
    expect(await listOf(tenant, ANNA)).toEqual(['VSS-2026-0001']);
    expect(await listOf(tenant, BJORN)).toEqual(['VSS-2026-0002']);
    expect((await store.cases.get(tenant, 'VSS-2026-0001'))?.state.createdAt).toBe('2026-11-23T08:00:00.000Z');
    expect(await outboxOf(tenant, 'VSS-2026-0001')).toEqual([]);
    expect(await outboxOf(tenant, 'VSS-2026-0002')).toEqual([]);
    // The new case's form is recorded from its outbox row, after the answer.
    expect(await outboxOf(tenant, 'VSS-2026-0003')).toEqual([{ form: { id: FORM_ID, creator: ANNA.aadObjectId } }]);
  });

  it('passes over as many as 50 hand-typed codes', async () => {
    const tenant = randomUUID();
    // 0001…0050 are taken: tries 1 to 50 find them, the 51st gets 0051.
    await handTypedUpTo(tenant, 50);
    expect(codeOf(await storeNewCase(store, formIn(tenant, false), CLOCK))).toBe('VSS-2026-0051');
  });

  it('gives up after 51 numbers held by hand-typed codes, though the 52nd is free', async () => {
    const tenant = randomUUID();
    // 0001…0051 are taken: 51 tries, one more than MAX_NUMBERS_TAKEN_BY_HAND passes over.
    await handTypedUpTo(tenant, 51);
    await expect(storeNewCase(store, formIn(tenant, false), CLOCK)).rejects.toThrow('no free case number: too many numbers taken by hand-typed codes');
    expect(await store.cases.get(tenant, 'VSS-2026-0052')).toBeUndefined();
  });

  it('does not read a case back that the store said it created', async () => {
    const tenant = randomUUID();
    faultOf = (r) => (isCaseRead(r) ? 'drop' : undefined);
    const state = await storeNewCase(store, formIn(tenant), CLOCK);
    expect(codeOf(state)).toBe('VSS-2026-0001');
    faultOf = () => undefined;
    expect((await store.cases.get(tenant, 'VSS-2026-0001'))?.state).toEqual(state);
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(2);
  });

  it('takes a write whose answer was lost but which landed for the creation it is', async () => {
    const tenant = randomUUID();
    faultOf = (r) => (isCaseBatch(r) ? 'loseAnswer' : undefined);
    const state = await storeNewCase(store, formIn(tenant), CLOCK, FORM_ID);
    faultOf = () => undefined;
    expect(codeOf(state)).toBe('VSS-2026-0001');
    expect((await store.cases.get(tenant, 'VSS-2026-0001'))?.state).toEqual(state);
    expect(await outboxOf(tenant, 'VSS-2026-0001')).toEqual([{ form: { id: FORM_ID, creator: ANNA.aadObjectId } }]);
    // The number stays the case's: not given back.
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(2);
    expect(warningsOf(tenant)).toEqual([]);
  });

  it('takes a write sent twice, the second refused for the first, for the creation it is', async () => {
    const tenant = randomUUID();
    faultOf = (r) => (isCaseBatch(r) ? 'sendTwice' : undefined);
    const state = await storeNewCase(store, formIn(tenant), CLOCK, FORM_ID);
    faultOf = () => undefined;
    expect(codeOf(state)).toBe('VSS-2026-0001');
    expect((await store.cases.get(tenant, 'VSS-2026-0001'))?.state).toEqual(state);
    expect(await outboxOf(tenant, 'VSS-2026-0001')).toEqual([{ form: { id: FORM_ID, creator: ANNA.aadObjectId } }]);
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(2);
  });

  it('leaves nothing of a write that did not land, gives its number back and warns', async () => {
    const tenant = randomUUID();
    faultOf = (r) => (isCaseBatch(r) ? 'drop' : undefined);
    expect(await storeNewCase(store, formIn(tenant), CLOCK, FORM_ID)).toBe('notSaved');
    faultOf = () => undefined;
    expect(await store.cases.get(tenant, 'VSS-2026-0001')).toBeUndefined();
    expect(await outboxOf(tenant, 'VSS-2026-0001')).toEqual([]);
    // 1 was given back, so the next case gets it.
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(1);
    expect(warningsOf(tenant)).toMatchObject([{ msg: 'new case could not be written', err: { type: 'StorageUnavailableError' } }]);
  });

  it('answers "unknown" and keeps the number when the write fails and no read can tell whether it landed', async () => {
    const tenant = randomUUID();
    // The first write fails, and so does every read of a case (the check that it landed); a second write would land.
    let batches = 0;
    faultOf = (r) => (isCaseBatch(r) && batches++ === 0) || isCaseRead(r) ? 'drop' : undefined;
    expect(await storeNewCase(store, formIn(tenant), CLOCK)).toBe('unknown');
    faultOf = () => undefined;
    expect(batches).toBe(1);
    expect(await store.cases.get(tenant, 'VSS-2026-0001')).toBeUndefined();
    // Had it landed, number 1 would be its: it is never given again.
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(2);
    expect(warningsOf(tenant)).toMatchObject([{ msg: 'new case may or may not have been written', err: { type: 'StorageUnavailableError' } }]);
  });

  it('answers "unknown" for a write whose answer was lost when no read can tell whether it landed, and the case stands with its outbox row', async () => {
    const tenant = randomUUID();
    faultOf = (r) => (isCaseBatch(r) ? 'loseAnswer' : isCaseRead(r) ? 'drop' : undefined);
    expect(await storeNewCase(store, formIn(tenant), CLOCK, FORM_ID)).toBe('unknown');
    faultOf = () => undefined;
    expect((await store.cases.get(tenant, 'VSS-2026-0001'))?.state.code).toBe('VSS-2026-0001');
    expect(await outboxOf(tenant, 'VSS-2026-0001')).toEqual([{ form: { id: FORM_ID, creator: ANNA.aadObjectId } }]);
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(2);
  });

  it('warns when the number of a write that did not land cannot be given back, and leaves a gap', async () => {
    const tenant = randomUUID();
    // The number is taken before the write; only its giving back, after the write, fails.
    let written = false;
    faultOf = (r) => {
      if (isCaseBatch(r)) written = true;
      return isCaseBatch(r) || (written && isCounter(r)) ? 'drop' : undefined;
    };
    expect(await storeNewCase(store, formIn(tenant), CLOCK)).toBe('notSaved');
    faultOf = () => undefined;
    expect(await store.cases.get(tenant, 'VSS-2026-0001')).toBeUndefined();
    expect(await store.caseIndex.nextCaseNumber(tenant, 2026, 'vss')).toBe(2);
    expect(warningsOf(tenant)).toMatchObject([
      { msg: 'new case could not be written', err: { type: 'StorageUnavailableError' } },
      { msg: 'case number could not be given back', err: { type: 'StorageUnavailableError' } },
    ]);
  });
});
