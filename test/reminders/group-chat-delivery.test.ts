import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, actionIn, createCaseAs, flowForAll, textOf } from '../support/case-flow';
import { chooseDelivery, deliveredReminders, inputIn, localInstant, type DeliveredReminder } from './dispatch-harness';

/*
 * "Påminnelser": a coordinator can have a case's reminders delivered in the group chat the case
 * is linked to instead of their 1:1 chat. The choice is made on the card, as in Teams, and read
 * when each reminder is sent; the colleague's own choice is untouched.
 */

let now = localInstant('2026-11-23', '09:00'); // Monday
const clock = () => new Date(now);

const flow = flowForAll(clock);

const remindersIn = (conversationId: string, code: string): DeliveredReminder[] =>
  deliveredReminders(flow.connector).filter((r) => r.conversationId === conversationId && r.code === code);

describe('reminders delivered to the case’s group chat', () => {
  it('go to the linked group chat for the coordinator who chose it, and to the 1:1 chat for the other', async () => {
    const code = await createCaseAs(flow.anna);
    const chat = '19:samordning-ab-7f3e@thread.v2';
    const [linked] = await flow.anna.inGroupChat(chat).say(`<at>Samordningsboten</at> koppla ${code}`);
    expect(textOf(linked)).toContain('är nu kopplat till den här chatten');

    // Anna chooses the group chat for this case; the list she gets back shows the choice.
    const saved = await chooseDelivery(flow.anna, code, 'groupChat');
    expect(inputIn(saved, `delivery_${code}`)?.['value']).toBe('groupChat');
    const stored = (await flow.bot.app.cases.get(TENANT, code))!.state;
    expect(stored.coordinators.map((c) => [c.aadObjectId, c.reminderDelivery ?? 'personal'])).toEqual([
      [ANNA.aadObjectId, 'groupChat'],
      [BJORN.aadObjectId, 'personal'],
    ]);
    // Björn's own list still says 1:1 for him.
    const [bjornsList] = await flow.bjorn.say('påminnelser');
    expect(inputIn(bjornsList, `delivery_${code}`)?.['value']).toBe('personal');

    // Wednesday 08:00: "book the first meeting" is due for both.
    flow.connector.reset();
    now = localInstant('2026-11-25', '08:05');
    await flow.dispatch(localInstant('2026-11-25', '08:00'));
    await flow.dispatch(localInstant('2026-11-25', '08:05'));
    const inChat = remindersIn(chat, code);
    expect(inChat).toEqual([{ conversationId: chat, code, key: 'firstMeeting', dueDate: '2026-11-25' }]);
    expect(textOf(flow.connector.activitiesIn(chat)[0])).toContain('Planera det första samordningsmötet med personen');
    expect(remindersIn(ANNA.conversationId, code)).toEqual([]);
    expect(remindersIn(BJORN.conversationId, code)).toEqual([{ conversationId: BJORN.conversationId, code, key: 'firstMeeting', dueDate: '2026-11-25' }]);

    // In the group chat Anna asks to be reminded tomorrow, then switches back to her 1:1 chat:
    // the snoozed reminder follows her choice as it is when sent.
    const card = flow.connector.activitiesIn(chat).map((a) => (a['attachments'] as Array<{ content: unknown }>)[0]!.content)[0];
    const snooze = actionIn(card, 'reminder.snooze', { days: 1 });
    const snoozed = await flow.anna.inGroupChat(chat).press(snooze.verb, snooze.data);
    expect(snoozed.value).toEqual(expect.stringContaining('Du påminns igen 26 nov. 2026 08:00'));
    const back = await chooseDelivery(flow.anna, code, 'personal');
    expect(inputIn(back, `delivery_${code}`)?.['value']).toBe('personal');

    flow.connector.reset();
    now = localInstant('2026-11-26', '08:05');
    await flow.dispatch(localInstant('2026-11-26', '08:00'));
    await flow.dispatch(localInstant('2026-11-26', '09:00'));
    // With it, Thursday's "hold the förmöte" (3 working days after Monday's consent), in the chat each chose now.
    const preMeeting = (conversationId: string) => ({ conversationId, code, key: 'preMeetingAfterConsent:2026-11-23', dueDate: '2026-11-26' });
    // Sent side by side, so in either order.
    const byKey = (list: ReadonlyArray<{ key: string }>) => [...list].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(remindersIn(ANNA.conversationId, code))).toEqual([{ conversationId: ANNA.conversationId, code, key: 'firstMeeting', dueDate: '2026-11-25' }, preMeeting(ANNA.conversationId)]);
    expect(remindersIn(chat, code)).toEqual([]);
    expect(remindersIn(BJORN.conversationId, code)).toEqual([preMeeting(BJORN.conversationId)]);
  });
});
