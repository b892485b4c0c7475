import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, actionIn, completePlanAs, createCaseAs, flowForAll, holdMeetingAs, textOf } from '../support/case-flow';
import { storedBefore } from '../support/stored-rows';

/*
 * Consent as the coordinators meet it over the HTTP endpoint, with both of them: given at the
 * förmöte a week after the case was opened, and withdrawn after the plan was established.
 */

let now = Date.parse('2026-11-23T09:00:00.000Z'); // Monday 23 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const annasReminders = async (code: string) => (await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).map((r) => [r.key, r.dueDate] as const);
const historyOf = async (code: string) => (await flow.bot.app.cases.history(TENANT, code, 50)).map((e) => [e.action, e.by.aadObjectId]);

describe('consent given at the förmöte, a week after the case was opened', () => {
  it('asks Björn first and appoints him with consent; gates the SIP until then; the first meeting is due two working days on', async () => {
    const mark = flow.connector.calls.length;
    const code = await createCaseAs(flow.anna, { consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '' });
    await flow.bot.app.settled();
    expect((await stateOf(code)).consent).toEqual({ status: 'notYet' });
    // No consent: nothing to plan promptly yet.
    expect((await annasReminders(code)).map(([key]) => key)).toEqual(['inactive:2026-11-23']);

    // 003:86–88: Björn is asked, not appointed. His request names who asks, her unit and the code,
    // and nothing about the person: not the initials, not the target group.
    expect((await stateOf(code)).coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId]);
    const sent = flow.connector.calls.slice(mark).filter((c) => JSON.stringify(c.body).includes('Förfrågan om samordning'));
    expect(sent).toHaveLength(1);
    const request = JSON.stringify(sent[0]!.body);
    expect(request).toContain(`Anna Lind (region, Psykiatrimottagning Väst) frågar om du vill bli vård- och stödsamordnare från kommunen i ärende ${code}`);
    expect(request).not.toContain('(AB)');
    expect(request).not.toMatch(/målgrupp|Målgrupp|psykisk/);
    const [annasHubFirst] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(annasHubFirst)).toContain('Förfrågan till Björn Berg (kommun) väntar på svar.');
    expect(textOf(annasHubFirst)).not.toContain('Vård- och stödsamordnaren från kommunen saknas ännu');
    // Before consent Björn sees the request, not the case; elsewhere the case is not there for him.
    const [asked] = await flow.bjorn.say(`ärende ${code}`);
    expect(textOf(asked)).toContain(`Förfrågan om samordning – ${code}`);
    expect(textOf(asked)).not.toContain('(AB)');
    const [notHis] = await flow.bjorn.say(`basnivå ${code}`);
    expect(textOf(notHis)).toContain('Det finns inget ärende med den koden för dig');
    const [bjornsList] = await flow.bjorn.say('mina ärenden');
    expect(textOf(bjornsList)).toContain('Förfrågningar till dig');
    expect(textOf(bjornsList)).toContain('väntar på ditt svar');
    // He names his unit as he takes it on, from the kommun's list.
    expect(textOf(asked)).toContain('"id":"unit","label":"Din enhet hos kommunen"');
    const accepted = await flow.bjorn.press('case.request.accept', { ...actionIn(asked, 'case.request.accept').data, unit: 'Socialpsykiatrin' });
    expect(textOf(accepted.value)).toContain('Du har tagit uppdraget. Du blir samordnare när personens samtycke är registrerat');
    expect(() => actionIn(accepted.value, 'case.request.accept')).toThrow();
    const [annasHubAccepted] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(annasHubAccepted)).toContain('Björn Berg (kommun) har tagit uppdraget och blir samordnare när personens samtycke är registrerat.');

    // The hub says so and offers to record it.
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('Inte inhämtat ännu');
    expect(actionIn(hub, 'consent.open').data).toEqual({ code });

    // Planning a SIP meeting leads to the consent card instead of a form that cannot be saved.
    const [sip] = await flow.anna.say(`sip ${code}`);
    const planForm = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    expect(textOf(planForm.value)).toContain('En SIP upprättas bara om personen samtycker till det, och det finns inget giltigt samtycke i ärendet.');
    expect(actionIn(planForm.value, 'consent.record').data).toEqual({ code, rev: 0 });
    // A forged plan without the form is refused the same way, and nothing is stored.
    const forged = await flow.anna.press('sip.plan', { code, meetingId: '', rev: 0, date: '2026-12-14', time: '10:00', duration: '90', form: 'teams', purpose: 'Samordna insatser', invited: 'personen,region,kommun' });
    expect(textOf(forged.value)).toContain('det finns inget giltigt samtycke i ärendet');
    expect((await stateOf(code)).sipMeetings ?? []).toEqual([]);

    // Monday 30 November: the förmöte. Anna records the oral consent from her own hub.
    now = Date.parse('2026-11-30T13:00:00.000Z');
    const [annasHub] = await flow.anna.say(`ärende ${code}`);
    const card = await flow.anna.press('consent.open', actionIn(annasHub, 'consent.open').data);
    const past = await flow.anna.press('consent.record', { ...actionIn(card.value, 'consent.record').data, consentForm: 'oral', consentScope: 'Boende och insatser, med region och kommun', consentValidUntil: '2026-11-27' });
    expect(textOf(past.value)).toContain('Samtycket gäller t.o.m.: datumet har redan passerat.');
    expect(textOf(past.value)).toContain('Boende och insatser, med region och kommun');
    expect((await stateOf(code)).consent.status).toBe('notYet');
    const beforeConsent = flow.connector.calls.length;
    const recorded = await flow.anna.press('consent.record', { ...actionIn(card.value, 'consent.record').data, consentForm: 'oral', consentScope: 'Boende och insatser, med region och kommun', consentValidUntil: '2027-11-30' });
    expect(textOf(recorded.value)).toContain('"text":"Samtycket är registrerat."');
    expect(textOf(recorded.value)).toContain('Samtycket är muntligt: anteckna det i journalen.');
    expect(textOf(recorded.value)).toContain('Registrerat av Anna Lind');
    await flow.bot.app.settled();
    // Both coordinators are appointed now: Björn is told, and has the case.
    expect((await stateOf(code)).coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId, BJORN.aadObjectId]);
    expect((await stateOf(code)).coordinators[1]?.unit).toBe('Socialpsykiatrin');
    expect((await stateOf(code)).colleagueRequest).toBeUndefined();
    expect(flow.connector.calls.slice(beforeConsent).some((c) => JSON.stringify(c.body).includes('Du är samordnare i ett nytt ärende'))).toBe(true);
    const [bjornsHub] = await flow.bjorn.say(`ärende ${code}`);
    expect(textOf(bjornsHub)).toContain(`Ärende ${code} (AB)`);

    // Björn's consent card from his request days is gone; a card Anna opened before is out of date: refused, nothing overwritten.
    const stale = await flow.anna.press('consent.record', { ...actionIn(planForm.value, 'consent.record').data, consentForm: 'written', consentScope: 'Allt', consentValidUntil: '2027-01-31' });
    expect(textOf(stale.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect((await stateOf(code)).consent).toMatchObject({ status: 'given', form: 'oral', validUntil: '2027-11-30', rev: 1, recordedBy: { aadObjectId: ANNA.aadObjectId } });

    // Counted from Monday 30 November, not from the opening on the 23rd: Wednesday 2 December.
    // Ten working days before Tuesday 30 November 2027 is Tuesday 16 November.
    expect(await annasReminders(code)).toEqual([
      ['firstMeeting', '2026-12-02'],
      // The förmöte where consent was given is not marked held in this walk: asked for three working days on.
      ['preMeetingAfterConsent:2026-11-30', '2026-12-03'],
      ['inactive:2026-11-30', '2026-12-30'],
      ['consentEnding:2027-11-30', '2027-11-16'],
    ]);

    // Now the meeting can be planned.
    const [sipNow] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sipNow, 'sip.plan.open').data);
    const planned = await flow.anna.press('sip.plan', { ...actionIn(form.value, 'sip.plan').data, date: '2026-12-14', time: '10:00', duration: '90', form: 'teams', purpose: 'Samordna insatser', invited: 'personen,region,kommun' });
    expect(textOf(planned.value)).toContain('M1');
    expect((await stateOf(code)).sipMeetings).toHaveLength(1);

    const history = await historyOf(code);
    expect(history).toContainEqual(['consent.recorded', ANNA.aadObjectId]);
    expect(history).toContainEqual(['case.colleagueRequested', ANNA.aadObjectId]);
    expect(history).toContainEqual(['case.requestAccepted', BJORN.aadObjectId]);
    expect(history).toContainEqual(['case.coordinatorAdded', ANNA.aadObjectId]);
    const [historyCard] = await flow.anna.say(`historik ${code}`);
    expect(textOf(historyCard)).toContain('registrerade personens samtycke (muntligt)');
  });
});

