import { describe, expect, it } from 'vitest';
import { TENANT, actionIn, caseForm, completePlanAs, createCaseAs, flowForAll, holdMeetingAs, planMeetingAs, textOf } from '../support/case-flow';
import { inputValues } from '../support/rendered-markdown';

/*
 * Nothing typed is lost (issue 14): a refused reason on the checklist comes back open under its
 * item, as typed, with the problem beside it; a personnummer in it is emptied, never echoed.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z');
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

/** The item's open reason input, when the card shows one in its body (not in a panel). */
function openReason(card: unknown, item: string): { value?: string } | undefined {
  const found: Array<{ value?: string }> = [];
  const walk = (node: unknown, inShowCard: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inShowCard));
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o['type'] === 'Action.ShowCard') return;
    if (o['type'] === 'Input.Text' && o['id'] === `reason_${item}`) found.push(o as { value?: string });
    Object.values(o).forEach((v) => walk(v, inShowCard));
  };
  walk(card, false);
  return found[0];
}

describe('a refused reason on the checklist', () => {
  it('comes back open with what was typed and the problem next to it, and is saved once it is right', async () => {
    const code = await createCaseAs(flow.anna);
    const [list] = await flow.anna.say(`basnivå ${code}`);
    const yes = await flow.anna.press('baseline.need', { ...actionIn(list, 'baseline.need', { need: 'yes' }).data });
    const undone = actionIn(yes.value, 'baseline.set', { item: 'B5', status: 'notApplicable' });
    const tooLong = 'Personen avböjer mötet just nu. '.repeat(20);
    const refused = await flow.anna.press('baseline.set', { ...undone.data, reason_B5: tooLong });
    expect(openReason(refused.value, 'B5')?.value).toBe(tooLong);
    expect(textOf(refused.value)).toMatch(/Skäl: texten är för lång, högst \d+ tecken./);
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.baseline.items.B5.status).toBe('notStarted');

    const again = actionIn(refused.value, 'baseline.set', { item: 'B5', status: 'notApplicable' });
    await flow.anna.press('baseline.set', { ...again.data, reason_B5: 'Personen avböjer mötet just nu.' });
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.baseline.items.B5).toMatchObject({ status: 'notApplicable', reason: 'Personen avböjer mötet just nu.' });
  });

  it('empties a personnummer in it, never echoing it, and keeps the problem beside the field', async () => {
    const code = await createCaseAs(flow.anna);
    const [list] = await flow.anna.say(`basnivå ${code}`);
    const refused = await flow.anna.press('baseline.need', { ...actionIn(list, 'baseline.need', { need: 'no' }).data, reason_B1: 'Gäller 19121212-1212' });
    expect(openReason(refused.value, 'B1')?.value).toBe('');
    // Not required on the card, so the other buttons work meanwhile, and "Ja" is still offered.
    expect(openReason(refused.value, 'B1')).not.toHaveProperty('isRequired');
    expect(actionIn(refused.value, 'baseline.need', { need: 'yes' }).title).toBe('Ja, behov finns');
    expect(textOf(refused.value)).not.toContain('19121212');
    expect(textOf(refused.value)).toContain('personnummer');
  });
});

describe('a refused new-case form', () => {
  it('names each problem right under its field, keeps the rest as typed, and empties a personnummer', async () => {
    const [kinds] = await flow.anna.say('nytt ärende');
    const form = await flow.anna.press('case.new', actionIn(kinds, 'case.new', { kind: 'vss' }).data);
    const refused = await flow.anna.press('case.create', {
      ...actionIn(form.value, 'case.create').data,
      ...caseForm({ consentScope: 'Journal för 19121212-1212', unit: 'x'.repeat(81), nickname: 'CD' }),
    });
    const body = (refused.value as { body: Array<Record<string, unknown>> }).body;
    const under = (id: string) => body[body.findIndex((b) => b['id'] === id) + 1];
    expect(under('consentScope')).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(String(under('consentScope')!['text'])).toContain('personnummer');
    expect(String(under('unit')!['text'])).toContain('välj en enhet ur listan för din huvudman');
    expect(body.find((b) => b['id'] === 'consentScope')!['value']).toBe('');
    expect(body.find((b) => b['id'] === 'nickname')!['value']).toBe('CD');
    // A field without a problem has nothing under it.
    expect(under('nickname')!['id']).toBe('principal');
    expect(textOf(refused.value)).not.toContain('19121212');
  });
});

