import { followUpOf, type CaseFollowUp } from '../domain/case-follow-ups';
import type { AuditEvent, CaseState } from '../domain/case-model';
import type { Snapshot } from '../domain/plan-commands';
import { deliveryTime, remindersFor, type ReminderSettings } from '../domain/reminder-rules';
import type { Logger } from '../logging/logger';
import type { CaseIndexOwner, CaseIndexRepository } from './case-index-repository';
import { type CaseRepository, type FollowUp, type HistoryPage, type HistoryQuery, type PendingFollowUp, type StoredCase, type WrittenCase } from './case-repository';
import { scheduledFrom, type ReminderStore } from './reminder-store';

/**
 * How many times a notice is tried before it is left for the colleague's next install: with the
 * sweeper's minute, about five minutes of a chat service that fails.
 */
const MAX_NOTICE_ATTEMPTS = 5;

/** Tells a case's coordinators that they were added, where the bot can reach them. */
export interface NoticeSender {
  /** 'retry' when a send failed in a way that may pass; the notice then stays owed. */
  notifyPending(tenantId: string, code: string): Promise<'done' | 'retry'>;
}

/** What the follow-ups reach outside the case and reminder tables. */
export interface FollowUpTargets {
  readonly caseIndex: CaseIndexRepository;
  readonly notices: NoticeSender;
}

/**
 * The case repository, with everything a write implies outside the case's partition done after
 * the answer, wherever in the bot the write came from: the case's reminders, the coordinators'
 * case index, the colleague's notice, the form that made the case. A write that implies any of it
 * leaves an outbox row in its own transaction (followUpOf says what); the work runs right after
 * the answer and the row is removed when it is done. A crash in between leaves the row for the
 * sweeper, so the user's change never waits for, nor is failed by, the other tables or the chat
 * service. The dispatcher checks every reminder's cause before sending.
 */
export class OutboxCaseRepository implements CaseRepository {
  /** Follow-ups started after an answer and not yet finished, for settled(); shared with the turn views. */
  private inFlight = new Set<Promise<void>>();
  /**
   * Where the caller's own reads and writes go: `inner`, or in a turn's view, `inner` bound to the
   * turn's deadline. Follow-ups always use `inner`: they run after the answer, past the deadline.
   */
  private own: CaseRepository;

  constructor(
    private readonly inner: CaseRepository,
    private readonly reminders: ReminderStore,
    private readonly settings: ReminderSettings,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly targets: FollowUpTargets,
    /**
     * Outbox rows younger than this are left to the instance that wrote them, and a claim on a row
     * (a notice being sent) younger than this to the instance that holds it.
     */
    private readonly sweepGraceMs = 60_000,
  ) {
    this.own = inner;
  }

  forTurn(signal: AbortSignal): OutboxCaseRepository {
    const view = new OutboxCaseRepository(this.inner, this.reminders, this.settings, this.clock, this.logger, this.targets, this.sweepGraceMs);
    view.own = this.inner.forTurn(signal);
    view.inFlight = this.inFlight;
    return view;
  }

  /** Resolves when every follow-up started so far has finished (tests, and a clean shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The caller's follow-up (the form of a new case) joins what the write itself implies. */
  async create(state: CaseState, audit: readonly AuditEvent[], followUp?: FollowUp): Promise<WrittenCase | 'codeTaken'> {
    const work = joined(followUp, followUpOf(undefined, state, this.settings));
    const result = await this.own.create(state, audit, work);
    if (result !== 'codeTaken' && result.followUp !== undefined) this.startFollowUp(result.followUp, result.state);
    return result;
  }

  get(tenantId: string, code: string): Promise<StoredCase | undefined> {
    return this.own.get(tenantId, code);
  }

  async update(current: StoredCase, next: CaseState, audit: readonly AuditEvent[], snapshots?: readonly Snapshot[], followUp?: FollowUp): Promise<WrittenCase | 'conflict'> {
    // Most changes (a checklist tick, a note) imply nothing elsewhere: no row, no work.
    const work = joined(followUp, followUpOf(current.state, next, this.settings));
    const result = await this.own.update(current, next, audit, snapshots, work);
    if (result !== 'conflict' && result.followUp !== undefined) this.startFollowUp(result.followUp, result.state);
    return result;
  }

  pendingFollowUps(writtenBefore: string): AsyncIterable<PendingFollowUp> {
    return this.own.pendingFollowUps(writtenBefore);
  }

  claimFollowUp(pending: PendingFollowUp, at: string): Promise<PendingFollowUp | undefined> {
    return this.own.claimFollowUp(pending, at);
  }

  finishFollowUp(done: PendingFollowUp): Promise<boolean> {
    return this.own.finishFollowUp(done);
  }

  pendingFollowUpsOf(tenantId: string, code: string): Promise<PendingFollowUp[]> {
    return this.own.pendingFollowUpsOf(tenantId, code);
  }

