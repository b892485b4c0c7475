import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, completePlanAs, createCaseAs, flowForAll, actionIn, holdMeetingAs, textOf } from '../support/case-flow';
import { messageLines } from '../support/rendered-markdown';
import { storedBefore } from '../support/stored-rows';

let now = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((now += 1000));

const flow = flowForAll(clock);

const newCase = (): Promise<string> => createCaseAs(flow.anna);
const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

describe('the SIP plan', () => {
  it('names every missing legal part until the plan is complete, then is established and exported', async () => {
    const code = await newCase();
    const [card] = await flow.anna.say(`plan ${code}`);
    const refused = await flow.anna.press('plan.establish', actionIn(card, 'plan.establish').data);
    const missing = textOf(refused.value);
    for (const part of ['Vilka insatser som behövs', 'Vilka insatser regionen ska svara för', 'Vilka insatser kommunen ska svara för', 'någon annan än kommunen eller regionen', 'övergripande ansvaret', 'Personens egna mål', 'Vad personen gör själv', 'Datum för uppföljning', 'Ett genomfört SIP-möte']) {
      expect(missing).toContain(part);
    }
    expect((await stateOf(code)).sipPlan?.establishedAt).toBeUndefined();

    // Basics, with a personnummer first: refused, named, not echoed, nothing stored.
    const basics = { ownGoals: 'Jag vill bo kvar i min lägenhet', personDoesThemselves: 'Tar min medicin och handlar själv', overallResponsible: 'kommun', followUpDate: '2027-03-01', noOtherParties: 'false' };
    const pnr = await flow.anna.press('plan.save', { ...actionIn(card, 'plan.save').data, ...basics, ownGoals: 'Mål för 19121212-1212' });
    expect(textOf(pnr.value)).toContain('Personens egna mål: det ser ut som ett personnummer');
    expect(textOf(pnr.value)).not.toContain('19121212');
    expect(textOf(pnr.value)).toContain('Tar min medicin och handlar själv');
    expect((await stateOf(code)).sipPlan).toBeUndefined();
    const saved = await flow.anna.press('plan.save', { ...actionIn(card, 'plan.save').data, ...basics });
    // Björn adds the efforts from his own, fresh card.
    const [bjornsCard] = await flow.bjorn.say(`plan ${code}`);
    const one = await flow.bjorn.press('plan.effort.add', { ...actionIn(bjornsCard, 'plan.effort.add').data, effortWhat: 'Boendestöd', effortHowOften: 'Två gånger i veckan', effortFrom: '2027-01-11', effortResponsible: 'kommun' });
    const two = await flow.bjorn.press('plan.effort.add', { ...actionIn(one.value, 'plan.effort.add').data, effortWhat: 'Sjukersättning utreds', effortResponsible: 'annan', effortOtherParty: 'Försäkringskassan' });
    // Respektive huvudman: kommun's effort does not stand for the region's part, which needs an effort or a reason.
    expect(textOf(two.value)).toContain('Vilka insatser regionen ska svara för');
    expect(textOf(two.value)).not.toContain('Vilka insatser kommunen ska svara för');
    const reasoned = await flow.bjorn.press('plan.save', { ...actionIn(two.value, 'plan.save').data, ...basics, ownResources: 'Stöd från syskon', regionNoEffortsReason: 'Personen tackar nej till psykiatrins insatser just nu' });
    expect((await stateOf(code)).sipPlan?.ownResources).toBe('Stöd från syskon');
    // Every part is there; only the held meeting is missing.
    expect(textOf(reasoned.value)).not.toContain('Vilka insatser regionen ska svara för');
    // Anna's card from before Björn's changes is out of date: refused with the current card.
    const stale = await flow.anna.press('plan.establish', actionIn(saved.value, 'plan.establish').data);
    expect(textOf(stale.value)).toContain('Ärendet har ändrats sedan kortet visades');
    // Complete, but no SIP meeting held yet: the plan is upprättad at one.
    expect(textOf(reasoned.value)).toContain('Ett genomfört SIP-möte');
    const tooEarly = await flow.anna.press('plan.establish', actionIn(reasoned.value, 'plan.establish').data);
    expect(textOf(tooEarly.value)).toContain('Ett genomfört SIP-möte med regionen och kommunen, som upprättar planen tillsammans');
    expect((await stateOf(code)).sipPlan?.establishedAt).toBeUndefined();
    await holdMeetingAs(flow.anna, code, { date: '2026-11-24', time: '10:00' }, () => (now = Date.parse('2026-11-24T09:30:00.000Z')));
    const established = await flow.anna.press('plan.establish', actionIn(reasoned.value, 'plan.establish').data);
    expect(textOf(established.value)).toContain('Planen är upprättad: version 1 (24 nov. 2026 10:30, vid SIP-mötet M1).');
    expect((await stateOf(code)).sipPlan).toMatchObject({ establishedAt: expect.any(String), overallResponsible: 'kommun', efforts: [{ id: 'E1' }, { id: 'E2' }] });

    // Export: a plain-Swedish text message in the chat, and the card stays.
    flow.connector.reset();
    const exported = await flow.anna.press('plan.export', { code });
    expect(textOf(exported.value)).toContain('Planen som text finns i meddelandet nedan');
    const messages = flow.connector.activitiesIn(ANNA.conversationId);
    expect(messages).toHaveLength(1);
    // Each line is sent as its own Markdown paragraph; read it back as the reader sees it, line by line.
    const text = messageLines(String(messages[0]!['text']));
    expect(text).toContain('Samordnad individuell plan (SIP)');
    expect(text).toContain('Dina egna mål:\nJag vill bo kvar i min lägenhet');
    expect(text).toContain('- Boendestöd (Två gånger i veckan, från 11 januari 2027). Ansvarig: Kommun');
    expect(text).toContain('Åtgärder av andra än kommunen och regionen:\n- Sjukersättning utreds');
    expect(text).toContain('- Regionen har inga insatser i planen: Personen tackar nej till psykiatrins insatser just nu');
    expect(text).toContain('Datum för uppföljning: 1 mars 2027');
    const history = (await flow.bot.app.cases.history(TENANT, code, 50)).map((e) => e.action);
    expect(history).toContain('plan.exported');
    expect(flow.bot.logs.text).not.toContain('Jag vill bo kvar');
  });
});