/** The text right under an input, wherever the card has it (in its body or in a panel): a problem, or with `quiet` the line saying what is saved now. */
function messageUnder(card: unknown, id: string, quiet = false): string | undefined {
  let found: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      const at = node.findIndex((n) => typeof n === 'object' && n !== null && (n as Record<string, unknown>)['id'] === id);
      const next = at < 0 ? undefined : (node[at + 1] as Record<string, unknown> | undefined);
      if (next !== undefined && next['type'] === 'TextBlock' && (quiet ? next['isSubtle'] === true : next['color'] === 'Attention')) found = String(next['text']);
      return node.forEach(walk);
    }
    if (typeof node === 'object' && node !== null) Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

describe('every button on the plan card acts on what is on the screen', () => {
  it('"Markera upprättad" saves an unsaved tick first, and then marks the plan upprättad', async () => {
    const code = await createCaseAs(flow.anna);
    await holdMeetingAs(flow.anna, code, { date: '2026-12-01', time: '10:00' }, () => (now = Date.parse('2026-12-01T09:30:00.000Z')));
    const complete = await completePlanAs(flow.anna, code);
    const shown = inputValues(complete.value);
    const unticked = await flow.anna.press('plan.save', { ...actionIn(complete.value, 'plan.save').data, ...shown, noOtherParties: 'false' });
    expect(textOf(unticked.value)).toContain('någon annan än kommunen eller regionen');

    const establish = actionIn(unticked.value, 'plan.establish');
    const established = await flow.anna.press('plan.establish', { ...establish.data, ...inputValues(unticked.value), noOtherParties: 'true', withPerson: 'yes' });
    expect(textOf(established.value)).toContain('Planen är upprättad: version 1');
    expect((await stateOf(code)).sipPlan).toMatchObject({ noOtherParties: true, establishedAt: expect.any(String) });
    const history = await flow.bot.app.cases.history(TENANT, code, 100);
    // Newest first: the tick was saved, then the plan marked upprättad.
    expect(history.map((e) => e.action).slice(0, 2)).toEqual(['plan.established', 'plan.saved']);
  });

  it('a field the save refuses stops the button: nothing is stored, the rest stays as typed, the problem under the field', async () => {
    const code = await createCaseAs(flow.anna);
    const [plan] = await flow.anna.say(`plan ${code}`);
    const typed = { ...inputValues(plan), ownGoals: 'Bo kvar hemma', personDoesThemselves: 'Handlar, ring 19121212-1212', followUpDate: '2027-03-01' };
    const refused = await flow.anna.press('plan.effort.add', { ...actionIn(plan, 'plan.effort.add').data, ...typed, effortWhat: 'Boendestöd', effortHowOften: 'Varje vecka', effortResponsible: 'kommun' });
    expect(messageUnder(refused.value, 'personDoesThemselves')).toContain('personnummer');
    expect(inputValues(refused.value)).toMatchObject({ ownGoals: 'Bo kvar hemma', personDoesThemselves: '', followUpDate: '2027-03-01', effortWhat: 'Boendestöd', effortHowOften: 'Varje vecka', effortResponsible: 'kommun' });
    expect(textOf(refused.value)).not.toContain('19121212');
    expect((await stateOf(code)).sipPlan).toBeUndefined();
  });

  it('adding an effort saves the plan\'s fields too; a refused effort stays in its panel with the problem under its field', async () => {
    const code = await createCaseAs(flow.anna);
    const [plan] = await flow.anna.say(`plan ${code}`);
    const typed = { ...inputValues(plan), ownGoals: 'Bo kvar hemma' };
    const refused = await flow.anna.press('plan.effort.add', { ...actionIn(plan, 'plan.effort.add').data, ...typed, effortWhat: 'x'.repeat(301), effortHowOften: 'Varje vecka', effortResponsible: 'annan', effortOtherParty: '' });
    expect(messageUnder(refused.value, 'effortWhat')).toMatch(/högst 300 tecken/);
    expect(messageUnder(refused.value, 'effortOtherParty')).toContain('fyll i detta');
    expect(messageUnder(refused.value, 'effortHowOften')).toBeUndefined();
    expect(inputValues(refused.value)).toMatchObject({ ownGoals: 'Bo kvar hemma', effortWhat: 'x'.repeat(301), effortHowOften: 'Varje vecka', effortResponsible: 'annan' });
    // The plan's own fields were saved before the effort was refused: the answer is the plan as it is now.
    expect((await stateOf(code)).sipPlan?.ownGoals).toBe('Bo kvar hemma');

    const added = await flow.anna.press('plan.effort.add', { ...actionIn(refused.value, 'plan.effort.add').data, ...inputValues(refused.value), effortWhat: 'Boendestöd', effortResponsible: 'kommun' });
    expect((await stateOf(code)).sipPlan?.efforts).toMatchObject([{ what: 'Boendestöd', howOften: 'Varje vecka' }]);
    // Added: the panel is empty again for the next one.
    expect(inputValues(added.value)).toMatchObject({ effortWhat: '', effortHowOften: '', effortResponsible: 'region' });
  });

  it('removing an effort, and exporting, save what was typed first', async () => {
    const code = await createCaseAs(flow.anna);
    const complete = await completePlanAs(flow.anna, code);
    const removed = await flow.anna.press('plan.effort.remove', { ...actionIn(complete.value, 'plan.effort.remove', { effortId: 'E1' }).data, ...inputValues(complete.value), ownResources: 'Syster i stan' });
    expect((await stateOf(code)).sipPlan).toMatchObject({ ownResources: 'Syster i stan', efforts: [{ id: 'E2' }] });
    expect(inputValues(removed.value)['ownResources']).toBe('Syster i stan');

    flow.connector.reset();
    await flow.anna.press('plan.export', { ...actionIn(removed.value, 'plan.export').data, ...inputValues(removed.value), personDoesThemselves: 'Tar min medicin och lagar mat' });
    expect((await stateOf(code)).sipPlan?.personDoesThemselves).toBe('Tar min medicin och lagar mat');
    expect(String(flow.connector.activitiesIn('a:anna-personal')[0]!['text'])).toContain('Tar min medicin och lagar mat');
  });

  it('a follow-up date on a weekend typed before "Markera upprättad" is asked about, and kept when the button is pressed again', async () => {
    const code = await createCaseAs(flow.anna);
    await holdMeetingAs(flow.anna, code, { date: '2026-12-02', time: '10:00' }, () => (now = Date.parse('2026-12-02T09:30:00.000Z')));
    const complete = await completePlanAs(flow.anna, code);
    const asked = await flow.anna.press('plan.establish', { ...actionIn(complete.value, 'plan.establish').data, ...inputValues(complete.value), followUpDate: '2027-03-06', withPerson: 'no' });
    expect(textOf(asked.value)).toContain('6 mars 2027 är en lördag');
    expect(textOf(asked.value)).toContain('Bekräfta upprättad plan');
    expect((await stateOf(code)).sipPlan?.followUpDate).toBe('2027-03-01');
    expect(inputValues(asked.value)['followUpDate']).toBe('2027-03-06');
    await flow.anna.press('plan.establish', { ...actionIn(asked.value, 'plan.establish').data, ...inputValues(asked.value), withPerson: 'no' });
    expect((await stateOf(code)).sipPlan).toMatchObject({ followUpDate: '2027-03-06', establishedWithPerson: false });
  });
});

