import { describe, expect, it } from 'vitest';
import { ANNA, TENANT, actionIn, caseForm, createCaseAs, flowForAll, planMeetingAs, textOf } from '../support/case-flow';

/*
 * The bot explains itself (issue 14): why a button is not there yet, and a confirmation that does
 * not look like an error.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z');
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

/** The colour of the note at the top of a card (the first TextBlock, when it is the note). */
const noticeOf = (card: unknown): { text: string; color: string } => {
  const first = (card as { body: Array<{ text: string; color: string }> }).body[0]!;
  return { text: first.text, color: first.color };
};

describe('the SIP card', () => {
  it('says why "Mötet är genomfört" is not there before the meeting has started, and offers it once it has', async () => {
    const code = await createCaseAs(flow.anna);
    const planned = await planMeetingAs(flow.anna, code, { date: '2026-12-21', time: '10:00' });
    expect(textOf(planned.value)).toContain('Knappen ”Mötet är genomfört” visas när mötet har börjat.');
    expect(textOf(planned.value)).not.toContain('"verb":"sip.held"');
    now = Date.parse('2026-12-21T09:05:00.000Z');
    const [started] = await flow.anna.say(`sip ${code}`);
    expect(textOf(started)).not.toContain('visas när mötet har börjat');
    expect(actionIn(started, 'sip.held').verb).toBe('sip.held');
  });
});

describe('notes at the top of a card', () => {
  it('are green when they confirm what was done, and red when something is wrong', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const pre = await flow.anna.press('sip.preMeeting.open', actionIn(sip, 'sip.preMeeting.open').data);
    const saved = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, whatMatters: 'Att få bo kvar' });
    expect(noticeOf(saved.value)).toEqual({ text: 'Svaren är sparade.', color: 'Good' });
    const stale = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, whatMatters: 'Något annat' });
    expect(noticeOf(stale.value).color).toBe('Attention');
  });

  it('on the case hub too: a created case is green, a pointer blue, a refusal red', async () => {
    const [kinds] = await flow.anna.say('nytt ärende');
    const form = await flow.anna.press('case.new', actionIn(kinds, 'case.new', { kind: 'vss' }).data);
    const created = await flow.anna.press('case.create', { ...actionIn(form.value, 'case.create').data, ...caseForm() });
    expect(noticeOf(created.value).color).toBe('Good');
    const code = String(actionIn(created.value, 'case.close').data['code']);
    const [hinted] = await flow.anna.say(`avsluta ${code}`);
    expect(noticeOf(hinted)).toMatchObject({ text: expect.stringContaining('Avsluta ärendet'), color: 'Accent' });
    const refused = await flow.anna.press('case.close', { ...actionIn(hinted, 'case.close').data, closeReason: '' });
    expect(noticeOf(refused.value).color).toBe('Attention');
  });
});

describe('the help card', () => {
  it('has buttons for the commands that take no code, shows what a code looks like, and stays when one is pressed', async () => {
    const [help] = await flow.anna.say('hjälp');
    const shown = textOf(help);
    expect(shown).toContain('KOD är ärendets kod, till exempel SIP-2026-0001 eller VSS-2026-0042.');
    for (const words of ['nytt ärende', 'mina ärenden', 'påminnelser']) expect(actionIn(help, 'command.run', { text: words }).title).toBe(words);
    expect(() => actionIn(help, 'command.run', { text: 'ärende' })).toThrow();
    flow.connector.reset();
    const pressed = await flow.anna.press('command.run', actionIn(help, 'command.run', { text: 'mina ärenden' }).data);
    expect(textOf(pressed.value)).toContain('Det här kan jag');
    expect(JSON.stringify(flow.connector.activitiesIn(ANNA.conversationId))).toContain('Mina ärenden');
  });
});

describe('the reminders list', () => {
  it('offers the group chat only for a case linked to one, and saving without it keeps where they go', async () => {
    const code = await createCaseAs(flow.anna);
    const [list] = await flow.anna.say('påminnelser');
    expect(textOf(list)).toContain(`Skriv **koppla ${code}** i den gruppchatten`);
    expect(textOf(list)).not.toContain(`"id":"delivery_${code}"`);
    const saved = await flow.anna.press('reminders.preferences', { ...actionIn(list, 'reminders.preferences', { code }).data, [`muted_${code}`]: 'true' });
    expect(textOf(saved.value)).toContain(`Inställningarna för ${code} är sparade`);
    const me = (await flow.bot.app.cases.get(TENANT, code))!.state.coordinators[0]!;
    expect(me).toMatchObject({ remindersMuted: true, reminderDelivery: 'personal' });
  });
});

describe('the reminders list, complete', () => {
  it('shows every coming reminder of a case, not the first five', async () => {
    const code = await createCaseAs(flow.anna);
    await planMeetingAs(flow.anna, code, { date: '2027-02-15', time: '10:00' });
    await flow.bot.app.settled();
    const expected = (await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).length;
    expect(expected).toBeGreaterThan(5);
    const [list] = await flow.anna.say('påminnelser');
    const section = textOf(list).split(`"text":"**Ärende ${code}`)[1]!.split('"text":"**Ärende ')[0]!;
    expect(section.match(/ · /g)?.length ?? 0).toBeGreaterThanOrEqual(expected);
  });
});

