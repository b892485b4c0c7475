import type { AuditEvent, CaseState } from '../domain/case-model';
import type { Snapshot } from '../domain/plan-commands';
import { deliveryTime, remindersFor, type ReminderSettings } from '../domain/reminder-rules';
import type { Logger } from '../logging/logger';
import type { CaseRepository, StoredCase } from '../storage/case-repository';
import { scheduledFrom, type ReminderStore } from '../storage/reminder-store';

/**
 * The case repository, with reminders recomputed after every write of a case, wherever in the bot
 * the write came from. Reminder storage failing never fails the user's change: the dispatcher
 * checks every reminder's cause before sending, and reconciliation repairs what was missed.
 */
export class SchedulingCaseRepository implements CaseRepository {
  constructor(
    private readonly inner: CaseRepository,
    private readonly reminders: ReminderStore,
    private readonly settings: ReminderSettings,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  async create(state: CaseState, audit: readonly AuditEvent[]): Promise<'created' | 'codeTaken'> {
    const result = await this.inner.create(state, audit);
    if (result === 'created') await this.reschedule(state);
    return result;
  }

  get(tenantId: string, code: string): Promise<StoredCase | undefined> {
    return this.inner.get(tenantId, code);
  }

  async update(current: StoredCase, next: CaseState, audit: readonly AuditEvent[], snapshots?: readonly Snapshot[]): Promise<StoredCase | 'conflict'> {
    const result = await this.inner.update(current, next, audit, snapshots);
    if (result !== 'conflict') await this.reschedule(result.state);
    return result;
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
  async reschedule(state: CaseState): Promise<void> {
    try {
      for (let round = 0; round < 3; round++) {
        const now = this.clock();
        const wanted = scheduledFrom(state.tenantId, state.code, remindersFor(state, this.settings)).map((r) =>
          // An overdue reminder goes out at the next moment inside office hours, not at night.
          r.deliverAt < now.toISOString() ? { ...r, deliverAt: deliveryTime(now, this.settings) } : r,
        );
        await this.reminders.sync(state.tenantId, state.code, wanted);
        const current = await this.inner.get(state.tenantId, state.code);
        if (current === undefined || current.state.version === state.version) return;
        state = current.state;
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not update the reminders of a case; reconciliation will');
    }
  }
}