describe('the crisis plan card keeps what is typed through every button', () => {
  it('keeps the unsaved fields through adding and removing signs, keeps a refused sign in its panel, and says an export is of the saved version', async () => {
    const code = await createCaseAs(flow.anna);
    const [crisis] = await flow.anna.say(`krisplan ${code}`);
    const typed = { triggers: 'Sömnlöshet', personDoesThemselves: 'Ringer min syster', reviewDate: '2027-02-01' };
    const refused = await flow.anna.press('crisis.sign.add', { ...actionIn(crisis, 'crisis.sign.add').data, ...typed, signDescription: 'Slutar svara', signDescribedBy: 'narstaende', signContact: 'Ring 19121212-1212' });
    expect(messageUnder(refused.value, 'signContact')).toContain('personnummer');
    expect(messageUnder(refused.value, 'action_region')).toContain('fyll i');
    expect(inputValues(refused.value)).toMatchObject({ ...typed, signDescription: 'Slutar svara', signDescribedBy: 'narstaende', signContact: '' });
    expect(textOf(refused.value)).not.toContain('19121212');

    const added = await flow.anna.press('crisis.sign.add', { ...actionIn(refused.value, 'crisis.sign.add').data, ...inputValues(refused.value), signContact: 'Mottagningen', action_narstaende: 'Ringer mottagningen' });
    expect(inputValues(added.value)).toMatchObject({ ...typed, signDescription: '' });
    const second = await flow.anna.press('crisis.sign.add', { ...actionIn(added.value, 'crisis.sign.add').data, ...inputValues(added.value), signDescription: 'Drar sig undan', action_personen: 'Hör av mig' });
    const removed = await flow.anna.press('crisis.sign.remove', { ...actionIn(second.value, 'crisis.sign.remove', { signId: 'S2' }).data, ...inputValues(second.value), triggers: 'Sömnlöshet, stress' });
    expect(inputValues(removed.value)).toMatchObject({ triggers: 'Sömnlöshet, stress', reviewDate: '2027-02-01' });
    // Only Spara makes a version of the crisis plan.
    expect((await stateOf(code)).crisisPlan).toMatchObject({ revision: 0, signs: [{ id: 'S1' }] });

    const saved = await flow.anna.press('crisis.save', { ...actionIn(removed.value, 'crisis.save').data, ...inputValues(removed.value) });
    expect((await stateOf(code)).crisisPlan).toMatchObject({ revision: 1, triggers: 'Sömnlöshet, stress' });
    const exported = await flow.anna.press('crisis.export', { ...actionIn(saved.value, 'crisis.export').data, ...inputValues(saved.value), triggers: 'Stress' });
    expect(textOf(exported.value)).toContain('krisplanens sparade version som text. Det du har ändrat här ingår inte');
    expect(inputValues(exported.value)['triggers']).toBe('Stress');
  });
});

