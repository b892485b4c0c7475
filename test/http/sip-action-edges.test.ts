import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT, createCaseAs, flowForAll, actionIn, textOf } from '../support/case-flow';

/**
 * The edges of the SIP buttons that the flows in sip-flows.test.ts pass by: what a form sends
 * when a field is left empty, a refused move, a second meeting, a forged meeting id, and when
 * "saved" is said. Creating a case is the slow part, so each block shares one case and its
 * tests look only at the meetings they add.
 */

// Monday 23 November 2026, 10:00 Swedish time (CET, UTC+1); a second passes per reading.
let now = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((now += 1000));

const flow = flowForAll(clock);

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const meetings = async (code: string) => (await stateOf(code)).sipMeetings ?? [];

/** A meeting three weeks ahead: Monday 14 December 2026 13:00 Swedish time is 12:00 UTC (CET). */
const inputs = (overrides: Record<string, string> = {}): Record<string, string> => ({
  date: '2026-12-14',
  time: '13:00',
  duration: '90',
  form: 'fysiskt',
  purpose: 'Gemensam planering',
  invited: 'personen,region,kommun',
  ...overrides,
});

/** Inputs without the named fields, as a form sends when they were never touched. */
const without = (names: string[], overrides: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(inputs(overrides)).filter(([k]) => !names.includes(k)));

/** The meetings a test added to a shared case: those after the first `before`. */
const addedSince = async (code: string, before: number) => (await meetings(code)).slice(before);

/** Plans a meeting with exactly `fields` as the form's inputs. */
const plan = async (code: string, fields: Record<string, string> = inputs()) => {
  const res = await flow.anna.press('sip.plan', { code, ...fields });
  expect(res.type).not.toBe('application/vnd.microsoft.error');
  return res;
};

describe('planning: what the form sends for fields left alone', () => {
  let code: string;
  beforeAll(async () => {
    code = await createCaseAs(flow.anna);
  });

  it('asks for the parties when none is chosen, instead of refusing the card', async () => {
    const before = (await meetings(code)).length;
    // A ChoiceSet nobody touched sends nothing; one emptied sends ''. Both mean "no parties".
    for (const sent of [without(['invited']), inputs({ invited: '' })]) {
      const res = await flow.anna.press('sip.plan', { code, ...sent });
      expect(res.type).not.toBe('application/vnd.microsoft.error');
      expect(textOf(res.value)).toContain('Kallade: fyll i detta.');
    }
    expect(await addedSince(code, before)).toEqual([]);
  });

  it('reads roles with a space after the comma as the roles', async () => {
    const before = (await meetings(code)).length;
    await plan(code, inputs({ invited: 'personen, kommun' }));
    const [added] = await addedSince(code, before);
    expect(added!.invited.map((p) => p.role)).toEqual(['personen', 'kommun']);
  });

  it('refuses the whole press when one role is unknown, and stores nothing', async () => {
    const before = (await meetings(code)).length;
    const res = await flow.anna.press('sip.plan', { code, ...inputs({ invited: 'personen,hackare' }) });
    expect(res).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'invalidActionData' } });
    expect(await addedSince(code, before)).toEqual([]);
  });

  it("plans an ordinary meeting from the form's own empty follow-up field", async () => {
    const before = (await meetings(code)).length;
    // The verb accepts an empty follow-up field ('') as no follow-up; the form it opens carries '' on.
    const form = await flow.anna.press('sip.plan.open', { code, followUpOf: '' });
    const data = actionIn(form.value, 'sip.plan').data;
    expect(data['followUpOf']).toBe('');
    const res = await flow.anna.press('sip.plan', { ...data, ...inputs() });
    expect(textOf(res.value)).not.toContain('Mötet sparades inte');
    const added = await addedSince(code, before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ startsAt: '2026-12-14T12:00:00.000Z' });
    expect(added[0]!.followUpOf).toBeUndefined();
  });

  it('stores a meeting with no form chosen as physical, and a chosen form as chosen', async () => {
    const before = (await meetings(code)).length;
    await plan(code, without(['form']));
    await plan(code, inputs({ form: 'teams' }));
    expect((await addedSince(code, before)).map((m) => m.form)).toEqual(['fysiskt', 'teams']);
  });

  it('asks for a missing date or start time rather than calling it invalid', async () => {
    const before = (await meetings(code)).length;
    const noDate = textOf((await flow.anna.press('sip.plan', { code, ...without(['date']) })).value);
    expect(noDate).toContain('Datum: fyll i detta.');
    expect(noDate).not.toContain('ogiltigt');
    const noTime = textOf((await flow.anna.press('sip.plan', { code, ...without(['time']) })).value);
    expect(noTime).toContain('Starttid: fyll i detta.');
    expect(noTime).not.toContain('ogiltigt');
    expect(await addedSince(code, before)).toEqual([]);
  });

  it('gives back a refused follow-up as the follow-up form of the same case', async () => {
    const before = (await meetings(code)).length;
    await plan(code);
    const [base] = await addedSince(code, before);
    const form = await flow.anna.press('sip.plan.open', { code, followUpOf: base!.id });
    const refused = await flow.anna.press('sip.plan', { ...actionIn(form.value, 'sip.plan').data, ...inputs({ date: '2027-03-01', purpose: '' }) });
    expect(textOf(refused.value)).toContain('Syfte: fyll i detta.');
    const again = actionIn(refused.value, 'sip.plan').data;
    expect(again).toMatchObject({ code, followUpOf: base!.id });
    await flow.anna.press('sip.plan', { ...again, ...inputs({ date: '2027-03-01', purpose: 'Uppföljning' }) });
    const added = await addedSince(code, before);
    expect(added).toHaveLength(2);
    expect(added[1]!.followUpOf).toBe(base!.id);
  });
});

