import { describe, expect, it } from 'vitest';
import type { DispatchResult, ReminderDispatcher } from '../../src/reminders/reminder-dispatcher';
import { ANNA, BJORN, createCaseAs, flowForAll } from '../support/case-flow';
import { ROUNDS_BY_HAND, deliveredReminders, deliveryCounts, dispatcherFor, dueByHand, localInstant, seededRandom, type RoundCase } from './dispatch-harness';

/*
 * Several bot instances dispatch at the same moment over the same due reminders (the bot's own
 * dispatcher, with Teams pacing, and two more instances over the same tables). Round after round,
 * with new due reminders each time, every reminder reaches each coordinator exactly once.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let now = localInstant('2026-11-23', '09:00');
const clock = () => new Date(now);

// At Teams' highest pace (the default is 30 a second): the rounds send a few hundred reminders.
const flow = flowForAll(clock, { REMINDER_RATE_PER_SECOND: '50' });

const sentOf = (results: readonly DispatchResult[]) => results.reduce((sum, r) => sum + r.sent, 0);

describe('dispatchers running at the same time', () => {
  it('deliver every due reminder exactly once to each coordinator, round after round', async () => {
    const random = seededRandom(0xc0ffee);
    // Twelve rounds, 23 Nov to 29 Dec 2026: over Christmas, and past the first 30-day nudges.
    const ROUNDS = ROUNDS_BY_HAND.slice(0, 12);
    const cases: RoundCase[] = [];
    const dispatchers: ReminderDispatcher[] = [flow.bot.app.dispatcher, dispatcherFor(flow.bot, { instanceId: 'instance-b' }), dispatcherFor(flow.bot, { instanceId: 'instance-c' })];
    let deliveredSoFar = 0;
    const sentBy = dispatchers.map(() => 0);

    for (const [round, { day, dueDay }] of ROUNDS.entries()) {
      const context = `round ${round}`;
      // New cases in the afternoon, by either coordinator with the other as colleague.
      now = localInstant(day, '16:00');
      const created: string[] = [];
      for (let i = 0, n = 2 + Math.floor(random() * 2); i < n; i++) {
        created.push(i % 2 === 0 ? await createCaseAs(flow.anna) : await createCaseAs(flow.bjorn, { principal: 'kommun', unit: 'Socialtjänsten Öst', colleague: ANNA.aadObjectId }));
      }
      cases.push(...created.map((code) => ({ code, day, dueDay })));
      // On time most rounds; now and then the dispatch starts hours late (after an outage).
      const start = localInstant(dueDay, '08:00') + (round % 4 === 3 ? 3 * HOUR : Math.floor(random() * 10) * MINUTE);

      // One instance's timer ticks before they are due (the periodic timer would; it keeps the
      // racing ticks below short). Then all instances at once, their clocks a few seconds apart,
      // and all again, still together.
      const early = await dispatchers[round % dispatchers.length]!.tick(new Date(localInstant(dueDay, '07:00')));
      const first = await Promise.all(
        dispatchers.map(async (d, i) => {
          // Started a few milliseconds apart in a random order, so different instances win rows.
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 15)));
          return d.tick(new Date(start + i * 1_000 * Math.floor(random() * 5)));
        }),
      );
      first.forEach((r, i) => (sentBy[i]! += r.sent));
      const second = await Promise.all(dispatchers.map((d) => d.tick(new Date(start + 30_000))));
      // Much later, one more pass by each: nothing is left to send.
      const later = await Promise.all(dispatchers.map((d) => d.tick(new Date(start + HOUR))));

      const delivered = deliveredReminders(flow.connector).length;
      // What the instances say they sent is what arrived: no send was counted twice, or lost.
      expect(sentOf([early, ...first, ...second, ...later]), context).toBe(delivered - deliveredSoFar);
      expect(sentOf(later), context).toBe(0);
      deliveredSoFar = delivered;

      const expected = dueByHand(cases, dueDay);
      const counts = deliveryCounts(flow.connector);
      // Each of this round's cases: "book the first meeting" once in Anna's and once in Björn's chat.
      for (const code of created) {
        for (const person of [ANNA, BJORN]) {
          const firstMeeting = deliveredReminders(flow.connector).filter((r) => r.conversationId === person.conversationId && r.code === code && r.key === 'firstMeeting');
          expect(firstMeeting, `${context}: ${code} to ${person.name}`).toHaveLength(1);
        }
      }
      // Every reminder due so far (including the 30-day "no activity" ones of earlier cases), once.
      for (const id of expected) expect(counts.get(id) ?? 0, `${context}: ${id}`).toBe(1);
      expect([...counts.keys()].filter((id) => !expected.has(id)), context).toEqual([]);
    }
    // The race was real: more than one instance won reminders over the rounds.
    expect(sentBy.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    // The rounds went past 30 days, so reminders of more than one kind were raced for: the nudges
    // of the cases of 23 Nov (due 23 Dec), 25 and 27 Nov (both due Monday 28 Dec), to each coordinator.
    const kinds = new Set(deliveredReminders(flow.connector).map((r) => r.key.split(':')[0]));
    expect([...kinds].sort()).toEqual(['firstMeeting', 'inactive', 'preMeetingAfterConsent']);
    const nudges = deliveredReminders(flow.connector).filter((r) => r.key.startsWith('inactive:'));
    expect(nudges).toHaveLength(2 * cases.filter((c) => c.day <= '2026-11-27').length);
  }, 60_000);
});
