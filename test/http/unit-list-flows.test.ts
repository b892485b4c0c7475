import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, actionIn, caseForm, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * Units picked from the deployment's list (UNITS_FILE), over the HTTP endpoint: the new-case form
 * offers both principals' units, the server holds the pick to the chosen principal's list, and the
 * colleague asked before consent picks theirs on accepting. The test bots list
 * test/fixtures/units.json: region Psykiatrimottagning Väst, Vårdcentralen Norr, …; kommun
 * Socialtjänsten Öst, Socialpsykiatrin, Boendestöd.
 */

let now = Date.parse('2026-11-23T09:00:00.000Z'); // Monday 23 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));

type Node = Record<string, unknown>;
/** The input with this id anywhere in a card. */
function inputIn(card: unknown, id: string): Node | undefined {
  let found: Node | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Node;
      if (o['id'] === id && typeof o['type'] === 'string' && o['type'].startsWith('Input.')) found ??= o;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}
const choicesOf = (input: Node | undefined) => (input?.['choices'] as Array<{ title: string; value: string }> | undefined) ?? [];
const NOT_LISTED = 'Din enhet: välj en enhet ur listan för din huvudman. Saknas din enhet där, be den som förvaltar boten lägga till den.';

describe('the new-case form with the deployment\'s units', () => {
  const flow = flowForAll(clock);
  const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
  const indexOf = () => flow.bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });

  it('offers both principals\' units in one list, each named by its principal, the one picked first', async () => {
    const [form] = await flow.anna.say('nytt ärende vss');
    const unit = inputIn(form, 'unit');
    expect(unit).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', label: 'Din enhet', placeholder: 'Välj din enhet', isRequired: true });
    expect(choicesOf(unit)).toEqual([
      { title: 'Region – Psykiatrimottagning Väst', value: 'Psykiatrimottagning Väst' },
      { title: 'Region – Vårdcentralen Norr', value: 'Vårdcentralen Norr' },
      { title: 'Region – Psykiatriska mottagningen', value: 'Psykiatriska mottagningen' },
      { title: 'Region – **fet** _kursiv_ <b>html</b>', value: '**fet** _kursiv_ <b>html</b>' },
      { title: 'Kommun – Socialtjänsten Öst', value: 'Socialtjänsten Öst' },
      { title: 'Kommun – Socialpsykiatrin', value: 'Socialpsykiatrin' },
      { title: 'Kommun – Boendestöd', value: 'Boendestöd' },
    ]);
    // Refused for something else, a kommun coordinator's form comes back with the kommun's units first, the pick kept.
    const refused = await flow.anna.press('case.create', { ...actionIn(form, 'case.create').data, ...caseForm({ principal: 'kommun', unit: 'Boendestöd', consentForm: '' }) });
    const again = inputIn(refused.value, 'unit');
    expect(again?.['value']).toBe('Boendestöd');
    expect(choicesOf(again)[0]?.title).toBe('Kommun – Socialtjänsten Öst');
  });

  it('saves a listed unit in the list\'s spelling', async () => {
    const code = await createCaseAs(flow.anna, { principal: 'kommun', unit: ' boendestöd ' });
    expect((await stateOf(code)).coordinators[0]).toMatchObject({ aadObjectId: ANNA.aadObjectId, principal: 'kommun', unit: 'Boendestöd' });
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('Boendestöd');
  });

  it('refuses a unit the list does not hold, or the other principal\'s, names the problem under the field, and saves nothing', async () => {
    const before = await indexOf();
    for (const unit of ['Akutmottagningen', 'Socialpsykiatrin', 'x'.repeat(81)]) {
      const res = await flow.anna.press('case.create', caseForm({ principal: 'region', unit }));
      expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
      const body = (res.value as { body: Node[] }).body;
      expect(body[body.findIndex((b) => b['id'] === 'unit') + 1], unit).toMatchObject({ type: 'TextBlock', text: NOT_LISTED, color: 'Attention' });
      expect(textOf(res.value)).not.toContain('"text":"Ärende ');
      // The other principal's unit stays picked (the principal may be what is wrong); one no list holds is not a choice.
      expect(inputIn(res.value, 'unit')?.['value']).toBe(unit === 'Socialpsykiatrin' ? unit : '');
    }
    expect(await indexOf()).toEqual(before);
  });

  it('asks for the unit when the principal has a list and none was picked', async () => {
    const before = await indexOf();
    const res = await flow.anna.press('case.create', caseForm({ unit: '' }));
    expect(textOf(res.value)).toContain('Din enhet: fyll i detta.');
    expect(await indexOf()).toEqual(before);
  });

  it('lets the colleague asked before consent pick their unit from their principal\'s list on accepting, and refuses any other', async () => {
    const code = await createCaseAs(flow.anna, { consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '' });
    const [request] = await flow.bjorn.say(`ärende ${code}`);
    const unit = inputIn(request, 'unit');
    expect(unit).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', label: 'Din enhet hos kommunen' });
    expect(choicesOf(unit).map((c) => c.value)).toEqual(['Socialtjänsten Öst', 'Socialpsykiatrin', 'Boendestöd']);
    const accept = actionIn(request, 'case.request.accept').data;
    const pending = await stateOf(code);

    // The region's unit is not his to pick; none at all is not an answer where the kommun has a list.
    const forged = await flow.bjorn.press('case.request.accept', { ...accept, unit: 'Psykiatrimottagning Väst' });
    expect(textOf(forged.value)).toContain(NOT_LISTED);
    expect(actionIn(forged.value, 'case.request.accept').data).toEqual(accept);
    const none = await flow.bjorn.press('case.request.accept', accept);
    expect(textOf(none.value)).toContain('Din enhet: fyll i detta.');
    expect((await stateOf(code)).version).toBe(pending.version);
    expect((await stateOf(code)).colleagueRequest?.status).toBe('pending');

    const accepted = await flow.bjorn.press('case.request.accept', { ...accept, unit: 'Socialpsykiatrin' });
    expect(textOf(accepted.value)).toContain('Du har tagit uppdraget');
    expect((await stateOf(code)).colleagueRequest).toMatchObject({ status: 'accepted', colleague: { aadObjectId: BJORN.aadObjectId, unit: 'Socialpsykiatrin' } });
    // The accepted request asks nothing more.
    expect(inputIn(accepted.value, 'unit')).toBeUndefined();

    // Consent recorded: he is appointed with the unit he picked.
    const [hub] = await flow.anna.say(`ärende ${code}`);
    const card = await flow.anna.press('consent.open', actionIn(hub, 'consent.open').data);
    await flow.anna.press('consent.record', { ...actionIn(card.value, 'consent.record').data, consentForm: 'oral', consentScope: 'Boende och insatser', consentValidUntil: '2027-11-30' });
    expect((await stateOf(code)).coordinators.find((x) => x.aadObjectId === BJORN.aadObjectId)).toMatchObject({ principal: 'kommun', unit: 'Socialpsykiatrin' });
  });

  it('asks a colleague appointed with consent already given for their unit on the hub, until they pick one from their list', async () => {
    // Consent given on the form: Björn is appointed at once, and Anna could not know his unit.
    const code = await createCaseAs(flow.anna);
    expect((await stateOf(code)).coordinators.find((x) => x.aadObjectId === BJORN.aadObjectId)?.unit).toBeUndefined();
    const [hub] = await flow.bjorn.say(`ärende ${code}`);
    expect(inputIn(hub, 'myUnit')).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', label: 'Din enhet hos kommunen', isRequired: true });
    expect(choicesOf(inputIn(hub, 'myUnit')).map((c) => c.value)).toEqual(['Socialtjänsten Öst', 'Socialpsykiatrin', 'Boendestöd']);
    expect(textOf(hub)).toContain('Din enhet är inte angiven i ärendet.');
    // Anna's unit is listed: her hub asks her nothing.
    const [annaHub] = await flow.anna.say(`ärende ${code}`);
    expect(inputIn(annaHub, 'myUnit')).toBeUndefined();

    const save = actionIn(hub, 'case.unit.set').data;
    const before = await stateOf(code);
    // The region's unit is not his, and none is no answer: refused under the field, nothing saved.
    for (const myUnit of ['Psykiatrimottagning Väst', 'Akutmottagningen', '']) {
      const refused = await flow.bjorn.press('case.unit.set', { ...save, myUnit });
      const body = (refused.value as { body: Node[] }).body;
      expect(JSON.stringify(body), myUnit).toContain(myUnit === '' ? 'Din enhet: fyll i detta.' : NOT_LISTED);
      expect(inputIn(refused.value, 'myUnit'), myUnit).toBeDefined();
    }
    expect((await stateOf(code)).version).toBe(before.version);

    const saved = await flow.bjorn.press('case.unit.set', { ...save, myUnit: ' socialpsykiatrin ' });
    expect(textOf(saved.value)).toContain('Din enhet är sparad.');
    expect(inputIn(saved.value, 'myUnit')).toBeUndefined();
    const after = await stateOf(code);
    expect(after.coordinators.find((x) => x.aadObjectId === BJORN.aadObjectId)).toMatchObject({ principal: 'kommun', unit: 'Socialpsykiatrin' });
    expect(after.coordinators.find((x) => x.aadObjectId === ANNA.aadObjectId)).toEqual(before.coordinators.find((x) => x.aadObjectId === ANNA.aadObjectId));
    const history = await flow.bot.app.cases.history(TENANT, code, 5);
    expect(history[0]).toMatchObject({ action: 'case.unitSet', by: { aadObjectId: BJORN.aadObjectId }, detail: 'kommun' });
    // The button sets the unit of whoever presses it: Anna's press changes hers, never Björn's.
    await flow.anna.press('case.unit.set', { ...save, myUnit: 'Vårdcentralen Norr' });
    const last = await stateOf(code);
    expect(last.coordinators.find((x) => x.aadObjectId === ANNA.aadObjectId)?.unit).toBe('Vårdcentralen Norr');
    expect(last.coordinators.find((x) => x.aadObjectId === BJORN.aadObjectId)?.unit).toBe('Socialpsykiatrin');
  });
});

