import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, EVA, TENANT, actionIn, caseForm, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/**
 * The edges of adding the missing coordinator and of ticking the baseline that the flows in
 * case-flows.test.ts pass by: what is stored about the added colleague (trained, name and Teams
 * id even when the notice cannot be delivered), the hub shown after a notice was delivered, the
 * index of a colleague who already coordinates, a notice the colleague's chat refuses for a while
 * (left to the outbox sweep), and the reason of an item marked not applicable.
 */

// Monday 23 November 2026, 10:00 Swedish time (CET, UTC+1); a second passes per reading.
let now = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((now += 1000));

const flow = flowForAll(clock);

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const bjornOf = async (code: string) => (await stateOf(code)).coordinators.find((x) => x.aadObjectId === BJORN.aadObjectId);
const casesOf = (aadObjectId: string) => flow.bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId });

/** Anna creates a case without a colleague and presses "add the colleague" on its hub with `fields`. */
async function addBjorn(fields: Record<string, string>) {
  // A notice sent to Björn earlier in the file leaves his stored address without his name (the
  // proactive turn's user carries an empty name, and the conversation tracker stores it): he
  // adds the bot again so that the bot knows him by name, as it would after any message of his.
  await flow.bjorn.install();
  const code = await createCaseAs(flow.anna, { colleague: '' });
  const res = await flow.anna.press('case.colleague.add', { code, colleague: BJORN.aadObjectId, ...fields });
  expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
  return { code, hub: res.value };
}

