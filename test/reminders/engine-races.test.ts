import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import { localeResolver } from '../../src/i18n/locale';
import type { ProactiveMessenger } from '../../src/proactive/proactive-messenger';
import { ReminderDispatcher } from '../../src/reminders/reminder-dispatcher';
import { OutboxCaseRepository } from '../../src/storage/outbox-case-repository';
import { remindersFor } from '../../src/domain/reminder-rules';
import { ReminderStore, scheduledFrom } from '../../src/storage/reminder-store';
import { TABLES } from '../../src/storage/table-store';
import { ANNA, BJORN, TENANT, createCaseAs, flowForEach, textOf } from '../support/case-flow';
import { chooseDelivery, deliveredReminders, deliveryCounts, dispatcherFor, localInstant, settingsOf } from './dispatch-harness';

/*
 * Races and edge cases found in review, each once a way to lose a reminder, send it twice, or send
 * it at night. Every test here failed before the fix that goes with it.
 */

let now = 0;
const clock = () => new Date(now);
/** Only reschedule runs on the second instance here; a notice would be a bug in the test. */
const NO_NOTICES = { notifyPending: (): Promise<'done'> => Promise.reject(new Error('no notice is owed in these tests')) };
// Before flowForEach's own hook: each test's bot starts on Monday 23 November 2026, 09:00.
beforeEach(() => {
  now = localInstant('2026-11-23', '09:00');
});
const flow = flowForEach(clock);

const annasFirstMeeting = () => deliveredReminders(flow.connector).filter((r) => r.conversationId === ANNA.conversationId && r.key === 'firstMeeting');
const prefs = (code: string, muted: boolean) => flow.anna.press('reminders.preferences', { code, [`muted_${code}`]: String(muted), [`delivery_${code}`]: 'personal' });

describe('the lease', () => {
  it('runs from the claim, so a reminder claimed late in a long tick is not taken over and sent twice', async () => {
    await createCaseAs(flow.anna); // "book the first meeting" for Anna and Björn, Wed 25 Nov 08:00
    flow.connector.reset();
    const T = localInstant('2026-11-25', '08:00');
    const other = dispatcherFor(flow.bot, { instanceId: 'other' });
    let sends = 0;
    const slowFirst = {
      sendCard: async (...args: Parameters<ProactiveMessenger['sendCard']>) => {
        sends++;
        // The first send is held up by throttling for three minutes of real time (faked by
        // moving the clock the long tick measures); another instance ticks meanwhile.
        if (sends === 1) realClockJump += 180_000;
        if (sends === 2) await other.tick(new Date(T + 190_000));
        return flow.bot.app.messenger.sendCard(...args);
      },
    } as unknown as ProactiveMessenger;
    let realClockJump = 0;
    const realNow = Date.now;
    Date.now = () => realNow() + realClockJump;
    try {
      const slow = new ReminderDispatcher({ store: flow.bot.app.reminders, cases: flow.bot.app.cases, messenger: slowFirst, settings: settingsOf(flow.bot.config), localeFor: localeResolver(flow.bot.config.forcedLocale), logger: flow.bot.app.logger, instanceId: 'slow', inFlight: 1 });
      await slow.tick(new Date(T));
    } finally {
      Date.now = realNow;
    }
    const counts = [...deliveryCounts(flow.connector).values()];
    expect(counts).toEqual([1, 1]);
  });
});

