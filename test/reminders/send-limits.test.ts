import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { interleaveByRecipient } from '../../src/reminders/reminder-dispatcher';
import { SendLimits } from '../../src/reminders/send-limits';
import type { DueReminder } from '../../src/storage/reminder-store';

/** The most sends any sliding window of `windowMs` holds (both ends included, as strict as Teams could be). */
function mostInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! > windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('SendLimits (Teams limits, on a fake clock)', () => {
  let limits: SendLimits;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-25T07:00:00Z') });
  });
  afterEach(async () => {
    await limits.stop();
    vi.useRealTimers();
  });

  async function sendAll(keys: readonly string[], runMs: number): Promise<Map<string, number[]>> {
    const sentAt = new Map<string, number[]>();
    const jobs = keys.map((key) =>
      limits.schedule(key, async () => {
        const list = sentAt.get(key) ?? [];
        list.push(Date.now());
        sentAt.set(key, list);
      }),
    );
    await vi.advanceTimersByTimeAsync(runMs);
    await Promise.all(jobs);
    return sentAt;
  }

  it('keeps one conversation within 7 a second, 8 in two seconds and 60 in thirty seconds', async () => {
    limits = new SendLimits({ globalPerSecond: 30 });
    const sent = await sendAll(Array.from({ length: 150 }, () => 'user:anna'), 200_000);
    const times = sent.get('user:anna')!;
    expect(times).toHaveLength(150);
    expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(mostInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(mostInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    // Not needlessly slow either: 150 messages at 30 per 30 s take about two minutes.
    expect(times.at(-1)! - times[0]!).toBeLessThan(160_000);
  });

  it('keeps all conversations together within the global cap, and near it', async () => {
    limits = new SendLimits({ globalPerSecond: 30 });
    const keys = interleaveByRecipient(
      Array.from({ length: 600 }, (_, i) => ({ recipient: `user:${i % 40}` }) as unknown as DueReminder),
    ).map((r) => r.recipient);
    const sent = await sendAll(keys, 60_000);
    const all = [...sent.values()].flat();
    expect(all).toHaveLength(600);
    expect(mostInWindow(all, 1000)).toBeLessThanOrEqual(30);
    for (const times of sent.values()) {
      expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(7);
      expect(mostInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    }
    const seconds = (Math.max(...all) - Math.min(...all)) / 1000;
    expect(600 / seconds).toBeGreaterThan(27);
  });

  it('at the highest cap (50, Teams’ limit per app and tenant) never puts 51 in one second', async () => {
    limits = new SendLimits({ globalPerSecond: 50 });
    const keys = interleaveByRecipient(Array.from({ length: 500 }, (_, i) => ({ recipient: `user:${i % 60}` }) as unknown as DueReminder)).map((r) => r.recipient);
    const sent = await sendAll(keys, 60_000);
    const all = [...sent.values()].flat();
    expect(all).toHaveLength(500);
    expect(mostInWindow(all, 1000)).toBeLessThanOrEqual(50);
  });

  it('never goes over Teams’ 50 a second per app even when few conversations hold most of the work', async () => {
    limits = new SendLimits({ globalPerSecond: 30 });
    const keys = interleaveByRecipient(Array.from({ length: 400 }, (_, i) => ({ recipient: `user:${i % 3}` }) as unknown as DueReminder)).map((r) => r.recipient);
    const sent = await sendAll(keys, 300_000);
    const all = [...sent.values()].flat();
    expect(all).toHaveLength(400);
    expect(mostInWindow(all, 1000)).toBeLessThanOrEqual(50);
    for (const times of sent.values()) expect(mostInWindow(times, 30_000)).toBeLessThanOrEqual(60);
  });
});

describe('interleaveByRecipient', () => {
  it('takes one reminder per coordinator in turn and keeps each coordinator’s order', () => {
    const r = (recipient: string, key: string) => ({ recipient, key }) as unknown as DueReminder;
    const out = interleaveByRecipient([r('a', '1'), r('a', '2'), r('a', '3'), r('b', '1'), r('c', '1'), r('c', '2')]);
    expect(out.map((x) => `${x.recipient}${x.key}`)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    expect(interleaveByRecipient([])).toEqual([]);
  });
});
