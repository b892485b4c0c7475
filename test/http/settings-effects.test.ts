import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ANNA, BJORN, Client, TENANT, actionIn, caseForm, createCaseAs, startFlow, textOf, type Flow, type Person } from '../support/case-flow';

/**
 * Deployment settings seen from outside: what the coordinators get, in which language, at which
 * instant, at what pace. Each test starts the real app with the setting, on a fixed clock, and
 * drives it over HTTP; expected dates are counted by hand in the comments.
 */

let now = 0;
const clock = () => new Date(now);

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

async function start(env: Record<string, string>, at: string): Promise<Flow> {
  now = Date.parse(at);
  flow = await startFlow(clock, { env });
  return flow;
}

type Card = Record<string, unknown>;

/** The reminder cards (they carry a snooze button) that reached a conversation, with the key and due day they are for. */
function remindersIn(f: Flow, conversationId: string, code: string): Array<{ key: string; dueDate: string; card: Card }> {
  return f.connector
    .activitiesIn(conversationId)
    .flatMap((a) => ((a['attachments'] as Array<{ content: Card }> | undefined) ?? []).map((x) => x.content))
    .flatMap((card) => {
      const snooze = ((card['actions'] as Card[] | undefined) ?? []).find((x) => x['verb'] === 'reminder.snooze');
      const data = snooze?.['data'] as { code: string; key: string; dueDate: string } | undefined;
      return data === undefined || data.code !== code ? [] : [{ key: data.key, dueDate: data.dueDate, card }];
    });
}

/** A reminder card's title and reason, as the coordinator reads them. */
function wordsOf(card: Card): [unknown, unknown] {
  const body = card['body'] as Card[];
  return [body[1]!['text'], body[2]!['text']];
}

/** The reminder cards of one rule (key up to the first colon) that reached Anna for a case. */
const annasReminders = (f: Flow, code: string, rule: string) => remindersIn(f, ANNA.conversationId, code).filter((r) => r.key.split(':')[0] === rule);

/** A notice card's title and text. */
function noticeOf(card: Card | undefined): [unknown, unknown] {
  const body = card?.['body'] as Card[];
  return [body[0]!['text'], body[1]!['text']];
}

describe('REPLY_LOCALE=en', () => {
  it('answers a Swedish client in English: help, errors, the case card and its reminders', async () => {
    // Monday 23 Nov 2026, 09:00 Stockholm. Every activity the test client sends says sv-SE.
    const f = await start({ REPLY_LOCALE: 'en' }, '2026-11-23T08:00:00.000Z');
    const [help] = await f.anna.say('hjälp');
    expect((help!['body'] as Card[])[0]!['text']).toBe('What I can do');

    const [missing] = await f.anna.say('ärende VSS-2026-9999');
    expect(noticeOf(missing)).toEqual(['That did not work', 'There is no case with that code for you. Check the code, or type **my cases** to see your cases.']);

    await f.anna.say('nytt ärende vss');
    const created = await f.anna.press('case.create', caseForm());
    const code = String(actionIn(created.value, 'case.refresh').data['code']);
    expect(textOf(created.value)).toContain(`"text":"Case ${code} (AB)"`);
    expect(textOf(created.value)).not.toContain('Ärende');

    // "Plan the first coordination meeting with the person" two working days after Monday: Wednesday 25 Nov, 08:00 (07:00Z).
    f.connector.reset();
    await f.dispatch('2026-11-25T07:00:00.000Z');
    for (const person of [ANNA, BJORN]) {
      const [reminder] = remindersIn(f, person.conversationId, code);
      expect(reminder?.key).toBe('firstMeeting');
      expect(textOf(reminder!.card)).toContain('"text":"Plan the first coordination meeting with the person"');
      expect(textOf(reminder!.card)).not.toContain('Planera det första samordningsmötet med personen');
    }
  });
});