describe('recomputation racing a send', () => {
  it('a sync that read the schedule before a send does not bring the sent reminder back', async () => {
    const code = await createCaseAs(flow.anna);
    await prefs(code, true);
    now = localInstant('2026-11-25', '09:00');
    await prefs(code, false); // Anna's overdue "book the first meeting" is wanted again, now
    // An instance died between that case write and its reminder write: remove what the sync wrote.
    const due = flow.bot.app.store.client(TABLES.reminders);
    const schedule = flow.bot.app.store.client(TABLES.reminderSchedule);
    for await (const e of schedule.listEntities<{ key: string; recipient: string }>()) if (e.key === 'firstMeeting' && e.recipient === ANNA.aadObjectId) await schedule.deleteEntity(e.partitionKey!, e.rowKey!);
    for await (const e of due.listEntities<{ key: string; recipient: string }>()) if (e.key === 'firstMeeting' && e.recipient === ANNA.aadObjectId) await due.deleteEntity(e.partitionKey!, e.rowKey!);
    const state = (await flow.bot.app.cases.get(TENANT, code))!.state;

    // Reconciliation on instance X reads the schedule, then is slow to write the due row.
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const atGate = new Promise<void>((r) => (reached = r));
    const held = (name: 'createEntity' | 'upsertEntity') => async (...args: unknown[]) => {
      reached();
      await gate;
      return (due[name] as (...a: unknown[]) => Promise<unknown>).apply(due, args);
    };
    const slowDue = new Proxy(due, {
      get: (target, p) => (p === 'createEntity' || p === 'upsertEntity' ? held(p) : (Reflect.get(target, p) as unknown)),
    }) as TableClient;
    const x = new OutboxCaseRepository(flow.bot.app.cases, new ReminderStore(slowDue, schedule), settingsOf(flow.bot.config), clock, flow.bot.app.logger, { caseIndex: flow.bot.app.caseIndex, notices: NO_NOTICES });
    const xDone = x.reschedule(state);
    await atGate;
    // Instance Y (or the next case write) adds it, and a dispatcher sends it.
    await flow.bot.app.cases.reschedule(state);
    await flow.dispatch(now + 60_000);
    expect(annasFirstMeeting()).toHaveLength(1);
    release();
    await xDone;
    await flow.dispatch(now + 120_000);
    await flow.dispatch(localInstant('2026-11-26', '08:00'));
    expect(annasFirstMeeting()).toHaveLength(1);
  });

  it('a recomputation from a case state read before a change does not undo that change’s reminders', async () => {
    const code = await createCaseAs(flow.anna);
    // Reconciliation listed the case (a page at a time) before Anna booked the SIP meeting…
    const listed = (await flow.bot.app.cases.get(TENANT, code))!.state;
    await flow.anna.press('sip.plan', { code, date: '2026-12-21', time: '13:00', duration: '90', form: 'fysiskt', purpose: 'Planering', invited: 'personen,region' });
    const booked = (await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).map((r) => r.key).sort();
    // …and reaches it now, with the state it listed.
    await flow.bot.app.cases.reschedule(listed);
    expect((await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).map((r) => r.key).sort()).toEqual(booked);
    await flow.bot.app.cases.reconcile();
    expect((await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).map((r) => r.key).sort()).toEqual(booked);

    flow.connector.reset();
    await flow.dispatch(localInstant('2026-12-21', '08:00'));
    // Booked Monday 23 Nov for Monday 21 Dec 13:00 (12:00Z), kommun not invited: by that morning
    // the förmöte prompts 10 and 5 working days before (Mon 7 Dec, Mon 14 Dec) and the day-before
    // reminder (Fri 18 Dec) are due, and, since a meeting without kommun is not a SIP meeting, the
    // invitation reminder the working day after booking (Tue 24 Nov) and its escalation 10 working
    // days before (Mon 7 Dec); not "book the first meeting" (booked), nor the 30-day nudge (23 Dec).
    const startsAt = '2026-12-21T12:00:00.000Z';
    const delivered = deliveredReminders(flow.connector).filter((r) => r.conversationId === ANNA.conversationId).map((r) => `${r.key} ${r.dueDate}`);
    expect(delivered.sort()).toEqual([
      'invitation:M1 2026-11-24',
      `invitationEscalation:M1:${startsAt} 2026-12-07`,
      `meetingSoon:M1:${startsAt} 2026-12-18`,
      `preMeeting:M1:${startsAt}:10 2026-12-07`,
      `preMeeting:M1:${startsAt}:5 2026-12-14`,
    ]);
  });

  it('a reminder dropped at send time because its cause was gone comes back when the cause does', async () => {
    const code = await createCaseAs(flow.anna);
    const listed = (await flow.bot.app.cases.get(TENANT, code))!.state;
    await prefs(code, true); // Anna mutes: her reminder is dropped
    // A sync from the older state puts it back (as one that ran late would); the dispatcher then
    // finds its cause gone.
    await flow.bot.app.reminders.sync(TENANT, code, scheduledFrom(TENANT, code, remindersFor(listed, settingsOf(flow.bot.config))));
    flow.connector.reset();
    await flow.dispatch(localInstant('2026-11-25', '08:00'));
    expect(annasFirstMeeting()).toHaveLength(0);
    now = localInstant('2026-11-25', '10:00');
    await prefs(code, false); // Anna unmutes: "book the first meeting" (due 25 Nov) is wanted again
    await flow.dispatch(localInstant('2026-11-25', '10:01'));
    await flow.dispatch(localInstant('2026-11-26', '08:00'));
    expect(annasFirstMeeting()).toHaveLength(1);
  });
});