describe('the history', () => {
  it('pages with "Visa fler", and shows changes only or views too', async () => {
    const code = await createCaseAs(flow.anna);
    for (let i = 0; i < 30; i++) await flow.anna.say(`ärende ${code}`);
    const [first] = await flow.anna.say(`historik ${code}`);
    const rowsOf = (card: unknown) => ((card as { body: Array<{ text: string; size?: string; spacing?: string }> }).body.filter((b) => b.size === 'Small' && b.spacing === 'Small')).map((b) => b.text);
    expect(rowsOf(first)).toHaveLength(25);
    expect(textOf(first)).toContain('Ändringar och visningar, de senaste först.');
    const more = actionIn(first, 'case.history', { changesOnly: 'false' });
    expect(more.title).toBe('Visa fler');
    // Everything written up to the first page: 25 on it, the rest on the next.
    const total = (await flow.bot.app.cases.history(TENANT, code, 100)).length;
    expect(total).toBeGreaterThan(25);
    const second = await flow.anna.press('case.history', more.data);
    expect(rowsOf(second.value)).toHaveLength(total - 25);
    expect(rowsOf(second.value).at(-1)).toContain('skapade ärendet');
    expect(textOf(second.value)).not.toContain('"title":"Visa fler"');
    const changes = await flow.anna.press('case.history', actionIn(first, 'case.history', { changesOnly: 'true' }).data);
    expect(textOf(changes.value)).toContain('Bara ändringar, de senaste först.');
    expect(rowsOf(changes.value).every((r) => !r.includes('öppnade'))).toBe(true);
    expect(rowsOf(changes.value).some((r) => r.includes('skapade ärendet'))).toBe(true);
    // Every page shown is audited, so no page can be read unseen: three looks.
    const views = (await flow.bot.app.cases.history(TENANT, code, 100)).filter((e) => e.action === 'history.viewed');
    expect(views).toHaveLength(3);
  });
});

describe('dates on a weekend or a holiday', () => {
  it('are asked about once, naming the day, and kept when saved again: a meeting, a follow-up date, a review date', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    const typed = { date: '2027-01-16', time: '10:00', duration: '60', form: 'teams', purpose: 'Samordna insatser', invited: 'personen,region,kommun' };
    const asked = await flow.anna.press('sip.plan', { ...actionIn(form.value, 'sip.plan').data, ...typed });
    expect(textOf(asked.value)).toContain('16 januari 2027 är en lördag, inte en arbetsdag.');
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.sipMeetings ?? []).toHaveLength(0);
    // What was typed is still on the card, and its button now carries the day.
    expect(textOf(asked.value)).toContain('"value":"Samordna insatser"');
    const again = actionIn(asked.value, 'sip.plan');
    expect(again.data['confirmedDay']).toBe('2027-01-16');
    await flow.anna.press('sip.plan', { ...again.data, ...typed });
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.sipMeetings?.[0]?.startsAt).toBe('2027-01-16T09:00:00.000Z');

    const [plan] = await flow.anna.say(`plan ${code}`);
    const christmas = await flow.anna.press('plan.save', { ...actionIn(plan, 'plan.save').data, ownGoals: 'Bo kvar', followUpDate: '2026-12-25' });
    expect(textOf(christmas.value)).toContain('25 december 2026 är juldagen, inte en arbetsdag.');
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.sipPlan?.followUpDate).toBeUndefined();
    expect(textOf(christmas.value)).toContain('"value":"Bo kvar"');
    await flow.anna.press('plan.save', { ...actionIn(christmas.value, 'plan.save').data, ownGoals: 'Bo kvar', followUpDate: '2026-12-25' });
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.sipPlan?.followUpDate).toBe('2026-12-25');
    // Saved once, the day is not asked about again when something else changes.
    const [saved] = await flow.anna.say(`plan ${code}`);
    const other = await flow.anna.press('plan.save', { ...actionIn(saved, 'plan.save').data, ownGoals: 'Bo kvar hemma', followUpDate: '2026-12-25' });
    expect(textOf(other.value)).not.toContain('inte en arbetsdag');

    // A card older than a colleague's save is refused as changed, not asked about the day.
    const [stalePlan] = await flow.anna.say(`plan ${code}`);
    await flow.bjorn.press('plan.save', { ...actionIn(stalePlan, 'plan.save').data, ownGoals: 'Björns ord', followUpDate: '2026-12-25' });
    const late = await flow.anna.press('plan.save', { ...actionIn(stalePlan, 'plan.save').data, ownGoals: 'Annas ord', followUpDate: '2027-01-16' });
    expect(textOf(late.value)).not.toContain('inte en arbetsdag');
    expect(textOf(late.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.sipPlan?.ownGoals).toBe('Björns ord');

    const [crisis] = await flow.anna.say(`krisplan ${code}`);
    const midsummer = await flow.anna.press('crisis.save', { ...actionIn(crisis, 'crisis.save').data, triggers: 'Sömnbrist', reviewDate: '2027-06-25' });
    expect(textOf(midsummer.value)).toContain('25 juni 2027 är midsommarafton, inte en arbetsdag. Tryck på **Spara krisplanen** igen');
    expect(actionIn(midsummer.value, 'crisis.save').data['confirmedDay']).toBe('2027-06-25');
  });
});