describe('BOT_TIMEZONE=Asia/Tokyo', () => {
  it('counts days and office hours in Tokyo: the reminder comes at 08:00 Tokyo time, and the bot shows that time', async () => {
    // Created Monday 23 Nov 2026 20:00Z: already Tuesday 24 Nov 05:00 in Tokyo (UTC+9), still
    // Monday 21:00 in Stockholm (UTC+1). Two working days after Tuesday is Thursday 26 Nov, and
    // 08:00 Tokyo is Wednesday 25 Nov 23:00Z. Counted in Stockholm it would be two working days
    // after Monday, Wednesday 25 Nov, at 08:00 Stockholm (07:00Z).
    const f = await start({ BOT_TIMEZONE: 'Asia/Tokyo' }, '2026-11-23T20:00:00.000Z');
    const code = await createCaseAs(f.anna);

    const [list] = await f.anna.say('påminnelser');
    expect(textOf(list)).toContain('"26 nov. 2026 08:00 · Planera det första samordningsmötet med personen"');

    f.connector.reset();
    // Stockholm's 08:00 on Wednesday has passed, Tokyo's Thursday office has not opened: nothing yet.
    expect(await f.dispatch('2026-11-25T22:59:00.000Z')).toMatchObject({ sent: 0 });
    expect(remindersIn(f, ANNA.conversationId, code)).toEqual([]);
    expect(await f.dispatch('2026-11-25T23:00:00.000Z')).toMatchObject({ sent: 2 });
    expect(remindersIn(f, ANNA.conversationId, code).map((r) => [r.key, r.dueDate])).toEqual([['firstMeeting', '2026-11-26']]);
    expect(remindersIn(f, BJORN.conversationId, code).map((r) => [r.key, r.dueDate])).toEqual([['firstMeeting', '2026-11-26']]);
    // "Påminn mig i morgon" at 08:05 Tokyo means Friday 27 Nov at 08:00 Tokyo time, and says so in Tokyo time.
    now = Date.parse('2026-11-25T23:05:00.000Z');
    const snooze = await f.anna.press('reminder.snooze', actionIn(remindersIn(f, ANNA.conversationId, code)[0]!.card, 'reminder.snooze', { days: 1 }).data);
    expect(snooze.value).toBe('Du påminns igen 27 nov. 2026 08:00.');
  });
});

/** Every setting off its default, each to a value no other setting has. */
const DAY_SETTINGS = {
  REMINDER_FIRST_MEETING_WORKING_DAYS: '3', // default 2
  REMINDER_PRE_MEETING_WORKING_DAYS_BEFORE: '7,3', // default 10,5
  REMINDER_INVITATION_WORKING_DAYS: '3', // default 1
  REMINDER_INVITATION_ESCALATION_WORKING_DAYS_BEFORE: '6', // default 10
  REMINDER_MEETING_SOON_WORKING_DAYS_BEFORE: '2', // default 1
  REMINDER_FOLLOW_UP_WORKING_DAYS_BEFORE: '4', // default 5
  REMINDER_CRISIS_PLAN_WORKING_DAYS: '8', // default 5
  REMINDER_CRISIS_REVIEW_WORKING_DAYS_BEFORE: '9', // default 5
  REMINDER_INACTIVE_DAYS: '11', // default 30
  REMINDER_CONSENT_ENDING_WORKING_DAYS_BEFORE: '4', // default 10
  REMINDER_PRE_MEETING_AFTER_CONSENT_WORKING_DAYS: '4', // default 3
};

/**
 * The form's consent holds through Wed 30 Jun 2027: 4 working days before is Tue 29 (1), Mon 28
 * (2), Thu 24 (3; Fri 25 is midsommarafton), Wed 23 Jun (4). Default 10: Tue 15 Jun.
 */
const CONSENT_ENDING: [string, string] = ['consentEnding', '2027-06-23'];

/** Anna's scheduled reminders of a case as [rule, due day]; the pre-meeting prompts keep their distance ("preMeeting:7"). */
async function scheduleOf(f: Flow, code: string): Promise<Array<[string, string]>> {
  const rows = await f.bot.app.reminders.upcoming(TENANT, code, ANNA.aadObjectId);
  return rows
    .map((r): [string, string] => {
      const parts = r.key.split(':');
      return [parts[0] === 'preMeeting' ? `preMeeting:${parts.at(-1)}` : parts[0]!, r.dueDate];
    })
    .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
}

const stateOf = async (f: Flow, code: string) => (await f.bot.app.cases.get(TENANT, code))!.state;

async function planMeeting(who: Client, code: string, date: string, time: string, invited: string): Promise<void> {
  const res = await who.press('sip.plan', { code, date, time, duration: '90', form: 'fysiskt', place: 'Mottagningen', purpose: 'Samordna insatser', invited });
  expect(textOf(res.value)).toContain('M1:');
}