  /**
   * Finishes the outbox rows that their writers left behind (a crash, a store or chat service that
   * went away after the write): at start-up and every minute, from any number of instances, since
   * every step is idempotent, a notice is sent only under a claim, and a row is removed only as
   * it was read. Returns how many rows it finished.
   */
  async sweep(): Promise<number> {
    const before = new Date(this.clock().getTime() - this.sweepGraceMs).toISOString();
    let finished = 0;
    for await (const pending of this.inner.pendingFollowUps(before)) {
      if (await this.work(pending)) finished++;
    }
    return finished;
  }

  /** Runs a write's follow-up after the answer, on the unbound tables: the turn's deadline does not reach it. */
  private startFollowUp(pending: PendingFollowUp, state: CaseState): void {
    const run = (async () => {
      // Let the turn write its answer first: the work starts once this round of callbacks is done.
      await new Promise((resolve) => setImmediate(resolve));
      // work() keeps the row for the sweeper on any failure, and says so in the log.
      await this.work(pending, state);
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /**
   * Does a row's work and removes the row; false when something is left for a later sweep.
   * @param written the state the row's write left, when the writer itself runs it; the sweeper reads the case.
   */
  private async work(pending: PendingFollowUp, written?: CaseState): Promise<boolean> {
    const { tenantId, code, work } = pending;
    try {
      const state = written ?? (await this.inner.get(tenantId, code))?.state;
      // The row lives in the case's partition, so a case that is gone took its rows along.
      if (state === undefined) return false;
      if (work.reschedule === true && !(await this.reschedule(state))) return false;
      // Owners are only ever added: the latest state has every one an earlier write implied.
      if (work.index === true) await Promise.all(indexOwners(state).map((owner) => this.targets.caseIndex.add(tenantId, owner, code)));
      if (work.form !== undefined) await this.targets.caseIndex.recordFormCase(tenantId, work.form.id, work.form.creator, code);
      let row = pending;
      if (work.notify === true) {
        const now = this.clock();
        // Another instance is sending (the writer, or a sweep elsewhere): a notice is never sent twice at once.
        if (row.claimedAt !== undefined && now.getTime() - Date.parse(row.claimedAt) < this.sweepGraceMs) return false;
        const claimed = await this.inner.claimFollowUp(row, now.toISOString());
        if (claimed === undefined) return false;
        // A notice is sent at least once, not exactly once: an instance that dies (or cannot
        // record it) between sending and marking the case leaves the row, and it is sent again.
        let outcome: 'done' | 'retry';
        try {
          outcome = await this.targets.notices.notifyPending(tenantId, code);
        } catch (err) {
          // A store that fails mid-notice counts as a try, like a chat service that fails.
          this.logger.warn({ err, tenantId }, 'a colleague notice failed; the sweeper tries again');
          outcome = 'retry';
        }
        // Given up after a few tries, the notice stays owed on the case and is given at the next install.
        if (outcome === 'retry' && claimed.attempts < MAX_NOTICE_ATTEMPTS) return false;
        row = claimed;
      }
      return await this.inner.finishFollowUp(row);
    } catch (err) {
      this.logger.warn({ err, tenantId }, 'a case follow-up failed; the sweeper tries again');
      return false;
    }
  }

  appendAudit(tenantId: string, code: string, audit: readonly AuditEvent[]): Promise<void> {
    return this.own.appendAudit(tenantId, code, audit);
  }

  history(tenantId: string, code: string, limit: number): Promise<AuditEvent[]> {
    return this.own.history(tenantId, code, limit);
  }

  historyPage(tenantId: string, code: string, query: HistoryQuery): Promise<HistoryPage> {
    return this.own.historyPage(tenantId, code, query);
  }

  snapshots(tenantId: string, code: string, prefix: string): Promise<Snapshot[]> {
    return this.own.snapshots(tenantId, code, prefix);
  }

  openCases(): AsyncIterable<CaseState> {
    return this.own.openCases();
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

function joined(a: CaseFollowUp | undefined, b: CaseFollowUp | undefined): CaseFollowUp | undefined {
  return a === undefined ? b : b === undefined ? a : { ...a, ...b };
}

/** Everyone whose case index lists the case: its coordinators and the group chats linked to it. */
function indexOwners(state: CaseState): CaseIndexOwner[] {
  const asked = state.colleagueRequest?.colleague.aadObjectId;
  return [
    ...state.coordinators.map((x): CaseIndexOwner => ({ kind: 'user', aadObjectId: x.aadObjectId })),
    // A colleague asked before consent: the index is where their request is found, never the case.
    ...(asked === undefined ? [] : [{ kind: 'user' as const, aadObjectId: asked }]),
    ...state.linkedChatIds.map((id): CaseIndexOwner => ({ kind: 'chat', conversationId: id })),
    // A colleague invited by address: found by it when someone adds the bot with that address.
    ...(state.colleagueInvite === undefined ? [] : [{ kind: 'invite' as const, email: state.colleagueInvite.email }]),
  ];
}
