import { beforeEach, describe, expect, it } from 'vitest';
import type { ReminderKind } from '../../src/domain/reminder-rules';
import { ANNA, BJORN, TENANT, actionIn, createCaseAs, flowForEach, textOf, type Client } from '../support/case-flow';

/**
 * Every reminder rule of PRODUCT.md ("Reminders"), end to end: real cases driven by card actions,
 * the real dispatch endpoint, and a simulated clock walked forward day by day over Swedish
 * holidays. On every working day the dispatcher is called at 07:59 (nothing may come) and at
 * 08:00 (office opening: what is due that day comes now); on days off it is called at noon
 * (nothing may come); and a minute after anything the coordinators do. Expected dates are
 * counted by hand below.
 */

// ---------------------------------------------------------------------------------------------
// Calendar, written out by hand (independent of the production working-day code)
// ---------------------------------------------------------------------------------------------

/** Swedish days off in the period the scenarios walk through (weekends are checked separately). */
const DAYS_OFF = new Set([
  '2026-12-24', // julafton
  '2026-12-25', // juldagen
  '2026-12-26', // annandag jul (a Saturday)
  '2026-12-31', // nyårsafton
  '2027-01-01', // nyårsdagen
  '2027-01-06', // trettondedag jul
  '2027-03-26', // långfredagen
  '2027-03-28', // påskdagen
  '2027-03-29', // annandag påsk
  '2027-05-01', // första maj (a Saturday)
  '2027-05-06', // Kristi himmelsfärdsdag
  '2027-05-16', // pingstdagen
]);

const weekday = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();
const isWorking = (date: string): boolean => weekday(date) !== 0 && weekday(date) !== 6 && !DAYS_OFF.has(date);

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Stockholm wall-clock time as a UTC instant. Summer time (UTC+2) runs from the last Sunday of
 * March to the last Sunday of October: in 2027 from Sunday 28 March to Sunday 31 October; winter
 * time (UTC+1) otherwise. Only noon is used on the switch days, so the switch hour never matters.
 */
function at(date: string, time: string): string {
  const summer = (date >= '2026-03-29' && date < '2026-10-25') || (date >= '2027-03-28' && date < '2027-10-31');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh - (summer ? 2 : 1), mm)).toISOString();
}

// ---------------------------------------------------------------------------------------------
// The bot, its clock and what the coordinators receive
// ---------------------------------------------------------------------------------------------

/** The bot's clock; card actions happen at this time. It only moves forward within one bot. */
let now = 0;
const clock = () => new Date(now);

function advanceTo(iso: string): void {
  const t = Date.parse(iso);
  expect(t, `the clock may not go back from ${new Date(now).toISOString()} to ${iso}`).toBeGreaterThanOrEqual(now);
  now = t;
}

/** Every reminder delivered in the current test, in order. */
let deliveries: Delivery[] = [];
let callsRead = 0;

interface Delivery {
  readonly code: string;
  readonly key: string;
  /** The kind, with the prompt's distance for pre-meeting prompts ("preMeetingPrompt:10"). */
  readonly what: string;
  readonly title: string;
  readonly doneVerb: string;
  readonly dueDate: string;
  readonly to: 'anna' | 'bjorn';
  /** Stockholm date and time of the dispatch that delivered it, and the same instant in UTC. */
  readonly date: string;
  readonly time: string;
  readonly utc: string;
}

// A bot (and store) per test: the simulated clock only moves forward within one. Each test then
// walks it forward from its own first day.
beforeEach(() => {
  now = Date.parse(at('2026-12-07', '07:00'));
  deliveries = [];
  callsRead = 0;
});
const flow = flowForEach(clock);

/** The kinds, by the prefix of the reminder key the card carries. */
const KIND_OF_KEY: Record<string, ReminderKind> = {
  firstMeeting: 'firstMeeting',
  consentEnding: 'consentEnding',
  preMeetingAfterConsent: 'preMeetingAfterConsent',
  preMeeting: 'preMeetingPrompt',
  invitation: 'invitation',
  invitationEscalation: 'invitationEscalation',
  meetingSoon: 'meetingSoon',
  meetingNotHeld: 'meetingNotHeld',
  noFollowUpDate: 'noFollowUpDate',
  followUpSoon: 'followUpSoon',
  followUpToday: 'followUpToday',
  noCrisisPlan: 'noCrisisPlan',
  crisisReview: 'crisisReview',
  inactive: 'inactive',
  evaluationDue: 'evaluationDue',
};

