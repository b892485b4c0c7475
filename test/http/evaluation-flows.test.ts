import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, Client, EVA, TENANT, actionIn, caseForm, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * Evaluation with consent (003:118–120) as the coordinators meet it over the HTTP endpoint, through
 * CloudAdapter, the store on Azurite and the fake connector: the person says yes at the förmöte, the
 * evaluation code is shown for the region's instruments, the points are reminded of and marked
 * done, and the consent is withdrawn.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z'); // Monday 30 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock, { EVALUATION_INSTRUMENTS: 'QLS-100, MANSA' });

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const historyOf = async (code: string) => (await flow.bot.app.cases.history(TENANT, code, 50)).map((e): [string, string, string] => [e.action, e.detail ?? '', e.by.aadObjectId]);
const evaluationReminders = async (code: string) =>
  (await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).filter((r) => r.key.startsWith('evaluationDue:')).map((r) => [r.key, r.dueDate] as const);

describe('evaluation with the person’s consent', () => {
  let code = '';

  it('is opened from the VoSS hub and by "utvärdering KOD", audited as a view; nothing is recorded yet', async () => {
    code = await createCaseAs(flow.anna);
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(actionIn(hub, 'evaluation.open').data).toEqual({ code });
    const opened = await flow.anna.press('evaluation.open', { code });
    expect(textOf(opened.value)).toContain(`Utvärdering – ${code}`);
    expect(textOf(opened.value)).toContain('Samtycke till utvärdering: inte registrerat');
    expect(actionIn(opened.value, 'evaluation.consent').data).toEqual({ code, rev: 0 });
    const [typed] = await flow.bjorn.say(`utvärdering ${code.toLowerCase()}`);
    expect(textOf(typed)).toContain(`Utvärdering – ${code}`);
    expect((await historyOf(code)).filter(([action]) => action === 'evaluation.viewed')).toHaveLength(2);
    expect((await stateOf(code)).evaluation).toBeUndefined();
  });

  it('records the yes with a random code that is not the case code, shown for the region’s instruments', async () => {
    const card = await flow.anna.press('evaluation.open', { code });
    // An answer left out is asked for, and nothing is stored.
    const none = await flow.anna.press('evaluation.consent', { ...actionIn(card.value, 'evaluation.consent').data });
    expect(textOf(none.value)).toContain('Samtycker personen till utvärdering?: fyll i detta.');
    expect((await stateOf(code)).evaluation).toBeUndefined();

    const yes = await flow.anna.press('evaluation.consent', { ...actionIn(card.value, 'evaluation.consent').data, evaluationConsent: 'given' });
    const evaluation = (await stateOf(code)).evaluation!;
    expect(evaluation).toMatchObject({ consent: { status: 'given', recordedBy: { aadObjectId: ANNA.aadObjectId } }, startedOn: '2026-11-30', rev: 1 });
    expect(evaluation.code).toMatch(/^U-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    for (const part of code.split('-')) expect(evaluation.code).not.toContain(part);
    const shown = textOf(yes.value);
    expect(shown).toContain('Svaret om utvärdering är registrerat.');
    expect(shown).toContain(evaluation.code!);
    expect(shown).toContain('Skriv koden på instrumenten: QLS-100, MANSA.');
    expect(shown).toContain('Svaren på instrumenten sparas aldrig i boten.');
    expect(shown).toContain('vid start · 30 november 2026 · dags (i tid t.o.m. 14 december 2026)');
    // The audit says what was done, with a fixed detail: never the code.
    expect((await historyOf(code)).filter(([action]) => action === 'evaluation.consentRecorded')).toEqual([['evaluation.consentRecorded', 'given', ANNA.aadObjectId]]);
    expect(JSON.stringify(await flow.bot.app.cases.history(TENANT, code, 50))).not.toContain(evaluation.code);

    // Each point not done is reminded of on its day (30 May 2027 is a Sunday: Monday the 31st).
    await flow.bot.app.settled();
    expect(await evaluationReminders(code)).toEqual([
      ['evaluationDue:P0:2026-11-30', '2026-11-30'],
      ['evaluationDue:P6:2027-05-30', '2027-05-31'],
      ['evaluationDue:P12:2027-11-30', '2027-11-30'],
    ]);
  });

  it('sends the reminder for the point due today to the coordinators, whose "Klart" opens the card', async () => {
    const mark = flow.connector.calls.length;
    await flow.dispatch('2026-11-30T09:30:00.000Z');
    const sent = flow.connector.calls.slice(mark).filter((c) => JSON.stringify(c.body).includes('Dags för utvärdering'));
    expect(sent.map((c) => c.conversationId).sort()).toEqual([ANNA.conversationId, BJORN.conversationId].sort());
    const reminder = JSON.stringify(sent[0]!.body);
    expect(reminder).toContain('utvärderingen vid start infaller 30 november 2026');
    expect(reminder).toContain('(Vilka utvärderingspunkter som gäller är en lokal inställning.)');
    expect(reminder).toContain('"verb":"evaluation.open"');
    // The reminder leaves the code on the card, not in the chat.
    expect(reminder).not.toContain((await stateOf(code)).evaluation!.code!);
  });

  it('marks a point done by Björn, refuses the same card again, and takes a mark back', async () => {
    const card = await flow.bjorn.press('evaluation.open', { code });
    const press = actionIn(card.value, 'evaluation.done', { point: 'P0' }).data;
    expect(press).toEqual({ code, point: 'P0', rev: 1 });
    const done = await flow.bjorn.press('evaluation.done', press);
    expect(textOf(done.value)).toContain('Utvärderingspunkten är markerad som genomförd.');
    expect(textOf(done.value)).toContain('vid start · 30 november 2026 · genomförd 30 november 2026');
    expect((await stateOf(code)).evaluation?.done).toEqual({ P0: { doneOn: '2026-11-30', by: { aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name } } });
    await flow.bot.app.settled();
    expect((await evaluationReminders(code)).map(([key]) => key)).toEqual(['evaluationDue:P6:2027-05-30', 'evaluationDue:P12:2027-11-30']);

    // Anna's card from before the mark is out of date: nothing more is stored.
    const stale = await flow.anna.press('evaluation.done', press);
    expect(textOf(stale.value)).toContain('Ärendet har ändrats');
    expect((await stateOf(code)).evaluation?.rev).toBe(2);

    const undo = await flow.anna.press('evaluation.undo', actionIn(done.value, 'evaluation.undo', { point: 'P0' }).data);
    expect(textOf(undo.value)).toContain('Markeringen är ångrad.');
    expect((await stateOf(code)).evaluation?.done).toBeUndefined();
    const again = await flow.anna.press('evaluation.done', actionIn(undo.value, 'evaluation.done', { point: 'P0' }).data);
    expect(textOf(again.value)).toContain('genomförd 30 november 2026');
    expect((await historyOf(code)).filter(([action]) => action.startsWith('evaluation.point')).map(([action, detail]) => `${action}:${detail}`)).toEqual([
      'evaluation.pointDone:P0',
      'evaluation.pointUndone:P0',
      'evaluation.pointDone:P0',
    ].reverse());
  });

  it('records a withdrawal: no more reminders, the code kept; a new yes keeps the same code', async () => {
    now = Date.parse('2027-01-11T09:00:00.000Z');
    const card = await flow.anna.press('evaluation.open', { code });
    const future = await flow.anna.press('evaluation.withdraw', { ...actionIn(card.value, 'evaluation.withdraw').data, evaluationWithdrawnOn: '2027-01-12' });
    expect(textOf(future.value)).toContain('Datum då personen återkallade samtycket till utvärdering: datumet har inte kommit ännu.');
    expect((await stateOf(code)).evaluation?.consent.status).toBe('given');

    const withdrawn = await flow.anna.press('evaluation.withdraw', { ...actionIn(card.value, 'evaluation.withdraw').data, evaluationWithdrawnOn: '2027-01-08' });
    const codeBefore = (await stateOf(code)).evaluation!.code!;
    expect(textOf(withdrawn.value)).toContain('Återkallelsen är registrerad.');
    expect(textOf(withdrawn.value)).toContain('Samtycke till utvärdering: återkallat 8 januari 2027');
    expect(textOf(withdrawn.value)).toContain('Koden finns kvar om personen samtycker igen.');
    expect(() => actionIn(withdrawn.value, 'evaluation.done')).toThrow();
    await flow.bot.app.settled();
    expect(await evaluationReminders(code)).toEqual([]);

    const yesAgain = await flow.anna.press('evaluation.consent', { ...actionIn(withdrawn.value, 'evaluation.consent').data, evaluationConsent: 'given' });
    expect((await stateOf(code)).evaluation).toMatchObject({ consent: { status: 'given' }, code: codeBefore, startedOn: '2026-11-30' });
    expect(textOf(yesAgain.value)).toContain(codeBefore);
    await flow.bot.app.settled();
    expect((await evaluationReminders(code)).map(([key]) => key)).toEqual(['evaluationDue:P6:2027-05-30', 'evaluationDue:P12:2027-11-30']);
  });

  it('has no evaluation in a SIP case: no button on its hub, and the card says why', async () => {
    const [kinds] = await flow.anna.say('nytt ärende');
    const form = await flow.anna.press('case.new', actionIn(kinds, 'case.new', { kind: 'sip' }).data);
    const res = await flow.anna.press('case.create', { ...caseForm({ consentValidUntil: '2027-06-30' }), ...actionIn(form.value, 'case.create').data });
    const sipCode = String(actionIn(res.value, 'case.refresh').data['code']);
    expect(sipCode).toMatch(/^SIP-/);
    expect(() => actionIn(res.value, 'evaluation.open')).toThrow();
    const [card] = await flow.anna.say(`utvärdering ${sipCode}`);
    expect(textOf(card)).toContain('Ett SIP-ärende har ingen utvärdering');
    const forged = await flow.anna.press('evaluation.consent', { code: sipCode, rev: 0, evaluationConsent: 'given' });
    expect(textOf(forged.value)).toContain('Ett SIP-ärende har ingen utvärdering');
    expect((await stateOf(sipCode)).evaluation).toBeUndefined();
  });

  it('shows nothing to someone who is not a coordinator', async () => {
    const outsider = new Client(flow.bot, flow.connector, EVA);
    await outsider.install();
    const [eva] = await outsider.say(`utvärdering ${code}`);
    expect(textOf(eva)).toContain('Det finns inget ärende med den koden för dig');
    expect(textOf(eva)).not.toContain('U-');
  });
});
