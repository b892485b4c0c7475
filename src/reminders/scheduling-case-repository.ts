import type { AuditEvent, CaseState } from '../domain/case-model';
import type { Snapshot } from '../domain/plan-commands';
import { deliveryTime, remindersFor, wantSameReminders, type ReminderSettings } from '../domain/reminder-rules';
import type { Logger } from '../logging/logger';
import { outboxRowKey, type CaseRepository, type FollowUp, type PendingFollowUp, type StoredCase, type WrittenCase } from '../storage/case-repository';
import { scheduledFrom, type ReminderStore } from '../storage/reminder-store';
import { outsideTurnBudget } from '../storage/storage-deadline';

/** Outbox rows younger than this are left to the instance that wrote them. */
const SWEEP_GRACE_MS = 60_000;

/**
 * The case repository, with reminders brought in line with every write of a case, wherever in the
 * bot the write came from. A write that changes which reminders the case has leaves an outbox row
 * in its own transaction; the reminders are updated after the answer, and the row removed. A
 * crash in between leaves the row for the sweeper, so the user's change never waits for, nor is
 * failed by, the reminder tables. The dispatcher checks every reminder's cause before sending.
 */
export class SchedulingCaseRepository implements CaseRepository {
  /** Follow-ups started after an answer and not yet finished, for settled(). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly inner: CaseRepository,
    private readonly reminders: ReminderStore,
    private readonly settings: ReminderSettings,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Resolves when every follow-up started so far has finished (tests, and a clean shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async create(state: CaseState, audit: readonly AuditEvent[], followUp: FollowUp = RESCHEDULE): Promise<'created' | 'codeTaken'> {
    // A new case always has reminders ("nothing for 30 days" at least): its row is always written.
    const result = await this.inner.create(state, audit, followUp);
    if (result === 'created') this.startFollowUp(undefined, state);
    return result;
  }

  get(tenantId: string, code: string): Promise<StoredCase | undefined> {
    return this.inner.get(tenantId, code);
  }

  async update(current: StoredCase, next: CaseState, audit: readonly AuditEvent[], snapshots?: readonly Snapshot[], followUp?: FollowUp): Promise<WrittenCase | 'conflict'> {
    // Most changes (a checklist tick, a note) leave the reminders as they were: no row, no work.
    const work = followUp ?? (wantSameReminders(current.state, next, this.settings) ? undefined : RESCHEDULE);
    const result = await this.inner.update(current, next, audit, snapshots, work);
    if (result !== 'conflict' && result.followUp !== undefined) this.startFollowUp(result.followUp, result.state);
    return result;
  }

  pendingFollowUps(writtenBefore: string): AsyncIterable<PendingFollowUp> {
    return this.inner.pendingFollowUps(writtenBefore);
  }

  finishFollowUp(done: PendingFollowUp): Promise<boolean> {
    return this.inner.finishFollowUp(done);
  }

  pendingFollowUpsOf(tenantId: string, code: string): Promise<PendingFollowUp[]> {
    return this.inner.pendingFollowUpsOf(tenantId, code);
  }

  /**
   * Finishes the outbox rows that their writers left behind (a crash, a store that went away
   * after the write): at start-up and every minute, from any number of instances, since the
   * work is idempotent and a row is removed only as it was read.
   */
  async sweep(): Promise<number> {
    const before = new Date(this.clock().getTime() - SWEEP_GRACE_MS).toISOString();
    let finished = 0;
    for await (const pending of this.inner.pendingFollowUps(before)) {
      const current = await this.inner.get(pending.tenantId, pending.code);
      if (current === undefined || (await this.reschedule(current.state))) {
        await this.inner.finishFollowUp(pending);
        finished++;
      }
    }
    return finished;
  }

  /**
   * Runs a write's follow-up after the answer, outside the turn's storage budget. An update knows
   * its outbox row's ETag from the transaction's answer; a create's answer has no sub-responses
   * to give it, so its row is read back (after the answer, where a request costs the user nothing).
   */
  private startFollowUp(pending: PendingFollowUp | undefined, state: CaseState): void {
    const run = outsideTurnBudget(async () => {
      // Let the turn write its answer first: the work starts once this round of callbacks is done.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        if (!(await this.reschedule(state))) return;
        const rowKey = outboxRowKey(state.version);
        const rows = pending === undefined ? (await this.inner.pendingFollowUpsOf(state.tenantId, state.code)).filter((p) => p.rowKey === rowKey) : [pending];
        for (const row of rows) await this.inner.finishFollowUp(row);
      } catch (err) {
        this.logger.warn({ err }, 'could not finish the follow-up of a case write; the sweeper will');
      }
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  appendAudit(tenantId: string, code: string, audit: readonly AuditEvent[]): Promise<void> {
    return this.inner.appendAudit(tenantId, code, audit);
  }

  history(tenantId: string, code: string, limit: number): Promise<AuditEvent[]> {
    return this.inner.history(tenantId, code, limit);
  }

  snapshots(tenantId: string, code: string, prefix: string): Promise<Snapshot[]> {
    return this.inner.snapshots(tenantId, code, prefix);
  }

  openCases(): AsyncIterable<CaseState> {
    return this.inner.openCases();
  }

  /**
   * Repairs the reminder index for every open case, in case an instance died between writing a
   * case and its reminders. Safe to run any time and from several instances: it only adds what is
   * missing and drops what is no longer wanted.
   */
  async reconcile(): Promise<number> {
    let cases = 0;
    for await (const listed of this.inner.openCases()) {
      // The listing is read a page at a time; a case changed since must not be scheduled as it was.
      const current = await this.inner.get(listed.tenantId, listed.code);
      if (current !== undefined) await this.reschedule(current.state);
      cases++;
    }
    return cases;
  }

  /**
   * Makes the stored reminders of a case match the rules for its current state. Two of these can
   * run at once for one case (two writes in a row, or a write and reconciliation); whichever ends
   * last reads the case again and, if it changed meanwhile, does it over from the newer state, so
   * an older state never has the last word.
   */
  async reschedule(state: CaseState): Promise<boolean> {
    try {
      for (let round = 0; round < 3; round++) {
        const now = this.clock();
        const wanted = scheduledFrom(state.tenantId, state.code, remindersFor(state, this.settings)).map((r) =>
          // An overdue reminder goes out at the next moment inside office hours, not at night.
          r.deliverAt < now.toISOString() ? { ...r, deliverAt: deliveryTime(now, this.settings) } : r,
        );
        await this.reminders.sync(state.tenantId, state.code, wanted);
        const current = await this.inner.get(state.tenantId, state.code);
        if (current === undefined || current.state.version === state.version) return true;
        state = current.state;
      }
      // Still changing after three rounds: the writes that keep changing it left their own rows.
      return true;
    } catch (err) {
      this.logger.warn({ err }, 'could not update the reminders of a case; the sweeper or reconciliation will');
      return false;
    }
  }
}

const RESCHEDULE: FollowUp = { reschedule: true };
