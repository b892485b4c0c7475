import { afterEach, describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, actionIn, caseForm, holdMeetingAs, planMeetingAs, startFlow, textOf, type Flow } from '../support/case-flow';
import { storedBefore } from '../support/stored-rows';

/*
 * Basnivå without VoSS (METHOD.md "Basnivå is for everyone"), over the HTTP endpoint with both
 * coordinators: `nytt ärende` asks the kind; a SIP case has no target group, no training rule and
 * no phases, and is numbered SIP-…; a VoSS case goes on as before, VSS-…, with the deployment's
 * target-group routine (TARGET_GROUP).
 */

let now = 0;
const clock = () => new Date((now += 1000));

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

async function start(env: Record<string, string> = {}): Promise<Flow> {
  now = Date.parse('2026-11-30T09:00:00.000Z'); // Monday 30 November, 10:00 in Stockholm
  flow = await startFlow(clock, { env });
  return flow;
}

const stateOf = async (f: Flow, code: string) => (await f.bot.app.cases.get(TENANT, code))!.state;
const fact = (title: string, value: string) => `{"title":"${title}","value":"${value}"}`;

/** Anna asks for a new case, picks the kind, and gets that kind's form. */
async function formFor(f: Flow, kind: 'sip' | 'vss') {
  const [kinds] = await f.anna.say('nytt ärende');
  expect(textOf(kinds)).toContain('Vilket slags ärende vill du skapa?');
  return f.anna.press('case.new', actionIn(kinds, 'case.new', { kind }).data);
}

async function create(f: Flow, kind: 'sip' | 'vss', overrides: Record<string, string> = {}): Promise<string> {
  const form = await formFor(f, kind);
  const res = await f.anna.press('case.create', { ...caseForm(overrides), ...actionIn(form.value, 'case.create').data });
  return String(actionIn(res.value, 'case.refresh').data['code']);
}

