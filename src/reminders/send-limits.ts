import Bottleneck from 'bottleneck';

/** Teams' documented limits for a bot sending into one conversation. */
const PER_CONVERSATION = { perSecond: 7, per30Seconds: 60 } as const;

export interface SendLimitsOptions {
  /** Messages per second over all conversations (default 30). */
  readonly globalPerSecond: number;
}

/**
 * Paces proactive sends so Teams never has to answer 429: a global rate cap, and per conversation
 * at most 7 a second and 60 in 30 seconds. Bottleneck does the scheduling.
 */
export class SendLimits {
  private readonly global: Bottleneck;
  private readonly perConversation: Bottleneck.Group;

  constructor(options: SendLimitsOptions) {
    this.global = new Bottleneck({ minTime: Math.ceil(1000 / options.globalPerSecond) });
    this.perConversation = new Bottleneck.Group({
      minTime: Math.ceil(1000 / PER_CONVERSATION.perSecond),
      reservoir: PER_CONVERSATION.per30Seconds,
      reservoirRefreshAmount: PER_CONVERSATION.per30Seconds,
      reservoirRefreshInterval: 30_000,
    });
  }

  /** Runs one send when both the global and the conversation's limits allow it. */
  schedule<T>(conversationKey: string, send: () => Promise<T>): Promise<T> {
    return this.global.schedule(() => this.perConversation.key(conversationKey).schedule(send));
  }

  async stop(): Promise<void> {
    await this.global.stop({ dropWaitingJobs: true });
  }
}

/** How long to wait before trying a throttled send again: Retry-After when given, else backoff with jitter. */
export function retryDelayMs(err: unknown, attempt: number): number {
  const header = (err as { response?: { headers?: { get?: (name: string) => string | undefined } } }).response?.headers?.get?.('retry-after');
  const seconds = header === undefined ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  const base = 500 * 2 ** attempt;
  return Math.min(base + Math.random() * base, 30_000);
}
