import { describe, expect, it } from 'vitest';
import { PLAYGROUND_COLLEAGUE } from '../../src/local/playground-users';
import { ANNA, TENANT, actionIn, caseForm, flowForAll, textOf } from '../support/case-flow';

/*
 * Two coordinators on one machine (issue 14): the Agents Playground's people picker sends its mock
 * users' ids (user-id-1), not object ids. In local mode the bot looks them up in the Playground's
 * directory, so picking "Megan Bowen" makes her the colleague, by her object id and name.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z');
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);
const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

describe('the Playground\'s people picker in local mode', () => {
  it('makes the picked mock user the colleague, by object id and name, on the new-case form', async () => {
    const res = await flow.anna.press('case.create', caseForm({ colleague: PLAYGROUND_COLLEAGUE.id }));
    const code = String(actionIn(res.value, 'case.refresh').data['code']);
    const colleague = (await stateOf(code)).coordinators[1];
    expect(colleague).toMatchObject({ aadObjectId: PLAYGROUND_COLLEAGUE.aadObjectId, name: 'Megan Bowen', principal: 'kommun', noticePending: true });
    expect(textOf(res.value)).toContain('Megan Bowen (kommun)');
    // Locally she is reached in her own Playground, and the card says where.
    expect(textOf(res.value)).toContain('Öppna den andra adressen som npm start skrev ut');
  });

  it('and on "Lägg till samordnare"', async () => {
    const res = await flow.anna.press('case.create', caseForm({ colleague: '' }));
    const code = String(actionIn(res.value, 'case.refresh').data['code']);
    const added = await flow.anna.press('case.colleague.add', { code, colleague: 'user-id-2', colleagueTrained: 'false' });
    expect(textOf(added.value)).toContain('Adele Vance (kommun)');
    expect((await stateOf(code)).coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId, '00000000-0000-0000-0000-0000000000022']);
  });

  it('refuses an id the Playground does not have, and changes nothing', async () => {
    const before = await flow.bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
    const res = await flow.anna.press('case.create', { ...caseForm({ colleague: 'user-id-99' }), formId: crypto.randomUUID() });
    expect(textOf(res.value)).toContain('Kortet skickade uppgifter som inte gick att läsa');
    await flow.bot.app.settled();
    expect(await flow.bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId })).toEqual(before);
  });
});