describe('versions of the plan', () => {
  it('keeps each upprättad plan in full: a change is a draft of the next version, the follow-up shows what changed, and both versions read back as agreed', async () => {
    now = Date.parse('2026-11-30T08:00:00.000Z');
    const code = await newCase();
    await holdMeetingAs(flow.anna, code, { date: '2026-11-30', time: '10:00' }, () => (now = Date.parse('2026-11-30T09:30:00.000Z')));
    const complete = await completePlanAs(flow.anna, code);
    const v1 = await flow.anna.press('plan.establish', { ...actionIn(complete.value, 'plan.establish').data, withPerson: 'yes' });
    expect(textOf(v1.value)).toContain('Planen är upprättad: version 1 (30 nov. 2026 10:30, vid SIP-mötet M1), tillsammans med personen.');
    expect(textOf(v1.value)).not.toContain('Ändrat');

    // Björn, on his own card, changes the goals and adds an effort: a draft of version 2, version 1 still applies.
    const [bjorns] = await flow.bjorn.say(`plan ${code}`);
    const goals = await flow.bjorn.press('plan.save', { ...actionIn(bjorns, 'plan.save').data, ownGoals: 'Jag vill börja arbeta', personDoesThemselves: 'Tar min medicin', overallResponsible: 'kommun', followUpDate: '2027-03-01', noOtherParties: 'true' });
    const added = await flow.bjorn.press('plan.effort.add', { ...actionIn(goals.value, 'plan.effort.add').data, effortWhat: 'Arbetsträning', effortResponsible: 'kommun' });
    const draft = textOf(added.value);
    expect(draft).toContain('Utkast till version 2: inte upprättat ännu. Version 1 (30 nov. 2026 10:30, vid SIP-mötet M1) gäller tills utkastet är upprättat.');
    expect(draft).toContain('Ändrat sedan version 1, som gäller nu:');
    expect(draft).toContain('Personens egna mål: ändrat');
    expect(draft).toContain('Ny insats: Arbetsträning · Kommun');
    const kept = (await stateOf(code)).sipPlan!;
    expect(kept.established).toMatchObject({ version: 1, content: { ownGoals: 'Jag vill bo kvar i min lägenhet' } });

    // The follow-up meeting, M2, is held and version 2 upprättad there: it says what changed from version 1.
    now = Date.parse('2026-12-07T08:00:00.000Z');
    await holdMeetingAs(flow.bjorn, code, { date: '2026-12-07', time: '10:00' }, () => (now = Date.parse('2026-12-07T09:30:00.000Z')));
    const [current] = await flow.bjorn.say(`plan ${code}`);
    const v2 = await flow.bjorn.press('plan.establish', { ...actionIn(current, 'plan.establish').data, withPerson: 'no' });
    const shown = textOf(v2.value);
    expect(shown).toContain('Planen är upprättad: version 2 (7 dec. 2026 10:30, vid SIP-mötet M2), utan personen.');
    expect(shown).toContain('Ändrat från version 1:');
    expect(shown).toContain('Ny insats: Arbetsträning · Kommun');
    expect(shown).toContain('"title":"Version 2, upprättad 7 dec. 2026 10:30, vid SIP-mötet M2","value":"2"');
    expect(shown).toContain('"title":"Version 1, upprättad 30 nov. 2026 10:30, vid SIP-mötet M1","value":"1"');
    expect((await flow.bot.app.cases.snapshots(TENANT, code, 'plan_')).map((v) => v.key)).toEqual(['plan_0001', 'plan_0002']);

    // Both versions read back as they were agreed, from Anna's side too.
    flow.connector.reset();
    // The button sits in the card's ShowCard: what Anna had typed but not saved comes back as typed.
    const exportOne = await flow.anna.press('plan.version.export', { ...actionIn(v2.value, 'plan.version.export').data, version: '1', ownGoals: 'Ett mål jag inte har sparat', personDoesThemselves: 'Tar min medicin', followUpDate: '2027-03-01' });
    expect(textOf(exportOne.value)).toContain('Planen som text finns i meddelandet nedan');
    expect(textOf(exportOne.value)).toContain('"value":"Ett mål jag inte har sparat"');
    expect((await stateOf(code)).sipPlan?.ownGoals).toBe('Jag vill börja arbeta');
    const first = messageLines(String(flow.connector.activitiesIn(ANNA.conversationId)[0]!['text']));
    expect(first).toContain('Planen är upprättad: version 1 (30 nov. 2026 10:30, vid SIP-mötet M1), tillsammans med dig.\nMed på mötet: du, Regionen, Kommunen.');
    expect(first).toContain('Dina egna mål:\nJag vill bo kvar i min lägenhet');
    expect(first).not.toContain('Arbetsträning');
    flow.connector.reset();
    await flow.anna.press('plan.version.export', { ...actionIn(v2.value, 'plan.version.export').data, version: '2' });
    const second = messageLines(String(flow.connector.activitiesIn(ANNA.conversationId)[0]!['text']));
    expect(second).toContain('Planen är upprättad: version 2 (7 dec. 2026 10:30, vid SIP-mötet M2).');
    expect(second).toContain('Dina egna mål:\nJag vill börja arbeta');
    expect(second).toContain('- Arbetsträning. Ansvarig: Kommun');

    // A version that does not exist is refused on the card, and nothing is sent.
    flow.connector.reset();
    const missing = await flow.anna.press('plan.version.export', { code, version: '7' });
    expect(textOf(missing.value)).toContain('Den versionen av planen finns inte.');
    expect(flow.connector.activitiesIn(ANNA.conversationId)).toHaveLength(0);
    expect(flow.bot.logs.text).not.toContain('Jag vill börja arbeta');
  });
});

