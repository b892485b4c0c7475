import { createHash, randomUUID } from 'node:crypto';
import { noticeCard } from '../cards/notice-card';
import { literalText } from '../cards/literal-text';
import { refusedByStop, retryDelayMs, type SendLimits } from './send-limits';
import { SendSlotUnavailable, StoppableDelays } from './send-slots';
import type { CaseState } from '../domain/case-model';
import { fill } from '../i18n/format';
import { REMINDER_LABELS, reminderText } from '../i18n/reminder-texts';
import { reminderCard } from '../cards/reminder-card';
import type { LocaleResolver } from '../i18n/locale';
import type { Logger } from '../logging/logger';
import type { ProactiveMessenger } from '../proactive/proactive-messenger';
import { deliveryTime, reminderDestination, reminderStillTimely, remindersFor, type ReminderSettings } from '../domain/reminder-rules';
import type { CaseRepository } from '../storage/case-repository';
import { bucketOf, previousBucket, scheduledFrom, type DueReminder, type ReminderStore } from '../storage/reminder-store';
import { countReminderFailed, countReminderSent, countReminderThrottled } from '../telemetry/metrics';

export interface DispatchResult {
  considered: number;
  sent: number;
  skipped: number;
  failed: number;
}

export interface DispatcherDeps {
  readonly store: ReminderStore;
  readonly cases: CaseRepository;
  readonly messenger: ProactiveMessenger;
  readonly settings: ReminderSettings;
  readonly localeFor: LocaleResolver;
  readonly logger: Logger;
  /** How long a claim keeps other instances away; a dead instance's claim is taken over after it. */
  readonly leaseMs?: number;
  /** Pacing of sends (Teams' limits); one per process. */
  readonly limits?: SendLimits;
  readonly instanceId?: string;
  /** How many reminders one tick works on at once (table reads and sends overlap). */
  readonly inFlight?: number;
}

const MAX_SEND_ATTEMPTS = 4;

/** Ticks that may claim one reminder before it is given up as undeliverable (each tries MAX_SEND_ATTEMPTS sends). */
const MAX_CLAIMS = 5;

/** Why a reminder could not be delivered, in the words the colleague gets. */
type UndeliverableReason = 'removed' | 'failing';

/** Thrown instead of sending when the claim would run out before the send is done. */
class LeaseRunningOut extends Error {
  override readonly name = 'LeaseRunningOut';
}

/** How far back the first tick ever looks, when there is no cursor yet. */
const FIRST_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * Sends the reminders that are due. Each is claimed with an ETag-conditioned lease first, so two
 * dispatchers never both send it; its cause is checked against the case as it is now, so a
 * reminder whose reason is gone is dropped, not sent.
 */
export class ReminderDispatcher {
  private readonly leaseMs: number;
  private readonly limits: SendLimits | undefined;
  private readonly instanceId: string;
  private readonly inFlight: number;
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly backoff = new StoppableDelays();

  constructor(private readonly deps: DispatcherDeps) {
    this.leaseMs = deps.leaseMs ?? 2 * 60_000;
    this.limits = deps.limits;
    this.instanceId = deps.instanceId ?? randomUUID();
    this.inFlight = deps.inFlight ?? 32;
  }

  /** One pass over what is due; none once the dispatcher is stopping. */
  tick(now: Date): Promise<DispatchResult> {
    if (this.stopping) return Promise.resolve({ considered: 0, sent: 0, skipped: 0, failed: 0 });
    const run = this.run(now);
    this.running.add(run);
    void run.finally(() => this.running.delete(run)).catch(() => undefined);
    return run;
  }

