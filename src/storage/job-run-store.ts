import type { TablePort } from './storage-deadline';
import { isConflict, isNotFound, odataString } from './table-keys';

/** A run an instance holds: the row's ETag proves it still does when it renews or finishes. */
export interface JobClaim {
  readonly job: string;
  readonly day: string;
  readonly instanceId: string;
  readonly claimedAt: string;
  readonly leaseUntil: string;
  readonly attempts: number;
  readonly etag: string;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly claim: JobClaim }
  /** Another instance holds a live claim on the run. */
  | { readonly kind: 'taken' }
  | { readonly kind: 'done' };

/** A run as stored, for a look at what happened (tests, an operator in Storage Explorer). */
export interface JobRun {
  readonly claimedBy: string;
  readonly claimedAt: string;
  readonly leaseUntil: string;
  readonly attempts: number;
  readonly doneAt?: string | undefined;
  /** What the run did, as counts only. */
  readonly counts?: Readonly<Record<string, number>> | undefined;
}

interface RunEntity {
  partitionKey: string;
  rowKey: string;
  claimedBy: string;
  claimedAt: string;
  leaseUntil: string;
  attempts: number;
  doneAt?: string;
  /** JSON of the counts, so a job's counts need no columns of their own. */
  counts?: string;
}

/**
 * Runs of daily jobs, one row per job and day (`retention` / `2026-11-30`): the first instance to
 * insert the row runs the job; a claim whose lease ran out (its instance died) is taken over with
 * the row's ETag, so again by one instance only; `doneAt` closes the day.
 */
export class JobRunStore {
  constructor(private readonly table: TablePort) {}

  async claim(job: string, day: string, instanceId: string, now: Date, leaseMs: number): Promise<ClaimOutcome> {
    const fresh: RunEntity = { partitionKey: job, rowKey: day, claimedBy: instanceId, claimedAt: now.toISOString(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), attempts: 1 };
    try {
      const answer = await this.table.createEntity(fresh);
      return { kind: 'claimed', claim: claimOf(fresh, etagOf(answer.etag)) };
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    let current: RunEntity & { etag: string };
    try {
      current = await this.table.getEntity<RunEntity>(job, day);
    } catch (err) {
      // Removed between the insert and the read: only by hand; the next check inserts it again.
      if (isNotFound(err)) return { kind: 'taken' };
      throw err;
    }
    if (current.doneAt !== undefined) return { kind: 'done' };
    if (Date.parse(current.leaseUntil) > now.getTime()) return { kind: 'taken' };
    // The holder stopped renewing: it died or lost the store. Whoever replaces the row as read has it.
    const taken: RunEntity = { ...fresh, attempts: current.attempts + 1 };
    try {
      const answer = await this.table.updateEntity(taken, 'Replace', { etag: current.etag });
      return { kind: 'claimed', claim: claimOf(taken, etagOf(answer.etag)) };
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return { kind: 'taken' };
      throw err;
    }
  }

  /** Extends the lease of a claim still held; undefined when another instance took the run over. */
  async renew(claim: JobClaim, now: Date, leaseMs: number): Promise<JobClaim | undefined> {
    const row = rowOf(claim);
    const renewed: RunEntity = { ...row, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() };
    try {
      const answer = await this.table.updateEntity(renewed, 'Replace', { etag: claim.etag });
      return claimOf(renewed, etagOf(answer.etag));
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Marks the run done with what it did; false when another instance took it over meanwhile. */
  async finish(claim: JobClaim, now: Date, counts: Readonly<Record<string, number>>): Promise<boolean> {
    const row = rowOf(claim);
    try {
      await this.table.updateEntity<RunEntity>({ ...row, doneAt: now.toISOString(), counts: JSON.stringify(counts) }, 'Replace', { etag: claim.etag });
      return true;
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return false;
      throw err;
    }
  }

  async get(job: string, day: string): Promise<JobRun | undefined> {
    try {
      const e = await this.table.getEntity<RunEntity>(job, day);
      return { claimedBy: e.claimedBy, claimedAt: e.claimedAt, leaseUntil: e.leaseUntil, attempts: e.attempts, doneAt: e.doneAt, counts: e.counts === undefined ? undefined : (JSON.parse(e.counts) as Record<string, number>) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Removes a job's runs whose key sorts before `before` (keys are dates or instants, which sort
   * as they fall): a job run every quarter of an hour leaves 96 rows a day. Returns how many.
   */
  async removeBefore(job: string, before: string): Promise<number> {
    let removed = 0;
    const filter = `PartitionKey eq ${odataString(job)} and RowKey lt ${odataString(before)}`;
    for await (const e of this.table.listEntities<RunEntity>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      try {
        await this.table.deleteEntity(e.partitionKey, e.rowKey);
        removed++;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return removed;
  }
}

/** The row as the claim wrote it: a renewal moves only the lease, a finish adds only the outcome. */
function rowOf(claim: JobClaim): RunEntity {
  return { partitionKey: claim.job, rowKey: claim.day, claimedBy: claim.instanceId, claimedAt: claim.claimedAt, leaseUntil: claim.leaseUntil, attempts: claim.attempts };
}

function claimOf(e: RunEntity, etag: string): JobClaim {
  return { job: e.partitionKey, day: e.rowKey, instanceId: e.claimedBy, claimedAt: e.claimedAt, leaseUntil: e.leaseUntil, attempts: e.attempts, etag };
}

function etagOf(etag: string | undefined): string {
  // Azure Tables and Azurite answer every write with its ETag; a claim without one could not be proven.
  if (etag === undefined) throw new Error('the table store answered a job claim without an ETag');
  return etag;
}