describe('the SIP forms', () => {
  it('a refused planning form names each problem under its field and keeps the rest as typed', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    const refused = await flow.anna.press('sip.plan', {
      ...actionIn(form.value, 'sip.plan').data,
      date: '2027-01-12',
      time: '10:00',
      duration: '60',
      form: 'fysiskt',
      place: 'Rum 3, fråga efter 19121212-1212',
      purpose: 'p'.repeat(501),
      questions: 'Boendet',
      invited: 'personen,region,kommun',
    });
    expect(messageUnder(refused.value, 'place')).toContain('personnummer');
    expect(messageUnder(refused.value, 'purpose')).toMatch(/högst 500 tecken/);
    expect(messageUnder(refused.value, 'questions')).toBeUndefined();
    expect(inputValues(refused.value)).toMatchObject({ date: '2027-01-12', time: '10:00', place: '', purpose: 'p'.repeat(501), questions: 'Boendet' });
    expect(textOf(refused.value)).not.toContain('19121212');
    expect((await stateOf(code)).sipMeetings ?? []).toHaveLength(0);
    // Its other button cannot carry what is typed (the required fields would stop it), so it says it saves nothing.
    expect(actionIn(refused.value, 'sip.open').title).toBe('Avbryt (inget sparas)');
  });

  it('a move form pressed after the meeting changed keeps the typed time, says why, and moves it when pressed again', async () => {
    const code = await createCaseAs(flow.anna);
    await flow.anna.say(`sip ${code}`);
    await planMeetingAs(flow.anna, code, { date: '2027-01-12', time: '10:00' });
    const annasForm = await flow.anna.press('sip.move.open', { code, meetingId: 'M1' });
    const bjornsForm = await flow.bjorn.press('sip.move.open', { code, meetingId: 'M1' });
    await flow.bjorn.press('sip.move', { ...actionIn(bjornsForm.value, 'sip.move').data, date: '2027-01-13', time: '09:00', duration: '60' });

    const stale = await flow.anna.press('sip.move', { ...actionIn(annasForm.value, 'sip.move').data, date: '2027-01-14', time: '13:00', duration: '90' });
    expect(textOf(stale.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect(inputValues(stale.value)).toMatchObject({ date: '2027-01-14', time: '13:00', duration: '90' });
    expect((await stateOf(code)).sipMeetings![0]!.startsAt).toBe('2027-01-13T08:00:00.000Z');

    await flow.anna.press('sip.move', { ...actionIn(stale.value, 'sip.move').data, ...inputValues(stale.value) });
    expect((await stateOf(code)).sipMeetings![0]).toMatchObject({ startsAt: '2027-01-14T12:00:00.000Z', durationMinutes: 90 });
  });

  it('a refused förmöte names the problem under its answer and keeps the others', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const pre = await flow.anna.press('sip.preMeeting.open', actionIn(sip, 'sip.preMeeting.open').data);
    const refused = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, whatMatters: 'Att få bo kvar', practical: 'Ring 19121212-1212' });
    expect(messageUnder(refused.value, 'practical')).toContain('personnummer');
    expect(messageUnder(refused.value, 'whatMatters')).toBeUndefined();
    expect(inputValues(refused.value)).toMatchObject({ whatMatters: 'Att få bo kvar', practical: '' });
  });
});

