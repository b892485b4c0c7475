import { afterEach, describe, expect, it, vi } from 'vitest';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { TABLES } from '../../src/storage/table-store';
import { ANNA, BJORN, TENANT, actionIn, createCaseAs, startFlow, textOf, type Flow } from '../support/case-flow';

/**
 * The in-process timers `npm start` runs and the rest of the suite turns off
 * (DISPATCH_INTERVAL_SECONDS=0): the reminder dispatcher every DISPATCH_INTERVAL_SECONDS, and the
 * reconciliation every six hours, and the outbox sweep. Nothing here calls POST /api/reminders/dispatch.
 */

/** Taken before any test fakes it: a short real wait. */
const realSetTimeout = globalThis.setTimeout;

/** The bot's clock; the test moves it, the timers read it. */
let now = 0;
const clock = () => new Date(now);

let flow: Flow | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await flow?.stop();
  flow = undefined;
});

/** "Plan the first coordination meeting with the person" reminders (their snooze button carries the rule key) that reached a person's chat. */
const firstMeetingCards = (f: Flow, conversationId: string, code: string) =>
  f.connector.activitiesIn(conversationId).filter((a) => textOf(a).includes('Planera det första samordningsmötet med personen') && textOf(a).includes(`"code":"${code}"`));

describe('the in-process dispatcher (DISPATCH_INTERVAL_SECONDS)', () => {
  it('delivers a due reminder on its own, and keeps running: a snoozed one comes on the next day too', async () => {
    // Monday 23 Nov 2026 09:00 Stockholm (UTC+1).
    now = Date.parse('2026-11-23T08:00:00.000Z');
    flow = await startFlow(clock, { env: { DISPATCH_INTERVAL_SECONDS: '1' } });
    const f = flow;
    const code = await createCaseAs(f.anna);
    f.connector.reset();

    // Consent given Monday: due two working days later, Wednesday 25 Nov at 08:00 (07:00Z).
    now = Date.parse('2026-11-25T07:00:00.000Z');
    await vi.waitFor(() => {
      expect(firstMeetingCards(f, ANNA.conversationId, code)).toHaveLength(1);
      expect(firstMeetingCards(f, BJORN.conversationId, code)).toHaveLength(1);
    }, { timeout: 8000, interval: 50 });

    // Anna asks to be reminded tomorrow: Thursday 26 Nov at 08:00, which only a later run can send.
    now = Date.parse('2026-11-25T07:10:00.000Z');
    const snooze = await f.anna.press('reminder.snooze', actionIn(firstMeetingCards(f, ANNA.conversationId, code)[0], 'reminder.snooze', { days: 1 }).data);
    expect(snooze.value).toBe('Du påminns igen 26 nov. 2026 08:00.');
    f.connector.reset();
    now = Date.parse('2026-11-26T07:00:00.000Z');
    await vi.waitFor(() => expect(firstMeetingCards(f, ANNA.conversationId, code)).toHaveLength(1), { timeout: 8000, interval: 50 });
    expect(firstMeetingCards(f, BJORN.conversationId, code)).toHaveLength(0);
  });
});

