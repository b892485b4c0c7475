import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNA, Client, TENANT, actionIn, caseForm, planMeetingAs, textOf, type Person } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';
import { OfflineCredentials, TokenIssuer } from '../support/token-issuer';
import type { BotCredentials } from '../../src/config/config';

/*
 * Issue 17's second way across tenants: the region (tenant A) and the kommun (tenant B) each have
 * their own bot registration, and one deployment with one store serves both. Every request carries
 * a Bot Framework token signed with keys the test publishes, for the registration of the sender's
 * tenant; every message the bot sends is signed by a registration, which the fake connector sees
 * in the bearer token (outgoing-<app id>).
 */
const TENANT_A = TENANT;
const TENANT_B = '7b1e2d3c-4a5f-4e6d-8c7b-1a2b3c4d5e6f';
const APP_A = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const APP_B = '1d4d8a8b-6c9f-4a0e-b3c2-8f7e6d5c4b3a';
/** The region's registration is the deployment's own (MicrosoftAppId…); the kommun's is the other. */
const OTHER_TENANTS = [{ tenantId: TENANT_B, appId: APP_B, secretSetting: 'BOT_SECRET_KOMMUN', organisation: { principal: 'kommun', name: 'Testby kommun' } }];
const DISPATCH_KEY = 'a-dispatch-key-of-at-least-thirty-two-characters';