describe('a SIP case (basnivå, no VoSS)', () => {
  it('asks no target group and nothing about training, is numbered SIP-, has no phases, and both coordinators work it', async () => {
    const f = await start();
    const form = await formFor(f, 'sip');
    const shown = textOf(form.value);
    expect(shown).toContain('Nytt SIP-ärende');
    expect(shown).toContain('SIP-år-löpnummer');
    for (const id of ['adult', 'highConsumer', 'notMetReason', 'trained', 'colleagueTrained', 'disabilityOrAddiction']) expect(shown).not.toContain(`"id":"${id}"`);
    expect(shown).toContain('"id":"consentStatus"');

    const created = await f.anna.press('case.create', { ...caseForm(), ...actionIn(form.value, 'case.create').data });
    const code = String(actionIn(created.value, 'case.refresh').data['code']);
    expect(code).toBe('SIP-2026-0001');
    const hub = textOf(created.value);
    expect(hub).toContain(fact('Ärendetyp', 'SIP (basnivå)'));
    expect(hub).not.toContain('"title":"Fas"');
    expect(hub).toContain('SIP-ärende: basnivå i samverkan och SIP:en');
    expect(hub).not.toContain('"verb":"case.phase"');
    expect(hub).not.toContain('"verb":"case.phase.back"');
    expect(hub).not.toContain('utbildad i metoden');
    const state = await stateOf(f, code);
    expect(state.kind).toBe('sip');
    expect(state).not.toHaveProperty('targetGroup');

    // Björn is told he is the kommun's coordinator for the SIP, not a vård- och stödsamordnare.
    await f.bot.app.settled();
    const told = JSON.stringify(f.connector.activitiesIn(BJORN.conversationId));
    expect(told).toContain(`Anna Lind har lagt till dig som samordnare från kommunen för SIP:en i ärende ${code}.`);
    expect(told).not.toContain('vård- och stödsamordnare');

    // Björn, the kommun's coordinator, works the same case: B1, the SIP card, the list.
    const [bjornsHub] = await f.bjorn.say(`ärende ${code}`);
    expect(textOf(bjornsHub)).toContain(fact('Ärendetyp', 'SIP (basnivå)'));
    const [checklist] = await f.bjorn.say(`basnivå ${code}`);
    await f.bjorn.press('baseline.need', { ...actionIn(checklist, 'baseline.need').data, need: 'yes' });
    expect((await stateOf(f, code)).baseline.need).toBe('yes');
    const [list] = await f.bjorn.say('mina ärenden');
    expect(textOf(list)).toContain('SIP (basnivå) · basnivå 1/8');

    // A phase step from an old or hand-made card is refused in words, and nothing changes.
    const before = await stateOf(f, code);
    const refused = await f.bjorn.press('case.phase', { code, from: 'initiering', to: 'kartlaggning' });
    expect(textOf(refused.value)).toContain('Ett SIP-ärende har inga faser; faserna hör till vård- och stödsamordning.');
    expect((await stateOf(f, code)).version).toBe(before.version);
  });

  it('closes with why the SIP ends: no VoSS condition, no one to hand it to, planned meetings cancelled', async () => {
    const f = await start();
    const code = await create(f, 'sip');
    await planMeetingAs(f.anna, code, { date: '2026-12-21', time: '10:00' });

    // The kallelse is signed by the coordinator for the SIP, not a vård- och stödsamordnare.
    const [planned] = await f.anna.say(`sip ${code}`);
    const invitation = await f.anna.press('sip.invitation.open', actionIn(planned, 'sip.invitation.open').data);
    expect(textOf(invitation.value)).toContain('Anna Lind, samordnare för SIP:en i regionen, Psykiatrimottagning Väst');
    expect(textOf(invitation.value)).not.toContain('vård- och stödsamordnare');

    const [hub] = await f.bjorn.say(`avsluta ${code}`);
    expect(textOf(hub)).toContain('kortet visar vad som finns kvar och frågar varför SIP:en avslutas');
    const closing = textOf(hub);
    expect(closing).toContain('Att avsluta SIP-ärendet avslutar SIP:en');
    expect(closing).toContain('Planerade SIP-möten ställs in: M1');
    expect(closing).not.toContain('"id":"closeEarly"');
    expect(closing).not.toContain('"id":"sipHolder"');

    const missing = await f.bjorn.press('case.close', { code, closeReason: ' ' });
    expect(textOf(missing.value)).toContain('Skäl: fyll i detta.');
    expect((await stateOf(f, code)).closure).toBeUndefined();

    const closed = await f.bjorn.press('case.close', { code, closeReason: 'Personen behöver inte längre insatser från båda' });
    expect(textOf(closed.value)).toContain('Ärendet är avslutat och kan bara läsas. Skäl: Personen behöver inte längre insatser från båda');
    const state = await stateOf(f, code);
    expect(state.closure).toMatchObject({ reason: 'Personen behöver inte längre insatser från båda', by: { aadObjectId: BJORN.aadObjectId } });
    expect(state.closure).not.toHaveProperty('conditionMet');
    expect(state.sipMeetings?.[0]?.status).toBe('cancelled');
    await f.bot.app.settled();
    expect(await f.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).toEqual([]);
  });
});