describe('snooze', () => {
  it('pressed "i morgon" and then "om en vecka" on one card sends the reminder once, a week on', async () => {
    const code = await createCaseAs(flow.anna);
    await flow.dispatch(localInstant('2026-11-25', '08:00'));
    const card = annasFirstMeeting()[0]!;
    now = localInstant('2026-11-25', '08:10');
    const base = { code, key: card.key, dueDate: card.dueDate };
    await flow.anna.press('reminder.snooze', { ...base, days: 1 });
    await flow.anna.press('reminder.snooze', { ...base, days: 5 });
    flow.connector.reset();
    await flow.dispatch(localInstant('2026-11-26', '08:00'));
    expect(annasFirstMeeting()).toHaveLength(0);
    await flow.dispatch(localInstant('2026-12-02', '08:00'));
    expect(annasFirstMeeting()).toHaveLength(1);
    await flow.dispatch(localInstant('2026-12-03', '08:00'));
    expect(annasFirstMeeting()).toHaveLength(1);
  });
});

describe('office hours at send time', () => {
  it('a tick after an outage at 03:00 on a Saturday sends nothing, and the reminders come on Monday at 08:00', async () => {
    await createCaseAs(flow.anna);
    flow.connector.reset();
    const saturday = await flow.dispatch(localInstant('2026-11-28', '03:00'));
    expect(saturday.sent).toBe(0);
    expect(deliveredReminders(flow.connector)).toHaveLength(0);
    await flow.dispatch(localInstant('2026-11-30', '07:59'));
    expect(deliveredReminders(flow.connector)).toHaveLength(0);
    await flow.dispatch(localInstant('2026-11-30', '08:00'));
    // "Plan the first meeting" and "hold the förmöte", each once to each coordinator.
    expect([...deliveryCounts(flow.connector).values()]).toEqual([1, 1, 1, 1]);
  });
});

describe('a send that keeps failing', () => {
  it('is given up after five ticks, the colleague is told, and the cursor moves on', async () => {
    const code = await createCaseAs(flow.anna);
    // A permanent refusal other than 403/404 (400 is not retried inside botbuilder, unlike 5xx).
    flow.connector.failFor(BJORN.conversationId, 400);
    const results = [];
    // Each tick after the last one's lease (2 minutes) has run out.
    for (let i = 0; i < 7; i++) results.push(await flow.dispatch(localInstant('2026-11-25', `08:${String(i * 3).padStart(2, '0')}`)));
    expect(results.map((r) => r.failed)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    const notices = flow.connector.activitiesIn(ANNA.conversationId).filter((a) => textOf(a).includes(`En påminnelse kom inte fram · ${code}`));
    expect(notices).toHaveLength(1);
    // The colleague is told why: not that the bot was removed, which it was not.
    expect(textOf(notices[0])).toContain('Teams tog inte emot den trots flera försök');
    expect(textOf(notices[0])).not.toContain('boten är borttagen');
    // Nothing is left to hold the cursor back.
    expect(await flow.bot.app.reminders.cursor()).toBe('2026112507');
    now = localInstant('2026-11-25', '10:00');
    await flow.dispatch(localInstant('2026-11-25', '10:00'));
    expect(await flow.bot.app.reminders.cursor()).toBe('2026112509');
  });
});

describe('two coordinators who both chose the group chat', () => {
  it('get one card there, not two', async () => {
    const code = await createCaseAs(flow.anna);
    const chat = '19:samordning-both-4a1c@thread.v2';
    await flow.anna.inGroupChat(chat).say(`<at>Samordningsboten</at> koppla ${code}`);
    await chooseDelivery(flow.anna, code, 'groupChat');
    await chooseDelivery(flow.bjorn, code, 'groupChat');
    flow.connector.reset();
    await flow.dispatch(localInstant('2026-11-25', '08:00'));
    await flow.dispatch(localInstant('2026-11-25', '08:05'));
    expect(deliveredReminders(flow.connector).filter((r) => r.code === code)).toEqual([{ conversationId: chat, code, key: 'firstMeeting', dueDate: '2026-11-25' }]);
  });
});
