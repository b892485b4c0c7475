import type { TablePort } from '../storage/storage-deadline';
import { isConflict, isNotFound } from '../storage/table-keys';

/**
 * Where the send slots of every instance are reserved. Teams limits messages per app and tenant,
 * not per process: instances share one ledger, so together they keep one pace.
 */
export interface SlotLedger {
  /**
   * Reserves `count` consecutive send slots `intervalMs` apart, the first not before `notBefore`
   * (ms since the epoch) nor before any slot already reserved; resolves with the first slot's time.
   */
  reserve(count: number, intervalMs: number, notBefore: number): Promise<number>;
}

interface SlotRow {
  partitionKey: string;
  rowKey: string;
  /** The first slot no one has reserved yet (ms since the epoch). */
  next: number;
}

/** The one row every instance reserves its slots in; over all tenants, which is stricter than Teams. */
const ROW = { partitionKey: 'teams', rowKey: 'sendSlots' } as const;

/** Tries of one reservation before the store's contention is reported as a failure. */
const MAX_TRIES = 25;

/**
 * The ledger in a table row, moved on with an ETag-conditioned write: two instances reading the
 * same `next` cannot both write it, so no slot is given twice. A reservation costs a read and a
 * write; the instances reserve a batch at a time, so that is a few requests a second at most.
 */
export class TableSlotLedger implements SlotLedger {
  constructor(private readonly table: TablePort) {}

  async reserve(count: number, intervalMs: number, notBefore: number): Promise<number> {
    for (let tries = 1; ; tries++) {
      const current = await this.read();
      const first = Math.max(current.next, notBefore);
      const row: SlotRow = { ...ROW, next: first + count * intervalMs };
      try {
        if (current.etag === undefined) await this.table.createEntity(row);
        else await this.table.updateEntity(row, 'Replace', { etag: current.etag });
        return first;
      } catch (err) {
        if (!isConflict(err) || tries >= MAX_TRIES) throw err;
        // Another instance moved the ledger on between our read and write: read it again, a
        // little later each time so that two instances do not keep colliding in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * tries));
      }
    }
  }

  private async read(): Promise<{ next: number; etag: string | undefined }> {
    try {
      const e = await this.table.getEntity<SlotRow>(ROW.partitionKey, ROW.rowKey);
      return { next: Number(e.next), etag: e.etag };
    } catch (err) {
      if (isNotFound(err)) return { next: 0, etag: undefined };
      throw err;
    }
  }
}

/**
 * Hands out send times from a ledger, in the order they are asked for. Every send waits for its
 * slot, so however many instances send, together they stay at the cap. Slots are reserved a
 * quarter of a second's worth at a time (more when more sends wait, up to half a second's): one
 * at a time, each reservation's table requests would cost more than the send, and the ledger
 * would fall behind the clock between them, leaving slots no one used.
 */
export class SendSlots {
  private readonly intervalMs: number;
  private readonly minBatch: number;
  private readonly maxBatch: number;
  private reserved: number[] = [];
  private waiting = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** How long a reservation takes, so the slots it reserves are not already past when it returns. */
  private latencyMs = 0;
  private stopped = false;
  private readonly delays = new StoppableDelays();

  constructor(
    private readonly ledger: SlotLedger,
    perSecond: number,
  ) {
    // One millisecond more than an even spacing: a window of exactly one second then never holds cap + 1.
    this.intervalMs = Math.floor(1000 / perSecond) + 1;
    this.minBatch = Math.max(1, Math.ceil(perSecond / 4));
    this.maxBatch = Math.max(1, Math.floor(perSecond / 2));
  }

  /** Resolves at this caller's slot. */
  async take(): Promise<void> {
    if (this.stopped) throw new SendSlotsStopped();
    this.waiting++;
    const slot = this.queue.then(() => this.nextSlot());
    this.queue = slot.catch(() => undefined);
    let at: number;
    try {
      at = await slot;
    } finally {
      this.waiting--;
    }
    await this.delays.wait(at - Date.now());
  }

  /** Sends still waiting for their slot are refused; slots reserved and unused simply pass. */
  stop(): void {
    this.stopped = true;
    this.delays.stop();
  }

  private async nextSlot(): Promise<number> {
    for (;;) {
      if (this.stopped) throw new SendSlotsStopped();
      const now = Date.now();
      // A slot more than one interval past (a slow reservation, a blocked event loop) is not
      // used: sent now, it would crowd another instance's next slots.
      while (this.reserved.length > 0 && this.reserved[0]! < now - this.intervalMs) this.reserved.shift();
      const slot = this.reserved.shift();
      if (slot !== undefined) return slot;
      const count = Math.min(Math.max(this.waiting, this.minBatch), this.maxBatch);
      let first: number;
      try {
        first = await this.ledger.reserve(count, this.intervalMs, now + this.latencyMs);
      } catch (err) {
        throw new SendSlotUnavailable(err);
      }
      const took = Date.now() - now;
      this.latencyMs = Math.min(1000, Math.round(this.latencyMs * 0.7 + took * 0.3));
      this.reserved = Array.from({ length: count }, (_, i) => first + i * this.intervalMs);
    }
  }

}

/** A send refused because the process is stopping; the reminder stays due for the next tick. */
export class SendSlotsStopped extends Error {
  override readonly name = 'SendSlotsStopped';
  constructor() {
    super('sending stopped');
  }
}

/**
 * The store did not give a send slot. Its own type, so that a 403 or 404 from the slot table is
 * not taken for the conversation refusing the reminder.
 */
export class SendSlotUnavailable extends Error {
  override readonly name = 'SendSlotUnavailable';
  constructor(cause: unknown) {
    super('no send slot: the store did not answer', { cause });
  }
}

/** Timers that a stop cuts short, each rejecting with SendSlotsStopped. */
export class StoppableDelays {
  private stopped = false;
  private readonly pending = new Set<{ timer: NodeJS.Timeout; reject: (err: Error) => void }>();

  wait(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new SendSlotsStopped());
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      this.pending.add(entry);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.reject(new SendSlotsStopped());
    }
    this.pending.clear();
  }
}
