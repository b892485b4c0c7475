import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { AuditEvent, CaseState } from '../../src/domain/case-model';
import { TableCaseRepository, type StoredCase } from '../../src/storage/case-repository';
import { CaseBusyError, updateCase, type Applied } from '../../src/storage/case-updater';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { ANNA, BJORN, sampleCase, TENANT } from '../support/sample-case';
import { uniqueTablePrefix } from '../support/test-bot';

type Refused = { readonly ok: false; readonly error: 'no' };

/**
 * The real repository, where another coordinator's write lands between every read and the write
 * that follows it: each attempt's ETag is stale by the time it is used.
 */
class ContestedCases extends TableCaseRepository {
  reads = 0;

  override async get(tenantId: string, code: string): Promise<StoredCase | undefined> {
    this.reads += 1;
    // Fails fast instead of looping for ever should the attempts stop being counted up.
    if (this.reads > 9) throw new Error('more reads than attempts');
    const stored = await super.get(tenantId, code);
    if (stored !== undefined) await super.update(stored, { ...stored.state, version: stored.state.version + 1 }, []);
    return stored;
  }
}

let cases: TableCaseRepository;
let contested: ContestedCases;

beforeAll(async () => {
  const store = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
  await store.ensureTables();
  cases = new TableCaseRepository(store.client(TABLES.cases));
  contested = new ContestedCases(store.client(TABLES.cases));
});

afterEach(() => {
  vi.restoreAllMocks();
});

const viewed: AuditEvent = { action: 'case.viewed', at: '2026-11-23T09:00:00.000Z', by: BJORN };
const renamed = (state: CaseState): Applied<Refused> => ({ ok: true, state: { ...state, version: state.version + 1, nickname: 'CD' }, audit: [viewed] });

describe('updateCase against Azurite', () => {
  it('reports a missing case without applying anything', async () => {
    const apply = vi.fn(renamed);
    expect(await updateCase(cases, TENANT, 'VSS-2026-0900', apply)).toEqual({ kind: 'missing' });
    expect(apply).not.toHaveBeenCalled();
  });

  it('writes nothing for a change without audit entries, and says so', async () => {
    await cases.create(sampleCase('VSS-2026-0901'), []);
    const read = (await cases.get(TENANT, 'VSS-2026-0901'))!;
    const outcome = await updateCase<Refused>(cases, TENANT, 'VSS-2026-0901', (state) => ({ ok: true, state: { ...state, nickname: 'CD' }, audit: [] }));
    expect(outcome).toEqual({ kind: 'unchanged', stored: read });
    expect(await cases.get(TENANT, 'VSS-2026-0901')).toEqual(read);
  });

  it('writes nothing for a refused change and hands the refusal back with the case it saw', async () => {
    await cases.create(sampleCase('VSS-2026-0904'), []);
    const read = (await cases.get(TENANT, 'VSS-2026-0904'))!;
    const refusal: Refused = { ok: false, error: 'no' };
    expect(await updateCase<Refused>(cases, TENANT, 'VSS-2026-0904', () => refusal)).toEqual({ kind: 'refused', stored: read, change: refusal });
    expect(await cases.get(TENANT, 'VSS-2026-0904')).toEqual(read);
  });

  it('writes the kept copies a change comes with', async () => {
    await cases.create(sampleCase('VSS-2026-0905'), []);
    const outcome = await updateCase<Refused>(cases, TENANT, 'VSS-2026-0905', (state) => ({
      ok: true,
      state: { ...state, version: state.version + 1 },
      audit: [viewed],
      snapshots: [{ key: 'plan_1', content: { goal: 'Bo kvar' } }],
    }));
    expect(outcome.kind).toBe('changed');
    expect(await cases.snapshots(TENANT, 'VSS-2026-0905', 'plan_')).toEqual([{ key: 'plan_1', content: { goal: 'Bo kvar' } }]);
  });

  it('re-applies the change to the newer case when a write came first', async () => {
    await cases.create(sampleCase('VSS-2026-0902'), []);
    const stale = (await cases.get(TENANT, 'VSS-2026-0902'))!;
    await cases.update(stale, { ...stale.state, version: 2, phase: 'kartlaggning' }, []);
    const apply = vi.fn(renamed);
    const outcome = await updateCase(cases, TENANT, 'VSS-2026-0902', apply, stale);
    // Once on the stale read (its write conflicts), once on the newer case.
    expect(apply.mock.calls.map(([state]) => state.version)).toEqual([1, 2]);
    expect(outcome.kind).toBe('changed');
    expect((await cases.get(TENANT, 'VSS-2026-0902'))?.state).toMatchObject({ version: 3, phase: 'kartlaggning', nickname: 'CD' });
    expect((await cases.history(TENANT, 'VSS-2026-0902', 10)).map((e) => e.by.aadObjectId)).toEqual([BJORN.aadObjectId]);
  });

  it('gives up with CaseBusyError after eight conflicting attempts, backing off longer each time', async () => {
    await cases.create(sampleCase('VSS-2026-0903'), []);
    // A fixed draw makes the jitter exact: 0.125 × 20 ms × (attempt + 1), attempts 0 to 7.
    vi.spyOn(Math, 'random').mockReturnValue(0.125);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const busy = await updateCase(contested, TENANT, 'VSS-2026-0903', renamed).catch((err: unknown) => err);
    expect(busy).toBeInstanceOf(CaseBusyError);
    expect(busy).toMatchObject({ name: 'CaseBusyError', message: 'case update kept conflicting' });
    expect(contested.reads).toBe(8);
    // The other timers set meanwhile are each table call's deadline (2 s); only the backoff waits this briefly.
    const waits = timers.mock.calls.map(([, ms]) => ms).filter((ms) => typeof ms === 'number' && ms < 1000);
    expect(waits).toEqual([2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20]);
    // None of the eight writes landed: only the other coordinator's (version 1 + 8).
    expect((await cases.get(TENANT, 'VSS-2026-0903'))?.state).toMatchObject({ version: 9, nickname: 'AB', createdBy: ANNA });
    expect(await cases.history(TENANT, 'VSS-2026-0903', 10)).toEqual([]);
  });
});