describe('the REMINDER_* day settings', () => {
  /*
   * February and early March 2027 have no Swedish holiday: only weekends are off. Mondays are
   * 1, 8, 15 and 22 February and 1, 8, 15 and 22 March. Everything is done on Monday 1 February.
   */
  it('each moves its own reminder, in what is scheduled and in when it is sent', async () => {
    const f = await start(DAY_SETTINGS, '2027-02-01T08:00:00.000Z'); // Mon 1 Feb 09:00 Stockholm

    // A: consent given, no meeting. First meeting 3 working days on: Thu 4 Feb (default Wed 3).
    // Nothing for 11 calendar days: Fri 12 Feb (default 30: Wed 3 Mar).
    const a = await createCaseAs(f.anna);
    expect(await scheduleOf(f, a)).toEqual([
      ['firstMeeting', '2027-02-04'],
      // No förmöte held or meeting booked: 4 working days after consent, Fri 5 Feb (default 3: Thu 4).
      ['preMeetingAfterConsent', '2027-02-05'],
      ['inactive', '2027-02-12'],
      CONSENT_ENDING,
    ]);

    // B: a meeting on Mon 1 Mar, booked today, the municipality (the other principal) invited but not sent.
    const b = await createCaseAs(f.anna);
    await planMeeting(f.anna, b, '2027-03-01', '10:00', 'personen,region,kommun');
    expect(await scheduleOf(f, b)).toEqual([
      // Invitation 3 working days after booking: Tue 2, Wed 3, Thu 4 Feb (default Tue 2).
      ['invitation', '2027-02-04'],
      ['inactive', '2027-02-12'],
      // Pre-meeting prompts 7 and 3 working days before Mon 1 Mar, counting back Fri 26 (1),
      // Thu 25, Wed 24 (3), Tue 23, Mon 22, Fri 19, Thu 18 (7). Defaults 10 and 5: 15 and 22 Feb.
      ['preMeeting:7', '2027-02-18'],
      // Escalation 6 working days before: Fri 19 Feb (default 10: Mon 15 Feb).
      ['invitationEscalation', '2027-02-19'],
      ['preMeeting:3', '2027-02-24'],
      // The meeting checklist 2 working days before: Thu 25 Feb (default 1: Fri 26 Feb).
      ['meetingSoon', '2027-02-25'],
      // Not a setting: the working day after the meeting.
      ['meetingNotHeld', '2027-03-02'],
      CONSENT_ENDING,
    ]);

    // C: a meeting today at 13:00 with no one from the other principal, held at 15:00.
    const c = await createCaseAs(f.anna);
    await planMeeting(f.anna, c, '2027-02-01', '13:00', 'personen,region');
    now = Date.parse('2027-02-01T14:00:00.000Z'); // 15:00 Stockholm
    const held = await f.anna.press('sip.held', { code: c, meetingId: 'M1', rev: (await stateOf(f, c)).sipMeetings![0]!.rev });
    expect(textOf(held.value)).toContain('Genomfört');
    expect(await scheduleOf(f, c)).toEqual([
      ['noFollowUpDate', '2027-02-02'],
      // No crisis plan 8 working days after Mon 1 Feb: Tue 2 … Fri 5 (4), Mon 8 … Thu 11 (8)
      // (default 5: Mon 8 Feb).
      ['noCrisisPlan', '2027-02-11'],
      ['inactive', '2027-02-12'],
      CONSENT_ENDING,
    ]);

    // Then the plan's follow-up date, Fri 12 Mar, and a crisis plan to review by Wed 24 Mar.
    const [plan] = await f.anna.say(`plan ${c}`);
    await f.anna.press('plan.save', { ...actionIn(plan, 'plan.save').data, followUpDate: '2027-03-12' });
    const [crisis] = await f.anna.say(`krisplan ${c}`);
    const withSign = await f.anna.press('crisis.sign.add', {
      ...actionIn(crisis, 'crisis.sign.add').data,
      signDescription: 'Sover dåligt flera nätter i rad',
      signDescribedBy: 'personen',
      action_region: 'Mottagningen erbjuder tid inom två dagar',
    });
    const saved = await f.anna.press('crisis.save', { ...actionIn(withSign.value, 'crisis.save').data, reviewDate: '2027-03-24' });
    expect(textOf(saved.value)).toContain('Version 1, sparad');
    expect(await scheduleOf(f, c)).toEqual([
      ['inactive', '2027-02-12'],
      // Follow-up 4 working days before Fri 12 Mar: Thu 11, Wed 10, Tue 9, Mon 8 (default 5: Fri 5 Mar).
      ['followUpSoon', '2027-03-08'],
      // Review 9 working days before Wed 24 Mar: Tue 23, Mon 22, Fri 19, Thu 18, Wed 17, Tue 16,
      // Mon 15, Fri 12, Thu 11 (default 5: Wed 17 Mar).
      ['crisisReview', '2027-03-11'],
      ['followUpToday', '2027-03-12'],
      CONSENT_ENDING,
    ]);

    // The words say the configured days, not the defaults ("om 5 arbetsdagar", "30 dagar"): in
    // "påminnelser", C's next five from Mon 1 Feb 15:00 (Fri 12 Feb and Mon 8 Mar are working days).
    const [listed] = await f.anna.say('påminnelser');
    expect(textOf(listed)).toContain('"12 feb. 2027 08:00 · Inget har hänt på 11 dagar"');
    expect(textOf(listed)).toContain('"8 mars 2027 08:00 · Uppföljning om 4 arbetsdagar"');

    // The dispatcher reads the same settings: A's and B's reminders due Thursday 4 Feb come at
    // its office opening (07:00Z), not on the days the defaults give.
    f.connector.reset();
    await f.dispatch('2027-02-04T06:59:00.000Z');
    expect([...remindersIn(f, ANNA.conversationId, a), ...remindersIn(f, ANNA.conversationId, b)]).toEqual([]);
    await f.dispatch('2027-02-04T07:00:00.000Z');
    expect(remindersIn(f, ANNA.conversationId, a).map((r) => [r.key, r.dueDate])).toEqual([['firstMeeting', '2027-02-04']]);
    expect(remindersIn(f, ANNA.conversationId, b).map((r) => [r.key, r.dueDate])).toEqual([['invitation:M1', '2027-02-04']]);

    // And the cards it sends say the configured days. Fri 12 Feb, 08:00: nothing done in any case
    // for 11 days (since Mon 1 Feb).
    await f.dispatch('2027-02-12T07:00:00.000Z');
    for (const code of [a, b, c]) {
      const [inactive] = annasReminders(f, code, 'inactive');
      expect(wordsOf(inactive!.card)[0]).toBe('Inget har hänt på 11 dagar');
    }
    // Fri 19 Feb: 6 working days before B's meeting on Mon 1 Mar (22–26 Feb and 1 Mar are left).
    await f.dispatch('2027-02-19T07:00:00.000Z');
    const [escalation] = annasReminders(f, b, 'invitationEscalation');
    expect(wordsOf(escalation!.card)[1]).toBe('Det är 6 arbetsdagar kvar till SIP-mötet M1 (mån 1 mars 2027 10:00–11:30) och den andra huvudmannen har inte fått kallelsen.');
    // In "påminnelser" that afternoon B's meeting reminder is among the next: Thu 25 Feb.
    now = Date.parse('2027-02-19T13:00:00.000Z');
    const [later] = await f.anna.say('påminnelser');
    expect(textOf(later)).toContain('"25 feb. 2027 08:00 · SIP-möte om 2 arbetsdagar"');
    // Thu 25 Feb: the meeting is 2 working days on (Fri 26 Feb, Mon 1 Mar), not "nästa arbetsdag".
    await f.dispatch('2027-02-25T07:00:00.000Z');
    const [soon] = annasReminders(f, b, 'meetingSoon');
    expect(wordsOf(soon!.card)).toEqual(['SIP-möte om 2 arbetsdagar', 'SIP-mötet M1 (mån 1 mars 2027 10:00–11:30) är om 2 arbetsdagar. Mötets checklista visar mötescirkeln.']);
    // Mon 8 Mar: C's follow-up on Fri 12 Mar is 4 working days on (Tue 9 … Fri 12).
    await f.dispatch('2027-03-08T07:00:00.000Z');
    const [followUp] = annasReminders(f, c, 'followUpSoon');
    expect(wordsOf(followUp!.card)).toEqual(['Uppföljning om 4 arbetsdagar', 'Planen ska följas upp 12 mars 2027. Boka uppföljningsmötet om det inte är gjort.']);
  });
});