  /**
   * Starts no more ticks, refuses the sends still waiting for their slot (their claims are given
   * back, so another instance sends them at once rather than after the lease) and resolves when
   * the running ticks have ended. Sends already under way finish and are recorded.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.backoff.stop();
    await this.limits?.stop();
    await Promise.allSettled([...this.running]);
  }

  private async run(now: Date): Promise<DispatchResult> {
    const result: DispatchResult = { considered: 0, sent: 0, skipped: 0, failed: 0 };
    const tickStart = Date.now();
    const last = bucketOf(now.toISOString());
    const cursor = await this.deps.store.cursor();
    // One hour before the cursor is read again: another instance's clock may be a little behind.
    const first = cursor === undefined ? bucketOf(new Date(now.getTime() - FIRST_LOOKBACK_MS).toISOString()) : previousBucket(cursor);
    let firstUnfinished: string | undefined;
    // One read for every hour since the cursor: after a pause of a day that is one query, not 25.
    for (const open of await this.deps.store.openBetween(first, last, now)) {
      const due = interleaveByRecipient(open.due, this.instanceId);
      // Rows another instance holds (or wins the claim for) keep the cursor here: it may die.
      let leftovers = open.held > 0;
      await inParallel(due, this.inFlight, async (r) => {
        result.considered++;
        const outcome = await this.handle(r, now, tickStart);
        if (outcome === 'retry' || outcome === 'undeliverable') result.failed++;
        else if (outcome === 'taken') result.skipped++;
        else result[outcome]++;
        if (outcome === 'retry' || outcome === 'taken') leftovers = true;
      });
      if (leftovers && firstUnfinished === undefined) firstUnfinished = open.bucket;
    }
    // The current hour may still get reminders, and a failed one is retried: the cursor stops there.
    await this.deps.store.setCursor(firstUnfinished !== undefined && firstUnfinished < last ? firstUnfinished : last);
    return result;
  }

  private async handle(r: DueReminder, now: Date, tickStart: number): Promise<'sent' | 'skipped' | 'taken' | 'undeliverable' | 'retry'> {
    if (this.stopping) return 'taken';
    // The lease runs from the claim, not from the tick's start: late in a long tick a lease counted
    // from the start would already have run out, and another instance would send it too.
    const claimedAt = Date.now();
    const at = new Date(now.getTime() + (claimedAt - tickStart));
    const claimed = await this.deps.store.claim(r, this.instanceId, new Date(at.getTime() + this.leaseMs));
    if (claimed === undefined) return 'taken';
    const schedule = await this.deps.store.statusOf(r);
    // Already sent, given up, or moved to another hour: this row is a leftover copy, not the reminder.
    if (schedule !== undefined && (schedule.status !== 'scheduled' || schedule.bucket !== bucketOf(r.deliverAt))) {
      await this.deps.store.removeCopy(claimed);
      return 'skipped';
    }
    const stored = await this.deps.cases.get(r.tenantId, r.code);
    const state = stored?.state;
    const stillWanted =
      state !== undefined &&
      scheduledFrom(r.tenantId, r.code, remindersFor(state, this.deps.settings)).some((w) => w.key === r.key && w.dueDate === r.dueDate && w.recipient === r.recipient) &&
      reminderStillTimely(state, r, at);
    if (!stillWanted) {
      await this.deps.store.drop(claimed, schedule);
      return 'skipped';
    }
    // Found late (after an outage) or retried in the evening: it waits for the next opening.
    const opening = deliveryTime(at, this.deps.settings);
    if (opening !== at.toISOString()) {
      await this.deps.store.deliverLater(claimed, opening);
      return 'skipped';
    }
    if (claimed.attempts > MAX_CLAIMS) countReminderFailed('failing');
    if (claimed.attempts > MAX_CLAIMS) return this.giveUp(claimed, state, now, 'failing', { attempts: claimed.attempts }, 'reminder undeliverable: sending kept failing');
    const destination = reminderDestination(state, r.recipient);
    if (destination.kind === 'sharedChat') {
      await this.deps.store.finish(claimed, 'sent', now);
      return 'skipped';
    }
    try {
      const recipient = state.coordinators.find((x) => x.aadObjectId === r.recipient);
      const owner =
        destination.kind === 'user'
          ? ({ kind: 'user', aadObjectId: r.recipient, tenantId: recipient?.tenantId ?? state.tenantId } as const)
          : ({ kind: 'chat', conversationId: destination.chatId } as const);
      const leaseMargin = this.leaseMs / 4;
      const send = () => {
        // A send held up by throttling must not outlive the claim: another instance may take it then.
        if (Date.now() - claimedAt > this.leaseMs - leaseMargin) return Promise.reject(new LeaseRunningOut());
        return this.deps.messenger.sendCard(r.tenantId, owner, (locale) =>
          reminderCard({ locale: this.deps.localeFor(locale), timeZone: this.deps.settings.timeZone, reminderSettings: this.deps.settings }, state, { kind: r.kind, meetingId: r.meetingId, key: r.key, dueDate: r.dueDate }),
        );
      };
      const outcome = await this.withRetries(owner.kind === 'user' ? `user:${owner.aadObjectId}` : `chat:${owner.conversationId}`, send);
      // A coordinator the bot cannot reach is not retried for ever.
      await this.deps.store.finish(claimed, outcome === 'sent' ? 'sent' : 'handled', now);
      if (outcome === 'no-conversation') {
        countReminderFailed('no-conversation');
        this.deps.logger.warn({ kind: r.kind, tenantId: r.tenantId }, 'reminder undeliverable: no conversation with the coordinator');
        return 'undeliverable';
      }
      countReminderSent(r.deliverAt, now.getTime() + (Date.now() - tickStart));
      return 'sent';
    } catch (err) {
      // Not sent, and nothing the conversation said: the claim goes back for the next tick, here or
      // on another instance, instead of waiting out the lease.
      if (refusedByStop(err)) {
        await this.releaseClaim(claimed);
        return 'taken';
      }
      if (err instanceof SendSlotUnavailable) {
        await this.releaseClaim(claimed);
        countReminderFailed('retry');
        this.deps.logger.warn({ err, kind: r.kind }, 'no send slot (the store did not answer); the reminder stays due');
        return 'retry';
      }
      const status = (err as { statusCode?: unknown }).statusCode;
      // The person removed the bot, or the chat is gone: retrying cannot help.
      countReminderFailed(status === 403 || status === 404 ? 'removed' : 'retry');
      if (status === 403 || status === 404) return this.giveUp(claimed, state, now, 'removed', { statusCode: status }, 'reminder undeliverable: the conversation refused it');
      // The claim runs out and the next tick after the lease tries again.
      this.deps.logger.warn({ err, kind: r.kind }, 'sending a reminder failed; it will be retried');
      return 'retry';
    }
  }

  /**
   * Gives an unsent claim back. A store that does not answer (the very reason a slot may have been
   * missing) leaves the claim to run out after the lease, as a dead instance's would.
   */
  private async releaseClaim(claimed: DueReminder): Promise<void> {
    await this.deps.store.release(claimed).catch((err: unknown) => this.deps.logger.warn({ err }, 'could not give a reminder claim back; it runs out after the lease'));
  }