describe('consent withdrawn after the plan was established', () => {
  it('stops new SIP steps and the consent reminders; the plan stays readable', async () => {
    now = Date.parse('2026-12-01T09:00:00.000Z');
    const code = await createCaseAs(flow.anna);
    // M1 held the same morning, where the plan is upprättad; M2, on 15 December, still planned.
    await holdMeetingAs(flow.anna, code, { date: '2026-12-01', time: '11:00' }, () => (now = Date.parse('2026-12-01T10:30:00.000Z')));
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    await flow.anna.press('sip.plan', { ...actionIn(form.value, 'sip.plan').data, date: '2026-12-15', time: '10:00', duration: '90', form: 'teams', purpose: 'Samordna insatser', invited: 'personen,region,kommun' });
    const two = await completePlanAs(flow.anna, code);
    const established = await flow.anna.press('plan.establish', actionIn(two.value, 'plan.establish').data);
    expect(textOf(established.value)).toContain('Planen är upprättad');
    await flow.bot.app.settled();
    expect((await annasReminders(code)).map(([key]) => key)).toContain('consentEnding:2027-06-30');

    // Friday 4 December: the person withdraws consent; Björn records it from the hub.
    now = Date.parse('2026-12-04T09:00:00.000Z');
    const [hub] = await flow.bjorn.say(`ärende ${code}`);
    const withdraw = actionIn(hub, 'consent.withdraw');
    expect(withdraw.data).toEqual({ code, rev: 1, from: 'hub' });
    const future = await flow.bjorn.press('consent.withdraw', { ...withdraw.data, consentWithdrawnOn: '2026-12-05' });
    expect(textOf(future.value)).toContain('Datum då personen återkallade samtycket: datumet har inte kommit ännu.');
    const done = await flow.bjorn.press('consent.withdraw', { ...withdraw.data, consentWithdrawnOn: '2026-12-04' });
    expect(textOf(done.value)).toContain('Återkallelsen är registrerad.');
    expect(textOf(done.value)).toContain('Återkallat 4 december 2026');
    expect(actionIn(done.value, 'consent.open').data).toEqual({ code });
    await flow.bot.app.settled();
    expect((await stateOf(code)).consent).toMatchObject({ status: 'withdrawn', withdrawnOn: '2026-12-04', rev: 2 });

    // No new SIP steps: a kallelse is not marked, no meeting planned; each answer is the consent card.
    const [sipNow] = await flow.anna.say(`sip ${code}`);
    const invitation = actionIn(sipNow, 'sip.invitation.open', { meetingId: 'M2' });
    const invitationCard = await flow.anna.press('sip.invitation.open', invitation.data);
    const sent = await flow.anna.press('sip.invitation.sent', actionIn(invitationCard.value, 'sip.invitation.sent').data);
    expect(textOf(sent.value)).toContain('det finns inget giltigt samtycke i ärendet');
    expect(textOf(sent.value)).toContain('Återkallat 4 december 2026');
    expect((await stateOf(code)).sipMeetings![1]!.invited.every((p) => p.sentAt === undefined)).toBe(true);
    const again = await flow.anna.press('sip.plan.open', actionIn(sipNow, 'sip.plan.open').data);
    expect(actionIn(again.value, 'consent.record').data).toEqual({ code, rev: 2 });

    // The plan is still there to read, established.
    const [planNow] = await flow.anna.say(`plan ${code}`);
    expect(textOf(planNow)).toContain('Jag vill bo kvar i min lägenhet');
    expect((await stateOf(code)).sipPlan?.establishedAt).toEqual(expect.any(String));

    // Its reminders: no consent ending, no first meeting; the meeting's own reminders remain.
    const keys = (await annasReminders(code)).map(([key]) => key.split(':')[0]);
    expect(keys).not.toContain('consentEnding');
    expect(keys).not.toContain('firstMeeting');
    expect(await historyOf(code)).toContainEqual(['consent.withdrawn', BJORN.aadObjectId]);
  });
});

