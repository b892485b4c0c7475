import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, Client, EVA, TENANT, actionIn, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * A colleague asked before the person has consented (003:86–88), over the HTTP endpoint: Eva,
 * who has not added the bot yet, gets the request when she does and declines it; Anna is told,
 * asks Björn instead, and an outsider can neither see nor answer the request.
 */

let now = Date.parse('2026-11-23T09:00:00.000Z'); // Monday 23 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const cardsTo = (conversationId: string, from: number) =>
  flow.connector.calls
    .slice(from)
    .filter((c) => c.conversationId === conversationId && c.method === 'POST')
    .map((c) => JSON.stringify(c.body));

describe('a request declined, and another colleague asked', () => {
  it('reaches Eva when she adds the bot, tells Anna why she declined, and lets Anna ask Björn', async () => {
    const eva = new Client(flow.bot, flow.connector, EVA);
    const code = await createCaseAs(flow.anna, { consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '', colleague: EVA.aadObjectId });
    await flow.bot.app.settled();
    expect((await stateOf(code)).colleagueRequest).toMatchObject({ status: 'pending', deliveryPending: true });
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('Förfrågan till kollegan (kommun) visas när hen har lagt till boten i Teams.');
    expect(() => actionIn(hub, 'case.colleague.open')).toThrow();

    // Eva adds the bot: the request is in her chat at once, and only once.
    const beforeInstall = flow.connector.calls.length;
    await eva.install();
    const delivered = cardsTo(EVA.conversationId, beforeInstall).filter((c) => c.includes('Förfrågan om samordning'));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain(`Anna Lind (region, Psykiatrimottagning Väst) frågar om du vill bli vård- och stödsamordnare från kommunen i ärende ${code}`);
    await eva.install();
    expect(cardsTo(EVA.conversationId, beforeInstall).filter((c) => c.includes('Förfrågan om samordning'))).toHaveLength(1);
    expect((await stateOf(code)).colleagueRequest?.deliveryPending).toBeUndefined();

    // She declines; a personnummer in the reason is refused and nothing is stored.
    const [request] = await eva.say(`ärende ${code}`);
    const decline = actionIn(request, 'case.request.decline');
    const withPnr = await eva.press('case.request.decline', { ...decline.data, declineReason: 'Gäller 19121212-1212' });
    expect(textOf(withPnr.value)).toContain('Skäl att avböja');
    expect(textOf(withPnr.value)).toContain('personnummer');
    expect((await stateOf(code)).colleagueRequest?.status).toBe('pending');
    const beforeDecline = flow.connector.calls.length;
    const declined = await eva.press('case.request.decline', { ...decline.data, declineReason: 'Jag har inte utrymme för fler ärenden just nu' });
    expect(textOf(declined.value)).toContain('Du har avböjt uppdraget. Anna Lind får beskedet och skälet.');
    await flow.bot.app.settled();

    // Anna is told in her chat, with the reason; her hub says so and offers to ask someone else.
    const told = cardsTo(ANNA.conversationId, beforeDecline).filter((c) => c.includes('Förfrågan avböjdes'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Eva Utomstående (kommun) avböjde att bli samordnare');
    expect(told[0]).toContain('Skäl: Jag har inte utrymme för fler ärenden just nu. Du kan fråga');
    const [annasHub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(annasHub)).toContain('Eva Utomstående (kommun) avböjde uppdraget: Jag har inte utrymme för fler ärenden just nu. Lägg till en annan samordnare.');
    expect(actionIn(annasHub, 'case.colleague.open').data).toEqual({ code });

    // Eva no longer sees anything of the case; her old card cannot take it back.
    const [gone] = await eva.say(`ärende ${code}`);
    expect(textOf(gone)).toContain('Det finns inget ärende med den koden för dig');
    const late = await eva.press('case.request.accept', actionIn(request, 'case.request.accept').data);
    expect(textOf(late.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect((await stateOf(code)).coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId]);

    // Anna asks Björn: still no consent, so he is asked too, and gets his request at once.
    const beforeBjorn = flow.connector.calls.length;
    const added = await flow.anna.press('case.colleague.add', { code, colleague: BJORN.aadObjectId, colleagueTrained: 'true' });
    expect(textOf(added.value)).toContain('Förfrågan är skickad till Björn Berg.');
    await flow.bot.app.settled();
    expect(cardsTo(BJORN.conversationId, beforeBjorn).filter((c) => c.includes('Förfrågan om samordning'))).toHaveLength(1);
    expect((await stateOf(code)).colleagueRequest).toMatchObject({ colleague: { aadObjectId: BJORN.aadObjectId }, status: 'pending' });

    // Eva, now an outsider to the case, cannot answer Björn's request: the case is not there for her.
    const forged = await eva.press('case.request.accept', { code, rev: 0 });
    expect(forged.value.code).toBe('caseNotFound');
    expect((await stateOf(code)).colleagueRequest?.status).toBe('pending');

    const history = (await flow.bot.app.cases.history(TENANT, code, 50)).map((e) => [e.action, e.by.aadObjectId]);
    expect(history).toContainEqual(['case.requestDeclined', EVA.aadObjectId]);
    expect(history).toContainEqual(['case.declineDelivered', ANNA.aadObjectId]);
    expect(history.filter(([action]) => action === 'case.colleagueRequested')).toHaveLength(2);
  });
});