describe('a card pressed after the case changed', () => {
  it('keeps what was typed on the SIP card, the consent card and the checklist, and changes nothing', async () => {
    const code = await createCaseAs(flow.anna);
    await planMeetingAs(flow.anna, code, { date: '2027-01-12', time: '10:00' });
    const [annasSip] = await flow.anna.say(`sip ${code}`);
    const [bjornsSip] = await flow.bjorn.say(`sip ${code}`);
    const bjornsMove = await flow.bjorn.press('sip.move.open', actionIn(bjornsSip, 'sip.move.open').data);
    await flow.bjorn.press('sip.move', { ...actionIn(bjornsMove.value, 'sip.move').data, date: '2027-01-13', time: '09:00', duration: '60' });
    const cancel = await flow.anna.press('sip.cancel', { ...actionIn(annasSip, 'sip.cancel').data, cancelReason_M1: 'Personen är sjuk' });
    expect(textOf(cancel.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect(inputValues(cancel.value)['cancelReason_M1']).toBe('Personen är sjuk');
    expect((await stateOf(code)).sipMeetings![0]!.status).toBe('planned');

    const [annasHub] = await flow.anna.say(`ärende ${code}`);
    const annasConsent = await flow.anna.press('consent.open', actionIn(annasHub, 'consent.open').data);
    const [bjornsHub] = await flow.bjorn.say(`ärende ${code}`);
    const bjornsConsent = await flow.bjorn.press('consent.open', actionIn(bjornsHub, 'consent.open').data);
    await flow.bjorn.press('consent.record', { ...actionIn(bjornsConsent.value, 'consent.record').data, ...inputValues(bjornsConsent.value), consentScope: 'Boende' });
    const consent = await flow.anna.press('consent.record', { ...actionIn(annasConsent.value, 'consent.record').data, ...inputValues(annasConsent.value), consentScope: 'Boende och arbete, 19121212-1212' });
    expect(textOf(consent.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect(inputValues(consent.value)['consentScope']).toBe('');
    expect(textOf(consent.value)).not.toContain('19121212');
    const again = await flow.anna.press('consent.record', { ...actionIn(annasConsent.value, 'consent.record').data, ...inputValues(annasConsent.value), consentScope: 'Boende och arbete' });
    expect(inputValues(again.value)['consentScope']).toBe('Boende och arbete');
    expect((await stateOf(code)).consent.scope).toBe('Boende');

    const [first] = await flow.anna.say(`basnivå ${code}`);
    await flow.anna.press('baseline.need', actionIn(first, 'baseline.need', { need: 'yes' }).data);
    const [annasList] = await flow.anna.say(`basnivå ${code}`);
    const [bjornsList] = await flow.bjorn.say(`basnivå ${code}`);
    await flow.bjorn.press('baseline.set', actionIn(bjornsList, 'baseline.set', { item: 'B5', status: 'done' }).data);
    const stale = await flow.anna.press('baseline.set', { ...actionIn(annasList, 'baseline.set', { item: 'B5', status: 'notApplicable' }).data, reason_B5: 'Personen vill inte just nu' });
    expect(textOf(stale.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect(inputValues(stale.value)['reason_B5']).toBe('Personen vill inte just nu');
    expect((await stateOf(code)).baseline.items.B5.status).toBe('done');
  });
});

describe('leaving a plan or förmöte card with something typed and not saved', () => {
  it('asks once, keeping what was typed, and leaves when the button is pressed again; with nothing unsaved it just goes', async () => {
    const code = await createCaseAs(flow.anna);
    const [plan] = await flow.anna.say(`plan ${code}`);
    const back = actionIn(plan, 'plan.leave');
    expect(back.title).toBe('Till ärendet');
    const asked = await flow.anna.press('plan.leave', { ...back.data, ...inputValues(plan), ownGoals: 'Bo kvar hemma' });
    expect(textOf(asked.value)).toContain('Det du har ändrat här är inte sparat ännu.');
    expect(inputValues(asked.value)['ownGoals']).toBe('Bo kvar hemma');
    const again = actionIn(asked.value, 'plan.leave');
    expect(again.data['discard']).toBe('true');
    const left = await flow.anna.press('plan.leave', { ...again.data, ...inputValues(asked.value) });
    expect(textOf(left.value)).toContain(`Ärende ${code}`);
    expect((await stateOf(code)).sipPlan).toBeUndefined();
    const unchanged = await flow.anna.press('plan.leave', { ...back.data, ...inputValues(plan) });
    expect(textOf(unchanged.value)).toContain(`Ärende ${code}`);

    const [crisis] = await flow.anna.say(`krisplan ${code}`);
    const crisisAsked = await flow.anna.press('crisis.leave', { ...actionIn(crisis, 'crisis.leave').data, ...inputValues(crisis), triggers: 'Stress, ring 19121212-1212' });
    // A personnummer in what is not saved is emptied, and said so under its field.
    expect(inputValues(crisisAsked.value)['triggers']).toBe('');
    expect(messageUnder(crisisAsked.value, 'triggers')).toContain('personnummer');
    expect(actionIn(crisisAsked.value, 'crisis.leave').data['discard']).toBe('true');
    const crisisLeft = await flow.anna.press('crisis.leave', { ...actionIn(crisisAsked.value, 'crisis.leave').data, ...inputValues(crisisAsked.value) });
    expect(textOf(crisisLeft.value)).toContain(`Ärende ${code}`);

    const [sip] = await flow.anna.say(`sip ${code}`);
    const pre = await flow.anna.press('sip.preMeeting.open', actionIn(sip, 'sip.preMeeting.open').data);
    // Untouched (no one chosen to invite, sent here as ''; the client leaves it out): nothing to lose, it just goes.
    const untouched = await flow.anna.press('sip.preMeeting.leave', { ...actionIn(pre.value, 'sip.preMeeting.leave').data, ...inputValues(pre.value), invite: '' });
    expect(textOf(untouched.value)).toContain(`SIP-möten – ${code}`);
    const preAsked = await flow.anna.press('sip.preMeeting.leave', { ...actionIn(pre.value, 'sip.preMeeting.leave').data, ...inputValues(pre.value), whatMatters: 'Att få bo kvar' });
    expect(textOf(preAsked.value)).toContain('**Till SIP-mötena** igen');
    expect(inputValues(preAsked.value)['whatMatters']).toBe('Att få bo kvar');
    const preLeft = await flow.anna.press('sip.preMeeting.leave', { ...actionIn(preAsked.value, 'sip.preMeeting.leave').data, ...inputValues(preAsked.value) });
    expect(textOf(preLeft.value)).toContain(`SIP-möten – ${code}`);
  });
});

describe('a refused field on the hub, the SIP card or the consent card', () => {
  it('is named right under its input, also in a panel, with the rest kept as typed', async () => {
    const code = await createCaseAs(flow.anna);
    await planMeetingAs(flow.anna, code, { date: '2027-01-12', time: '10:00' });
    const [sip] = await flow.anna.say(`sip ${code}`);
    const cancel = await flow.anna.press('sip.cancel', { ...actionIn(sip, 'sip.cancel').data, cancelReason_M1: 'Personen 19121212-1212 är sjuk' });
    expect(messageUnder(cancel.value, 'cancelReason_M1')).toContain('personnummer');
    expect(inputValues(cancel.value)['cancelReason_M1']).toBe('');

    const [hub] = await flow.anna.say(`ärende ${code}`);
    const consent = await flow.anna.press('consent.open', actionIn(hub, 'consent.open').data);
    const refused = await flow.anna.press('consent.record', { ...actionIn(consent.value, 'consent.record').data, ...inputValues(consent.value), consentScope: 'x'.repeat(501) });
    expect(messageUnder(refused.value, 'consentScope')).toMatch(/högst 500 tecken/);
    expect(inputValues(refused.value)['consentScope']).toBe('x'.repeat(501));

    const close = await flow.anna.press('case.close', { ...actionIn(hub, 'case.close').data, closeEarly: 'moves', closeReason: 'Flyttar 19121212-1212' });
    expect(messageUnder(close.value, 'closeReason')).toContain('personnummer');
    expect(inputValues(close.value)).toMatchObject({ closeEarly: 'moves', closeReason: '' });
    expect((await stateOf(code)).closure).toBeUndefined();
    // A problem with a choice says what is wrong with it, not what a case code looks like.
    const forged = await flow.anna.press('case.close', { ...actionIn(hub, 'case.close').data, closeEarly: 'x', closeReason: 'Flyttar' });
    expect(messageUnder(forged.value, 'closeEarly')).toBe('Skäl att avsluta i förtid: ogiltigt värde.');
  });
});

describe('the plan card, further', () => {
  it('says a save was made; keeps a refused goal in its panel with the problem under its field', async () => {
    const code = await createCaseAs(flow.anna);
    const [plan] = await flow.anna.say(`plan ${code}`);
    const saved = await flow.anna.press('plan.save', { ...actionIn(plan, 'plan.save').data, ...inputValues(plan), ownGoals: 'Bo kvar hemma' });
    expect(textOf(saved.value)).toContain('"text":"Planen är sparad.","wrap":true,"color":"Good"');
    const refused = await flow.anna.press('plan.goal.add', { ...actionIn(saved.value, 'plan.goal.add').data, ...inputValues(saved.value), goalText: 'Betala hyran', goalPartOf: 'none', goalBy: '2020-01-01' });
    expect(messageUnder(refused.value, 'goalBy')).toContain('har redan passerat');
    expect(inputValues(refused.value)).toMatchObject({ goalText: 'Betala hyran', goalBy: '2020-01-01' });
    expect((await stateOf(code)).sipPlan?.goals).toBeUndefined();
  });

  it('on a closed case, a viewer who may not change the plan still exports it and leaves without being asked', async () => {
    const code = await createCaseAs(flow.anna);
    const complete = await completePlanAs(flow.anna, code);
    const [hub] = await flow.anna.say(`ärende ${code}`);
    await flow.anna.press('case.close', { ...actionIn(hub, 'case.close').data, closeEarly: 'moves', closeReason: 'Personen flyttar', sipHolder: 'ended', sipEndReason: 'Personen flyttar' });
    expect((await stateOf(code)).closure).toBeDefined();
    const [closedPlan] = await flow.bjorn.say(`plan ${code}`);
    flow.connector.reset();
    const exported = await flow.bjorn.press('plan.export', { ...actionIn(closedPlan, 'plan.export').data, ...inputValues(closedPlan), ownGoals: 'Något annat' });
    expect(textOf(exported.value)).toContain('Planen som text finns i meddelandet nedan.');
    expect(String(flow.connector.activitiesIn('a:bjorn-personal')[0]!['text'])).toContain('Jag vill bo kvar i min lägenhet');
    const left = await flow.bjorn.press('plan.leave', { ...actionIn(closedPlan, 'plan.leave').data, ...inputValues(closedPlan), ownGoals: 'Något annat' });
    expect(textOf(left.value)).toContain(`Ärende ${code}`);
    expect(inputValues(complete.value)['ownGoals']).toBe('Jag vill bo kvar i min lägenhet');
  });

  it('goals proposed from the förmöte are not saved by another button, nor asked about when leaving; Spara takes them', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const pre = await flow.anna.press('sip.preMeeting.open', actionIn(sip, 'sip.preMeeting.open').data);
    await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, goals: 'Eget boende' });
    const [plan] = await flow.anna.say(`plan ${code}`);
    expect(inputValues(plan)['ownGoals']).toBe('Eget boende');
    await flow.anna.press('plan.export', { ...actionIn(plan, 'plan.export').data, ...inputValues(plan) });
    expect((await stateOf(code)).sipPlan).toBeUndefined();
    const left = await flow.anna.press('plan.leave', { ...actionIn(plan, 'plan.leave').data, ...inputValues(plan) });
    expect(textOf(left.value)).toContain(`Ärende ${code}`);
    await flow.anna.press('plan.save', { ...actionIn(plan, 'plan.save').data, ...inputValues(plan) });
    expect((await stateOf(code)).sipPlan?.ownGoals).toBe('Eget boende');
  });

  it('pressed after a colleague changed it, keeps what was typed and says under each field what is saved now; nothing is overwritten', async () => {
    const code = await createCaseAs(flow.anna);
    const [annas] = await flow.anna.say(`plan ${code}`);
    const [bjorns] = await flow.bjorn.say(`plan ${code}`);
    await flow.bjorn.press('plan.save', { ...actionIn(bjorns, 'plan.save').data, ...asSent(bjorns, { ownGoals: 'Björns formulering', noOtherParties: 'true' }) });
    const stale = await flow.anna.press('plan.effort.add', { ...actionIn(annas, 'plan.effort.add').data, ...asSent(annas, { personDoesThemselves: 'Handlar själv 19121212-1212', effortWhat: 'Boendestöd', effortResponsible: 'kommun' }) });
    expect(textOf(stale.value)).toContain('Det du skrev är inte sparat. Under fälten står det som är sparat nu');
    // Left empty on Anna's card (the client sends no empty input): Björn's goals show, so pressing again keeps them.
    expect(inputValues(stale.value)).toMatchObject({ ownGoals: 'Björns formulering', personDoesThemselves: '', noOtherParties: 'false', effortWhat: 'Boendestöd' });
    expect(messageUnder(stale.value, 'ownGoals', true)).toBeUndefined();
    expect(messageUnder(stale.value, 'noOtherParties', true)).toBe('Sparat nu: ikryssad');
    expect(messageUnder(stale.value, 'personDoesThemselves')).toBe('Det här såg ut som ett personnummer och är borttaget. Skriv texten utan personnummer.');
    // The new effort's panel is no stored field: nothing "saved now" under it.
    expect(messageUnder(stale.value, 'effortWhat', true)).toBeUndefined();
    expect(textOf(stale.value)).not.toContain('19121212');
    expect((await stateOf(code)).sipPlan).toMatchObject({ ownGoals: 'Björns formulering', noOtherParties: true, efforts: [] });
  });

  it('left after a colleague changed it, shows their change rather than asking about it as the user\'s', async () => {
    const code = await createCaseAs(flow.anna);
    const [annas] = await flow.anna.say(`plan ${code}`);
    const [bjorns] = await flow.bjorn.say(`plan ${code}`);
    await flow.bjorn.press('plan.save', { ...actionIn(bjorns, 'plan.save').data, ...asSent(bjorns, { ownGoals: 'Björns mål' }) });
    const left = await flow.anna.press('plan.leave', { ...actionIn(annas, 'plan.leave').data, ...asSent(annas) });
    expect(textOf(left.value)).toContain('Ärendet har ändrats sedan kortet visades.');
    expect(textOf(left.value)).not.toContain('Det du har ändrat här');
    expect(inputValues(left.value)['ownGoals']).toBe('Björns mål');
    expect((await stateOf(code)).sipPlan?.ownGoals).toBe('Björns mål');
  });
});


/** The inputs as the Teams and Playground renderers send them: an empty input is left out. */
const asSent = (card: unknown, typed: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries({ ...inputValues(card), ...typed }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

describe('as the client sends a card, leaving out every empty input', () => {
  it('saves a plan where only a choice is made, and clears a field that was emptied', async () => {
    const code = await createCaseAs(flow.anna);
    const [plan] = await flow.anna.say(`plan ${code}`);
    const chosen = await flow.anna.press('plan.save', { ...actionIn(plan, 'plan.save').data, ...asSent(plan, { overallResponsible: 'kommun' }) });
    expect((await stateOf(code)).sipPlan?.overallResponsible).toBe('kommun');
    const typed = await flow.anna.press('plan.save', { ...actionIn(chosen.value, 'plan.save').data, ...asSent(chosen.value, { ownGoals: 'Bo kvar' }) });
    expect((await stateOf(code)).sipPlan?.ownGoals).toBe('Bo kvar');
    await flow.anna.press('plan.save', { ...actionIn(typed.value, 'plan.save').data, ...asSent(typed.value, { ownGoals: '' }) });
    expect((await stateOf(code)).sipPlan).toMatchObject({ overallResponsible: 'kommun' });
    expect((await stateOf(code)).sipPlan).not.toHaveProperty('ownGoals');
  });

  it('clears a förmöte answer that was emptied, and leaves an untouched förmöte without asking', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const pre = await flow.anna.press('sip.preMeeting.open', actionIn(sip, 'sip.preMeeting.open').data);
    const left = await flow.anna.press('sip.preMeeting.leave', { ...actionIn(pre.value, 'sip.preMeeting.leave').data, ...asSent(pre.value) });
    expect(textOf(left.value)).toContain(`SIP-möten – ${code}`);
    const saved = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, ...asSent(pre.value, { whatMatters: 'Att få bo kvar', practical: 'Färdtjänst' }) });
    expect((await stateOf(code)).preMeeting).toMatchObject({ whatMatters: 'Att få bo kvar', practical: 'Färdtjänst' });
    await flow.anna.press('sip.preMeeting.save', { ...actionIn(saved.value, 'sip.preMeeting.save').data, ...asSent(saved.value, { practical: '' }) });
    expect((await stateOf(code)).preMeeting).toMatchObject({ whatMatters: 'Att få bo kvar' });
    expect((await stateOf(code)).preMeeting).not.toHaveProperty('practical');
  });

  it('asks before leaving a crisis plan whose only field was emptied', async () => {
    const code = await createCaseAs(flow.anna);
    const [crisis] = await flow.anna.say(`krisplan ${code}`);
    const withSign = await flow.anna.press('crisis.sign.add', { ...actionIn(crisis, 'crisis.sign.add').data, ...asSent(crisis, { signDescription: 'Slutar svara', action_personen: 'Ringer' }) });
    const saved = await flow.anna.press('crisis.save', { ...actionIn(withSign.value, 'crisis.save').data, ...asSent(withSign.value, { triggers: 'Stress', reviewDate: '2027-02-01' }) });
    expect((await stateOf(code)).crisisPlan?.triggers).toBe('Stress');
    const asked = await flow.anna.press('crisis.leave', { ...actionIn(saved.value, 'crisis.leave').data, ...asSent(saved.value, { triggers: '', reviewDate: '' }) });
    expect(textOf(asked.value)).toContain('Det du har ändrat här är inte sparat ännu.');
    expect(inputValues(asked.value)).toMatchObject({ triggers: '', reviewDate: '' });
  });
});