describe('the in-process reconciliation', () => {
  it('every six hours puts back the reminders of an open case that a lost write left without them, also when dispatch is left to the endpoint', async () => {
    // Only setTimeout is faked, and it still runs with real time: HTTP and the store work as ever,
    // and the six hours can be skipped.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    now = Date.parse('2026-11-23T08:00:00.000Z');
    // No in-process dispatch (an external timer calls the endpoint), and the default six hours. Its
    // timer is set somewhere between these two readings of the timers' own clock.
    const fakeNow = () => vi.getMockedSystemTime()!.getTime();
    const beforeStart = fakeNow();
    flow = await startFlow(clock, { env: { DISPATCH_INTERVAL_SECONDS: '0', RECONCILE_INTERVAL_HOURS: '6' } });
    const afterStart = fakeNow();
    const f = flow;
    const code = await createCaseAs(f.anna);
    const scheduled = () => f.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId);
    const expected = await scheduled();
    // Hand-counted: first meeting on Wed 25 Nov (2 working days after Mon 23), inactivity 30 days on, Wed 23 Dec.
    expect(expected.map((r) => [r.key, r.dueDate])).toEqual([
      ['firstMeeting', '2026-11-25'],
      // No förmöte held and no meeting booked: three working days after consent, Thursday 26 November.
      ['preMeetingAfterConsent:2026-11-23', '2026-11-26'],
      ['inactive:2026-11-23', '2026-12-23'],
      // The form's consent holds through Wednesday 30 June 2027: ten working days before is Tuesday 15 June.
      ['consentEnding:2027-06-30', '2027-06-15'],
    ]);

    // An instance died between writing the case and its reminders.
    await f.bot.app.reminders.sync(TENANT, code, []);
    expect(await scheduled()).toEqual([]);

    // A second short of six hours since the earliest the timer can have been set: not yet. A run
    // would take a few milliseconds.
    await vi.advanceTimersByTimeAsync(beforeStart + 6 * 3600_000 - 1000 - fakeNow());
    await new Promise((resolve) => realSetTimeout(resolve, 400));
    expect(await scheduled()).toEqual([]);

    // Six hours after the latest it can have been set: done.
    await vi.advanceTimersByTimeAsync(Math.max(0, afterStart + 6 * 3600_000 - fakeNow()));
    await vi.waitFor(async () => expect(await scheduled()).toEqual(expected), { timeout: 8000, interval: 50 });

    // And again six hours later.
    await f.bot.app.reminders.sync(TENANT, code, []);
    await vi.advanceTimersByTimeAsync(6 * 3600_000);
    await vi.waitFor(async () => expect(await scheduled()).toEqual(expected), { timeout: 8000, interval: 50 });
  });
});

describe('the in-process outbox sweep (OUTBOX_SWEEP_SECONDS)', () => {
  it('at start-up finishes what an instance that died after a case write left undone, with no one acting', async () => {
    // Monday 23 Nov 2026 10:00 Stockholm (UTC+1).
    now = Date.parse('2026-11-23T09:00:00.000Z');
    const first = await startFlow(clock);
    const code = await createCaseAs(first.anna);
    const scheduled = (f: Flow) => f.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId);
    // Hand-counted: first meeting on Wed 25 Nov (2 working days after Mon 23), inactivity 30 days on, Wed 23 Dec.
    const expected = [
      ['firstMeeting', '2026-11-25'],
      // No förmöte held and no meeting booked: three working days after consent, Thursday 26 November.
      ['preMeetingAfterConsent:2026-11-23', '2026-11-26'],
      ['inactive:2026-11-23', '2026-12-23'],
      // The form's consent holds through Wednesday 30 June 2027: ten working days before is Tuesday 15 June.
      ['consentEnding:2027-06-30', '2027-06-15'],
    ];
    expect((await scheduled(first)).map((r) => [r.key, r.dueDate])).toEqual(expected);

    // The instance dies right after a change's transaction (its outbox row written), before the
    // reminders followed, and they were lost besides: written here through the bare repository.
    const raw = new TableCaseRepository(first.bot.app.store.client(TABLES.cases));
    const stored = (await raw.get(TENANT, code))!;
    const written = await raw.update(stored, { ...stored.state, nickname: 'CD', updatedAt: new Date(now).toISOString(), version: stored.state.version + 1 }, [], [], { reschedule: true });
    expect(written).not.toBe('conflict');
    await first.bot.app.reminders.sync(TENANT, code, []);
    const tablePrefix = first.bot.config.tablePrefix;
    await first.stop();

    // Two minutes later a new instance starts on the same tables; nobody presses anything.
    now += 120_000;
    flow = await startFlow(clock, { env: { TABLE_PREFIX: tablePrefix, OUTBOX_SWEEP_SECONDS: '60' } });
    const f = flow;
    await vi.waitFor(async () => expect((await scheduled(f)).map((r) => [r.key, r.dueDate])).toEqual(expected), { timeout: 8000, interval: 50 });
    await vi.waitFor(async () => expect(await f.bot.app.cases.pendingFollowUpsOf(TENANT, code)).toEqual([]), { timeout: 8000, interval: 50 });
  });
});