const inB = { id: TENANT_B, botId: `28:${APP_B}` };
const KARIN: Person = { aadObjectId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d', userId: '29:karin-b', name: 'Karin Kommun', conversationId: 'a:karin-b-personal', tenant: inB };
// Nobody's coordinator: one in each tenant.
const EVA_A: Person = { aadObjectId: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b', userId: '29:eva-a', name: 'Eva Utomstående', conversationId: 'a:eva-a-personal' };
const OLOF_B: Person = { aadObjectId: '9c8b7a6f-5e4d-4c3b-a2f1-e0d9c8b7a6f5', userId: '29:olof-b', name: 'Olof Utanför', conversationId: 'a:olof-b-personal', tenant: inB };

let now = Date.parse('2026-11-23T08:00:00.000Z'); // Monday 23 November, 09:00 in Stockholm
const clock = () => new Date(now);

let issuer: TokenIssuer;
let connector: FakeConnector;
let bot: TestBot;

/** A token for a registration, as the Bot Framework signs one for a message to that bot. */
const tokenFor = (appId: string) => `Bearer ${issuer.rs256({ header: {}, claims: issuer.claimsFor(appId, connector.url) })}`;

/** The bot as Teams reaches it: each request signed for the registration of the tenant it comes from. */
function teams(): TestBot {
  return {
    ...bot,
    post: (body: unknown) => {
      const tenant = (body as { conversation?: { tenantId?: string } }).conversation?.tenantId;
      return bot.post(body, { authorization: tokenFor(tenant === TENANT_B ? APP_B : APP_A) });
    },
  };
}

const client = (person: Person) => new Client(teams(), connector, person);
/** Which registration signed what the bot sent into a conversation. */
const signersIn = (conversationId: string) => new Set(connector.calls.filter((c) => c.conversationId === conversationId).map((c) => c.authorization));

beforeAll(async () => {
  issuer = await new TokenIssuer().start();
  connector = await new FakeConnector().start();
  bot = await startTestBot(
    {
      MicrosoftAppId: APP_A,
      MicrosoftAppPassword: 'region-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT_A,
      ORGANISATION: JSON.stringify({ principal: 'region', name: 'Region Testland' }),
      BOT_REGISTRATIONS: JSON.stringify(OTHER_TENANTS),
      BOT_SECRET_KOMMUN: 'kommun-secret',
      ALLOWED_TENANT_IDS: `${TENANT_A},${TENANT_B}`,
      DISPATCH_KEY,
      PUBLIC_BASE_URL: 'https://sip.region.example',
      CALENDAR_LINK_KEY: 'a-calendar-link-key-of-at-least-thirty-two-characters',
    },
    clock,
    {
      botAuth: {
        channelOpenIdMetadataUrl: issuer.channelMetadataUrl,
        emulatorOpenIdMetadataUrl: issuer.emulatorMetadataUrl,
        credentialsFactory: (r: BotCredentials) => new OfflineCredentials({ MicrosoftAppId: r.appId, MicrosoftAppPassword: r.appPassword, MicrosoftAppType: r.appType, MicrosoftAppTenantId: r.tenantId }, `outgoing-${r.appId}`),
      },
    },
  );
  for (const person of [ANNA, KARIN, EVA_A, OLOF_B]) await client(person).install();
});

afterAll(async () => {
  await bot?.close();
  await connector?.stop();
  await issuer?.stop();
});

describe('the region and the kommun in two tenants, each with its own registration, one deployment', () => {
  let code = '';

  it('offers the coordinators of the other tenant in the form, named with their organisation, and no one twice', async () => {
    const [form] = await client(ANNA).say('nytt ärende vss');
    const choices = JSON.stringify(form).match(/"title":"[^"]*","value":"[^"]*@[^"]*"/g) ?? [];
    expect(choices).toEqual([
      `"title":"Karin Kommun – Testby kommun","value":"${KARIN.aadObjectId}@${TENANT_B}"`,
      `"title":"Olof Utanför – Testby kommun","value":"${OLOF_B.aadObjectId}@${TENANT_B}"`,
    ]);
    // Her own tenant's colleague is offered as the people picker names him: by object id alone.
    expect(textOf(form)).toContain(`"value":"${EVA_A.aadObjectId}"`);
    expect(textOf(form)).not.toContain(`"value":"${ANNA.aadObjectId}"`);
    // The reply went out with the region's registration.
    expect(signersIn(ANNA.conversationId)).toEqual(new Set([`Bearer outgoing-${APP_A}`]));
  });

  it('creates a case in A with the colleague in B: one case, the kommun coordinator told through the kommun’s bot', async () => {
    const anna = client(ANNA);
    await anna.say('nytt ärende vss');
    // In the home tenant the form decides the principal (guests of the kommun live there too), but
    // the kommun's coordinator cannot be the colleague of someone who says she is the kommun's.
    const same = await anna.press('case.create', caseForm({ principal: 'kommun', unit: 'Socialpsykiatrin', colleague: `${KARIN.aadObjectId}@${TENANT_B}` }));
    expect(textOf(same.value)).toContain('personen är samordnare hos samma huvudman som du');
    expect(() => actionIn(same.value, 'case.refresh')).toThrow();
    const created = await anna.press('case.create', caseForm({ colleague: `${KARIN.aadObjectId}@${TENANT_B}` }));
    code = String(actionIn(created.value, 'case.refresh').data['code']);
    const state = (await bot.app.cases.get(TENANT_A, code))!.state;
    expect(state.coordinators.map((x) => [x.aadObjectId, x.tenantId, x.principal])).toEqual([
      [ANNA.aadObjectId, undefined, 'region'],
      [KARIN.aadObjectId, TENANT_B, 'kommun'],
    ]);
    const told = connector.activitiesIn(KARIN.conversationId).filter((a) => textOf(a).includes(code));
    expect(told).toHaveLength(1);
    expect(connector.calls.find((c) => c.conversationId === KARIN.conversationId && textOf(c.body).includes(code))?.authorization).toBe(`Bearer outgoing-${APP_B}`);
  });

  it('lets both tick the checklist, each from their own tenant, and each sees the other’s answer', async () => {
    const karin = client(KARIN);
    const [checklist] = await karin.say(`basnivå ${code}`);
    const needed = await karin.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
    expect(needed.statusCode).toBe(200);
    const ticked = await client(ANNA).press('baseline.set', actionIn(needed.value, 'baseline.set', { item: 'B2', status: 'done' }).data);
    expect(textOf(ticked.value)).toContain('Klar – Anna Lind');
    const again = await karin.press('baseline.set', actionIn(ticked.value, 'baseline.set', { item: 'B3', status: 'done' }).data);
    expect(textOf(again.value)).toContain('Klar – Karin Kommun');
    expect(textOf(again.value)).toContain('Klar – Anna Lind');
    // One case, in the home tenant's keys: nothing was written under B's.
    expect(await bot.app.cases.get(TENANT_B, code)).toBeUndefined();
    const [mine] = await karin.say('mina ärenden');
    expect(textOf(mine)).toContain(code);
    // Her reminders stay in her own chat: no group chat of the region's is hers to choose.
    const [reminderSettings] = await karin.say('påminnelser');
    expect(textOf(reminderSettings)).toContain('så de kan inte gå till en gruppchatt');
    expect(textOf(reminderSettings)).not.toContain(`delivery_${code}`);
    // Every answer to Karin went out with the kommun's registration.
    expect(signersIn(KARIN.conversationId)).toEqual(new Set([`Bearer outgoing-${APP_B}`]));
  });

  it('refuses an outsider in B and one in A alike: the same answer as for a code that does not exist', async () => {
    for (const outsider of [OLOF_B, EVA_A]) {
      const c = client(outsider);
      const [answer] = await c.say(`ärende ${code}`);
      const [missing] = await c.say('ärende SIP-2099-9999');
      expect(textOf(answer)).toBe(textOf(missing).replace('SIP-2099-9999', code));
      expect(textOf(answer)).not.toContain('Anna Lind');
      const pressed = await c.press('baseline.set', { code, item: 'B4', status: 'done', rev: 0 });
      expect(textOf(pressed.value)).not.toContain('Karin Kommun');
    }
    const state = (await bot.app.cases.get(TENANT_A, code))!.state;
    expect(state.baseline.items.B4.status).not.toBe('done');
  });

  it('does not link the case to a group chat of the kommun’s tenant: the region’s coordinator is not in it', async () => {
    const [answer] = await client(KARIN).inGroupChat('19:kommun-chat@thread.v2').say(`koppla ${code}`);
    expect(textOf(answer)).toContain('en gruppchatt finns bara i den ena');
    expect((await bot.app.cases.get(TENANT_A, code))!.state.linkedChatIds).toEqual([]);
  });

  it('refuses, with 401 and nothing stored, an activity whose tenant is not the one its token’s registration serves', async () => {
    const before = connector.calls.length;
    // Olof's token is for the kommun's bot; the activity says it comes from the region's tenant.
    const claimsA = fixture('teams-personal-message', connector.url, {
      text: `ärende ${code}`,
      from: { id: OLOF_B.userId, name: OLOF_B.name, aadObjectId: OLOF_B.aadObjectId },
      conversation: { id: OLOF_B.conversationId, conversationType: 'personal', tenantId: TENANT_A },
      channelData: { tenant: { id: TENANT_A } },
    });
    expect((await bot.post(claimsA, { authorization: tokenFor(APP_B) })).status).toBe(401);
    // And the other way: a region token carrying an activity from the kommun's tenant.
    const claimsB = fixture('teams-personal-message', connector.url, {
      text: `ärende ${code}`,
      from: { id: KARIN.userId, name: KARIN.name, aadObjectId: KARIN.aadObjectId },
      conversation: { id: KARIN.conversationId, conversationType: 'personal', tenantId: TENANT_B },
      channelData: { tenant: { id: TENANT_B } },
    });
    expect((await bot.post(claimsB, { authorization: tokenFor(APP_A) })).status).toBe(401);
    // A token for an app id the deployment does not have.
    expect((await bot.post(claimsB, { authorization: tokenFor('5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9') })).status).toBe(401);
    expect(connector.calls.length).toBe(before);
    expect(bot.logs.text).toContain('tenant-not-of-registration');
  });

  it('gives the kommun coordinator the kallelse’s calendar file from her link, audited as hers', async () => {
    const planned = await planMeetingAs(client(KARIN), code, { date: '2026-12-14', time: '10:00' });
    expect(planned.statusCode).toBe(200);
    const [sip] = await client(KARIN).say(`sip ${code}`);
    const invitation = await client(KARIN).press('sip.invitation.open', actionIn(sip, 'sip.invitation.open').data);
    const url = /"type":"Action.OpenUrl","title":"Hämta kalenderfil \(\.ics\)","url":"([^"]+)"/.exec(textOf(invitation.value))?.[1];
    expect(url).toBeDefined();
    // Fetched as a browser would, at the bot's address (the card names the public one).
    const res = await fetch(`${bot.baseUrl}${new URL(url!).pathname}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('BEGIN:VCALENDAR');
    const history = await bot.app.cases.history(TENANT_A, code, 50);
    expect(history.find((e) => e.action === 'sip.calendarDownloaded')?.by).toMatchObject({ aadObjectId: KARIN.aadObjectId, tenantId: TENANT_B });
    // Her own changes are logged as hers, in her tenant, as the access-log follow-up reads them.
    expect(history.find((e) => e.action === 'sip.meetingPlanned')?.by).toMatchObject({ aadObjectId: KARIN.aadObjectId, tenantId: TENANT_B, name: 'Karin Kommun' });
  });

  it('delivers the reminders to each coordinator through their own tenant’s registration', async () => {
    connector.reset();
    // "Book the first meeting" falls due two working days after consent: Wednesday morning.
    now = Date.parse('2026-11-25T08:00:00.000Z');
    const res = await fetch(`${bot.baseUrl}/api/reminders/dispatch`, { method: 'POST', headers: { authorization: `Bearer ${DISPATCH_KEY}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    await bot.app.settled();
    const reminded = (p: Person) => connector.calls.filter((c) => c.conversationId === p.conversationId && textOf(c.body).includes('Påminnelse') && textOf(c.body).includes(code));
    expect(reminded(ANNA).length).toBeGreaterThan(0);
    expect(reminded(KARIN).length).toBeGreaterThan(0);
    expect(new Set(reminded(ANNA).map((c) => c.authorization))).toEqual(new Set([`Bearer outgoing-${APP_A}`]));
    expect(new Set(reminded(KARIN).map((c) => c.authorization))).toEqual(new Set([`Bearer outgoing-${APP_B}`]));
  });

  it('gives a case opened in B a code of its own, and offers the region’s coordinators to the kommun', async () => {
    const karin = client(KARIN);
    const [form] = await karin.say('nytt ärende vss');
    // Named with her organisation and the unit she chose when she opened her case: searchable by each.
    expect(textOf(form)).toContain(`"title":"Anna Lind – Region Testland, Psykiatrimottagning Väst","value":"${ANNA.aadObjectId}@${TENANT_A}"`);
    // Her organisation is the kommun: the form says so before she picks.
    expect(textOf(form)).toMatch(/"id":"principal"[^}]*"value":"kommun"/);
    // A card that says "region" does not make her the region's: her tenant is the kommun's.
    const created = await karin.press('case.create', caseForm({ principal: 'region', unit: 'Socialpsykiatrin', colleague: `${ANNA.aadObjectId}@${TENANT_A}` }));
    const second = String(actionIn(created.value, 'case.refresh').data['code']);
    expect(second).not.toBe(code);
    const state = (await bot.app.cases.get(TENANT_A, second))!.state;
    expect(state.coordinators.map((x) => [x.aadObjectId, x.tenantId, x.principal])).toEqual([
      [KARIN.aadObjectId, TENANT_B, 'kommun'],
      [ANNA.aadObjectId, undefined, 'region'],
    ]);
    const [hub] = await client(ANNA).say(`ärende ${second}`);
    expect(textOf(hub)).toContain('Karin Kommun');
  });

  it('invites a kommun colleague who has not added the app by e-mail address; when she adds it she is asked at once, and takes the assignment', async () => {
    const anna = client(ANNA);
    const [form] = await anna.say('nytt ärende vss');
    // Karin chose her unit when she opened a case of her own: the list names it now.
    expect(textOf(form)).toContain(`"title":"Karin Kommun – Testby kommun, Socialpsykiatrin","value":"${KARIN.aadObjectId}@${TENANT_B}"`);
    expect(textOf(form)).toContain('"id":"colleagueEmail"');
    expect(textOf(form)).toContain('Testby kommun');
    // A wrong address, a personnummer, or both a pick and an address: the form again, nothing made.
    for (const [typed, expected] of [
      [{ colleagueEmail: 'lena.larsson(at)testby.se' }, 'Kollegans e-postadress: skriv en adress som namn@kommun.se'],
      [{ colleagueEmail: '19121212-1212@testby.se' }, 'personnummer'],
      [{ colleagueEmail: 'lena.larsson@testby.se', colleague: `${KARIN.aadObjectId}@${TENANT_B}` }, 'inte båda'],
    ] as const) {
      const refused = await anna.press('case.create', caseForm({ colleague: '', ...typed }));
      expect(textOf(refused.value)).toContain(expected);
      expect(() => actionIn(refused.value, 'case.refresh')).toThrow();
    }
    const created = await anna.press('case.create', caseForm({ colleague: '', colleagueEmail: ' Lena.Larsson@Testby.se ' }));
    const invitedCode = String(actionIn(created.value, 'case.refresh').data['code']);
    expect(textOf(created.value)).toContain('Inbjudan till lena.larsson@testby.se är sparad');
    expect(textOf(created.value)).toContain('Inbjuden samordnare från kommunen: lena.larsson@testby.se');
    expect((await bot.app.cases.get(TENANT_A, invitedCode))!.state.colleagueInvite).toMatchObject({ email: 'lena.larsson@testby.se', principal: 'kommun' });

    // Lena adds the app in the kommun's tenant; Teams gives her address in her member record.
    const LENA: Person = { aadObjectId: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', userId: '29:lena-b', name: 'Lena Larsson', conversationId: 'a:lena-b-personal', tenant: inB };
    connector.members.set(LENA.userId, { id: LENA.userId, name: LENA.name, aadObjectId: LENA.aadObjectId, email: 'Lena.Larsson@testby.se', userPrincipalName: 'lena.larsson@testby.se', tenantId: TENANT_B });
    const lena = client(LENA);
    await lena.install();
    const toLena = connector.activitiesIn(LENA.conversationId).filter((a) => textOf(a).includes(invitedCode));
    expect(toLena).toHaveLength(1);
    // Asked, not appointed: an address may reach the wrong person, so she takes the assignment herself.
    const asked = (await bot.app.cases.get(TENANT_A, invitedCode))!.state;
    expect(asked.colleagueInvite).toBeUndefined();
    expect(asked.colleagueRequest).toMatchObject({ status: 'pending', colleague: { aadObjectId: LENA.aadObjectId, tenantId: TENANT_B, principal: 'kommun' }, requestedBy: { aadObjectId: ANNA.aadObjectId } });
    expect(asked.coordinators).toHaveLength(1);
    const [outsiderView] = await lena.say(`basnivå ${invitedCode}`);
    expect(textOf(outsiderView)).not.toContain('B1');
    const requestCard = (toLena[0]!['attachments'] as Array<{ content: unknown }>)[0]!.content;
    const taken = await lena.press('case.request.accept', { ...actionIn(requestCard, 'case.request.accept').data, unit: 'Socialtjänsten Öst' });
    expect(taken.statusCode).toBe(200);
    const state = (await bot.app.cases.get(TENANT_A, invitedCode))!.state;
    expect(state.coordinators.map((x) => [x.aadObjectId, x.tenantId, x.principal, x.unit])).toEqual([
      [ANNA.aadObjectId, undefined, 'region', 'Psykiatrimottagning Väst'],
      [LENA.aadObjectId, TENANT_B, 'kommun', 'Socialtjänsten Öst'],
    ]);
    const [checklist] = await lena.say(`basnivå ${invitedCode}`);
    expect(textOf(checklist)).toContain('B1');
    const [mine] = await lena.say('mina ärenden');
    expect(textOf(mine)).toContain(invitedCode);
    const [hub] = await anna.say(`ärende ${invitedCode}`);
    expect(textOf(hub)).not.toContain('Inbjuden samordnare');
    expect(textOf(hub)).toContain('Lena Larsson');
    // Installing again finds nothing more to take: the invitation has done its work.
    const before = connector.activitiesIn(LENA.conversationId).length;
    await lena.install();
    expect(connector.activitiesIn(LENA.conversationId).slice(before).filter((a) => textOf(a).includes(invitedCode))).toHaveLength(0);

    // Invited again by address in a new case, now that she has the app: she is asked at once.
    await anna.say('nytt ärende vss');
    const again = await anna.press('case.create', caseForm({ colleague: '', colleagueEmail: 'lena.larsson@testby.se' }));
    const againCode = String(actionIn(again.value, 'case.refresh').data['code']);
    expect(textOf(again.value)).toContain('Förfrågan är skickad till Lena Larsson');
    expect(textOf(again.value)).not.toContain('Inbjuden samordnare');
    const requested = connector.calls.filter((c) => c.conversationId === LENA.conversationId && textOf(c.body).includes(againCode));
    expect(requested).toHaveLength(1);
    expect(requested[0]!.authorization).toBe(`Bearer outgoing-${APP_B}`);
    expect((await bot.app.cases.get(TENANT_A, againCode))!.state.colleagueRequest).toMatchObject({ status: 'pending', colleague: { aadObjectId: LENA.aadObjectId, tenantId: TENANT_B } });
  });

  it('invites from "lägg till samordnare" before consent: the invited colleague is asked, and answers', async () => {
    const anna = client(ANNA);
    await anna.say('nytt ärende vss');
    const created = await anna.press('case.create', caseForm({ colleague: '', consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '' }));
    const waiting = String(actionIn(created.value, 'case.refresh').data['code']);
    const opened = await anna.press('case.colleague.open', actionIn(created.value, 'case.colleague.open').data);
    expect(textOf(opened.value)).toContain('"id":"colleagueEmail"');
    const empty = await anna.press('case.colleague.add', { code: waiting, colleague: '', colleagueEmail: '' });
    expect(textOf(empty.value)).toContain('Samordnaren från den andra huvudmannen');
    const mistyped = await anna.press('case.colleague.add', { code: waiting, colleague: '', colleagueEmail: 'per.persson(at)testby.se', colleagueTrained: 'true' });
    expect(textOf(mistyped.value)).toContain('skriv en adress som namn@kommun.se');
    // What she typed comes back to be corrected.
    expect(textOf(mistyped.value)).toMatch(/"id":"colleagueEmail"[^}]*"value":"per.persson\(at\)testby.se"/);
    expect((await bot.app.cases.get(TENANT_A, waiting))!.state.colleagueInvite).toBeUndefined();
    const invited = await anna.press('case.colleague.add', { code: waiting, colleague: '', colleagueEmail: 'per.persson@testby.se', colleagueTrained: 'true' });
    expect(textOf(invited.value)).toContain('Inbjudan till per.persson@testby.se är sparad');

    // Someone in the region's own tenant whose member record has the address is not the kommun's colleague.
    const NILS: Person = { aadObjectId: '8f7e6d5c-4b3a-4f2e-9d1c-0b9a8f7e6d5c', userId: '29:nils-a', name: 'Nils Region', conversationId: 'a:nils-a-personal' };
    connector.members.set(NILS.userId, { id: NILS.userId, name: NILS.name, aadObjectId: NILS.aadObjectId, email: 'per.persson@testby.se' });
    await client(NILS).install();
    expect(connector.activitiesIn(NILS.conversationId).filter((a) => textOf(a).includes(waiting))).toHaveLength(0);
    expect((await bot.app.cases.get(TENANT_A, waiting))!.state.colleagueInvite).toMatchObject({ email: 'per.persson@testby.se' });

    const PER: Person = { aadObjectId: '7e6d5c4b-3a2f-4e1d-8c9b-0a1f2e3d4c5b', userId: '29:per-b', name: 'Per Persson', conversationId: 'a:per-b-personal', tenant: inB };
    // His member record has no e-mail, only the UPN: that is his address too.
    connector.members.set(PER.userId, { id: PER.userId, name: PER.name, aadObjectId: PER.aadObjectId, userPrincipalName: 'Per.Persson@testby.se' });
    const per = client(PER);
    await per.install();
    const asked = connector.activitiesIn(PER.conversationId).filter((a) => textOf(a).includes(waiting));
    expect(asked).toHaveLength(1);
    const state = (await bot.app.cases.get(TENANT_A, waiting))!.state;
    expect(state.colleagueRequest).toMatchObject({ status: 'pending', colleague: { aadObjectId: PER.aadObjectId, tenantId: TENANT_B, principal: 'kommun', trained: true } });
    const card = (asked[0]!['attachments'] as Array<{ content: unknown }>)[0]!.content;
    const accept = actionIn(card, 'case.request.accept');
    const answered = await per.press('case.request.accept', { ...accept.data, unit: 'Boendestöd' });
    expect(answered.statusCode).toBe(200);
    expect((await bot.app.cases.get(TENANT_A, waiting))!.state.colleagueRequest).toMatchObject({ status: 'accepted' });
  });
});