describe('a principal without a list', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'units-'));
  const file = path.join(dir, 'units.json');
  writeFileSync(file, JSON.stringify({ region: ['Psykiatrimottagning Väst'], kommun: [] }));
  const flow = flowForAll(clock, { UNITS_FILE: file });
  const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

  it('lets its coordinators leave the unit empty, says so on the form, and takes no unit from them', async () => {
    const [form] = await flow.anna.say('nytt ärende sip');
    expect(inputIn(form, 'unit')).toMatchObject({ isRequired: false });
    expect(textOf(form)).toContain('Kommunen har inga enheter i listan: är du från kommunen lämnar du enheten tom.');
    const code = await createCaseAs(flow.anna, { principal: 'kommun', unit: '', colleague: '' });
    expect((await stateOf(code)).coordinators[0]?.unit).toBeUndefined();
    // A unit sent anyway (a stale or forged form) is refused, not stored as typed.
    const typed = await flow.anna.press('case.create', caseForm({ principal: 'kommun', unit: 'Socialpsykiatrin', colleague: '' }));
    expect(textOf(typed.value)).toContain('Din enhet: din huvudman har ingen lista över enheter i boten, så lämna enheten tom.');
  });

  it('asks the colleague of that principal no unit on accepting', async () => {
    const code = await createCaseAs(flow.anna, { consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '' });
    const [request] = await flow.bjorn.say(`ärende ${code}`);
    expect(inputIn(request, 'unit')).toBeUndefined();
    await flow.bjorn.press('case.request.accept', actionIn(request, 'case.request.accept').data);
    expect((await stateOf(code)).colleagueRequest).toMatchObject({ status: 'accepted' });
    expect((await stateOf(code)).colleagueRequest?.colleague.unit).toBeUndefined();
  });
});
