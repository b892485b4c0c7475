import { beforeEach, describe, expect, it } from 'vitest';
import { ReminderDispatcher } from '../../src/reminders/reminder-dispatcher';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { localeOf } from '../../src/i18n/locale';
import { ANNA, BJORN, TENANT, createCaseAs, flowForEach, textOf } from '../support/case-flow';
import { startTestBot } from '../support/test-bot';

/** The bot's clock: fixed unless a test moves it. Monday 23 November 2026, 09:00 in Stockholm. */
let now = Date.parse('2026-11-23T08:00:00.000Z');
const clock = () => new Date(now);

// A bot (and store) per test: the simulated clock only moves forward within one.
beforeEach(() => {
  now = Date.parse('2026-11-23T08:00:00.000Z');
});
const flow = flowForEach(clock);

/**
 * The reminders of a case in a chat, but "hold the förmöte", which every case opened with consent
 * also gets three working days on: these tests follow the other rules, and it has its own (the
 * reminder rules' tests, test/http/consent-flows.test.ts).
 */
const remindersTo = (conversationId: string, code: string) =>
  flow.connector.activitiesIn(conversationId).filter((a) => textOf(a).includes('Påminnelse') && textOf(a).includes(code) && !textOf(a).includes('"key":"preMeetingAfterConsent:'));

const newCase = (): Promise<string> => createCaseAs(flow.anna);