  /** Records a reminder that cannot be delivered and tells the other coordinators. */
  private async giveUp(claimed: DueReminder, state: CaseState, now: Date, reason: UndeliverableReason, why: Record<string, unknown>, message: string): Promise<'undeliverable'> {
    await this.deps.store.finish(claimed, 'handled', now);
    this.deps.logger.warn({ kind: claimed.kind, ...why }, message);
    await this.tellColleagues(state, claimed, reason).catch((err: unknown) => this.deps.logger.warn({ err }, 'could not tell the colleague about an undeliverable reminder'));
    return 'undeliverable';
  }

  /**
   * Sends within Teams' limits, and tries again after a throttling or passing server answer
   * (429, 412, 502, 504) with Retry-After or backoff; other failures go back to the caller.
   */
  private async withRetries<T>(conversationKey: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.limits === undefined ? await send() : await this.limits.schedule(conversationKey, send);
      } catch (err) {
        const status = (err as { statusCode?: unknown }).statusCode;
        if (status === 429) countReminderThrottled();
        const transient = status === 429 || status === 412 || status === 502 || status === 504;
        if (!transient || attempt >= MAX_SEND_ATTEMPTS - 1) throw err;
        // A stop does not wait out a backoff of up to 30 seconds: the send is refused as any waiting one.
        await this.backoff.wait(retryDelayMs(err, attempt));
      }
    }
  }

  /** The other coordinators learn that a reminder could not reach their colleague. */
  private async tellColleagues(state: CaseState, r: DueReminder, reason: UndeliverableReason): Promise<void> {
    const unreachable = state.coordinators.find((x) => x.aadObjectId === r.recipient);
    for (const other of state.coordinators.filter((x) => x.aadObjectId !== r.recipient)) {
      await this.deps.messenger.sendCard(r.tenantId, { kind: 'user', aadObjectId: other.aadObjectId, tenantId: other.tenantId ?? state.tenantId }, (locale) => {
        const loc = this.deps.localeFor(locale);
        const labels = REMINDER_LABELS[loc];
        return noticeCard(loc, {
          title: fill(labels.undeliverableTitle, { case: state.code }),
          body: fill(reason === 'removed' ? labels.undeliverableBody : labels.undeliverableFailingBody, { name: unreachable?.name === undefined ? labels.colleague : literalText(unreachable.name), what: reminderText(loc, r.kind, this.deps.settings).title }),
          openCode: state.code,
        });
      });
    }
  }
}

/**
 * One reminder per coordinator in turn (A, B, C, A, B, C…) rather than all of A's first: Teams
 * limits each conversation, so a run of one person's reminders would idle the global pace. Each
 * instance starts the round at another coordinator (by its id), so instances dispatching at once
 * work on different people's reminders rather than racing for the same claims and, between them,
 * sending one conversation more than Teams allows.
 */
export function interleaveByRecipient(due: readonly DueReminder[], instanceId?: string): DueReminder[] {
  const byRecipient = new Map<string, DueReminder[]>();
  for (const r of due) {
    const list = byRecipient.get(r.recipient);
    if (list === undefined) byRecipient.set(r.recipient, [r]);
    else list.push(r);
  }
  const all = [...byRecipient.values()];
  const start = all.length === 0 || instanceId === undefined ? 0 : createHash('sha256').update(instanceId).digest().readUInt32BE(0) % all.length;
  const queues = [...all.slice(start), ...all.slice(0, start)];
  const out: DueReminder[] = [];
  for (let i = 0; out.length < due.length; i++) for (const q of queues) if (i < q.length) out.push(q[i]!);
  return out;
}

/** Runs `work` over the items with at most `limit` running at once, in order of start. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  // Every worker ends before the tick reports a failure, so no send is left running behind it.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failed = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