describe('one case with two meetings: M1 on 14 December, M2 on 11 January', () => {
  let code: string;
  beforeAll(async () => {
    code = await createCaseAs(flow.anna);
    await plan(code);
    await plan(code, inputs({ date: '2027-01-11' }));
  });

  it('gives back a refused move as the move form, with what was typed and each problem named', async () => {
    const moveForm = await flow.anna.press('sip.move.open', { code, meetingId: 'M1' });
    const data = actionIn(moveForm.value, 'sip.move').data;

    // Friday 20 November is before Monday 23 November, the clock's day.
    const past = await flow.anna.press('sip.move', { ...data, date: '2026-11-20', time: '09:30', duration: '60' });
    const card = textOf(past.value);
    expect(card).toContain('Datum: tiden har redan passerat');
    expect(card).toContain(`Flytta M1 – ${code}`);
    expect(card).toContain('"value":"2026-11-20"');
    expect(card).toContain('"value":"09:30"');
    expect(card).toContain('"value":"60"');
    // No test in this block changes M1, so it is still at revision 0.
    expect(actionIn(past.value, 'sip.move').data).toMatchObject({ code, meetingId: 'M1', rev: 0 });

    const noDate = textOf((await flow.anna.press('sip.move', { ...data, time: '09:30', duration: '60' })).value);
    expect(noDate).toContain('Datum: fyll i detta.');
    expect(noDate).not.toContain('ogiltigt');
    const noTime = textOf((await flow.anna.press('sip.move', { ...data, date: '2026-12-15', duration: '60' })).value);
    expect(noTime).toContain('Starttid: fyll i detta.');
    expect(noTime).not.toContain('ogiltigt');
    expect((await meetings(code))[0]).toMatchObject({ startsAt: '2026-12-14T12:00:00.000Z', moves: [] });
  });

  it("answers marking the second meeting's invitation with that meeting's invitation", async () => {
    const invitation = await flow.anna.press('sip.invitation.open', { code, meetingId: 'M2' });
    const sent = await flow.anna.press('sip.invitation.sent', actionIn(invitation.value, 'sip.invitation.sent', { role: 'personen' }).data);
    expect(textOf(sent.value)).toContain(`Kallelse – ${code} M2`);
    expect(textOf(sent.value)).not.toContain(`Kallelse – ${code} M1`);
    expect((await meetings(code))[1]!.invited.find((p) => p.role === 'personen')!.sentAt).toBeDefined();
  });

  it('answers an invitation for a meeting id the case does not have with the SIP card, saying the card is out of date', async () => {
    const res = await flow.anna.press('sip.invitation.sent', { code, meetingId: 'M9', rev: 0, role: 'personen' });
    expect(res.type).not.toBe('application/vnd.microsoft.error');
    expect(textOf(res.value)).toContain(`SIP-möten – ${code}`);
    expect(textOf(res.value)).toContain('Ärendet har ändrats sedan kortet visades');
  });

  it('answers a förmöte for a meeting id the case does not have as a case that is not there', async () => {
    const res = await flow.anna.press('sip.preMeeting.save', { code, meetingId: 'M9', rev: 0, whatMatters: 'Att få bo kvar' });
    expect(res).toMatchObject({ statusCode: 404, type: 'application/vnd.microsoft.error', value: { code: 'caseNotFound' } });
  });

  it("marks the second meeting's förmöte held at that meeting's revision and answers with its card", async () => {
    const pre = await flow.anna.press('sip.preMeeting.open', { code, meetingId: 'M2' });
    // The typed answer is saved first, raising M2's revision to at least 1 while M1 stays at 0:
    // held then has to use M2's revision.
    const held = await flow.anna.press('sip.preMeeting.held', { ...actionIn(pre.value, 'sip.preMeeting.held').data, whatMatters: 'Att få bo kvar' });
    expect(textOf(held.value)).toContain(`Förmöte med personen – ${code} M2`);
    expect(textOf(held.value)).not.toContain('Ärendet har ändrats');
    const [m1, m2] = await meetings(code);
    expect(m1).toMatchObject({ rev: 0 });
    expect(m1!.preMeeting).toBeUndefined();
    expect(m2!.preMeeting).toMatchObject({ whatMatters: 'Att få bo kvar', heldAt: expect.any(String) });
    expect((await stateOf(code)).baseline.items.B3.status).toBe('done');
  });
});