describe('adding the missing coordinator', () => {
  it('stores whether the colleague is trained, as the form said', async () => {
    expect((await bjornOf((await addBjorn({ colleagueTrained: 'true' })).code))?.trained).toBe(true);
    expect((await bjornOf((await addBjorn({ colleagueTrained: 'false' })).code))?.trained).toBe(false);
    // A toggle nobody touched may send nothing: not trained.
    expect((await bjornOf((await addBjorn({})).code))?.trained).toBe(false);
  });

  it('keeps the name and Teams id of a colleague the bot knows even when the notice cannot be delivered', async () => {
    // Björn has the bot (the flow installed it), but his chat refuses the notice: it stays pending,
    // so what the case knows of him comes from the lookup made when he was added.
    flow.connector.failFor(BJORN.conversationId, 403);
    try {
      const { code, hub } = await addBjorn({ colleagueTrained: 'true' });
      expect(await bjornOf(code)).toMatchObject({ name: BJORN.name, userId: BJORN.userId, noticePending: true });
      // The answer came before the notice was tried; the next look at the case says it waits.
      expect(textOf(hub)).toContain('Din kollega får ett meddelande om ärendet');
      const [again] = await flow.anna.say(`ärende ${code}`);
      expect(textOf(again)).toContain('Björn Berg har inte lagt till boten ännu');
    } finally {
      flow.connector.reset();
    }
  });

  it('shows the hub without a "has not added the bot" warning for a colleague who is being told', async () => {
    const { code, hub } = await addBjorn({ colleagueTrained: 'true' });
    expect(await bjornOf(code)).toMatchObject({ noticePending: false });
    expect(textOf(hub)).toContain('Din kollega får ett meddelande om ärendet');
    expect(textOf(hub)).toContain('Björn Berg (kommun)');
    expect(textOf(hub)).not.toContain('har inte lagt till boten');
  });

  it('leaves the case in the list of a colleague who already coordinates it when adding them again is refused', async () => {
    // The default form makes Björn the colleague at creation.
    const code = await createCaseAs(flow.anna);
    expect(await casesOf(BJORN.aadObjectId)).toContain(code);
    const again = await flow.anna.press('case.colleague.add', { code, colleague: BJORN.aadObjectId, colleagueTrained: 'false' });
    // Said as it is: Björn is already on the case (not "choose someone other than yourself").
    expect(textOf(again.value)).toContain('personen är redan samordnare i ärendet');
    expect(textOf(again.value)).not.toContain('välj en annan person');
    expect(await casesOf(BJORN.aadObjectId)).toContain(code);
    const [list] = await flow.bjorn.say('mina ärenden');
    expect(textOf(list)).toContain(code);
    expect((await stateOf(code)).coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId, BJORN.aadObjectId]);
  });


  it('adds a colleague the bot has never met, and a later refused add leaves no trace in the index', async () => {
    const code = await createCaseAs(flow.anna, { colleague: '' });
    // Eva has never written to the bot: there is no address to look up, and the notice waits.
    const added = await flow.anna.press('case.colleague.add', { code, colleague: EVA.aadObjectId, colleagueTrained: 'true' });
    expect(textOf(added.value)).toContain('Din kollega har inte lagt till Samordningsboten ännu');
    const eva = (await stateOf(code)).coordinators.find((x) => x.aadObjectId === EVA.aadObjectId);
    expect(eva?.noticePending).toBe(true);
    expect([eva?.userId, eva?.name]).toEqual([undefined, undefined]);
    expect(await casesOf(EVA.aadObjectId)).toContain(code);
    // The case has both coordinators now: adding Björn is refused, and the index row written for him first goes again.
    const refused = await flow.anna.press('case.colleague.add', { code, colleague: BJORN.aadObjectId });
    expect(textOf(refused.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect(await casesOf(BJORN.aadObjectId)).not.toContain(code);
  });
});

describe('telling the colleague named at creation', () => {
  it('keeps the notice owed when their chat fails for a while after the create, and the sweep delivers it once a minute later', async () => {
    flow.connector.reset();
    // The connector client retries a 5xx on its own (a 503 with Retry-After at once, three times):
    // only the fourth refusal reaches the bot, as a chat service that is down for a while would.
    const unavailable = { status: 503, headers: { 'retry-after': '0' } };
    flow.connector.script(BJORN.conversationId, [unavailable, unavailable, unavailable, unavailable]);
    await flow.anna.say('nytt ärende vss');
    const res = await flow.anna.press('case.create', caseForm());
    const code = String(actionIn(res.value, 'case.refresh').data['code']);
    // The answer does not wait for the notice, so it promises it as usual.
    expect(textOf(res.value)).toContain('Din kollega får ett meddelande om ärendet');
    const noticesTo = () => flow.connector.deliveredIn(BJORN.conversationId).filter((c) => textOf(c.body).includes(code));
    expect(flow.connector.calls.filter((c) => c.conversationId === BJORN.conversationId).map((c) => c.status)).toEqual([503, 503, 503, 503]);
    expect(noticesTo()).toEqual([]);
    expect(await bjornOf(code)).toMatchObject({ noticePending: true });
    expect(await flow.bot.app.cases.pendingFollowUpsOf(TENANT, code)).toMatchObject([{ attempts: 1, work: { notify: true } }]);

    // Past the claim's minute: the sweep takes the row over and the chat answers again.
    now += 61_000;
    expect(await flow.bot.app.cases.sweep()).toBeGreaterThanOrEqual(1);
    expect(noticesTo()).toHaveLength(1);
    expect(await bjornOf(code)).toMatchObject({ noticePending: false });
    expect(await flow.bot.app.cases.pendingFollowUpsOf(TENANT, code)).toEqual([]);
    // Nothing is left for a later sweep to send again.
    now += 61_000;
    await flow.bot.app.cases.sweep();
    expect(noticesTo()).toHaveLength(1);
  });
});

describe('ticking the baseline', () => {
  it("stores an item marked not applicable with its own reason input, not another item's", async () => {
    const code = await createCaseAs(flow.anna);
    const [checklist] = await flow.anna.say(`basnivå ${code}`);
    const opened = await flow.anna.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
    const b3 = actionIn(opened.value, 'baseline.set', { item: 'B3', status: 'notApplicable' }).data;
    // Every reason input of the card is sent along; only B3's belongs to B3.
    const res = await flow.anna.press('baseline.set', { ...b3, reason_B2: 'Skälet för B2', reason_B3: 'Personen vill inte ha ett förmöte' });
    expect(textOf(res.value)).toContain('Skäl: Personen vill inte ha ett förmöte');
    expect((await stateOf(code)).baseline.items.B3).toMatchObject({ status: 'notApplicable', reason: 'Personen vill inte ha ett förmöte' });
    expect((await stateOf(code)).baseline.items.B2.status).toBe('notStarted');
  });
});
