import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { interleaveByRecipient } from '../../src/reminders/reminder-dispatcher';
import { SendLimits, retryDelayMs } from '../../src/reminders/send-limits';
import { LocalSlotLedger } from '../support/local-slot-ledger';
import type { DueReminder } from '../../src/storage/reminder-store';
import { mostInWindow } from '../support/most-in-window';

describe('SendLimits (Teams limits, on a fake clock)', () => {
  let limits: SendLimits;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-25T07:00:00Z') });
  });
  afterEach(async () => {
    await limits.stop();
    vi.useRealTimers();
  });

  /**
   * Schedules one send per key at once and runs the fake clock until all are sent, for at most
   * `maxMs`. The clock stops at the last send: Bottleneck yields with zero-delay timers at every
   * step and each limiter has a heartbeat, and every timer the fake clock fires scans all pending
   * ones (a burst holds one per job), so the cost grows with the jobs in flight times the
   * simulated time, while idle seconds after the last send show nothing.
   */
  async function sendAll(keys: readonly string[], maxMs: number): Promise<Map<string, number[]>> {
    const sentAt = new Map<string, number[]>();
    let sent = 0;
    const jobs = keys.map((key) =>
      limits.schedule(key, async () => {
        const list = sentAt.get(key) ?? [];
        list.push(Date.now());
        sentAt.set(key, list);
        sent++;
      }),
    );
    const start = Date.now();
    while (sent < keys.length && Date.now() - start < maxMs) await vi.advanceTimersByTimeAsync(1000);
    expect(sent, `sends done within ${maxMs} ms`).toBe(keys.length);
    await Promise.all(jobs);
    return sentAt;
  }

  it('keeps one conversation within 7 a second, 8 in two seconds and 60 in thirty seconds', async () => {
    limits = new SendLimits({ globalPerSecond: 30, ledger: new LocalSlotLedger() });
    const sent = await sendAll(Array.from({ length: 150 }, () => 'user:anna'), 200_000);
    const times = sent.get('user:anna')!;
    expect(times).toHaveLength(150);
    expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(mostInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(mostInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    // Not needlessly slow either: 150 messages at 30 per 30 s take about two minutes.
    expect(times.at(-1)! - times[0]!).toBeLessThan(160_000);
  });

  // A burst from a conversation's first send never fills the 30 s window: the conversation's
  // limiter starts its 30 s periods when it is made, so any 30 s holds one period's 30 and the
  // start of the next. Anna is sent one message at 0 s and 70 at 52 s: 29 are left of the period
  // running to 60 s, but the refill at 30 s gave 30, sent 52.0–59.3 s; the refill at 60 s gives
  // 30 more, 60.0–67.3 s; the last 10 wait for 90 s. So 52–82 s holds 60, the most Teams allows.
  it('keeps one conversation within 60 in thirty seconds when a burst straddles a refill', async () => {
    limits = new SendLimits({ globalPerSecond: 30, ledger: new LocalSlotLedger() });
    const t0 = Date.now();
    const first = await sendAll(['user:anna'], 1_000);
    await vi.advanceTimersByTimeAsync(t0 + 52_000 - Date.now());
    const burst = await sendAll(Array.from({ length: 70 }, () => 'user:anna'), 60_000);
    const times = [...first.get('user:anna')!, ...burst.get('user:anna')!];
    expect(times).toHaveLength(71);
    expect(mostInWindow(times, 30_000)).toBe(60);
    expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(mostInWindow(times, 2000)).toBeLessThanOrEqual(8);
  });

  // The global spacing alone sets the pace from the first send on (each of the 40 conversations
  // gets one send every 40 × 34 ms, far apart for its own limiter), so about 7 s of sends show the
  // one-second window and the rate as well as a longer run would.
  it('keeps all conversations together within the global cap, and near it', async () => {
    limits = new SendLimits({ globalPerSecond: 30, ledger: new LocalSlotLedger() });
    const keys = interleaveByRecipient(
      Array.from({ length: 200 }, (_, i) => ({ recipient: `user:${i % 40}` }) as unknown as DueReminder),
    ).map((r) => r.recipient);
    const sent = await sendAll(keys, 20_000);
    const all = [...sent.values()].flat();
    expect(all).toHaveLength(200);
    expect(mostInWindow(all, 1000)).toBeLessThanOrEqual(30);
    for (const times of sent.values()) {
      expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(7);
      expect(mostInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    }
    const seconds = (Math.max(...all) - Math.min(...all)) / 1000;
    expect(200 / seconds).toBeGreaterThan(27);
  });

  // Likewise each of the 60 conversations gets one send every 60 × 21 ms: about 4 s of sends at
  // the global spacing, and a spacing 1 ms shorter would put 51 into the first second already.
  it('at the highest cap (50, Teams’ limit per app and tenant) never puts 51 in one second', async () => {
    limits = new SendLimits({ globalPerSecond: 50, ledger: new LocalSlotLedger() });
    const keys = interleaveByRecipient(Array.from({ length: 200 }, (_, i) => ({ recipient: `user:${i % 60}` }) as unknown as DueReminder)).map((r) => r.recipient);
    const sent = await sendAll(keys, 20_000);
    const all = [...sent.values()].flat();
    expect(all).toHaveLength(200);
    expect(mostInWindow(all, 1000)).toBeLessThanOrEqual(50);
  });

  it('never goes over Teams’ 50 a second per app even when few conversations hold most of the work', async () => {
    limits = new SendLimits({ globalPerSecond: 30, ledger: new LocalSlotLedger() });
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

  it('starts each instance’s round at another coordinator, keeping everyone’s turn and order', () => {
    const r = (recipient: string, key: string) => ({ recipient, key }) as unknown as DueReminder;
    const due = Array.from({ length: 8 }, (_, i) => r(`p${i}`, '1')).concat(Array.from({ length: 8 }, (_, i) => r(`p${i}`, '2')));
    const starts = new Set(['instance-a', 'instance-b', 'instance-c', 'instance-d'].map((id) => interleaveByRecipient(due, id)[0]!.recipient));
    expect(starts.size).toBeGreaterThan(1);
    const out = interleaveByRecipient(due, 'instance-a');
    expect(out).toHaveLength(16);
    // A round of everyone before anyone's second reminder, each person's in their order.
    expect(new Set(out.slice(0, 8).map((x) => x.recipient)).size).toBe(8);
    expect(out.slice(0, 8).every((x) => x.key === '1') && out.slice(8).every((x) => x.key === '2')).toBe(true);
    expect(out.slice(8).map((x) => x.recipient)).toEqual(out.slice(0, 8).map((x) => x.recipient));
  });
});

describe('retryDelayMs: how long a refused send waits before it is tried again', () => {
  /** Wednesday 25 Nov 2026 08:00 in Stockholm: "now" for Retry-After given as a date. */
  const NOW = Date.parse('2026-11-25T07:00:00.000Z');
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** What botbuilder's connector client throws for a refused send: a RestError whose response carries the headers. */
  const refused = (status: number, headers: Record<string, string> = {}): RestError =>
    new RestError('refused', { statusCode: status, response: { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: 'http://127.0.0.1/v3/conversations/a/activities' }) } });

  it.each([
    ['2 seconds', '2', 0, 2_000],
    ['2 seconds, on a later attempt too (the header wins over the backoff)', '2', 3, 2_000],
    ['0 seconds: at once', '0', 0, 0],
    ['with spaces around it', ' 7 ', 0, 7_000],
    ['30 seconds, the most it waits', '30', 0, 30_000],
    ['31 seconds: capped at 30', '31', 0, 30_000],
    ['a day: capped at 30 seconds', '86400', 2, 30_000],
    ['an HTTP-date 5 s ahead', 'Wed, 25 Nov 2026 07:00:05 GMT', 0, 5_000],
    ['an HTTP-date 1 s ahead, on attempt 1', 'Wed, 25 Nov 2026 07:00:01 GMT', 1, 1_000],
    ['an HTTP-date in the past: at once', 'Wed, 25 Nov 2026 06:59:00 GMT', 0, 0],
    ['an HTTP-date two minutes ahead: capped at 30 seconds', 'Wed, 25 Nov 2026 07:02:00 GMT', 0, 30_000],
  ])('Retry-After of %s', (_label, header, attempt, expected) => {
    // The random part of the backoff would show if the header were not used.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(retryDelayMs(refused(429, { 'retry-after': header }), attempt)).toBe(expected);
    expect(retryDelayMs(refused(412, { 'Retry-After': header }), attempt)).toBe(expected);
  });

  // Without a usable Retry-After: 500 ms × 2^attempt, plus up to as much again at random, at most 30 s.
  it.each([
    ['no Retry-After', {}],
    ['an empty one', { 'retry-after': '' }],
    ['blanks', { 'retry-after': '   ' }],
    ['a negative number', { 'retry-after': '-5' }],
    ['a word', { 'retry-after': 'soon' }],
    ['Infinity', { 'retry-after': 'Infinity' }],
    ['a date that is not an HTTP-date', { 'retry-after': '2026-11-25T07:00:05Z' }],
  ])('with %s it backs off by the attempt, with jitter', (_label, headers) => {
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValue(0);
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => retryDelayMs(refused(502, headers), attempt))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    random.mockReturnValue(0.5);
    expect([0, 1, 2, 3, 4, 5].map((attempt) => retryDelayMs(refused(502, headers), attempt))).toEqual([750, 1_500, 3_000, 6_000, 12_000, 24_000]);
    random.mockReturnValue(0.999);
    expect([0, 1, 4, 5].map((attempt) => retryDelayMs(refused(502, headers), attempt))).toEqual([999.5, 1_999, 15_992, 30_000]);
  });

  it('backs off the same way for an error with no response or no headers', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(retryDelayMs(Object.assign(new Error('socket hang up'), { statusCode: 504 }), 1)).toBe(1_500);
    expect(retryDelayMs({ statusCode: 502, response: {} }, 0)).toBe(750);
    expect(retryDelayMs({ statusCode: 502, response: { headers: {} } }, 2)).toBe(3_000);
  });
});
