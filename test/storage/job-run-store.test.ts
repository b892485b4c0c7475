import { beforeAll, describe, expect, inject, it } from 'vitest';
import { JobRunStore } from '../../src/storage/job-run-store';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { uniqueTablePrefix } from '../support/test-bot';

/* The runs of daily jobs against Azurite: two instances, one store, one run a day. */

let a: JobRunStore;
let b: JobRunStore;

beforeAll(async () => {
  const prefix = uniqueTablePrefix();
  const cs = inject('azuriteConnectionString');
  const one = new TableStore(cs, prefix);
  await one.ensureTables();
  // Two clients on one table, as two instances have.
  a = new JobRunStore(one.client(TABLES.jobs));
  b = new JobRunStore(new TableStore(cs, prefix).client(TABLES.jobs));
});

const T0 = new Date('2026-11-30T01:30:00.000Z');
const LEASE = 10 * 60_000;
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('a day of a job', () => {
  it('is claimed by one of two instances at once; the other sees it taken, then done', async () => {
    const [x, y] = await Promise.all([a.claim('retention', '2026-11-30', 'a', T0, LEASE), b.claim('retention', '2026-11-30', 'b', T0, LEASE)]);
    const kinds = [x.kind, y.kind].sort();
    expect(kinds).toEqual(['claimed', 'taken']);
    const claim = x.kind === 'claimed' ? x.claim : y.kind === 'claimed' ? y.claim : undefined;
    expect(await a.finish(claim!, later(60_000), { casesRemoved: 2 })).toBe(true);
    expect(await b.claim('retention', '2026-11-30', 'b', later(LEASE * 10), LEASE)).toEqual({ kind: 'done' });
    expect(await b.get('retention', '2026-11-30')).toMatchObject({ claimedBy: claim!.instanceId, attempts: 1, doneAt: later(60_000).toISOString(), counts: { casesRemoved: 2 } });
    // Another day, and another job on the same day, are runs of their own.
    expect((await b.claim('retention', '2026-12-01', 'b', T0, LEASE)).kind).toBe('claimed');
    expect((await b.claim('other', '2026-11-30', 'b', T0, LEASE)).kind).toBe('claimed');
  });

  it('held by an instance that stopped renewing is taken over once the lease ran out, by one instance', async () => {
    const day = '2026-12-02';
    const dead = await a.claim('retention', day, 'dead', T0, LEASE);
    expect(dead.kind).toBe('claimed');
    expect(await b.claim('retention', day, 'b', later(LEASE - 1), LEASE)).toEqual({ kind: 'taken' });
    const [x, y] = await Promise.all([a.claim('retention', day, 'a', later(LEASE + 1), LEASE), b.claim('retention', day, 'b', later(LEASE + 1), LEASE)]);
    expect([x.kind, y.kind].sort()).toEqual(['claimed', 'taken']);
    const taken = x.kind === 'claimed' ? x.claim : y.kind === 'claimed' ? y.claim : undefined;
    expect(taken!.attempts).toBe(2);
    // The dead instance, should it wake, can neither renew nor finish what is no longer its own.
    if (dead.kind !== 'claimed') throw new Error('not claimed');
    expect(await a.renew(dead.claim, later(LEASE + 2), LEASE)).toBeUndefined();
    expect(await a.finish(dead.claim, later(LEASE + 2), { casesRemoved: 9 })).toBe(false);
    expect(await b.finish(taken!, later(LEASE + 5), { casesRemoved: 1 })).toBe(true);
    expect(await a.get('retention', day)).toMatchObject({ attempts: 2, counts: { casesRemoved: 1 } });
  });

  it('renewed stays with its holder past the first lease', async () => {
    const day = '2026-12-03';
    const first = await a.claim('retention', day, 'a', T0, LEASE);
    if (first.kind !== 'claimed') throw new Error('not claimed');
    const renewed = await a.renew(first.claim, later(LEASE - 1000), LEASE);
    expect(renewed?.leaseUntil).toBe(later(2 * LEASE - 1000).toISOString());
    expect(await b.claim('retention', day, 'b', later(LEASE + 1), LEASE)).toEqual({ kind: 'taken' });
    expect(await a.finish(renewed!, later(LEASE + 2), {})).toBe(true);
  });
});