describe('förmöte answers', () => {
  let code: string;
  beforeAll(async () => {
    code = await createCaseAs(flow.anna);
    await plan(code);
  });

  it('keeps a saved choice when the choice comes back empty, and saves the other-principal question', async () => {
    const pre = await flow.anna.press('sip.preMeeting.open', { code, meetingId: 'M1' });
    const first = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, relativesMayTakePart: 'yes', otherPrincipalPreMeeting: 'no' });
    expect((await meetings(code))[0]!.preMeeting).toMatchObject({ relativesMayTakePart: 'yes', otherPrincipalPreMeeting: 'no' });
    await flow.anna.press('sip.preMeeting.save', { ...actionIn(first.value, 'sip.preMeeting.save').data, relativesMayTakePart: '', otherPrincipalPreMeeting: '' });
    expect((await meetings(code))[0]!.preMeeting).toMatchObject({ relativesMayTakePart: 'yes', otherPrincipalPreMeeting: 'no' });
  });

  it('says the answers are saved only when a save changed them, and not when the förmöte is marked held', async () => {
    const pre = await flow.anna.press('sip.preMeeting.open', { code, meetingId: 'M1' });
    const saved = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, whatMatters: 'Att få bo kvar' });
    expect(textOf(saved.value)).toContain('Svaren är sparade.');
    const same = await flow.anna.press('sip.preMeeting.save', { ...actionIn(saved.value, 'sip.preMeeting.save').data, whatMatters: 'Att få bo kvar' });
    expect(textOf(same.value)).toContain('Att få bo kvar');
    expect(textOf(same.value)).not.toContain('Svaren är sparade.');
    const held = await flow.anna.press('sip.preMeeting.held', { ...actionIn(same.value, 'sip.preMeeting.held').data, goals: 'Eget boende' });
    expect(textOf(held.value)).toContain('B3 i basnivån är avbockad');
    expect(textOf(held.value)).not.toContain('Svaren är sparade.');
  });
});
