import { afterEach, describe, expect, inject, it } from 'vitest';
import { SendLimits } from '../../src/reminders/send-limits';
import { SendSlotUnavailable, TableSlotLedger, type SlotLedger } from '../../src/reminders/send-slots';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { uniqueTablePrefix } from '../support/test-bot';
import { mostInWindow } from '../support/most-in-window';

/*
 * Two instances, each with its own SendLimits and its own table client, reserve their send slots
 * in one row of Azurite, as two bot processes behind one address would. Real time, real store.
 */

/** A ledger that remembers every slot it gave out, to check that no two instances got the same one. */
function recording(ledger: SlotLedger, slots: number[]): SlotLedger {
  return {
    async reserve(count, intervalMs, notBefore) {
      const first = await ledger.reserve(count, intervalMs, notBefore);
      for (let i = 0; i < count; i++) slots.push(first + i * intervalMs);
      return first;
    },
  };
}

describe('the reminder send-rate cap, shared by two instances through the store', () => {
  const limits: SendLimits[] = [];
  afterEach(async () => {
    for (const l of limits.splice(0)) await l.stop();
  });

  it('keeps both instances together within the cap, near it, and never gives one slot twice', async () => {
    const prefix = uniqueTablePrefix();
    const cap = 30;
    const slots: number[] = [];
    const instances = await Promise.all(
      [0, 1].map(async () => {
        // A store (and its connection pool) of its own, as another process would have.
        const store = new TableStore(inject('azuriteConnectionString'), prefix);
        await store.ensureTables();
        const l = new SendLimits({ globalPerSecond: cap, ledger: recording(new TableSlotLedger(store.client(TABLES.sendSlots)), slots) });
        limits.push(l);
        return l;
      }),
    );
    const sentAt: number[] = [];
    const perInstance = 120;
    const started = Date.now();
    await Promise.all(
      instances.flatMap((l, n) =>
        // Many conversations, so Teams' per-conversation limits never hold a send back: only the shared cap paces.
        Array.from({ length: perInstance }, (_, i) => l.schedule(`user:${n}-${i % 60}`, async () => void sentAt.push(Date.now()))),
      ),
    );
    const seconds = (Math.max(...sentAt) - started) / 1000;

    expect(sentAt).toHaveLength(2 * perInstance);
    // The invariant: slots are distinct and a whole interval apart, over both instances.
    const sorted = [...slots].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(Math.floor(1000 / cap) + 1);
    expect(mostInWindow(slots, 1000)).toBeLessThanOrEqual(cap);
    // A send leaves at its slot or, on a busy machine, a little after it: never past Teams' 50 a second.
    expect(mostInWindow(sentAt, 1000)).toBeLessThanOrEqual(50);
    // Alone each instance would send at the cap, which together would be twice it.
    expect(2 * perInstance / seconds).toBeLessThanOrEqual(cap * 1.05);
    expect(2 * perInstance / seconds).toBeGreaterThan(cap * 0.75);
  });

  it('lets a lone instance use the whole cap', async () => {
    const store = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
    await store.ensureTables();
    const l = new SendLimits({ globalPerSecond: 20, ledger: new TableSlotLedger(store.client(TABLES.sendSlots)) });
    limits.push(l);
    const sentAt: number[] = [];
    const started = Date.now();
    await Promise.all(Array.from({ length: 60 }, (_, i) => l.schedule(`user:${i}`, async () => void sentAt.push(Date.now()))));
    const seconds = (Math.max(...sentAt) - started) / 1000;
    expect(60 / seconds).toBeGreaterThan(20 * 0.75);
    expect(60 / seconds).toBeLessThanOrEqual(20 * 1.05);
  });

  it('refuses the sends still waiting when it stops, so their reminders stay due', async () => {
    const store = new TableStore(inject('azuriteConnectionString'), uniqueTablePrefix());
    await store.ensureTables();
    const l = new SendLimits({ globalPerSecond: 5, ledger: new TableSlotLedger(store.client(TABLES.sendSlots)) });
    let sent = 0;
    const sends = Array.from({ length: 20 }, (_, i) => l.schedule(`user:${i}`, async () => void sent++));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await l.stop();
    const outcomes = await Promise.allSettled(sends);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThan(10);
    expect(refused.every((o) => (o as PromiseRejectedResult).reason.name === 'SendSlotsStopped')).toBe(true);
    expect(sent + refused.length).toBe(20);
  });

  it('tells a store that refuses the slot row apart from a conversation that refuses the reminder', async () => {
    // A 403 from the slot table (a role taken away) must not read as "the person removed the bot".
    const refusing: SlotLedger = { reserve: () => Promise.reject(Object.assign(new Error('forbidden'), { statusCode: 403 })) };
    const l = new SendLimits({ globalPerSecond: 30, ledger: refusing });
    limits.push(l);
    let sent = 0;
    const outcome = l.schedule('user:anna', async () => void sent++);
    await expect(outcome).rejects.toBeInstanceOf(SendSlotUnavailable);
    await expect(outcome).rejects.not.toHaveProperty('statusCode');
    expect(sent).toBe(0);
  });
});
