import { describe, expect, it } from 'vitest';
import { inputValues } from '../support/rendered-markdown';
import { ANNA, TENANT, createCaseAs, flowForAll, actionIn, textOf } from '../support/case-flow';
import { deliveredReminders } from '../reminders/dispatch-harness';

/** A clock the test moves: a second per reading, and jumps when the story needs them. */
let now = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((now += 1000));

const flow = flowForAll(clock);

const newCase = (): Promise<string> => createCaseAs(flow.anna);

const meetingInputs = (overrides: Record<string, string> = {}) => ({
  date: '2026-12-14',
  time: '13:00',
  duration: '90',
  form: 'fysiskt',
  place: 'Mottagningen, rum 3',
  purpose: 'Gemensam planering av boende och sysselsättning',
  questions: 'Vem stöttar vid flytten?',
  invited: 'personen,region,kommun,annan',
  otherLabel: 'Hyresvärden',
  chair: 'Samordnare region',
  noteTaker: 'Samordnare kommun',
  ...overrides,
});

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

describe('planning a SIP meeting', () => {
  it('refuses a past date, a missing purpose and a personnummer, naming each, and stores nothing', async () => {
    const code = await newCase();
    const res = await flow.anna.press('sip.plan', { code, ...meetingInputs({ date: '2026-11-20', purpose: '', place: 'Hos 19121212-1212' }) });
    const card = textOf(res.value);
    expect(card).toContain('Mötet sparades inte');
    expect(card).toContain('Datum: tiden har redan passerat');
    expect(card).toContain('Syfte: fyll i detta');
    expect(card).toContain('Plats: det ser ut som ett personnummer');
    expect(card).not.toContain('19121212');
    expect(card).toContain('Vem stöttar vid flytten?');
    expect((await stateOf(code)).sipMeetings ?? []).toEqual([]);
  });

  it('plans a meeting in Swedish time, shows it on the hub, and moves and cancels meetings', async () => {
    const code = await newCase();
    const planned = await flow.anna.press('sip.plan', { code, ...meetingInputs() });
    expect(textOf(planned.value)).toContain('M1: mån 14 dec. 2026 13:00–14:30');
    const meeting = (await stateOf(code)).sipMeetings![0]!;
    expect(meeting).toMatchObject({ id: 'M1', startsAt: '2026-12-14T12:00:00.000Z', durationMinutes: 90, status: 'planned', plannedBy: { principal: 'region' } });
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('M1: mån 14 dec. 2026 13:00–14:30');

    const moveForm = await flow.anna.press('sip.move.open', { code, meetingId: 'M1' });
    expect(textOf(moveForm.value)).toContain('"value":"2026-12-14"');
    const moved = await flow.anna.press('sip.move', { ...actionIn(moveForm.value, 'sip.move').data, date: '2026-12-15', time: '09:30', duration: '60' });
    expect(textOf(moved.value)).toContain('M1: tis 15 dec. 2026 09:30–10:30');
    expect(textOf(moved.value)).toContain('Flyttat 1 gång');
    // Björn moving from the now out-of-date move form changes nothing.
    const stale = await flow.bjorn.press('sip.move', { ...actionIn(moveForm.value, 'sip.move').data, date: '2026-12-16', time: '09:30', duration: '60' });
    expect(textOf(stale.value)).toContain('Ärendet har ändrats sedan kortet visades');
    expect((await stateOf(code)).sipMeetings![0]!.startsAt).toBe('2026-12-15T08:30:00.000Z');

    const sip = moved.value;
    const noReason = await flow.anna.press('sip.cancel', actionIn(sip, 'sip.cancel').data);
    expect(textOf(noReason.value)).toContain('Skäl: fyll i detta');
    const cancelled = await flow.anna.press('sip.cancel', { ...actionIn(sip, 'sip.cancel').data, cancelReason_M1: 'Personen är sjuk' });
    expect(textOf(cancelled.value)).toContain('Inställt: Personen är sjuk');
    const [hubAfter] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hubAfter)).toContain('Inget planerat');
  });
});

