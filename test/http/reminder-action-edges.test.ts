import { describe, expect, it } from 'vitest';
import { BJORN, ANNA, Client, EVA, TENANT, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/**
 * The edges of the reminder buttons that reminder-flows.test.ts passes by: snoozing the other
 * coordinator's copy or a reminder the card did not show, and reminder settings that are turned
 * off again, forged, or sent for a closed case.
 */

// Monday 23 November 2026, 09:00 in Stockholm (CET, UTC+1); tests only move it forward.
let now = Date.parse('2026-11-23T08:00:00.000Z');
const clock = () => new Date(now);

const flow = flowForAll(clock);

const coordinatorOf = async (code: string, aadObjectId: string) => (await flow.bot.app.cases.get(TENANT, code))!.state.coordinators.find((x) => x.aadObjectId === aadObjectId)!;
/**
 * The reminders of a case in a chat, but "hold the förmöte", which every case opened with consent
 * also gets three working days on: these tests follow the other rules, and it has its own (the
 * reminder rules' tests, test/http/consent-flows.test.ts).
 */
const remindersTo = (conversationId: string, code: string) =>
  flow.connector.activitiesIn(conversationId).filter((a) => textOf(a).includes('Påminnelse') && textOf(a).includes(code) && !textOf(a).includes('"key":"preMeetingAfterConsent:'));
const snoozeData = (card: unknown): Record<string, unknown> =>
  JSON.parse(textOf(card).match(/"verb":"reminder.snooze","data":(\{[^}]*"days":1\})/)![1]!) as Record<string, unknown>;

describe('snoozing', () => {
  it("snoozes the presser's own copy only, and not a reminder the card did not show", async () => {
    const code = await createCaseAs(flow.anna);
    // "Plan the first coordination meeting with the person" goes to both coordinators on Wednesday 25 November at 08:00 (07:00 UTC).
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    const bjorns = snoozeData(remindersTo(BJORN.conversationId, code)[0]);
    now = Date.parse('2026-11-25T07:10:00.000Z');

    // The same key a day early, or another key on the right day: no such reminder, nothing scheduled.
    for (const forged of [{ ...bjorns, dueDate: '2026-11-24' }, { ...bjorns, key: `${String(bjorns['key'])}x` }]) {
      expect(await flow.bjorn.press('reminder.snooze', forged)).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('redan gjort') });
    }
    const res = await flow.bjorn.press('reminder.snooze', bjorns);
    // The next working day after Wednesday 25 November is Thursday 26 November, at office opening.
    expect(res).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Du påminns igen 26 nov. 2026 08:00.' });

    flow.connector.reset();
    await flow.dispatch('2026-11-26T07:00:00.000Z');
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(1);
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(0);
  });
});

describe('reminder settings', () => {
  it('turns a mute off again and stores the chosen delivery', async () => {
    const code = await createCaseAs(flow.anna);
    const press = (muted: string, delivery: string) => flow.bjorn.press('reminders.preferences', { code, [`muted_${code}`]: muted, [`delivery_${code}`]: delivery });
    await press('true', 'personal');
    expect(await coordinatorOf(code, BJORN.aadObjectId)).toMatchObject({ remindersMuted: true, reminderDelivery: 'personal' });
    const res = await press('false', 'groupChat');
    expect(textOf(res.value)).toContain(`Inställningarna för ${code} är sparade`);
    expect(await coordinatorOf(code, BJORN.aadObjectId)).toMatchObject({ remindersMuted: false, reminderDelivery: 'groupChat' });
  });

  it('refuses a forged value in either input and stores nothing; an outsider hears that there is no such case', async () => {
    const code = await createCaseAs(flow.anna);
    const before = await coordinatorOf(code, ANNA.aadObjectId);
    for (const [muted, delivery] of [
      ['maybe', 'personal'],
      ['true', 'email'],
    ]) {
      const res = await flow.anna.press('reminders.preferences', { code, [`muted_${code}`]: muted, [`delivery_${code}`]: delivery });
      expect(res).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'invalidActionData' } });
    }
    expect(await coordinatorOf(code, ANNA.aadObjectId)).toEqual(before);
    const eva = new Client(flow.bot, flow.connector, EVA);
    const res = await eva.press('reminders.preferences', { code, [`muted_${code}`]: 'maybe' });
    expect(res).toMatchObject({ statusCode: 404, type: 'application/vnd.microsoft.error', value: { code: 'caseNotFound' } });
  });

  it('says a closed case cannot be changed, rather than that the settings are saved', async () => {
    const code = await createCaseAs(flow.anna);
    await flow.anna.press('case.close', { code, closeEarly: 'declines' });
    const res = await flow.anna.press('reminders.preferences', { code, [`muted_${code}`]: 'true', [`delivery_${code}`]: 'personal' });
    expect(textOf(res.value)).toContain('Ärendet är avslutat och kan inte ändras.');
    expect(textOf(res.value)).not.toContain('är sparade');
    expect((await coordinatorOf(code, ANNA.aadObjectId)).remindersMuted).toBeUndefined();
  });
});
