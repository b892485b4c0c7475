import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { TableCaseIndexRepository, type CaseIndexOwner } from '../../src/storage/case-index-repository';
import { StorageUnavailableError } from '../../src/storage/storage-deadline';
import { TABLES, TableStore, type TableStoreOptions } from '../../src/storage/table-store';
import { ANNA, BJORN, TENANT } from '../support/sample-case';
import { startStorageProxy, type StorageProxy } from '../support/storage-proxy';
import { uniqueTablePrefix } from '../support/test-bot';

type PipelinePolicy = NonNullable<TableStoreOptions['additionalPolicies']>[number]['policy'];

const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const STALE_MS = 120_000;

/**
 * Records what the repository under test asked the store ("GET 200", "PUT 412") and lets a test
 * act right after one answer, before the repository sees it: another bot instance writing in
 * between, deterministically, against the real store.
 */
class Interleaver {
  calls: string[] = [];
  private hook: ((call: string) => Promise<unknown> | void) | undefined;

  readonly policy: PipelinePolicy = {
    name: 'interleave',
    sendRequest: async (request, next) => {
      let answer: Awaited<ReturnType<typeof next>> | undefined;
      let failure: unknown;
      let failed = false;
      try {
        answer = await next(request);
      } catch (err) {
        failed = true;
        failure = err;
      }
      const status = answer?.status ?? (failure as { statusCode?: number } | undefined)?.statusCode ?? 'none';
      const call = `${request.method} ${status}`;
      this.calls.push(call);
      await this.hook?.(call);
      if (failed) throw failure;
      return answer!;
    },
  };

  reset(): void {
    this.calls = [];
    this.hook = undefined;
  }

  /** Runs `act` after every answer `call`. */
  afterEvery(call: string, act: () => Promise<unknown> | void): void {
    this.hook = async (c) => {
      if (c === call) await act();
    };
  }

  /** Runs `act` after the first answer `call` only. */
  afterFirst(call: string, act: () => Promise<unknown> | void): void {
    let done = false;
    this.hook = async (c) => {
      if (c === call && !done) {
        done = true;
        await act();
      }
    };
  }
}

const interleave = new Interleaver();
let proxy: StorageProxy;
let direct: TableStore;
/** Another bot instance on the same tables, without hooks: the one that writes in between. */
let peer: TableCaseIndexRepository;
let hooked: TableStore;
let silenceable: TableStore;
let refused: TableCaseIndexRepository;
let tableless: TableCaseIndexRepository;

/** The repository under test, over `store`, at a fixed time (the real clock when not given). */
const repo = (store: TableStore = hooked, now?: () => number) => new TableCaseIndexRepository(store.client(TABLES.caseIndex), STALE_MS, now);