/** What each card must say (PRODUCT.md wording in Swedish), and where its "Klart" leads. */
const CARD: Record<ReminderKind, { title: string; done: string }> = {
  firstMeeting: { title: 'Planera det första samordningsmötet med personen', done: 'sip.plan.open' },
  consentEnding: { title: 'Samtycket går ut om 10 arbetsdagar', done: 'consent.open' },
  preMeetingAfterConsent: { title: 'Håll förmötet med personen', done: 'sip.preMeeting.open' },
  preMeetingPrompt: { title: 'Förbered SIP-mötet med personen', done: 'sip.preMeeting.open' },
  invitation: { title: 'Skicka kallelsen till den andra huvudmannen', done: 'sip.invitation.open' },
  invitationEscalation: { title: 'Kallelsen är fortfarande inte skickad', done: 'sip.invitation.open' },
  meetingSoon: { title: 'SIP-möte nästa arbetsdag', done: 'sip.checklist.open' },
  meetingNotHeld: { title: 'Markera SIP-mötet', done: 'sip.open' },
  noFollowUpDate: { title: 'Sätt datum för uppföljning', done: 'plan.open' },
  followUpSoon: { title: 'Uppföljning om 5 arbetsdagar', done: 'sip.open' },
  followUpToday: { title: 'Uppföljning i dag', done: 'sip.open' },
  noCrisisPlan: { title: 'Ta fram en kris- och handlingsplan', done: 'crisis.open' },
  crisisReview: { title: 'Se över krisplanen', done: 'crisis.open' },
  inactive: { title: 'Inget har hänt på 30 dagar', done: 'case.open' },
  evaluationDue: { title: 'Dags för utvärdering', done: 'evaluation.open' },
};

type CardNode = Record<string, unknown>;

/** Reads the reminders that arrived since the last look, as delivered at this Stockholm time. */
function collect(date: string, time: string): Delivery[] {
  const fresh: Delivery[] = [];
  const calls = flow.connector.calls.slice(callsRead);
  callsRead = flow.connector.calls.length;
  for (const call of calls) {
    if (call.method !== 'POST') continue;
    const to = call.conversationId === ANNA.conversationId ? 'anna' : call.conversationId === BJORN.conversationId ? 'bjorn' : undefined;
    for (const attachment of (call.body['attachments'] as Array<{ content: CardNode }> | undefined) ?? []) {
      const card = attachment.content;
      const actions = (card['actions'] as CardNode[] | undefined) ?? [];
      const snooze = actions.find((a) => a['verb'] === 'reminder.snooze');
      if (snooze === undefined) continue;
      expect(to, `a reminder went to an unexpected conversation ${call.conversationId}`).toBeDefined();
      const data = snooze['data'] as { code: string; key: string; dueDate: string };
      const prefix = data.key.split(':')[0]!;
      const kind = KIND_OF_KEY[prefix];
      expect(kind, `unknown reminder key ${data.key}`).toBeDefined();
      const what = kind === 'preMeetingPrompt' ? `${kind}:${data.key.split(':').at(-1)}` : kind!;
      const body = card['body'] as CardNode[];
      fresh.push({
        code: data.code,
        key: data.key,
        what,
        title: String(body[1]?.['text']),
        doneVerb: String(actions[0]?.['verb']),
        dueDate: data.dueDate,
        to: to!,
        date,
        time,
        utc: at(date, time),
      });
    }
  }
  deliveries.push(...fresh);
  return fresh;
}

async function dispatch(date: string, time: string): Promise<Delivery[]> {
  const iso = at(date, time);
  advanceTo(iso);
  const result = await flow.dispatch(iso);
  expect(result.failed).toBe(0);
  const fresh = collect(date, time);
  expect(fresh, `reminders counted as sent at ${date} ${time}`).toHaveLength(result.sent);
  return fresh;
}