describe('förmöte, invitations, the meeting and the follow-up tick the baseline on their own', () => {
  it('runs the cycle with both coordinators', async () => {
    const code = await newCase();
    await flow.anna.press('sip.plan', { code, ...meetingInputs({ date: '2026-12-01', time: '10:00' }) });

    // Förmöte: saved half-way, resumed by Björn, then marked held → B3.
    const pre = await flow.anna.press('sip.preMeeting.open', { code, meetingId: 'M1' });
    const saved = await flow.anna.press('sip.preMeeting.save', { ...actionIn(pre.value, 'sip.preMeeting.save').data, whatMatters: 'Att få bo kvar i lägenheten', relativesMayTakePart: 'yes' });
    expect(textOf(saved.value)).toContain('Att få bo kvar i lägenheten');
    const resumed = await flow.bjorn.press('sip.preMeeting.open', { code, meetingId: 'M1' });
    expect(textOf(resumed.value)).toContain('Att få bo kvar i lägenheten');
    const refused = await flow.bjorn.press('sip.preMeeting.held', { ...actionIn(resumed.value, 'sip.preMeeting.held').data, ...inputValues(resumed.value), goals: 'Eget boende, pnr 19121212-1212' });
    expect(textOf(refused.value)).toContain('Personens mål: det ser ut som ett personnummer');
    expect(textOf(refused.value)).not.toContain('19121212');
    expect((await stateOf(code)).baseline.items.B3.status).toBe('notStarted');
    const held = await flow.bjorn.press('sip.preMeeting.held', { ...actionIn(resumed.value, 'sip.preMeeting.held').data, ...inputValues(resumed.value), goals: 'Eget boende' });
    expect(textOf(held.value)).toContain('Förmötet är genomfört');
    let state = await stateOf(code);
    expect(state.baseline.items.B3).toMatchObject({ status: 'done', source: 'sip', by: { name: 'Björn Berg' } });
    expect(state.sipMeetings![0]!.preMeeting).toMatchObject({ whatMatters: 'Att få bo kvar i lägenheten', goals: 'Eget boende', relativesMayTakePart: 'yes' });

    // Invitation: the draft states purpose, time, place and parties; it is late (6 working days left).
    const invitation = await flow.anna.press('sip.invitation.open', { code, meetingId: 'M1' });
    const draft = textOf(invitation.value);
    expect(draft).toContain('Syfte: Gemensam planering av boende och sysselsättning');
    expect(draft).toContain('tis 1 dec. 2026 10:00–11:30');
    expect(draft).toContain('Annan part: Hyresvärden');
    expect(draft).toContain('Kallelsen ska gå ut i så god tid som möjligt. Er lokala riktlinje är att den andra huvudmannen har den senast');
    expect(draft).toContain('10 arbetsdagar före mötet');
    const toPerson = await flow.anna.press('sip.invitation.sent', actionIn(invitation.value, 'sip.invitation.sent', { role: 'personen' }).data);
    expect((await stateOf(code)).baseline.items.B4.status).toBe('notStarted');
    await flow.anna.press('sip.invitation.sent', actionIn(toPerson.value, 'sip.invitation.sent', { role: 'kommun' }).data);
    state = await stateOf(code);
    expect(state.baseline.items.B4).toMatchObject({ status: 'done', source: 'sip' });

    // The meeting checklist follows the circle for 90 minutes; the meeting can be held once started.
    const checklist = await flow.anna.press('sip.checklist.open', { code, meetingId: 'M1' });
    expect(textOf(checklist.value)).toContain('Behov: personens mål');
    expect(textOf(checklist.value)).toContain('40 min');
    const early = await flow.anna.press('sip.held', { code, meetingId: 'M1', rev: state.sipMeetings![0]!.rev });
    expect(textOf(early.value)).toContain('först när det har börjat');
    now = Date.parse('2026-12-01T10:30:00.000Z');
    const heldMeeting = await flow.anna.press('sip.held', { code, meetingId: 'M1', rev: state.sipMeetings![0]!.rev });
    expect(textOf(heldMeeting.value)).toContain('Genomfört');
    expect((await stateOf(code)).baseline.items.B5).toMatchObject({ status: 'done', source: 'sip' });

    // The follow-up: a new meeting linked to M1; holding it ticks B6.
    const followUpForm = await flow.anna.press('sip.plan.open', actionIn(heldMeeting.value, 'sip.plan.open', { followUpOf: 'M1' }).data);
    const followUp = await flow.anna.press('sip.plan', { ...actionIn(followUpForm.value, 'sip.plan').data, ...meetingInputs({ date: '2027-03-01', time: '10:00', purpose: 'Uppföljning av planen' }) });
    expect(textOf(followUp.value)).toContain('Uppföljning av M1');
    now = Date.parse('2027-03-01T10:00:00.000Z');
    const m2 = (await stateOf(code)).sipMeetings![1]!;
    await flow.bjorn.press('sip.held', { code, meetingId: 'M2', rev: m2.rev });
    state = await stateOf(code);
    expect(state.baseline.items.B6).toMatchObject({ status: 'done', source: 'sip' });

    const [baseline] = await flow.anna.say(`basnivå ${code}`);
    expect(textOf(baseline)).toContain('(från SIP-flödet)');
    const [history] = await flow.anna.say(`historik ${code}`);
    expect(textOf(history)).toContain('SIP-flödet bockade av B6: Klar');
  });
});