describe('the crisis and action plan', () => {
  it('requires a sign and a review date, keeps every revision, ticks B7 and exports for the person', async () => {
    const code = await newCase();
    const [card] = await flow.anna.say(`krisplan ${code}`);
    const empty = await flow.anna.press('crisis.save', { ...actionIn(card, 'crisis.save').data, reviewDate: '' });
    expect(textOf(empty.value)).toContain('Ses över senast: fyll i detta');
    expect(textOf(empty.value)).toContain('Tidiga tecken: fyll i detta');

    const noActor = await flow.anna.press('crisis.sign.add', { ...actionIn(card, 'crisis.sign.add').data, signDescription: 'Sover dåligt', signDescribedBy: 'personen' });
    expect(textOf(noActor.value)).toContain('Vem som gör vad: fyll i detta');
    const withSign = await flow.anna.press('crisis.sign.add', {
      ...actionIn(card, 'crisis.sign.add').data,
      signDescription: 'Sover dåligt flera nätter i rad',
      signDescribedBy: 'narstaende',
      action_personen: 'Ringer boendestödet',
      action_region: 'Mottagningen erbjuder tid inom två dagar',
      signContact: 'Psykiatrimottagning Väst, telefontid 8–9',
    });
    expect(textOf(withSign.value)).toContain('Regionen: Mottagningen erbjuder tid inom två dagar');
    const first = await flow.anna.press('crisis.save', { ...actionIn(withSign.value, 'crisis.save').data, triggers: 'Stress kring ekonomin', reviewDate: '2027-05-31' });
    expect(textOf(first.value)).toContain('Version 1, sparad');
    expect((await stateOf(code)).baseline.items.B7).toMatchObject({ status: 'done', source: 'sip' });

    const second = await flow.bjorn.press('crisis.save', { ...actionIn(first.value, 'crisis.save').data, triggers: 'Stress kring ekonomin och boendet', reviewDate: '2027-06-30' });
    expect(textOf(second.value)).toContain('Version 2, sparad');
    const revisions = await flow.bot.app.cases.snapshots(TENANT, code, 'crisis_');
    expect(revisions.map((r) => r.key)).toEqual(['crisis_0001', 'crisis_0002']);
    expect(revisions[0]!.content).toMatchObject({ revision: 1, triggers: 'Stress kring ekonomin', reviewDate: '2027-05-31' });
    expect(revisions[1]!.content).toMatchObject({ revision: 2, triggers: 'Stress kring ekonomin och boendet' });

    flow.connector.reset();
    await flow.bjorn.press('crisis.export', { code });
    const text = messageLines(String(flow.connector.activitiesIn(BJORN.conversationId)[0]!['text']));
    expect(text).toContain('Kris- och handlingsplan');
    expect(text).toContain('Version 2. Ses över senast 30 juni 2027.');
    expect(text).toContain('- Sover dåligt flera nätter i rad (som närstående beskriver det)');
    // Markdown drops a paragraph's leading spaces: the reader sees the lines without the indent.
    // The export speaks to the person: their own step is "Du: …".
    expect(text).toMatch(/^ *Du: Ringer boendestödet$/m);
    expect(text).not.toContain('Personen:');
    expect(text).toMatch(/^ *Kontakt: Psykiatrimottagning Väst, telefontid 8–9$/m);
  });
});