/** Something the coordinators do at a Stockholm time; the dispatcher runs a minute later. */
interface Step {
  readonly time: string;
  readonly run: () => Promise<void>;
}

const plusMinute = (time: string): string => {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const total = hh * 60 + mm + 1;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/**
 * Walks the clock from one day to another (both included). Working days: dispatch at 07:59
 * (before opening: nothing may come) and at 08:00 (opening). Days off: dispatch at noon, and
 * nothing may come. Steps run at their times, each followed by a dispatch a minute later. A
 * reminder released at any other moment would be picked up by the next of these dispatches and
 * show up as delivered at a time other than 08:00, which expectAllAtOpening refuses.
 */
async function walk(from: string, to: string, steps: Record<string, Step[]> = {}): Promise<void> {
  for (let date = from; date <= to; date = nextDay(date)) {
    const events: Array<{ time: string; run: () => Promise<void> }> = [];
    if (isWorking(date)) {
      events.push({ time: '07:59', run: async () => expect(await dispatch(date, '07:59'), `${date} 07:59, before office opening`).toEqual([]) });
      events.push({ time: '08:00', run: async () => void (await dispatch(date, '08:00')) });
    } else {
      events.push({ time: '12:00', run: async () => expect(await dispatch(date, '12:00'), `${date} is not a working day`).toEqual([]) });
    }
    for (const step of steps[date] ?? []) {
      events.push({
        time: step.time,
        run: async () => {
          advanceTo(at(date, step.time));
          await step.run();
          await dispatch(date, plusMinute(step.time));
        },
      });
    }
    events.sort((a, b) => a.time.localeCompare(b.time));
    for (const e of events) await e.run();
  }
}

/** What one case must have received, each for the named coordinators, first and only on `date`. */
interface Expected {
  readonly what: string;
  readonly date: string;
  readonly to?: ReadonlyArray<'anna' | 'bjorn'>;
  /** The working day it is for, when it is not the day it comes (a late reminder). */
  readonly dueDate?: string;
}

function expectExactly(code: string, expected: readonly Expected[]): void {
  const mine = deliveries.filter((d) => d.code === code);
  // Nothing else came for the case: no reminder whose cause was gone, none twice.
  expect(mine.map((d) => d.what).sort(), `reminders of ${code}`).toEqual(expected.flatMap((e) => (e.to ?? ['anna', 'bjorn']).map(() => e.what)).sort());
  for (const e of expected) {
    const got = mine.filter((d) => d.what === e.what);
    expect(got.map((d) => d.to).sort(), `${code} ${e.what}: once to each coordinator`).toEqual([...(e.to ?? ['anna', 'bjorn'])].sort());
    for (const d of got) {
      expect({ what: d.what, date: d.date, time: d.time, dueDate: d.dueDate }, `${code} ${e.what} to ${d.to}`).toEqual({ what: e.what, date: e.date, time: '08:00', dueDate: e.dueDate ?? e.date });
      const kind = e.what.split(':')[0] as ReminderKind;
      expect(d.title).toBe(CARD[kind].title);
      expect(d.doneVerb).toBe(CARD[kind].done);
    }
  }
}

/** Never before opening, never after closing, never on a day off: each came with an 08:00 dispatch. */
function expectAllAtOpening(): void {
  expect(deliveries.length).toBeGreaterThan(0);
  expect(deliveries.filter((d) => d.time !== '08:00' || !isWorking(d.date))).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Card actions the coordinators take
// ---------------------------------------------------------------------------------------------

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;
const meetingRev = async (code: string, id = 'M1') => (await stateOf(code)).sipMeetings!.find((m) => m.id === id)!.rev;

async function cancelMeeting(who: Client, code: string): Promise<void> {
  const res = await who.press('sip.cancel', { code, meetingId: 'M1', rev: await meetingRev(code), cancelReason_M1: 'Personen vill vänta' });
  expect(textOf(res.value)).toContain('Inställt: Personen vill vänta');
}

async function planMeeting(who: Client, code: string, date: string, time: string): Promise<void> {
  const res = await who.press('sip.plan', { code, date, time, duration: '90', form: 'fysiskt', place: 'Mottagningen', purpose: 'Samordna insatser', invited: 'personen,region,kommun' });
  expect(textOf(res.value)).toContain('M1:');
  expect((await stateOf(code)).sipMeetings).toHaveLength(1);
}

async function markInvitationSent(who: Client, code: string, role: 'kommun' | 'region'): Promise<void> {
  const card = await who.press('sip.invitation.open', { code, meetingId: 'M1' });
  await who.press('sip.invitation.sent', actionIn(card.value, 'sip.invitation.sent', { role }).data);
  expect((await stateOf(code)).sipMeetings![0]!.invited.find((p) => p.role === role)?.sentAt).toBeDefined();
}

async function holdPreMeeting(who: Client, code: string): Promise<void> {
  const card = await who.press('sip.preMeeting.open', { code, meetingId: 'M1' });
  const res = await who.press('sip.preMeeting.held', { ...actionIn(card.value, 'sip.preMeeting.held').data, goals: 'Eget boende' });
  expect(textOf(res.value)).toContain('Förmötet är genomfört');
}

async function markHeld(who: Client, code: string): Promise<void> {
  const res = await who.press('sip.held', { code, meetingId: 'M1', rev: await meetingRev(code) });
  expect(textOf(res.value)).toContain('Genomfört');
  expect((await stateOf(code)).sipMeetings![0]!.status).toBe('held');
}

async function setFollowUpDate(who: Client, code: string, date: string): Promise<void> {
  const [card] = await who.say(`plan ${code}`);
  await who.press('plan.save', { ...actionIn(card, 'plan.save').data, followUpDate: date });
  expect((await stateOf(code)).sipPlan?.followUpDate).toBe(date);
}

async function saveCrisisPlan(who: Client, code: string, reviewDate: string): Promise<void> {
  const [card] = await who.say(`krisplan ${code}`);
  const withSign = await who.press('crisis.sign.add', {
    ...actionIn(card, 'crisis.sign.add').data,
    signDescription: 'Sover dåligt flera nätter i rad',
    signDescribedBy: 'personen',
    action_region: 'Mottagningen erbjuder tid inom två dagar',
  });
  const saved = await who.press('crisis.save', { ...actionIn(withSign.value, 'crisis.save').data, reviewDate });
  expect(textOf(saved.value)).toContain('Version 1, sparad');
}

async function mute(who: Client, code: string): Promise<void> {
  const res = await who.press('reminders.preferences', { code, [`muted_${code}`]: 'true', [`delivery_${code}`]: 'personal' });
  expect(textOf(res.value)).toContain(`Inställningarna för ${code} är sparade`);
}

/** Any real change to the case: Björn answers B1 (the person needs the other principal) on the basnivå card. */
async function answerNeed(who: Client, code: string): Promise<void> {
  const [card] = await who.say(`basnivå ${code}`);
  await who.press('baseline.need', actionIn(card, 'baseline.need', { need: 'yes' }).data);
  expect((await stateOf(code)).baseline.need).toBe('yes');
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

describe('reminder lifecycle through POST /api/reminders/dispatch, day by day', () => {
  it('"book the first meeting" and "nothing for 30 days" over Christmas and New Year 2026–27', { timeout: 40_000 }, async () => {
    const codes: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };

    await walk('2026-12-07', '2027-01-22', {
      // A, D and E: created Monday 7 Dec 2026 10:00 with consent. A is never touched again.
      '2026-12-07': [{ time: '10:00', run: async () => void ((codes.a = await createCaseAs(flow.anna)), (codes.d = await createCaseAs(flow.anna)), (codes.e = await createCaseAs(flow.anna))) }],
      // E: a meeting is booked on Tuesday 8 Dec, before "book the first meeting" is due (Wed 9),
      // for Monday 11 Jan 2027 10:00; kommun is invited but the invitation is never marked sent.
      '2026-12-08': [{ time: '10:00', run: () => planMeeting(flow.anna, codes.e, '2027-01-11', '10:00') }],
      // E: the meeting is cancelled on Saturday 12 Dec at 11:00, a day off.
      '2026-12-12': [{ time: '11:00', run: () => cancelMeeting(flow.anna, codes.e) }],
      // B: created Tuesday 22 Dec; Björn mutes its reminders at once, the same day.
      '2026-12-22': [
        { time: '10:00', run: async () => void (codes.b = await createCaseAs(flow.anna)) },
        { time: '10:30', run: () => mute(flow.bjorn, codes.b) },
      ],
      // C: created Wednesday 30 Dec at 18:30, after office hours.
      '2026-12-30': [{ time: '18:30', run: async () => void (codes.c = await createCaseAs(flow.anna)) }],
      // D is worked on on Monday 4 Jan 2027: its 30 days start again.
      '2027-01-04': [{ time: '10:00', run: () => answerNeed(flow.bjorn, codes.d) }],
    });

    expectExactly(codes.a, [
      // 2 working days after Mon 7 Dec: Tue 8 (1), Wed 9 (2).
      { what: 'firstMeeting', date: '2026-12-09' },
      // No förmöte held and no meeting booked: 3 working days after Mon 7 Dec, Thu 10 Dec.
      { what: 'preMeetingAfterConsent', date: '2026-12-10' },
      // 7 Dec + 30 days = Wed 6 Jan 2027, trettondedag jul, a holiday → Thu 7 Jan.
      { what: 'inactive', date: '2027-01-07' },
    ]);
    expectExactly(codes.b, [
      // 2 working days after Tue 22 Dec: Wed 23 (1); julafton, juldagen, annandag jul (Sat) and
      // Sunday are off; Mon 28 (2). Björn muted the case: only Anna.
      { what: 'firstMeeting', date: '2026-12-28', to: ['anna'] },
      // The förmöte: Wed 23 (1), Mon 28 (2), Tue 29 Dec (3).
      { what: 'preMeetingAfterConsent', date: '2026-12-29', to: ['anna'] },
      // Last change (the mute) on Tue 22 Dec + 30 days = Thu 21 Jan 2027, a working day.
      { what: 'inactive', date: '2027-01-21', to: ['anna'] },
    ]);
    expectExactly(codes.c, [
      // Created Wed 30 Dec (evening): nyårsafton, nyårsdagen and the weekend are off; Mon 4 Jan (1),
      // Tue 5 Jan (2; trettondagsafton is a working day). Its 30 days end 29 Jan, after the walk.
      { what: 'firstMeeting', date: '2027-01-05' },
      // The förmöte: Mon 4 (1), Tue 5 (2), trettondedag jul (Wed 6) is off, Thu 7 Jan (3).
      { what: 'preMeetingAfterConsent', date: '2027-01-07' },
    ]);
    expectExactly(codes.d, [
      { what: 'firstMeeting', date: '2026-12-09' },
      { what: 'preMeetingAfterConsent', date: '2026-12-10' },
      // No inactive on 7 Jan: the case changed on 4 Jan (its next nudge is 3 Feb, after the walk).
    ]);
    expectExactly(codes.e, [
      // 1 working day after the booking on Tue 8 Dec.
      { what: 'invitation', date: '2026-12-09' },
      // The meeting was cancelled on Saturday 12 Dec, so no meeting is booked: "book the first
      // meeting", due Wed 9 Dec (2 working days after Mon 7 Dec), is late and comes at the next
      // office opening, Monday 14 Dec, not on the Saturday. None of the cancelled meeting's
      // reminders come (prompts 21 and 30 Dec, escalation 21 Dec, meeting-soon 8 Jan, not-held 12 Jan).
      { what: 'firstMeeting', date: '2026-12-14', dueDate: '2026-12-09' },
      // So is "hold the förmöte", due Thu 10 Dec: also Monday 14 Dec.
      { what: 'preMeetingAfterConsent', date: '2026-12-14', dueDate: '2026-12-10' },
      // Last change (the cancellation) Sat 12 Dec + 30 days = Mon 11 Jan 2027.
      { what: 'inactive', date: '2027-01-11' },
    ]);
    expectAllAtOpening();
  });

  it('a SIP meeting from booking to follow-up across Easter 2027 and Kristi himmelsfärd, and reminders whose cause is gone', { timeout: 60_000 }, async () => {
    let p = '';
    let q = '';

    await walk('2027-03-04', '2027-05-11', {
      // P and Q: created Thursday 4 Mar 2027 10:00 with consent, by Anna (region) with Björn (kommun).
      '2027-03-04': [{ time: '10:00', run: async () => void ((p = await createCaseAs(flow.anna)), (q = await createCaseAs(flow.anna))) }],
      // Q's meeting is booked on Friday 5 Mar, before "book the first meeting" is due (Mon 8 Mar):
      // Thursday 25 Mar (skärtorsdagen) 14:00, kommun invited but not yet sent the invitation.
      '2027-03-05': [{ time: '10:00', run: () => planMeeting(flow.anna, q, '2027-03-25', '14:00') }],
      // P's meeting is booked Monday 8 Mar, after its first-meeting reminder came at 08:00:
      // Tuesday 30 Mar 13:00 (after Easter, in summer time). Kommun's invitation is never marked sent.
      '2027-03-08': [{ time: '10:00', run: () => planMeeting(flow.anna, p, '2027-03-30', '13:00') }],
      // Q: kommun's invitation is marked sent on Tue 9 Mar, before the escalation day (Thu 11 Mar).
      '2027-03-09': [{ time: '10:00', run: () => markInvitationSent(flow.bjorn, q, 'kommun') }],
      // Q: the förmöte is held on Mon 15 Mar, before the second prompt (Thu 18 Mar).
      '2027-03-15': [{ time: '10:00', run: () => holdPreMeeting(flow.bjorn, q) }],
      // Q: marked held on the day, at 15:30, after it started: no "mark the meeting" reminder.
      '2027-03-25': [{ time: '15:30', run: () => markHeld(flow.anna, q) }],
      // P: the meeting passed on Tue 30 Mar unmarked; marked held on Wed 31 Mar at 10:00, after
      // the "mark the meeting" reminder came at 08:00.
      '2027-03-31': [{ time: '10:00', run: () => markHeld(flow.anna, p) }],
      // P: the crisis plan is saved on Wed 7 Apr, after "make a crisis plan" came at 08:00;
      // review by Friday 7 May 2027.
      '2027-04-07': [{ time: '10:00', run: () => saveCrisisPlan(flow.bjorn, p, '2027-05-07') }],
      // P: the follow-up date (Tuesday 11 May 2027) is set on Thu 8 Apr, a week after "set a
      // follow-up date" came (1 Apr). P's last change: nothing happens to it after this.
      '2027-04-08': [{ time: '10:00', run: () => setFollowUpDate(flow.anna, p, '2027-05-11') }],
    });

    expectExactly(p, [
      // 2 working days after Thu 4 Mar: Fri 5 (1), Mon 8 (2).
      { what: 'firstMeeting', date: '2027-03-08' },
      // 1 working day after the booking on Mon 8 Mar.
      { what: 'invitation', date: '2027-03-09' },
      // 10 working days before Tue 30 Mar: långfredagen and annandag påsk are off, so Thu 25 (1),
      // Wed 24 (2), Tue 23 (3), Mon 22 (4), Fri 19 (5), Thu 18 (6), Wed 17 (7), Tue 16 (8),
      // Mon 15 (9), Fri 12 Mar (10). The escalation comes the same day as the first prompt.
      { what: 'preMeetingPrompt:10', date: '2027-03-12' },
      { what: 'invitationEscalation', date: '2027-03-12' },
      // 5 working days before Tue 30 Mar (see above): Fri 19 Mar.
      { what: 'preMeetingPrompt:5', date: '2027-03-19' },
      // 1 working day before Tue 30 Mar: Mon 29 (annandag påsk), the weekend and Fri 26
      // (långfredagen) are off → Thu 25 Mar (skärtorsdagen), still winter time (07:00 UTC).
      { what: 'meetingSoon', date: '2027-03-25' },
      // Next working day after the meeting on Tue 30 Mar: Wed 31 Mar, summer time (06:00 UTC).
      { what: 'meetingNotHeld', date: '2027-03-31' },
      // Marked held Wed 31 Mar: next working day Thu 1 Apr (påsk is already behind).
      { what: 'noFollowUpDate', date: '2027-04-01' },
      // 5 working days after Wed 31 Mar: Thu 1 (1), Fri 2 (2), Mon 5 (3), Tue 6 (4), Wed 7 Apr (5).
      { what: 'noCrisisPlan', date: '2027-04-07' },
      // 5 working days before the review date Fri 7 May: Wed 5 (1; Thu 6 May is Kristi
      // himmelsfärdsdag), Tue 4 (2), Mon 3 (3; 1 May is a Saturday anyway), Fri 30 Apr (4),
      // Thu 29 Apr (5).
      { what: 'crisisReview', date: '2027-04-29' },
      // 5 working days before the follow-up date Tue 11 May: Mon 10 (1), Fri 7 (2), Thu 6 off,
      // Wed 5 (3), Tue 4 (4), Mon 3 May (5).
      { what: 'followUpSoon', date: '2027-05-03' },
      // Last change Thu 8 Apr + 30 days = Sat 8 May → Mon 10 May.
      { what: 'inactive', date: '2027-05-10' },
      // On the follow-up date itself.
      { what: 'followUpToday', date: '2027-05-11' },
    ]);

    expectExactly(q, [
      // No "book the first meeting": the meeting was booked (Fri 5 Mar) before it was due (Mon 8).
      // 1 working day after the booking on Fri 5 Mar: Mon 8 Mar.
      { what: 'invitation', date: '2027-03-08' },
      // 10 working days before Thu 25 Mar: Wed 24 (1), Tue 23, Mon 22, Fri 19, Thu 18 (5),
      // Wed 17, Tue 16, Mon 15, Fri 12 (9), Thu 11 Mar (10). No escalation that day: the
      // invitation was marked sent on Tue 9 Mar. No second prompt (Thu 18 Mar): the förmöte
      // was held on Mon 15 Mar.
      { what: 'preMeetingPrompt:10', date: '2027-03-11' },
      // 1 working day before Thu 25 Mar.
      { what: 'meetingSoon', date: '2027-03-24' },
      // No "mark the meeting" (it would have been Tue 30 Mar): marked held on the day.
      // Marked held Thu 25 Mar: next working day after Easter is Tue 30 Mar (summer time).
      { what: 'noFollowUpDate', date: '2027-03-30' },
      // 5 working days after Thu 25 Mar: Tue 30 (1), Wed 31 (2), Thu 1 (3), Fri 2 (4), Mon 5 Apr (5).
      { what: 'noCrisisPlan', date: '2027-04-05' },
      // Last change Thu 25 Mar + 30 days = Sat 24 Apr → Mon 26 Apr.
      { what: 'inactive', date: '2027-04-26' },
    ]);
    const qKinds = deliveries.filter((d) => d.code === q).map((d) => d.what);
    for (const gone of ['firstMeeting', 'invitationEscalation', 'preMeetingPrompt:5', 'meetingNotHeld']) expect(qKinds).not.toContain(gone);

    expectAllAtOpening();
    // Office opening follows summer time: 08:00 is 07:00 UTC on skärtorsdagen, 06:00 UTC after Easter.
    expect(deliveries.filter((d) => d.code === p && (d.what === 'meetingSoon' || d.what === 'meetingNotHeld')).map((d) => [d.what, d.utc])).toEqual([
      ['meetingSoon', '2027-03-25T07:00:00.000Z'],
      ['meetingSoon', '2027-03-25T07:00:00.000Z'],
      ['meetingNotHeld', '2027-03-31T06:00:00.000Z'],
      ['meetingNotHeld', '2027-03-31T06:00:00.000Z'],
    ]);
  });
});