describe('overdue work on the hub and in the list', () => {
  it('shows a meeting that passed without being marked, and nothing once it is marked', async () => {
    now = Date.parse('2026-11-23T09:00:00.000Z');
    const code = await newCase();
    // Without kommun the meeting is not a SIP meeting: the card says so, and the kallelse to kommun is owed.
    const planned = await flow.anna.press('sip.plan', { code, ...meetingInputs({ date: '2026-12-01', time: '10:00', invited: 'personen,region' }) });
    expect(textOf(planned.value)).toContain('Mötet är inte ett SIP-möte ännu: kommunen är inte kallad.');
    const [before] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(before)).toContain('"title":"Försenat","value":"Inget"');
    // Two days after the meeting, it is still not marked held.
    now = Date.parse('2026-12-03T09:00:00.000Z');
    const [hub] = await flow.anna.say(`ärende ${code}`);
    // The kallelse was owed until the meeting; after its day only the marking is late.
    expect(textOf(hub)).toContain('"title":"Försenat","value":"Markera SIP-mötet"');
    const [list] = await flow.anna.say('mina ärenden');
    expect(textOf(list)).toContain('Försenat: Markera SIP-mötet');
    const m1 = (await stateOf(code)).sipMeetings![0]!;
    await flow.anna.press('sip.held', { code, meetingId: 'M1', rev: m1.rev });
    const [after] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(after)).not.toContain('Markera SIP-mötet');
    expect(textOf(after)).toContain('"title":"Försenat","value":"Inget"');
  });
});

