import type { SlotLedger } from '../../src/reminders/send-slots';

/** A ledger kept in memory, for pacing tests on a fake clock (the app always keeps it in the store). */
export class LocalSlotLedger implements SlotLedger {
  private next = 0;

  reserve(count: number, intervalMs: number, notBefore: number): Promise<number> {
    const first = Math.max(this.next, notBefore);
    this.next = first + count * intervalMs;
    return Promise.resolve(first);
  }
}