describe('the förmöte held before any meeting is booked', () => {
  it('keeps the person\'s answers on the case and proposes them in the planning form', async () => {
    now = Date.parse('2026-12-07T09:00:00.000Z'); // Monday 7 December
    const code = await createCaseAs(flow.anna, { consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '' });
    const [sip] = await flow.anna.say(`sip ${code}`);
    expect(textOf(sip)).toContain('Inga SIP-möten planerade ännu.');
    const pre = await flow.anna.press('sip.preMeeting.open', actionIn(sip, 'sip.preMeeting.open', { meetingId: 'F' }).data);
    expect(textOf(pre.value)).toContain(`Förmöte med personen – ${code}`);
    const answers = {
      whatMatters: 'Att få bo kvar',
      goals: 'Bo kvar i lägenheten',
      invite: 'narstaende,boende',
      relativesMayTakePart: 'no',
      wishedForm: 'fysiskt',
      wishedPlace: 'Hemma hos personen',
      adaptations: 'Korta pauser',
    };
    const held = await flow.anna.press('sip.preMeeting.held', { ...actionIn(pre.value, 'sip.preMeeting.held').data, ...answers });
    expect(textOf(held.value)).toContain('Förmötet är genomfört');
    expect((await stateOf(code)).preMeeting).toMatchObject({ goals: 'Bo kvar i lägenheten', invite: ['narstaende', 'boende'], relativesMayTakePart: 'no', heldAt: expect.any(String) });
    expect((await stateOf(code)).baseline.items.B3.status).toBe('done');

    // Consent is recorded at the same förmöte; then Anna plans the meeting from what the person said
    // (Björn, asked when the case was opened, is appointed once he takes the assignment).
    const consent = await flow.anna.press('consent.open', { code });
    await flow.anna.press('consent.record', { ...actionIn(consent.value, 'consent.record').data, consentForm: 'written', consentScope: 'Boende och insatser', consentValidUntil: '2027-12-07' });
    const [sipNow] = await flow.anna.say(`sip ${code}`);
    expect(textOf(sipNow)).toContain('Förmöte med personen (före bokning): genomfört');
    const form = await flow.anna.press('sip.plan.open', actionIn(sipNow, 'sip.plan.open').data);
    const shown = textOf(form.value);
    expect(shown).toContain('Förslag från förmötet med personen');
    // Närstående left out: the person objected. Boende asked for; the form and place as wished.
    expect(shown).toContain('"id":"invited"');
    expect(shown).toContain('"value":"personen,region,kommun,boende"');
    expect(shown).toContain('"value":"Hemma hos personen"');
    expect(shown).toContain('"id":"form","label":"Mötesform","style":"expanded","value":"fysiskt"');

    // Inviting närstående anyway is allowed, and the SIP card warns, naming the förmöte answer.
    const planned = await flow.anna.press('sip.plan', {
      ...actionIn(form.value, 'sip.plan').data,
      date: '2026-12-21',
      time: '10:00',
      duration: '90',
      form: 'fysiskt',
      place: 'Hemma hos personen',
      purpose: 'Samordna insatser',
      invited: 'personen,region,kommun,boende,narstaende',
    });
    expect(textOf(planned.value)).toContain('personen svarade vid förmötet att närstående inte ska delta');
    const state = await stateOf(code);
    expect(state.preMeeting).toBeUndefined();
    expect(state.sipMeetings![0]!.preMeeting).toMatchObject({ goals: 'Bo kvar i lägenheten', heldAt: expect.any(String) });
    expect(await historyOf(code)).toContainEqual(['sip.casePreMeetingHeld', ANNA.aadObjectId]);

    // The adaptations are on the meeting's checklist and in the kallelse; the goals are proposed in the plan.
    const [sipAfter] = await flow.anna.say(`sip ${code}`);
    const checklist = await flow.anna.press('sip.checklist.open', actionIn(sipAfter, 'sip.checklist.open').data);
    expect(textOf(checklist.value)).toContain('Anpassningar för personen (från förmötet): Korta pauser');
    const invitation = await flow.anna.press('sip.invitation.open', actionIn(sipAfter, 'sip.invitation.open').data);
    expect(textOf(invitation.value)).toContain('Anpassningar under mötet: Korta pauser');
    const [plan] = await flow.anna.say(`plan ${code}`);
    expect(textOf(plan)).toContain('"id":"ownGoals","label":"Personens egna mål (med personens ord)","value":"Bo kvar i lägenheten"');
    expect(textOf(plan)).toContain('Förslag från förmötet med personen: målen som personen själv formulerade dem.');
  });
});