describe('kallelser and the meeting time', () => {
  it('makes the kallelser sent for the old time void when the meeting moves, and lets a sent mark be undone', async () => {
    now = Date.parse('2026-11-23T09:00:00.000Z');
    const code = await newCase();
    await flow.anna.press('sip.plan', { code, ...meetingInputs({ date: '2026-12-14', time: '13:00', invited: 'personen,region,kommun' }) });
    const invitation = await flow.anna.press('sip.invitation.open', { code, meetingId: 'M1' });
    const toKommun = await flow.anna.press('sip.invitation.sent', actionIn(invitation.value, 'sip.invitation.sent', { role: 'kommun' }).data);
    expect(textOf(toKommun.value)).toContain('Skickad 23 nov. 2026 10:00');

    // A mark set by mistake is undone: the kallelse to the person counts as not sent again.
    const toPerson = await flow.anna.press('sip.invitation.sent', actionIn(toKommun.value, 'sip.invitation.sent', { role: 'personen' }).data);
    const undone = await flow.bjorn.press('sip.invitation.undo', actionIn(toPerson.value, 'sip.invitation.undo', { role: 'personen' }).data);
    expect((await stateOf(code)).sipMeetings![0]!.invited.find((p) => p.role === 'personen')).toEqual({ role: 'personen' });
    // The row offers "Markera skickad" again, and no undo.
    expect(actionIn(undone.value, 'sip.invitation.sent', { role: 'personen' }).data).toMatchObject({ role: 'personen' });
    expect(() => actionIn(undone.value, 'sip.invitation.undo', { role: 'personen' })).toThrow();
    const [history] = await flow.anna.say(`historik ${code}`);
    expect(textOf(history)).toContain('ångrade att kallelsen till personen (M1) var skickad');

    // Moved to 11 January: the kallelse to kommun named the old time and must be sent again.
    const moveForm = await flow.anna.press('sip.move.open', { code, meetingId: 'M1' });
    now = Date.parse('2026-12-01T09:00:00.000Z');
    const moved = await flow.anna.press('sip.move', { ...actionIn(moveForm.value, 'sip.move').data, date: '2027-01-11', time: '13:00', duration: '90' });
    expect(textOf(moved.value)).toContain('Mötet har flyttats. Ny kallelse behövs till: Kommunen.');
    const kommun = (await stateOf(code)).sipMeetings![0]!.invited.find((p) => p.role === 'kommun');
    expect(kommun).toEqual({ role: 'kommun', sentForEarlierTime: expect.stringMatching(/^2026-11-23T09:00:/) });
    const reopened = await flow.anna.press('sip.invitation.open', { code, meetingId: 'M1' });
    expect(textOf(reopened.value)).toContain('Ny kallelse behövs: den som skickades 23 nov. 2026 10:00 gällde en tidigare tid.');
    // The invitation reminder comes again, from the move: the next working day, Wednesday 2 December.
    const upcoming = await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId);
    expect(upcoming.filter((r) => r.key.startsWith('invitation:')).map((r) => [r.key, r.dueDate])).toEqual([['invitation:M1:2027-01-11T12:00:00.000Z', '2026-12-02']]);
    // Sent again for the new time.
    const again = await flow.anna.press('sip.invitation.sent', actionIn(reopened.value, 'sip.invitation.sent', { role: 'kommun' }).data);
    expect(textOf(again.value)).toContain('Skickad 1 dec. 2026 10:00');
    expect(textOf(again.value)).not.toContain('Ny kallelse behövs');
  });

  it('sends no kallelse reminder once the meeting has started', async () => {
    now = Date.parse('2026-11-23T09:00:00.000Z');
    const code = await newCase();
    // Tuesday 24 Nov at 07:30, without kommun: the kallelse reminder would be due that day at 08:00, after the start.
    await flow.anna.press('sip.plan', { code, ...meetingInputs({ date: '2026-11-24', time: '07:30', invited: 'personen,region' }) });
    await flow.bot.app.settled();
    expect((await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).map((r) => r.key)).toContain('invitation:M1');
    flow.connector.reset();
    await flow.dispatch('2026-11-24T07:00:00.000Z');
    const sent = deliveredReminders(flow.connector).filter((r) => r.code === code);
    expect(sent.map((r) => r.key)).not.toContain('invitation:M1');
    expect(await flow.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId)).not.toContainEqual(expect.objectContaining({ key: 'invitation:M1' }));
  });

  it('lets a meeting planned without kommun become a SIP meeting by marking the kallelse to kommun sent', async () => {
    now = Date.parse('2026-11-23T09:00:00.000Z');
    const code = await newCase();
    await flow.anna.press('sip.plan', { code, ...meetingInputs({ date: '2026-12-14', time: '13:00', invited: 'personen,region' }) });
    const invitation = await flow.anna.press('sip.invitation.open', { code, meetingId: 'M1' });
    expect(textOf(invitation.value)).toContain('Inte kallad. Utan den andra huvudmannen är mötet inte ett SIP-möte.');
    const sent = await flow.anna.press('sip.invitation.sent', actionIn(invitation.value, 'sip.invitation.sent', { role: 'kommun' }).data);
    expect(textOf(sent.value)).toContain('Kommunen (den andra huvudmannen)');
    const meeting = (await stateOf(code)).sipMeetings![0]!;
    expect(meeting.invited.map((p) => p.role)).toEqual(['personen', 'region', 'kommun']);
    expect((await stateOf(code)).baseline.items.B4).toMatchObject({ status: 'done', source: 'sip' });
    const [sip] = await flow.anna.say(`sip ${code}`);
    expect(textOf(sip)).not.toContain('inte ett SIP-möte');
  });
});