describe('B8 for each period between SIP meetings', () => {
  it('is asked again after each held SIP meeting, and the checklist shows what each period got', async () => {
    const f = await start();
    const code = await create(f, 'sip');
    await holdMeetingAs(f.anna, code, { date: '2026-12-21', time: '10:00' }, () => (now = Date.parse('2026-12-21T11:00:00.000Z')));
    const [afterFirst] = await f.bjorn.say(`basnivå ${code}`);
    expect(textOf(afterFirst)).toContain('Gäller tiden efter SIP-mötet M1 (21 december 2026) fram till nästa SIP-möte.');
    expect(textOf(afterFirst)).not.toContain('Tidigare perioder');
    await f.bjorn.press('baseline.set', actionIn(afterFirst, 'baseline.set', { item: 'B8', status: 'done' }).data);

    // The follow-up is held: B8 is open again, and the period M1–M2 keeps Björn's answer.
    now = Date.parse('2027-01-11T09:00:00.000Z');
    await planMeetingAs(f.anna, code, { date: '2027-03-01', time: '10:00', followUpOf: 'M1', purpose: 'Följa upp planen' });
    now = Date.parse('2027-03-01T11:00:00.000Z');
    const [planned] = await f.anna.say(`sip ${code}`);
    await f.anna.press('sip.held', { ...actionIn(planned, 'sip.held', { meetingId: 'M2' }).data, personTookPart_M2: 'yes', attended_M2_region: 'true', attended_M2_kommun: 'true' });
    const [checklist] = await f.bjorn.say(`basnivå ${code}`);
    const shown = textOf(checklist);
    expect(shown).toContain('Gäller tiden efter SIP-mötet M2 (1 mars 2027) fram till nästa SIP-möte.');
    expect(shown).toContain('Tidigare perioder');
    expect(shown).toMatch(/- M1 \(21 december 2026\) till M2 \(1 mars 2027\): Klar – Björn Berg, [^"]+"/);
    expect(actionIn(checklist, 'baseline.set', { item: 'B8', status: 'done' }).title).toBe('Klar');
    const state = await stateOf(f, code);
    expect(state.baseline.items.B8).toMatchObject({ status: 'notStarted', period: 'M2' });
    const [history] = await f.anna.say(`historik ${code}`);
    expect(textOf(history)).toContain('B8 frågas på nytt för tiden efter SIP-mötet M2');
  });
});

describe('a VoSS case next to SIP cases', () => {
  it('is numbered on its own (VSS-2026-0001 after SIP-2026-0001), asks the Uppsala target group and training, and moves through phases', async () => {
    const f = await start();
    expect(await create(f, 'sip')).toBe('SIP-2026-0001');
    const form = await formFor(f, 'vss');
    const shown = textOf(form.value);
    expect(shown).toContain('Nytt ärende: vård- och stödsamordning');
    expect(shown).toContain('Målgrupp (Uppsalarutinen)');
    for (const id of ['adult', 'extensiveDisability', 'highConsumer', 'notMetReason', 'trained', 'colleagueTrained']) expect(shown).toContain(`"id":"${id}"`);
    expect(shown).not.toContain('"id":"disabilityOrAddiction"');

    const created = await f.anna.press('case.create', { ...caseForm(), ...actionIn(form.value, 'case.create').data });
    const code = String(actionIn(created.value, 'case.refresh').data['code']);
    expect(code).toBe('VSS-2026-0001');
    expect(textOf(created.value)).toContain(fact('Ärendetyp', 'Vård- och stödsamordning'));
    expect(textOf(created.value)).toContain(fact('Fas', 'Initiering'));
    expect(await create(f, 'sip')).toBe('SIP-2026-0002');

    // Björn moves the VoSS case on; the phase belongs to it.
    const [hub] = await f.bjorn.say(`ärende ${code}`);
    const moved = await f.bjorn.press('case.phase', actionIn(hub, 'case.phase').data);
    expect(textOf(moved.value)).toContain(fact('Fas', 'Kartläggning'));
    expect((await stateOf(f, code)).targetGroup).toMatchObject({ profile: 'uppsala', adult: true, highConsumer: true });
  });

  it('closing it still asks 003:114\'s condition and who holds a SIP that lives on', async () => {
    const f = await start();
    const code = await create(f, 'vss');
    await holdMeetingAs(f.anna, code, { date: '2026-12-21', time: '10:00' }, () => (now = Date.parse('2026-12-21T11:00:00.000Z')));
    const [hub] = await f.anna.say(`avsluta ${code}`);
    expect(textOf(hub)).toContain('"id":"closeEarly"');
    expect(textOf(hub)).not.toContain('Att avsluta SIP-ärendet');
  });

  it('under TARGET_GROUP=goteborg asks 000:72\'s two criteria, and a reason when they do not both hold', async () => {
    const f = await start({ TARGET_GROUP: 'goteborg' });
    const [kinds] = await f.anna.say('nytt ärende');
    expect(textOf(kinds)).toContain('Målgruppen bedöms enligt Göteborgsområdets arbetsgång för vård- och stödsamordning.');
    const form = await f.anna.press('case.new', actionIn(kinds, 'case.new', { kind: 'vss' }).data);
    const shown = textOf(form.value);
    expect(shown).toContain('Målgrupp (Göteborgsområdets arbetsgång för vård- och stödsamordning)');
    expect(shown).toContain('"title":"Psykisk funktionsnedsättning och/eller missbruk"');
    expect(shown).not.toContain('"id":"adult"');

    const data = actionIn(form.value, 'case.create').data;
    const refused = await f.anna.press('case.create', { ...caseForm(), ...data, disabilityOrAddiction: 'true', needsBothPrincipals: 'false' });
    expect(textOf(refused.value)).toContain('Målgruppskriterierna är inte uppfyllda');
    expect(textOf(refused.value)).toContain('"id":"disabilityOrAddiction","title":"Psykisk funktionsnedsättning och/eller missbruk","value":"true"');

    const created = await f.anna.press('case.create', { ...caseForm(), ...data, disabilityOrAddiction: 'true', needsBothPrincipals: 'true' });
    const code = String(actionIn(created.value, 'case.refresh').data['code']);
    expect((await stateOf(f, code)).targetGroup).toEqual({ profile: 'goteborg', disabilityOrAddiction: true, needsBothPrincipals: true });
  });

  it('under TARGET_GROUP=none asks no target group, but still training', async () => {
    const f = await start({ TARGET_GROUP: 'none' });
    const shown = textOf((await formFor(f, 'vss')).value);
    expect(shown).not.toContain('"id":"adult"');
    expect(shown).not.toContain('"id":"notMetReason"');
    expect(shown).toContain('"id":"trained"');
    const code = await create(f, 'vss', { adult: 'false' });
    expect(await stateOf(f, code)).not.toHaveProperty('targetGroup');
  });

  it('a form from before SIP cases (no kind) still opens a VoSS case; `nytt ärende sip` goes straight to the SIP form', async () => {
    const f = await start();
    const res = await f.anna.press('case.create', caseForm());
    expect(String(actionIn(res.value, 'case.refresh').data['code'])).toBe('VSS-2026-0001');
    const [form] = await f.anna.say('nytt ärende sip');
    expect(actionIn(form, 'case.create').data['kind']).toBe('sip');
  });
});

describe('a case stored before SIP cases, target-group profiles, B8 periods and goals', () => {
  it('is a VoSS case under Uppsala\'s routine: its phases move, a held meeting starts B8\'s period, and its plan takes goals', async () => {
    const f = await start({ TARGET_GROUP: 'goteborg' });
    const code = 'VSS-2026-0960';
    const old = storedBefore(code, '2026-11-02T08:00:00.000Z', { baseline: { need: 'yes', items: Object.fromEntries(['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8'].map((id) => [id, { status: id === 'B8' ? 'done' : 'notStarted', rev: 1 }])) } });
    expect(await f.bot.app.cases.create(old, [])).not.toBe('codeTaken');

    const [hub] = await f.bjorn.say(`ärende ${code}`);
    expect(textOf(hub)).toContain(fact('Ärendetyp', 'Vård- och stödsamordning'));
    expect(textOf(hub)).toContain(fact('Fas', 'Kartläggning'));
    // Its target group was Uppsala's, whatever the deployment's routine is now.
    expect((await stateOf(f, code)).targetGroup).not.toHaveProperty('profile');
    const moved = await f.bjorn.press('case.phase', actionIn(hub, 'case.phase').data);
    expect(textOf(moved.value)).toContain(fact('Fas', 'Resursgrupp/SIP'));

    // B8 answered before any meeting is kept as the time before the first one.
    await holdMeetingAs(f.anna, code, { date: '2026-12-21', time: '10:00' }, () => (now = Date.parse('2026-12-21T11:00:00.000Z')));
    const state = await stateOf(f, code);
    expect(state.baseline.items.B8).toMatchObject({ status: 'notStarted', period: 'M1' });
    expect(state.baseline.b8Periods).toEqual([{ until: 'M1', status: 'done' }]);
    const [checklist] = await f.anna.say(`basnivå ${code}`);
    expect(textOf(checklist)).toContain('- Före M1 (21 december 2026): Klar');

    const [plan] = await f.anna.say(`plan ${code}`);
    const withGoal = await f.anna.press('plan.goal.add', { ...actionIn(plan, 'plan.goal.add').data, goalText: 'Bo kvar', goalPartOf: 'none', goalBy: '' });
    expect(textOf(withGoal.value)).toContain('**G1** Bo kvar');
  });
});