describe('REMINDER_RATE_PER_SECOND', () => {
  it('paces reminder sends over all conversations: at 5 a second, ten reminders take about two seconds', async () => {
    // Monday 23 Nov 2026, 09:00 Stockholm. Five pairs of coordinators, each with a case, so ten
    // "book the first meeting" reminders into ten different chats fall due together on Wed 25
    // Nov, 08:00: no chat gets two, so Teams' per-chat limit (one per 251 ms) holds none back
    // and only the global rate paces them.
    const f = await start({ REMINDER_RATE_PER_SECOND: '5' }, '2026-11-23T08:00:00.000Z');
    const person = (n: number): Person => ({
      aadObjectId: `7a1b2c3d-4e5f-4a6b-8c7d-00000000000${n}`,
      userId: `29:coordinator-${n}`,
      name: `Samordnare ${n}`,
      conversationId: `a:coordinator-${n}-personal`,
    });
    const chats: string[] = [];
    for (let pair = 0; pair < 5; pair++) {
      const [creator, colleague] = [person(2 * pair), person(2 * pair + 1)];
      const creatorClient = new Client(f.bot, f.connector, creator);
      await creatorClient.install();
      await new Client(f.bot, f.connector, colleague).install();
      await createCaseAs(creatorClient, { colleague: colleague.aadObjectId });
      chats.push(creator.conversationId, colleague.conversationId);
    }
    f.connector.reset();

    // When each send reached the connector.
    const received: number[] = [];
    const calls = f.connector.calls;
    const push = calls.push.bind(calls);
    calls.push = (...items) => {
      for (let i = 0; i < items.length; i++) received.push(performance.now());
      return push(...items);
    };
    const result = await f.dispatch('2026-11-25T07:00:00.000Z');
    expect(result).toMatchObject({ sent: 10, failed: 0 });
    expect(f.connector.calls.map((c) => c.conversationId).sort()).toEqual([...chats].sort());

    // At 5 a second sends start at least 201 ms apart: the nine gaps span at least 1.8 s. How
    // long a send takes to arrive after it starts varies by a few hundred ms on a busy machine,
    // hence 1.1 s; at the default of 30 a second they would all arrive within about 0.3 s.
    const gaps = received.slice(1).map((t, i) => Math.round(t - received[i]!));
    const span = received.at(-1)! - received[0]!;
    expect(span, `gaps between sends: ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(1100);
    // Not much slower either: at 2 a second it would take 4.5 s.
    expect(span, `gaps between sends: ${gaps.join(', ')} ms`).toBeLessThan(4000);
  });
});

describe('INVITATION_LATE_WORKING_DAYS, the local guideline for a late kallelse', () => {
  /* The method asks only for the kallelse "i så god tid som möjligt" (000:32); how early is late
   * is the deployment's guideline, and the card says so. Monday 1 February 2027, no holidays near. */
  it('flags a kallelse as late by the configured working days, and names them as the local guideline', async () => {
    const f = await start({ INVITATION_LATE_WORKING_DAYS: '3' }, '2027-02-01T08:00:00.000Z');
    // Friday 5 February: 3 working days before is Tuesday 2 February, still ahead. The default 10 would call it late.
    const onTime = await createCaseAs(f.anna);
    await planMeeting(f.anna, onTime, '2027-02-05', '10:00', 'personen,region,kommun');
    const calm = await f.anna.press('sip.invitation.open', { code: onTime, meetingId: 'M1' });
    expect(textOf(calm.value)).not.toContain('lokala riktlinje');
    // Wednesday 3 February: 3 working days before is Friday 29 January, already past.
    const late = await createCaseAs(f.anna);
    await planMeeting(f.anna, late, '2027-02-03', '10:00', 'personen,region,kommun');
    const warned = textOf((await f.anna.press('sip.invitation.open', { code: late, meetingId: 'M1' })).value);
    expect(warned).toContain('Kallelsen ska gå ut i så god tid som möjligt. Er lokala riktlinje är att den andra huvudmannen har den senast 29 januari 2027, 3 arbetsdagar före mötet.');
    const [sip] = await f.anna.say(`sip ${late}`);
    expect(textOf(sip)).toContain('3 arbetsdagar före mötet');
  });
});
