import { describe, expect, it } from 'vitest';
import { messageLines } from '../support/rendered-markdown';
import { ANNA, TENANT, actionIn, completePlanAs, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * A SIP meeting with the principals' units (METHOD.md: each principal may be represented by several
 * units, each with its own kallelse mark), over the HTTP endpoint with both coordinators: Anna
 * (region) invites one region unit and two kommun units; Björn marks the kommun units' kallelser;
 * who came is asked unit by unit, and the plan's version names the units that took part.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z'); // Monday 30 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);
const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const annasReminders = async (code: string) => (await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).map((r) => r.key.split(':')[0]);

describe('a meeting with the principals\' units', () => {
  it('invites each unit with its own kallelse, keeps the reminder until every kommun unit has one, and asks who came unit by unit', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    expect(textOf(form.value)).toContain('"id":"kommunUnits","label":"Kommunens enheter som kallas: en enhet per rad');
    const planned = await flow.anna.press('sip.plan', {
      ...actionIn(form.value, 'sip.plan').data,
      date: '2026-12-21',
      time: '10:00',
      duration: '90',
      form: 'fysiskt',
      place: 'Vårdcentralen Norr, rum 3',
      purpose: 'Samordna insatser för boende och sysselsättning',
      invited: 'personen,region,kommun',
      regionUnits: 'Psykiatrisk öppenvård',
      kommunUnits: 'Socialpsykiatri\nLSS\n',
    });
    expect(textOf(planned.value)).toContain('Kallade: Personen, Regionen: Psykiatrisk öppenvård, Kommunen: Socialpsykiatri, Kommunen: LSS');
    await flow.bot.app.settled();
    expect(await annasReminders(code)).toContain('invitation');

    // Björn, of the kommun, opens the kallelse: one row per unit, the kommun's marked as the other principal's.
    const [bjornsSip] = await flow.bjorn.say(`sip ${code}`);
    const invitation = await flow.bjorn.press('sip.invitation.open', actionIn(bjornsSip, 'sip.invitation.open').data);
    const shown = textOf(invitation.value);
    expect(shown).toContain('Kallade: du (som mötet gäller), Regionen: Psykiatrisk öppenvård, Kommunen: Socialpsykiatri, Kommunen: LSS');
    for (const title of ['Regionen: Psykiatrisk öppenvård', 'Kommunen: Socialpsykiatri (den andra huvudmannen)', 'Kommunen: LSS (den andra huvudmannen)']) expect(shown).toContain(`"text":"**${title}**"`);
    const first = await flow.bjorn.press('sip.invitation.sent', actionIn(invitation.value, 'sip.invitation.sent', { party: 'kommun1' }).data);
    expect((await stateOf(code)).baseline.items.B4.status).toBe('notStarted');
    await flow.bot.app.settled();
    expect(await annasReminders(code)).toContain('invitation');
    await flow.bjorn.press('sip.invitation.sent', actionIn(first.value, 'sip.invitation.sent', { party: 'kommun2' }).data);
    expect((await stateOf(code)).baseline.items.B4).toMatchObject({ status: 'done', source: 'sip' });
    await flow.bot.app.settled();
    expect(await annasReminders(code)).not.toContain('invitation');
    const [history] = await flow.anna.say(`historik ${code}`);
    expect(textOf(history)).toContain('markerade kallelsen till kommunen, enhet 2 (M1) som skickad');

    // The meeting is held; LSS did not come.
    now = Date.parse('2026-12-21T10:00:00.000Z');
    const [started] = await flow.anna.say(`sip ${code}`);
    expect(textOf(started)).toContain('"id":"attended_M1_kommun2","title":"Kommunen: LSS"');
    const held = await flow.anna.press('sip.held', { ...actionIn(started, 'sip.held').data, personTookPart_M1: 'yes', attended_M1_region1: 'true', attended_M1_kommun1: 'true', attended_M1_kommun2: 'false' });
    expect(textOf(held.value)).toContain('Deltog: Personen, Regionen: Psykiatrisk öppenvård, Kommunen: Socialpsykiatri');
    expect(textOf(held.value)).toContain('Deltog inte: Kommunen: LSS');
    expect((await stateOf(code)).sipMeetings![0]!.attendance).toEqual({ person: true, absent: ['kommun2'] });

    // The plan upprättad there names who took part, unit by unit.
    const complete = await completePlanAs(flow.anna, code);
    await flow.anna.press('plan.establish', { ...actionIn(complete.value, 'plan.establish').data, withPerson: 'yes' });
    flow.connector.reset();
    await flow.anna.press('plan.export', { code });
    const text = messageLines(String(flow.connector.activitiesIn(ANNA.conversationId)[0]!['text']));
    expect(text).toContain('Med på mötet: du, Regionen: Psykiatrisk öppenvård, Kommunen: Socialpsykiatri.');

    // Booking the follow-up proposes the same units.
    const [after] = await flow.bjorn.say(`sip ${code}`);
    const followUp = await flow.bjorn.press('sip.plan.open', actionIn(after, 'sip.plan.open', { followUpOf: 'M1' }).data);
    expect(textOf(followUp.value)).toMatch(/"id":"kommunUnits","label":"Kommunens enheter som kallas: [^"]+","value":"Socialpsykiatri\\nLSS"/);
  });
});
