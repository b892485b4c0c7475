import Bottleneck from 'bottleneck';
import { SendSlots, SendSlotsStopped, type SlotLedger } from './send-slots';

/**
 * Teams' documented limits for one bot in one conversation: 7 messages in 1 s, 8 in 2 s, 60 in
 * 30 s (sliding windows). Spacing sends 251 ms apart keeps both short windows; a reservoir of 30
 * refilled every 30 s keeps any sliding 30 s window at 60, because it overlaps at most two refills.
 */
export const PER_CONVERSATION = { minTimeMs: 251, reservoir: 30, refillMs: 30_000 } as const;

export interface SendLimitsOptions {
  /** Messages per second over all conversations and all instances. */
  readonly globalPerSecond: number;
  /** Where the instances reserve their send slots (one table row; a local one for a lone instance). */
  readonly ledger: SlotLedger;
}

/**
 * Paces proactive sends so Teams never has to answer 429: a global rate cap shared by every
 * instance (send slots reserved in the store), and Teams' limits per conversation (per instance:
 * the claims on due reminders and their interleaving keep one person's reminders on one instance
 * at a time in practice). The conversation's limiter is the last gate before a send, so its windows
 * hold exactly; the dispatcher interleaves conversations so that gate rarely holds anyone back and
 * the global pace stays even. Bottleneck schedules the conversations.
 */
export class SendLimits {
  private readonly global: SendSlots;
  private readonly perConversation: Bottleneck.Group;
  private stopped = false;

  constructor(options: SendLimitsOptions) {
    this.global = new SendSlots(options.ledger, options.globalPerSecond);
    this.perConversation = new Bottleneck.Group({
      minTime: PER_CONVERSATION.minTimeMs,
      reservoir: PER_CONVERSATION.reservoir,
      reservoirRefreshAmount: PER_CONVERSATION.reservoir,
      reservoirRefreshInterval: PER_CONVERSATION.refillMs,
    });
  }

  /** Runs one send when both the global and the conversation's limits allow it. */
  schedule<T>(conversationKey: string, send: () => Promise<T>): Promise<T> {
    // The conversation's gate is last, because Teams' conversation limits leave no room at all; a
    // send it holds back past its slot takes another's moment, which the cap's distance below
    // Teams' 50 a second (REMINDER_RATE_PER_SECOND is at most 50, 30 by default) absorbs.
    return this.global.take().then(() => this.perConversation.key(conversationKey).schedule(send));
  }

  /** Sends not yet under way are refused (their reminders stay due); a send already made is not undone. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.global.stop();
    for (const limiter of this.perConversation.limiters()) await limiter.limiter.stop({ dropWaitingJobs: true });
  }
}

/** True for a send refused, not attempted, because the limits were stopped. */
export function refusedByStop(err: unknown): boolean {
  return err instanceof SendSlotsStopped || err instanceof Bottleneck.BottleneckError;
}

/** Retry-After as an HTTP-date (RFC 9110: IMF-fixdate), e.g. "Wed, 25 Nov 2026 07:00:30 GMT". */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** How long to wait before trying a throttled send again: Retry-After when given, else backoff with jitter. */
export function retryDelayMs(err: unknown, attempt: number): number {
  const header = (err as { response?: { headers?: { get?: (name: string) => string | undefined } } }).response?.headers?.get?.('retry-after')?.trim();
  // Delay-seconds, or an HTTP-date (a past one means now); an empty value is no value.
  const seconds = header === undefined || header === '' ? Number.NaN : HTTP_DATE.test(header) ? Math.max(0, (Date.parse(header) - Date.now()) / 1000) : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  const base = 500 * 2 ** attempt;
  return Math.min(base + Math.random() * base, 30_000);
}
