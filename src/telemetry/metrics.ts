import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

/**
 * The bot's own metrics. Every attribute is from a fixed vocabulary (outcome kinds, error codes,
 * command and verb names, table names, HTTP methods and statuses): no ids, codes or text.
 * Without telemetry started the API hands out no-op instruments, so the calls cost nothing.
 */
interface Instruments {
  readonly turns: Counter;
  readonly remindersSent: Counter;
  readonly remindersFailed: Counter;
  readonly remindersThrottled: Counter;
  readonly dispatchLag: Histogram;
  readonly tableRequests: Counter;
}

let instruments: Instruments | undefined;

/**
 * Made on first use, not at load: the metrics API does not proxy like the trace API, so
 * instruments made before the meter provider is registered would stay no-ops for good.
 */
function get(): Instruments {
  if (instruments !== undefined) return instruments;
  const meter = metrics.getMeter('samordningsboten');
  instruments = {
    turns: meter.createCounter('samordning.turns', { description: 'Turns handled, by activity type, command or verb, and outcome' }),
    remindersSent: meter.createCounter('samordning.reminders.sent', { description: 'Reminders delivered' }),
    remindersFailed: meter.createCounter('samordning.reminders.failed', { description: 'Reminder sends that failed (retried later or given up)' }),
    remindersThrottled: meter.createCounter('samordning.reminders.throttled', { description: 'Reminder sends answered 429 by the Bot Connector' }),
    dispatchLag: meter.createHistogram('samordning.reminders.dispatch_lag', {
      description: 'How long after it fell due a reminder left',
      unit: 's',
      advice: { explicitBucketBoundaries: [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600] },
    }),
    tableRequests: meter.createCounter('samordning.table.requests', { description: 'Requests to table storage, tries included' }),
  };
  return instruments;
}

export function countTurn(attributes: Readonly<Record<string, string>>): void {
  get().turns.add(1, attributes);
}

/** A reminder left at `sentAtMs`; it was due at `deliverAt` (ISO time). */
export function countReminderSent(deliverAt: string, sentAtMs: number): void {
  const i = get();
  i.remindersSent.add(1);
  const due = Date.parse(deliverAt);
  // A reminder may leave a little before its hour when clocks differ: that is no lag.
  if (Number.isFinite(due)) i.dispatchLag.record(Math.max(0, (sentAtMs - due) / 1000));
}

/** Why a send failed: `retry` (left for a later tick) or why it was given up. */
export function countReminderFailed(reason: 'retry' | 'removed' | 'failing' | 'no-conversation'): void {
  get().remindersFailed.add(1, { 'samordning.reminder.failure': reason });
}

export function countReminderThrottled(): void {
  get().remindersThrottled.add(1);
}

export function countTableRequest(attributes: Readonly<Record<string, string | number>>): void {
  get().tableRequests.add(1, attributes);
}