describe('a case stored before each principal had to have its part, and before moves voided a kallelse', () => {
  it('keeps its established plan as agreed, words its old history, and follows the new rules from its next change', async () => {
    now = Date.parse('2026-12-08T09:00:00.000Z');
    // The row as the bot wrote it before: a plan established with only kommun's effort, a meeting
    // whose kallelse to kommun was marked sent, no "sent for an earlier time", no reasons.
    const code = 'VSS-2026-0950';
    const at = '2026-11-02T08:00:00.000Z';
    const old = storedBefore(code, at, {
      phase: 'resursgrupp',
      sipMeetings: [
        {
          id: 'M1',
          startsAt: '2027-01-18T12:00:00.000Z',
          durationMinutes: 90,
          form: 'fysiskt',
          purpose: 'Planering',
          invited: [{ role: 'personen' }, { role: 'region' }, { role: 'kommun', sentAt: '2026-11-03T09:00:00.000Z' }],
          status: 'planned',
          moves: [],
          createdAt: at,
          plannedBy: { aadObjectId: ANNA.aadObjectId, principal: 'region' },
          rev: 1,
        },
      ],
      sipPlan: {
        ownGoals: 'Bo kvar',
        personDoesThemselves: 'Handlar själv',
        efforts: [{ id: 'E1', what: 'Boendestöd', responsible: 'kommun' }],
        noOtherParties: true,
        overallResponsible: 'kommun',
        followUpDate: '2027-03-01',
        establishedAt: '2026-11-20T10:00:00.000Z',
        establishedByAadObjectId: ANNA.aadObjectId,
        nextEffortNumber: 2,
        rev: 4,
      },
    });
    expect(await flow.bot.app.cases.create(old, [])).not.toBe('codeTaken');
    await flow.bot.app.cases.appendAudit(TENANT, code, [
      { action: 'reminders.preferencesChanged', at, by: old.createdBy, detail: 'on:groupChat' },
      { action: 'sip.invitationSent', at, by: old.createdBy, detail: 'M1:kommun' },
      { action: 'crisis.revised', at, by: old.createdBy, detail: 'rev1' },
    ]);

    // The plan stands as established; nothing is asked for it until it is changed.
    const [plan] = await flow.anna.say(`plan ${code}`);
    expect(textOf(plan)).toContain('Planen är upprättad');
    expect(textOf(plan)).not.toContain('Det här saknas');
    const history = textOf((await flow.anna.say(`historik ${code}`))[0]);
    for (const words of ['vill ha sina påminnelser i ärendets gruppchatt', 'markerade kallelsen till kommunen (M1) som skickad', 'sparade version 1 av kris- och handlingsplanen']) expect(history).toContain(words);

    // Changed, it is a draft, and the region's part is asked for.
    const changed = await flow.bjorn.press('plan.save', { ...actionIn(plan, 'plan.save').data, ownGoals: 'Bo kvar i lägenheten', personDoesThemselves: 'Handlar själv', overallResponsible: 'kommun', followUpDate: '2027-03-01', noOtherParties: 'true' });
    expect(textOf(changed.value)).toContain('Vilka insatser regionen ska svara för');
    expect((await stateOf(code)).sipPlan?.establishedAt).toBeUndefined();

    // The meeting moves: the kallelse sent to kommun for the old time must be sent again.
    const moveForm = await flow.anna.press('sip.move.open', { code, meetingId: 'M1' });
    const moved = await flow.anna.press('sip.move', { ...actionIn(moveForm.value, 'sip.move').data, date: '2027-01-25', time: '13:00', duration: '90' });
    expect(textOf(moved.value)).toContain('Ny kallelse behövs till: Kommunen.');
  });
});
