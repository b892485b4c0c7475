import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobRunStore } from '../../src/storage/job-run-store';
import { TABLES } from '../../src/storage/table-store';
import { startTestBot, type TestBot } from '../support/test-bot';

/* The bot looks for the day's retention run on its own, every quarter of an hour, on its clock. */

let bot: TestBot | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await bot?.close();
  bot = undefined;
});

describe('the in-process retention check', () => {
  it("claims and does the day's run a quarter of an hour after start, with the app's clock", async () => {
    // Only setTimeout is faked, and it still runs with real time: HTTP and the store work as ever.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    // Monday 30 November 2026, 03:00 in Stockholm: the day's 02:30 run is due.
    const now = new Date('2026-11-30T02:00:00.000Z');
    bot = await startTestBot({}, () => now);
    const runs = new JobRunStore(bot.app.store.client(TABLES.jobs));
    expect(await runs.get('retention', '2026-11-30')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await vi.waitFor(async () => expect((await runs.get('retention', '2026-11-30'))?.doneAt).toBe(now.toISOString()), { timeout: 5000, interval: 50 });
    expect(bot.logs.lines.filter((l) => l.includes('retention run done'))).toHaveLength(1);
  });
});
