import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, actionIn, completePlanAs, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * VoSS closes while the SIP goes on (003:114: "Den fortsatta samverkan sker därefter utifrån de
 * behov som finns"), over the HTTP endpoint with both coordinators: Anna closes the case once the
 * plan is upprättad and the meeting held, Björn holds the SIP from then on, and ends it later.
 */

let now = Date.parse('2026-11-23T09:00:00.000Z'); // Monday 23 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const remindersOf = async (code: string, who: { aadObjectId: string }) => (await flow.bot.app.reminders.upcoming(TENANT, code, who.aadObjectId)).map((r) => r.key);

describe('VoSS closes while the SIP goes on', () => {
  it('asks who holds the SIP, keeps it working and reminding for Björn only, and lets him end it', async () => {
    const code = await createCaseAs(flow.anna);

    // Closing now would be early: the form says why and what is left.
    const [early] = await flow.anna.say(`avsluta ${code}`);
    expect(textOf(early)).toContain('Villkoret är inte uppfyllt: planen är inte upprättad; inget SIP-möte är genomfört.');

    // The meeting on Monday 14 December, held; the plan drawn up and established the same day.
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    await flow.anna.press('sip.plan', { ...actionIn(form.value, 'sip.plan').data, date: '2026-12-14', time: '10:00', duration: '90', form: 'teams', purpose: 'Samordna insatser', invited: 'personen,region,kommun' });
    now = Date.parse('2026-12-14T10:30:00.000Z');
    // Marked held from the SIP card, which asks who took part.
    const [sipAfter] = await flow.anna.say(`sip ${code}`);
    const held = actionIn(sipAfter, 'sip.held');
    expect(textOf(sipAfter)).toContain('"id":"personTookPart_M1","label":"Deltog personen?"');
    expect(textOf(sipAfter)).toContain('"id":"attended_M1_kommun","title":"Kommunen"');
    const absentNoWhy = await flow.anna.press('sip.held', { ...held.data, personTookPart_M1: 'no', attended_M1_region: 'true', attended_M1_kommun: 'true' });
    expect(textOf(absentNoWhy.value)).toContain('Varför personen inte deltog: fyll i detta');
    expect((await stateOf(code)).sipMeetings![0]!.status).toBe('planned');
    const marked = await flow.anna.press('sip.held', { ...held.data, personTookPart_M1: 'yes', attended_M1_region: 'true', attended_M1_kommun: 'false' });
    expect(textOf(marked.value)).toContain('Deltog: Personen, Region');
    expect(textOf(marked.value)).toContain('Deltog inte: Kommun');
    expect((await stateOf(code)).sipMeetings![0]!.attendance).toEqual({ person: true, absent: ['kommun'] });
    const two = await completePlanAs(flow.anna, code);
    // The card asks whether the plan was drawn up with the person.
    expect(textOf(two.value)).toContain('"id":"withPerson","label":"Upprättades planen tillsammans med personen?"');
    const established = await flow.anna.press('plan.establish', { ...actionIn(two.value, 'plan.establish').data, withPerson: 'yes' });
    expect(textOf(established.value)).toContain('Planen är upprättad: version 1 (14 dec. 2026 11:30, vid SIP-mötet M1), tillsammans med personen.');

    // Monday 11 January: Anna closes VoSS. The condition is met; the SIP has its follow-up date.
    now = Date.parse('2027-01-11T09:00:00.000Z');
    const [hub] = await flow.anna.say(`avsluta ${code}`);
    const shown = textOf(hub);
    expect(shown).toContain('Villkoret är uppfyllt: planen är upprättad och minst ett SIP-möte är genomfört.');
    expect(shown).toContain('Vem håller i SIP:en från och med nu?');
    expect(shown).toContain('"title":"Anna Lind (region), du"');
    expect(shown).toContain(`"title":"Björn Berg (kommun)","value":"${BJORN.aadObjectId}"`);
    expect(shown).toContain('"title":"SIP:en avslutas också","value":"ended"');
    expect(shown).not.toContain('"id":"closeEarly"');

    const noHolder = await flow.anna.press('case.close', { code });
    expect(textOf(noHolder.value)).toContain('Vem som håller i SIP:en: fyll i detta');
    expect((await stateOf(code)).closure).toBeUndefined();
    const beforeClose = flow.connector.calls.length;
    const closed = await flow.anna.press('case.close', { code, sipHolder: BJORN.aadObjectId });
    expect(textOf(closed.value)).toContain('VoSS är avslutad: villkoret för avslut var uppfyllt. SIP:en fortsätter hos Björn Berg');
    await flow.bot.app.settled();
    // Björn, chosen by Anna, is told in his chat.
    const toBjorn = flow.connector.calls.slice(beforeClose).filter((c) => c.conversationId === BJORN.conversationId).map((c) => JSON.stringify(c.body));
    expect(toBjorn.filter((c) => c.includes('SIP:en fortsätter hos dig'))).toHaveLength(1);
    expect(toBjorn.join()).toContain(`Anna Lind har avslutat VoSS i ärende ${code}.`);
    expect((await stateOf(code)).closure?.sip).toEqual({ kind: 'continues', holder: expect.objectContaining({ aadObjectId: BJORN.aadObjectId }) });

    // The SIP's reminders go on for Björn only; VoSS's own (a quiet case) end for both.
    expect(await remindersOf(code, ANNA)).toEqual([]);
    const bjorns = await remindersOf(code, BJORN);
    expect(bjorns).toEqual(expect.arrayContaining(['followUpSoon:2027-03-01', 'followUpToday:2027-03-01']));
    expect(bjorns.some((k) => k.startsWith('inactive'))).toBe(false);

    // In Björn's "mina ärenden" under its own heading; gone from Anna's.
    const [bjornsList] = await flow.bjorn.say('mina ärenden');
    expect(textOf(bjornsList)).toContain('Avslutad VoSS – SIP fortsätter');
    expect(textOf(bjornsList)).toContain(code);
    const [annasList] = await flow.anna.say('mina ärenden');
    expect(textOf(annasList)).not.toContain(code);

    // Anna can no longer plan; Björn books the follow-up meeting from the SIP card.
    const [annasSip] = await flow.anna.say(`sip ${code}`);
    expect(() => actionIn(annasSip, 'sip.plan.open')).toThrow();
    const forged = await flow.anna.press('sip.plan', { code, meetingId: '', rev: 0, date: '2027-03-01', time: '10:00', duration: '60', form: 'teams', purpose: 'Uppföljning', invited: 'personen,region,kommun', followUpOf: 'M1' });
    expect(textOf(forged.value)).toContain('Ärendet är avslutat och kan inte ändras.');
    const [bjornsSip] = await flow.bjorn.say(`sip ${code}`);
    const followUpForm = await flow.bjorn.press('sip.plan.open', actionIn(bjornsSip, 'sip.plan.open', { followUpOf: 'M1' }).data);
    const booked = await flow.bjorn.press('sip.plan', { ...actionIn(followUpForm.value, 'sip.plan').data, date: '2027-03-01', time: '10:00', duration: '60', form: 'teams', purpose: 'Uppföljning av planen', invited: 'personen,region,kommun' });
    expect(textOf(booked.value)).toContain('M2');
    await flow.bot.app.settled();
    expect((await remindersOf(code, BJORN)).some((k) => k.startsWith('meetingSoon:M2'))).toBe(true);
    expect(await remindersOf(code, ANNA)).toEqual([]);

    // The checklist stays as VoSS left it, for Björn too.
    const version = (await stateOf(code)).version;
    const tick = await flow.bjorn.press('baseline.set', { code, item: 'B8', status: 'done', rev: (await stateOf(code)).baseline.items.B8.rev });
    expect(textOf(tick.value)).toContain('Ärendet är avslutat och kan inte ändras.');
    expect((await stateOf(code)).version).toBe(version);

    // Björn ends the SIP from his hub; Anna's hub does not offer it.
    const [annasHub] = await flow.anna.say(`ärende ${code}`);
    expect(() => actionIn(annasHub, 'sip.end')).toThrow();
    const [bjornsHub] = await flow.bjorn.say(`ärende ${code}`);
    expect(textOf(bjornsHub)).toContain('SIP:en fortsätter hos dig');
    const noWhy = await flow.bjorn.press('sip.end', { ...actionIn(bjornsHub, 'sip.end').data });
    expect(textOf(noWhy.value)).toContain('Varför SIP:en avslutas: fyll i detta');
    const ended = await flow.bjorn.press('sip.end', { ...actionIn(bjornsHub, 'sip.end').data, endSipReason: 'Personen klarar sig med ordinarie insatser' });
    expect(textOf(ended.value)).toContain('SIP:en avslutades också: Personen klarar sig med ordinarie insatser. Ärendet kan bara läsas.');
    // The follow-up meeting he had booked is cancelled with it.
    expect((await stateOf(code)).sipMeetings!.map((m) => m.status)).toEqual(['held', 'cancelled']);
    await flow.bot.app.settled();
    expect(await remindersOf(code, BJORN)).toEqual([]);
    const [listAfter] = await flow.bjorn.say('mina ärenden');
    expect(textOf(listAfter)).not.toContain(code);

    const history = (await flow.bot.app.cases.history(TENANT, code, 50)).map((e) => [e.action, e.by.aadObjectId]);
    expect(history).toContainEqual(['case.closed', ANNA.aadObjectId]);
    expect(history).toContainEqual(['sip.continuesAfterClosing', ANNA.aadObjectId]);
    expect(history).toContainEqual(['sip.ended', BJORN.aadObjectId]);
    const [historyCard] = await flow.anna.say(`historik ${code}`);
    expect(textOf(historyCard)).toContain('lät SIP:en fortsätta efter avslutad VoSS, hos samordnaren från kommun');
  });
});