describe('reminders through POST /api/reminders/dispatch with a simulated clock', () => {
  it('sends "book the first meeting" once, to both coordinators, on the right working day, at office opening', async () => {
    const code = await newCase();
    flow.connector.reset();
    // Consent given Monday 23 Nov: due two working days later, Wednesday 25 Nov at 08:00 (07:00Z).
    await flow.dispatch('2026-11-25T06:59:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(0);
    const first = await flow.dispatch('2026-11-25T07:00:00.000Z');
    expect(first['sent']).toBeGreaterThanOrEqual(2);
    const toAnna = remindersTo(ANNA.conversationId, code);
    expect(toAnna).toHaveLength(1);
    expect(textOf(toAnna[0])).toContain('Planera det första samordningsmötet med personen');
    expect(textOf(toAnna[0])).toContain('"verb":"sip.plan.open"');
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(1);
    await flow.dispatch('2026-11-25T09:00:00.000Z');
    await flow.dispatch('2026-11-26T09:00:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
  });

  it('sends a reminder even when the first dispatch ever runs weeks after it fell due', async () => {
    const code = await newCase();
    flow.connector.reset();
    // Due Wednesday 25 Nov; nothing dispatched until 14 Dec (an external timer set up late).
    const late = await flow.dispatch('2026-12-14T09:00:00.000Z');
    expect(late['sent']).toBeGreaterThanOrEqual(2);
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(1);
  });

  it("follows the deployment's own rule days and office hours", async () => {
    await flow.restart({ REMINDER_FIRST_MEETING_WORKING_DAYS: '4', OFFICE_HOURS: '07:30-16:00' });
    const code = await newCase();
    flow.connector.reset();
    // Four working days after Monday 23 Nov is Friday 27 Nov, at 07:30 local (06:30Z).
    await flow.dispatch('2026-11-25T09:00:00.000Z');
    await flow.dispatch('2026-11-27T06:29:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(0);
    await flow.dispatch('2026-11-27T06:30:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
  });

  it('does not send a reminder whose cause is gone, and follows a moved meeting', async () => {
    const code = await newCase();
    // A meeting is planned at once: "book the first meeting" is no longer due.
    await flow.anna.press('sip.plan', { code, date: '2026-12-21', time: '13:00', duration: '90', form: 'fysiskt', purpose: 'Planering', invited: 'personen,region,kommun' });
    flow.connector.reset();
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    expect(remindersTo(ANNA.conversationId, code).filter((a) => textOf(a).includes('Planera det första samordningsmötet med personen'))).toHaveLength(0);
    // Invitation to the other principal not sent: 1 working day after booking (Tue 24 Nov, already passed) was sent on the 25th.
    expect(remindersTo(ANNA.conversationId, code).filter((a) => textOf(a).includes('Skicka kallelsen'))).toHaveLength(1);

    // Förmöte prompt 10 working days before 21 Dec = 7 Dec. Move the meeting to 11 Jan first.
    const state = (await flow.bot.app.cases.get(TENANT, code))!.state;
    await flow.anna.press('sip.move', { code, meetingId: 'M1', rev: state.sipMeetings![0]!.rev, date: '2027-01-11', time: '10:00', duration: '60' });
    flow.connector.reset();
    await flow.dispatch('2026-12-07T08:00:00.000Z');
    expect(remindersTo(ANNA.conversationId, code).filter((a) => textOf(a).includes('Förbered SIP-mötet'))).toHaveLength(0);
    // 10 working days before 11 Jan 2027 (skipping Christmas and New Year) is 21 Dec.
    await flow.dispatch('2026-12-21T07:00:00.000Z');
    const prompts = remindersTo(ANNA.conversationId, code).filter((a) => textOf(a).includes('Förbered SIP-mötet'));
    expect(prompts).toHaveLength(1);
    expect(textOf(prompts[0])).toContain('"verb":"sip.preMeeting.open"');
  });

  it('sends each due reminder once even with two dispatchers running at the same time', async () => {
    const code = await newCase();
    flow.connector.reset();
    const settings = { ...DEFAULT_REMINDER_SETTINGS };
    const make = (id: string) => new ReminderDispatcher({ store: flow.bot.app.reminders, cases: flow.bot.app.cases, messenger: flow.bot.app.messenger, settings, localeFor: localeOf, logger: flow.bot.app.logger, instanceId: id });
    const at = new Date('2026-11-25T07:05:00.000Z');
    const [a, b] = await Promise.all([make('one').tick(at), make('two').tick(at)]);
    expect(a.sent + b.sent).toBe(remindersTo(ANNA.conversationId, code).length + remindersTo(BJORN.conversationId, code).length);
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(1);
  });
});

describe('POST /api/reminders/dispatch in production mode', () => {
  it('needs the dispatch key and refuses a simulated clock', async () => {
    const prod = await startTestBot({
      MicrosoftAppId: '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: TENANT,
      DISPATCH_KEY: 'k'.repeat(40),
    });
    try {
      const post = (headers: Record<string, string>, body: unknown = {}) =>
        fetch(`${prod.baseUrl}/api/reminders/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: `Bearer ${'x'.repeat(40)}` })).status).toBe(401);
      expect((await post({ authorization: `Bearer ${'k'.repeat(40)}` }, { now: '2026-11-25T07:00:00.000Z' })).status).toBe(400);
      const ok = await post({ authorization: `Bearer ${'k'.repeat(40)}` });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ considered: 0, sent: 0, skipped: 0, failed: 0 });
    } finally {
      await prod.close();
    }
  });
});

describe('the reminder card and påminnelser', () => {
  it('snoozes to the next working day, once, and says when the cause is already gone', async () => {
    const code = await newCase();
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    const card = remindersTo(ANNA.conversationId, code)[0]!;
    const snooze = JSON.parse(textOf(card).match(/"verb":"reminder.snooze","data":(\{[^}]*"days":1\})/)![1]!) as Record<string, unknown>;
    now = Date.parse('2026-11-25T07:10:00.000Z');
    const res = await flow.anna.press('reminder.snooze', snooze);
    expect(res).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Du påminns igen 26 nov. 2026 08:00.' });
    await flow.anna.press('reminder.snooze', snooze);
    flow.connector.reset();
    await flow.dispatch('2026-11-26T07:00:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(0);

    // Once a meeting is booked, snoozing the old reminder is refused politely.
    await flow.anna.press('sip.plan', { code, date: '2026-12-21', time: '13:00', duration: '90', form: 'fysiskt', purpose: 'Planering', invited: 'personen,region' });
    const late = await flow.anna.press('reminder.snooze', snooze);
    expect(late).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('redan gjort') });
  });

  it('lists coming reminders, and a muted coordinator gets none', async () => {
    const code = await newCase();
    const [list] = await flow.bjorn.say('påminnelser');
    expect(textOf(list)).toContain('Planera det första samordningsmötet med personen');
    const saved = await flow.bjorn.press('reminders.preferences', { code, [`muted_${code}`]: 'true', [`delivery_${code}`]: 'personal' });
    expect(textOf(saved.value)).toContain(`Inställningarna för ${code} är sparade`);
    flow.connector.reset();
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(0);
  });
});

describe('a reminder that cannot be delivered', () => {
  it('is not retried when the chat answers 403, and the colleague is told', async () => {
    const code = await newCase();
    flow.connector.failFor(BJORN.conversationId, 403);
    const before = flow.connector.calls.filter((c) => c.conversationId === BJORN.conversationId).length;
    const result = await flow.dispatch('2026-11-25T07:00:00.000Z');
    expect(result['failed']).toBeGreaterThanOrEqual(1);
    const told = flow.connector.activitiesIn(ANNA.conversationId).filter((a) => textOf(a).includes('En påminnelse kom inte fram'));
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toContain('Björn Berg');
    // Not retried on later ticks.
    const later = await flow.dispatch('2026-11-25T09:00:00.000Z');
    expect(later['considered']).toBe(0);
    expect(flow.connector.calls.filter((c) => c.conversationId === BJORN.conversationId)).toHaveLength(before + 1);
    expect(code).toMatch(/^VSS-/);
  });

  it('is given up at once when the chat answers 404 (the conversation is gone): one try, the colleague is told, nothing later', async () => {
    const code = await newCase();
    flow.connector.reset();
    flow.connector.failFor(BJORN.conversationId, 404);
    expect(await flow.dispatch('2026-11-25T07:00:00.000Z')).toEqual({ considered: 2, sent: 1, skipped: 0, failed: 1 });
    const toBjorn = flow.connector.calls.filter((c) => c.conversationId === BJORN.conversationId);
    expect(toBjorn.map((c) => c.status)).toEqual([404]);
    const toAnna = flow.connector.deliveredIn(ANNA.conversationId).map((c) => textOf(c.body));
    expect(toAnna).toHaveLength(2);
    expect(toAnna.filter((t) => t.includes('"verb":"reminder.snooze"') && t.includes('Planera det första samordningsmötet med personen'))).toHaveLength(1);
    const told = toAnna.filter((t) => t.includes(`En påminnelse kom inte fram · ${code}`));
    expect(told).toHaveLength(1);
    // The reason said is the one for a chat that refused it, not "kept failing".
    expect(told[0]).toContain('kunde inte lämnas till Björn Berg: boten är borttagen eller chatten finns inte längre');
    const warned = flow.bot.logs.lines.filter((l) => l.includes('reminder undeliverable')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned).toEqual([expect.objectContaining({ level: 'warn', msg: 'reminder undeliverable: the conversation refused it', statusCode: 404, kind: 'firstMeeting' })]);
    // Recorded as handled: no tick brings it back, not after the lease nor the next day.
    for (const at of ['2026-11-25T07:05:00.000Z', '2026-11-25T09:00:00.000Z']) expect((await flow.dispatch(at))['considered']).toBe(0);
    // The next day only Thursday's own "hold the förmöte" is considered, one to each.
    expect((await flow.dispatch('2026-11-26T07:00:00.000Z'))['considered']).toBe(2);
    const firstMeetingToBjorn = flow.connector.calls.filter((c) => c.conversationId === BJORN.conversationId && textOf(c.body).includes('"key":"firstMeeting"'));
    expect(firstMeetingToBjorn).toHaveLength(1);
  });

  it('is retried after the lease when the connector fails for a while (5xx)', async () => {
    const code = await newCase();
    flow.connector.reset();
    // 501, not 500: the dispatcher leaves both for the lease (test/reminders/send-retries.test.ts),
    // but the connector client retries a 500 itself with its own backoff (5–8 s here), not a 501.
    flow.connector.failFor(BJORN.conversationId, 501);
    expect(await flow.dispatch('2026-11-25T07:00:00.000Z')).toEqual({ considered: 2, sent: 1, skipped: 0, failed: 1 });
    expect(flow.connector.calls.filter((c) => c.conversationId === BJORN.conversationId).map((c) => c.status)).toEqual([501]);
    flow.connector.reset();
    // Still claimed: the next tick inside the lease leaves it alone; after the lease it is sent.
    const inside = await flow.dispatch('2026-11-25T07:01:00.000Z');
    expect(inside['considered']).toBe(0);
    await flow.dispatch('2026-11-25T07:10:00.000Z');
    expect(remindersTo(BJORN.conversationId, code)).toHaveLength(1);
  });
});

describe('reconciliation', () => {
  it('puts back the reminders of a case whose reminder write was lost', async () => {
    const code = await newCase();
    const scheduled = await flow.bot.app.reminders.scheduleOf(TENANT, code);
    expect(scheduled.size).toBeGreaterThan(0);
    // An instance dies after writing the case but before its reminders: simulate by dropping them.
    await flow.bot.app.reminders.sync(TENANT, code, []);
    expect((await flow.bot.app.reminders.scheduleOf(TENANT, code)).size).toBe(0);
    expect(await flow.bot.app.cases.reconcile()).toBeGreaterThanOrEqual(1);
    expect([...(await flow.bot.app.reminders.scheduleOf(TENANT, code)).keys()].sort()).toEqual([...scheduled.keys()].sort());
    flow.connector.reset();
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    expect(remindersTo(ANNA.conversationId, code)).toHaveLength(1);
  });
});

describe('Teams throttling and passing failures', () => {
  /** Every send into a conversation, refused or delivered, in order. */
  const sendsTo = (conversationId: string) => flow.connector.calls.filter((c) => c.conversationId === conversationId && c.method === 'POST');
  /** Reminder cards of a case that Teams accepted into a conversation. */
  const deliveredTo = (conversationId: string, code: string) => flow.connector.deliveredIn(conversationId).filter((c) => textOf(c.body).includes('Påminnelse') && textOf(c.body).includes(code));
  const gapsOf = (conversationId: string) => sendsTo(conversationId).slice(1).map((c, i) => c.at - sendsTo(conversationId)[i]!.at);
  // A timer may fire a millisecond or so before its time as Date.now() counts it.
  const ROUNDING_MS = 10;

  // Two refusals in one tick, one per coordinator's chat: the sends run side by side, so the waits overlap.
  it('waits as Retry-After says after a 429 (1 s, by the connector client), and after four in a row (2 s, by the dispatcher); each reminder delivered once', async () => {
    const code = await newCase();
    flow.connector.reset();
    flow.connector.failOnce(ANNA.conversationId, 429, 1);
    // The connector client retries a 429 three times on its own (Retry-After 0: at once); the
    // fourth refusal reaches the dispatcher, whose own retry must wait the 2 s it asks for.
    const atOnce = { status: 429, headers: { 'retry-after': '0' } };
    flow.connector.script(BJORN.conversationId, [atOnce, atOnce, atOnce, { status: 429, headers: { 'retry-after': '2' } }]);
    expect(await flow.dispatch('2026-11-25T07:00:00.000Z')).toEqual({ considered: 2, sent: 2, skipped: 0, failed: 0 });
    expect(sendsTo(ANNA.conversationId).map((c) => c.status)).toEqual([429, 200]);
    expect(gapsOf(ANNA.conversationId)[0]).toBeGreaterThanOrEqual(1_000 - ROUNDING_MS);
    expect(sendsTo(BJORN.conversationId).map((c) => c.status)).toEqual([429, 429, 429, 429, 200]);
    // Backoff instead of Retry-After would be 0.5–1 s here.
    expect(gapsOf(BJORN.conversationId)[3]).toBeGreaterThanOrEqual(2_000 - ROUNDING_MS);
    expect(deliveredTo(ANNA.conversationId, code)).toHaveLength(1);
    expect(deliveredTo(BJORN.conversationId, code)).toHaveLength(1);
    const later = await flow.dispatch('2026-11-25T09:00:00.000Z');
    expect(later['considered']).toBe(0);
    expect(flow.connector.calls.filter((c) => c.method === 'POST')).toHaveLength(7);
  });

  // Neither reaches the connector client's own retries (a 412, a 429 without Retry-After): the
  // dispatcher tries again after its backoff, 0.5–1 s on the first retry.
  it('after a 412 or a 429 without Retry-After the dispatcher backs off and delivers the reminder, once', async () => {
    const code = await newCase();
    flow.connector.reset();
    flow.connector.failOnce(ANNA.conversationId, 412);
    flow.connector.failOnce(BJORN.conversationId, 429);
    expect(await flow.dispatch('2026-11-25T07:00:00.000Z')).toEqual({ considered: 2, sent: 2, skipped: 0, failed: 0 });
    for (const [person, status] of [[ANNA, 412], [BJORN, 429]] as const) {
      expect(sendsTo(person.conversationId).map((c) => c.status), person.name).toEqual([status, 200]);
      expect(gapsOf(person.conversationId)[0], person.name).toBeGreaterThanOrEqual(500 - ROUNDING_MS);
      expect(deliveredTo(person.conversationId, code), person.name).toHaveLength(1);
    }
  });
});