describe('a case stored before consent could be recorded on its own', () => {
  it('opens, shows its consent, and is changed and planned without error', async () => {
    now = Date.parse('2026-12-08T09:00:00.000Z');
    // The row as the bot wrote it before this change: consent given with the case, no rev, no
    // recording time, no förmöte of the case's own.
    const code = 'VSS-2026-0900';
    const at = '2026-11-02T08:00:00.000Z';
    const old = storedBefore(code, at);
    expect(await flow.bot.app.cases.create(old, [])).not.toBe('codeTaken');

    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('Lämnat (skriftligt), gäller t.o.m. 31 oktober 2027');
    expect(actionIn(hub, 'consent.withdraw').data).toEqual({ code, rev: 0, from: 'hub' });
    const card = await flow.bjorn.press('consent.open', { code });
    expect(textOf(card.value)).not.toContain('Registrerat av');
    const changed = await flow.bjorn.press('consent.record', { ...actionIn(card.value, 'consent.record').data, consentForm: 'written', consentScope: 'SIP med region och kommun', consentValidUntil: '2028-10-31' });
    expect(textOf(changed.value)).toContain('Samtycket är registrerat.');
    expect((await stateOf(code)).consent).toMatchObject({ status: 'given', rev: 1, validUntil: '2028-10-31' });
    expect(await historyOf(code)).toContainEqual(['consent.changed', BJORN.aadObjectId]);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    expect(textOf(form.value)).toContain(`Planera SIP-möte – ${code}`);

    // A case closed before the closing condition was checked: it says only that it is closed, with
    // its reason, claims nothing about 003:114, and stays out of both coordinators' lists and reminders.
    const closedCode = 'VSS-2026-0901';
    const closedOld = { ...old, code: closedCode, phase: 'avslutat', closure: { reason: 'Personen flyttade', at, by: old.createdBy } } as typeof old;
    expect(await flow.bot.app.cases.create(closedOld, [])).not.toBe('codeTaken');
    const [closedHub] = await flow.bjorn.say(`ärende ${closedCode}`);
    expect(textOf(closedHub)).toContain('Ärendet är avslutat och kan bara läsas. Skäl: Personen flyttade');
    expect(textOf(closedHub)).not.toContain('villkoret för avslut var uppfyllt');
    expect(() => actionIn(closedHub, 'sip.end')).toThrow();
    await flow.bot.app.settled();
    expect(await flow.bot.app.reminders.upcoming(TENANT, closedCode, BJORN.aadObjectId)).toEqual([]);
    const [list] = await flow.bjorn.say('mina ärenden');
    expect(textOf(list)).not.toContain(closedCode);
  });
});