beforeAll(async () => {
  const azurite = inject('azuriteConnectionString');
  const prefix = uniqueTablePrefix();
  direct = new TableStore(azurite, prefix);
  await direct.ensureTables();
  peer = new TableCaseIndexRepository(direct.client(TABLES.caseIndex));
  const interleaved = { additionalPolicies: [{ policy: interleave.policy, position: 'perCall' as const }] };
  hooked = new TableStore(azurite, prefix, interleaved);
  proxy = await startStorageProxy(azurite);
  // A silent store costs one try's timeout; half a second is ample for Azurite on loopback.
  silenceable = new TableStore(proxy.connectionString, prefix, { ...interleaved, requestTimeoutMs: 500 });
  // The same account with another key: Azurite answers every request 403.
  const wrongKey = azurite.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.from('x'.repeat(64)).toString('base64')}`);
  refused = repo(new TableStore(wrongKey, prefix));
  // Tables never created, as with a TABLE_PREFIX that ensureTables did not run for.
  tableless = repo(new TableStore(azurite, uniqueTablePrefix()));
});

afterAll(async () => {
  await proxy.stop();
});

beforeEach(() => {
  interleave.reset();
  proxy.resume();
});

/** When the form's claim was written, by the store's clock. */
async function claimedAt(formId: string): Promise<number> {
  for await (const e of direct.client(TABLES.caseIndex).listEntities({ queryOptions: { filter: odata`RowKey eq ${formId}` } })) {
    return Date.parse(e.timestamp!);
  }
  throw new Error('no claim stored');
}

describe('case index entries', () => {
  it('keeps every chat’s and every user’s cases apart, within a tenant and across tenants', async () => {
    const a: CaseIndexOwner = { kind: 'chat', conversationId: '19:a@thread.v2' };
    const b: CaseIndexOwner = { kind: 'chat', conversationId: '19:b@thread.v2' };
    const anna: CaseIndexOwner = { kind: 'user', aadObjectId: ANNA.aadObjectId };
    const bjorn: CaseIndexOwner = { kind: 'user', aadObjectId: BJORN.aadObjectId };
    await peer.add(TENANT, a, 'VSS-2026-0001');
    await peer.add(TENANT, b, 'VSS-2026-0002');
    await peer.add(OTHER_TENANT, a, 'VSS-2026-0003');
    await peer.add(OTHER_TENANT, anna, 'VSS-2026-0007');
    await peer.add(OTHER_TENANT, bjorn, 'VSS-2026-0008');
    expect(await peer.list(TENANT, a)).toEqual(['VSS-2026-0001']);
    expect(await peer.list(TENANT, b)).toEqual(['VSS-2026-0002']);
    expect(await peer.list(OTHER_TENANT, a)).toEqual(['VSS-2026-0003']);
    expect(await peer.list(OTHER_TENANT, anna)).toEqual(['VSS-2026-0007']);
    expect(await peer.list(OTHER_TENANT, bjorn)).toEqual(['VSS-2026-0008']);
  });

  it('releases a form that was never claimed, or already released, without complaint', async () => {
    const form = crypto.randomUUID();
    await expect(peer.releaseForm(TENANT, form)).resolves.toBeUndefined();
    expect(await peer.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
    await peer.releaseForm(TENANT, form);
    await expect(peer.releaseForm(TENANT, form)).resolves.toBeUndefined();
  });

  it('removes an entry that is already gone without complaint', async () => {
    const user: CaseIndexOwner = { kind: 'user', aadObjectId: ANNA.aadObjectId };
    await peer.add(TENANT, user, 'VSS-2026-0004');
    await expect(peer.remove(TENANT, user, 'VSS-2026-0005')).resolves.toBeUndefined();
    await peer.remove(TENANT, user, 'VSS-2026-0004');
    await expect(peer.remove(TENANT, user, 'VSS-2026-0004')).resolves.toBeUndefined();
    expect(await peer.list(TENANT, user)).toEqual([]);
  });

  it('passes on a store’s refusal of the bot’s key from every call, never taking it for a missing row or contention', async () => {
    const user: CaseIndexOwner = { kind: 'user', aadObjectId: ANNA.aadObjectId };
    await expect(refused.remove(TENANT, user, 'VSS-2026-0006')).rejects.toMatchObject({ statusCode: 403 });
    await expect(refused.releaseForm(TENANT, crypto.randomUUID())).rejects.toMatchObject({ statusCode: 403 });
    await expect(refused.returnCaseNumber(TENANT, 2026, 1, 'vss')).rejects.toMatchObject({ statusCode: 403 });
    await expect(refused.nextCaseNumber(TENANT, 2026, 'vss')).rejects.toMatchObject({ statusCode: 403 });
  });

  it('reports a missing table, instead of contention or a form in use', async () => {
    await expect(tableless.nextCaseNumber(TENANT, 2026, 'vss')).rejects.toMatchObject({ statusCode: 404 });
    await expect(tableless.claimForm(TENANT, crypto.randomUUID(), ANNA.aadObjectId)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('case numbers taken while other instances take them too', () => {
  it('gives up after thirty tries each lost to another writer, saying why, having written nothing', async () => {
    expect(await peer.nextCaseNumber(TENANT, 2040, 'vss')).toBe(1);
    interleave.afterEvery('GET 200', () => peer.nextCaseNumber(TENANT, 2040, 'vss'));
    await expect(repo().nextCaseNumber(TENANT, 2040, 'vss')).rejects.toThrow('could not take a case number: too much contention');
    // Each try reads the counter and loses its conditional write (412) to the peer's number.
    expect(interleave.calls).toEqual(Array.from({ length: 30 }, () => ['GET 200', 'PUT 412']).flat());
    // 1 before, 2 to 31 taken by the peer during the thirty tries: 32 is next.
    interleave.reset();
    expect(await peer.nextCaseNumber(TENANT, 2040, 'vss')).toBe(32);
  });

  it('takes the next number when another instance created the year’s counter first', async () => {
    interleave.afterFirst('GET 404', () => peer.nextCaseNumber(TENANT, 2041, 'vss'));
    expect(await repo().nextCaseNumber(TENANT, 2041, 'vss')).toBe(2);
    expect(interleave.calls).toEqual(['GET 404', 'POST 409', 'GET 200', 'PUT 204']);
  });

  it('does not take a number back once another instance has taken the next one', async () => {
    expect(await peer.nextCaseNumber(TENANT, 2042, 'vss')).toBe(1);
    expect(await peer.nextCaseNumber(TENANT, 2042, 'vss')).toBe(2);
    // Between the read of 2 and the write of 1, the peer takes 3.
    interleave.afterFirst('GET 200', () => peer.nextCaseNumber(TENANT, 2042, 'vss'));
    await expect(repo().returnCaseNumber(TENANT, 2042, 2, 'vss')).resolves.toBeUndefined();
    expect(await peer.nextCaseNumber(TENANT, 2042, 'vss')).toBe(4);
  });
});

describe('case numbers per kind of case', () => {
  it('numbers SIP cases and VoSS cases each on their own, and gives a number back to its own kind', async () => {
    expect(await peer.nextCaseNumber(TENANT, 2043, 'vss')).toBe(1);
    expect(await peer.nextCaseNumber(TENANT, 2043, 'sip')).toBe(1);
    expect(await peer.nextCaseNumber(TENANT, 2043, 'sip')).toBe(2);
    await peer.returnCaseNumber(TENANT, 2043, 2, 'sip');
    // Giving back SIP's 2 leaves VoSS alone, and VoSS's counter (1) does not match it.
    await peer.returnCaseNumber(TENANT, 2043, 2, 'vss');
    expect(await peer.nextCaseNumber(TENANT, 2043, 'vss')).toBe(2);
    expect(await peer.nextCaseNumber(TENANT, 2043, 'sip')).toBe(2);
  });
});

describe('new-case form claims racing other submits', () => {
  it('frees a claim without a case only once more than the stale time has passed since it was made', async () => {
    const form = crypto.randomUUID();
    expect(await peer.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
    const at = await claimedAt(form);
    // Exactly two minutes (120 000 ms) later it is not yet stale; a millisecond more and it is.
    expect(await repo(hooked, () => at + 120_000).claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
    expect(await repo(hooked, () => at + 120_001).claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
  });

  it('leaves a stale claim to a submit that finished first, and tells the creator it is in use', async () => {
    const form = crypto.randomUUID();
    await peer.claimForm(TENANT, form, ANNA.aadObjectId);
    const late = repo(hooked, () => Date.now() + 10 * 60_000);
    interleave.afterFirst('GET 200', () => peer.recordFormCase(TENANT, form, ANNA.aadObjectId, 'VSS-2026-0201'));
    expect(await late.claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
    expect(interleave.calls).toEqual(['POST 409', 'GET 200', 'PUT 412']);
    expect(await peer.claimForm(TENANT, form, BJORN.aadObjectId)).toEqual({ creator: ANNA.aadObjectId, code: 'VSS-2026-0201' });
  });

  it('does not take over a stale claim released meanwhile, and tells the creator it is in use', async () => {
    const form = crypto.randomUUID();
    await peer.claimForm(TENANT, form, ANNA.aadObjectId);
    const late = repo(hooked, () => Date.now() + 10 * 60_000);
    interleave.afterFirst('GET 200', () => peer.releaseForm(TENANT, form));
    expect(await late.claimForm(TENANT, form, ANNA.aadObjectId)).toEqual({ creator: ANNA.aadObjectId });
    expect(interleave.calls).toEqual(['POST 409', 'GET 200', 'PUT 404']);
  });

  it('counts a form released between its two reads as used, by the one asking and no case', async () => {
    const form = crypto.randomUUID();
    await peer.claimForm(TENANT, form, ANNA.aadObjectId);
    interleave.afterFirst('POST 409', () => peer.releaseForm(TENANT, form));
    expect(await repo().claimForm(TENANT, form, BJORN.aadObjectId)).toEqual({ creator: BJORN.aadObjectId });
    expect(interleave.calls).toEqual(['POST 409', 'GET 404']);
  });

  it('keeps the same form id apart in two tenants', async () => {
    const form = crypto.randomUUID();
    expect(await peer.claimForm(TENANT, form, ANNA.aadObjectId)).toBeUndefined();
    expect(await peer.claimForm(OTHER_TENANT, form, BJORN.aadObjectId)).toBeUndefined();
    expect(await peer.claimForm(OTHER_TENANT, form, ANNA.aadObjectId)).toEqual({ creator: BJORN.aadObjectId });
  });
});

describe('a store that goes silent in the middle of a claim', () => {
  it('passes on the silence while taking over a stale claim, rather than calling the form in use', async () => {
    const form = crypto.randomUUID();
    await peer.claimForm(TENANT, form, ANNA.aadObjectId);
    interleave.afterFirst('GET 200', () => proxy.silence());
    const late = repo(silenceable, () => Date.now() + 10 * 60_000);
    await expect(late.claimForm(TENANT, form, ANNA.aadObjectId)).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('passes on the silence while reading who has the form, rather than calling it in use', async () => {
    const form = crypto.randomUUID();
    await peer.claimForm(TENANT, form, ANNA.aadObjectId);
    interleave.afterFirst('POST 409', () => proxy.silence());
    await expect(repo(silenceable).claimForm(TENANT, form, BJORN.aadObjectId)).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});

describe('case index entries of an address a colleague was invited by', () => {
  const TENANT_INV = 'dddddddd-eeee-4fff-8000-111111111111';
  const EMAIL = 'eva.ek@kommun-b.se';
  const invite = (email: string): CaseIndexOwner => ({ kind: 'invite', email });

  it('adds, lists and removes the cases that wait for an address; adding twice keeps one', async () => {
    await peer.add(TENANT_INV, invite(EMAIL), 'VSS-2026-0101');
    await peer.add(TENANT_INV, invite(EMAIL), 'VSS-2026-0101');
    await peer.add(TENANT_INV, invite(EMAIL), 'SIP-2026-0102');
    expect((await peer.list(TENANT_INV, invite(EMAIL))).sort()).toEqual(['SIP-2026-0102', 'VSS-2026-0101']);
    await peer.remove(TENANT_INV, invite(EMAIL), 'VSS-2026-0101');
    expect(await peer.list(TENANT_INV, invite(EMAIL))).toEqual(['SIP-2026-0102']);
    await expect(peer.remove(TENANT_INV, invite(EMAIL), 'VSS-2026-0101')).resolves.toBeUndefined();
  });

  it('keeps an address apart from another address, from users and chats of the same text, and from other tenants', async () => {
    await peer.add(TENANT_INV, invite('anna@region-a.se'), 'VSS-2026-0111');
    await peer.add(TENANT_INV, invite('anna@region-a.se.example'), 'VSS-2026-0112');
    await peer.add(TENANT_INV, { kind: 'user', aadObjectId: 'anna@region-a.se' }, 'VSS-2026-0113');
    await peer.add(TENANT_INV, { kind: 'chat', conversationId: 'anna@region-a.se' }, 'VSS-2026-0114');
    await peer.add(OTHER_TENANT, invite('anna@region-a.se'), 'VSS-2026-0115');
    expect(await peer.list(TENANT_INV, invite('anna@region-a.se'))).toEqual(['VSS-2026-0111']);
    expect(await peer.list(TENANT_INV, invite('anna@region-a.se.example'))).toEqual(['VSS-2026-0112']);
    expect(await peer.list(TENANT_INV, { kind: 'user', aadObjectId: 'anna@region-a.se' })).toEqual(['VSS-2026-0113']);
    expect(await peer.list(TENANT_INV, { kind: 'chat', conversationId: 'anna@region-a.se' })).toEqual(['VSS-2026-0114']);
    expect(await peer.list(OTHER_TENANT, invite('anna@region-a.se'))).toEqual(['VSS-2026-0115']);
    expect(await peer.list(TENANT_INV, invite('nobody@region-a.se'))).toEqual([]);
  });

  it('are removed with the case (retention), with its other entries, and no other case’s', async () => {
    const tenant = 'eeeeeeee-ffff-4000-8111-222222222222';
    await peer.add(tenant, invite(EMAIL), 'INV-GONE');
    await peer.add(tenant, invite('cecilia@kommun-b.se'), 'INV-GONE');
    await peer.add(tenant, invite(EMAIL), 'INV-STAYS');
    await peer.add(tenant, { kind: 'user', aadObjectId: ANNA.aadObjectId }, 'INV-GONE');
    await peer.add(OTHER_TENANT, invite(EMAIL), 'INV-GONE');
    expect(await peer.removeCase(tenant, 'INV-GONE')).toBe(3);
    expect(await peer.list(tenant, invite(EMAIL))).toEqual(['INV-STAYS']);
    expect(await peer.list(tenant, invite('cecilia@kommun-b.se'))).toEqual([]);
    expect(await peer.list(tenant, { kind: 'user', aadObjectId: ANNA.aadObjectId })).toEqual([]);
    // Another tenant's case of the same code is another case.
    expect(await peer.list(OTHER_TENANT, invite(EMAIL))).toEqual(['INV-GONE']);
    expect(await peer.removeCase(tenant, 'INV-GONE')).toBe(0);
  });
});
