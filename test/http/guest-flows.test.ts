import { describe, expect, it } from 'vitest';
import { ANNA, Client, TENANT, actionIn, createCaseAs, flowForAll, textOf, type Person } from '../support/case-flow';
import { fixture } from '../support/fixtures';

/*
 * Issue 17's first way across tenants: the kommun's coordinator is a guest (Entra B2B) in the
 * region's tenant. Teams sends a guest's activities in the host tenant, with the guest's object id
 * there and their display name (often with "(Gäst)"): the bot must treat them as anyone of the
 * tenant, and show the name as Teams gives it.
 */
const GUEST: Person = { aadObjectId: '5b7e1c2d-8a9f-4e3d-b6c5-a4f3e2d1c0b9', userId: '29:karin-guest', name: 'Karin Kommun (Gäst)', conversationId: 'a:karin-guest-personal' };
// A guest of another organisation, in the same host tenant, who is nobody's coordinator.
const OTHER_GUEST: Person = { aadObjectId: '9c8b7a6f-5e4d-4c3b-a2f1-e0d9c8b7a6f5', userId: '29:olof-guest', name: 'Olof Extern (Gäst)', conversationId: 'a:olof-guest-personal' };

let now = Date.parse('2026-11-23T08:00:00.000Z'); // Monday 23 November, 09:00 in Stockholm
const clock = () => new Date(now);

describe('a kommun coordinator who is a guest in the region\'s tenant', () => {
  const flow = flowForAll(clock);

  it('is picked as the colleague, told of the case, works the checklist, and gets the reminders, under the name Teams shows', async () => {
    const karin = new Client(flow.bot, flow.connector, GUEST);
    await karin.install();
    const code = await createCaseAs(flow.anna, { colleague: GUEST.aadObjectId });
    const stored = (await flow.bot.app.cases.get(TENANT, code))!.state;
    expect(stored.coordinators.map((x) => [x.aadObjectId, x.principal])).toEqual([
      [ANNA.aadObjectId, 'region'],
      [GUEST.aadObjectId, 'kommun'],
    ]);
    // Told in her own chat with the bot, in the host tenant.
    expect(flow.connector.activitiesIn(GUEST.conversationId).some((a) => textOf(a).includes(code))).toBe(true);

    const [checklist] = await karin.say(`basnivå ${code}`);
    const answered = await karin.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
    expect(textOf(answered.value)).toContain('Karin Kommun (Gäst)');
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('Karin Kommun (Gäst) (kommun)');

    // "Book the first meeting" is due two working days after consent: to both, each in their own chat.
    now = Date.parse('2026-11-25T08:00:00.000Z');
    await flow.dispatch('2026-11-25T08:00:00.000Z');
    const reminded = (p: Person) => flow.connector.activitiesIn(p.conversationId).filter((a) => textOf(a).includes('Påminnelse') && textOf(a).includes(code));
    expect(reminded(GUEST).length).toBeGreaterThan(0);
    expect(reminded(ANNA).length).toBeGreaterThan(0);
  });

  it('answers a guest whose activity carries the #EXT# user principal name, and never logs that name', async () => {
    // test/fixtures/teams-guest-message.json: Teams sends some activities with from.userPrincipalName,
    // which for a B2B guest is their home address rewritten into the host tenant.
    const upn = 'karin.kommun_testby.se#EXT#@regiontest.onmicrosoft.com';
    const activity = fixture('teams-guest-message', flow.connector.url, { text: 'mina ärenden' });
    expect(activity.from['userPrincipalName']).toBe(upn);
    expect(activity.conversation['tenantId']).toBe(TENANT);
    const conversationId = String(activity.conversation['id']);
    const res = await flow.bot.post(activity);
    expect(res.status).toBe(200);
    const replies = flow.connector.activitiesIn(conversationId).filter((a) => a['replyToId'] === activity['id']);
    expect(textOf(replies)).toContain('Mina ärenden');
    for (const part of [upn, '#EXT#', 'karin.kommun', 'testby.se', 'regiontest.onmicrosoft.com']) {
      expect(flow.bot.logs.text, part).not.toContain(part);
      expect(textOf(replies), part).not.toContain(part);
    }
  });

  it('works the case with her colleague in a group chat of the host tenant, where her reminders can go too', async () => {
    const karin = new Client(flow.bot, flow.connector, GUEST);
    await karin.install();
    const code = await createCaseAs(flow.anna, { colleague: GUEST.aadObjectId });
    const chat = '19:guest-and-region@thread.v2';
    // The guest links the case in a chat of the host tenant, as any coordinator of the tenant can.
    const [linked] = await karin.inGroupChat(chat).say(`koppla ${code}`);
    expect(textOf(linked)).toContain('är nu kopplat till den här chatten');
    const [inChat] = await flow.anna.inGroupChat(chat).say(`ärende ${code}`);
    expect(textOf(inChat)).toContain('Karin Kommun (Gäst)');
    const [settings] = await karin.say('påminnelser');
    expect(textOf(settings)).toContain(`delivery_${code}`);
  });

  it('refuses another guest of the same tenant who is not a coordinator, as it refuses anyone', async () => {
    const olof = new Client(flow.bot, flow.connector, OTHER_GUEST);
    await olof.install();
    const code = await createCaseAs(flow.anna, { colleague: GUEST.aadObjectId });
    const [answer] = await olof.say(`ärende ${code}`);
    expect(textOf(answer)).not.toContain('Anna Lind');
    const [missing] = await olof.say('ärende SIP-2099-9999');
    // The same answer for a case that is not his as for one that does not exist.
    expect(textOf(answer)).toBe(textOf(missing).replace('SIP-2099-9999', code));
  });
});
