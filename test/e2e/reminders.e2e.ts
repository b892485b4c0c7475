import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { oracleAddWorkingDays, oracleIsWorkingDay, oracleNextWorkingDayOnOrAfter, plusDays } from '../support/swedish-calendar';
import { PLAYGROUND, screenshotElement } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { button, card, createCaseInPlayground, openPlanForm, swedishMeetingDay, typeDate, typeTime } from './support/playground-steps';
import type { StartedBot } from './support/started-bot';

const HOUR_MS = 3_600_000;

/** Meeting times are Swedish time, and reminders follow the Swedish calendar and office hours. */
const ZONE = 'Europe/Stockholm';

/*
 * The built bot runs on the real clock (it has no test clock): a case is created today, so the
 * expected days are counted from today on the hand-counted calendar, which shares nothing with the
 * bot's own working-day rules. Only the dispatch endpoint's `now` is simulated.
 */

/** Today in Stockholm. */
const stockholmToday = (): string => DateTime.now().setZone(ZONE).toISODate()!;

/** Fails when the test ran over midnight, when "today" would not be the day the bot saw. */
function sameDay(before: string): void {
  if (stockholmToday() !== before) throw new Error(`the test ran over midnight (${before} → ${stockholmToday()}): run it again`);
}

/** 08:00:30 in Stockholm on a date, just after the office opens and reminders are delivered. */
function stockholmMorning(isoDate: string): Date {
  return DateTime.fromISO(`${isoDate}T08:00:30`, { zone: ZONE }).toJSDate();
}

/**
 * A SIP meeting day about five weeks after `today`: a Wednesday that is a Swedish working day and
 * lies outside Christmas and New Year, when the weeks before it would be mostly days off.
 */
function meetingDayAfter(today: string): string {
  let d = DateTime.fromISO(plusDays(today, 35), { zone: 'UTC' });
  d = d.plus({ days: (3 - d.weekday + 7) % 7 });
  const holidaySeason = (x: DateTime) => (x.month === 12 && x.day >= 20) || (x.month === 1 && x.day <= 10);
  while (!oracleIsWorkingDay(d.toISODate()!) || holidaySeason(d)) d = d.plus({ weeks: 1 });
  return d.toISODate()!;
}

interface DispatchResult {
  considered: number;
  sent: number;
  skipped: number;
  failed: number;
}

/** One dispatch tick through the bot's endpoint; in local mode `now` simulates the clock. */
async function dispatch(bot: StartedBot, now?: Date): Promise<DispatchResult> {
  const res = await fetch(`http://127.0.0.1:${bot.botPort}/api/reminders/dispatch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(now === undefined ? {} : { now: now.toISOString() }),
  });
  const body = (await res.json()) as DispatchResult;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe('Reminders in the Agents Playground', () => {
  const playground = usePlaygroundBot();

  it('sends the "book the first meeting" reminder once to the personal chat, and it opens the case', async () => {
    const { bot } = playground;
    const page = await playground.openChat();

    // --- A case with consent given and no SIP meeting booked --------------------------------------
    // The playground's user is the only coordinator; reminders go to every coordinator who has not
    // muted the case, so no colleague is needed.
    const today = stockholmToday();
    const code = await createCaseInPlayground(page, 'EF');
    sameDay(today);
    const hub = card(page, `Ärende ${code} (EF)`);
    await hub.waitFor();
    await expect(button(hub, 'SIP-möten').count()).resolves.toBe(1);

    const reminders = page.locator(PLAYGROUND.card, { hasText: 'Påminnelse ·' });
    await expect(reminders.count()).resolves.toBe(0);

    // --- Nothing is due yet on the real clock ---------------------------------------------------------
    const now = await dispatch(bot, new Date());
    expect(now.sent).toBe(0);

    // --- Due two working days after the case was created, at 08:00 Stockholm, and not before ----------
    const dueDay = oracleAddWorkingDays(today, 2);
    const dayBefore = await dispatch(bot, stockholmMorning(oracleAddWorkingDays(today, 1)));
    expect(dayBefore, JSON.stringify(dayBefore)).toMatchObject({ sent: 0, failed: 0 });
    const justBefore = await dispatch(bot, DateTime.fromISO(`${dueDay}T07:59:30`, { zone: ZONE }).toJSDate());
    expect(justBefore, JSON.stringify(justBefore)).toMatchObject({ sent: 0, failed: 0 });
    const later = stockholmMorning(dueDay);
    const first = await dispatch(bot, later);
    expect(first, `${dueDay}: ${JSON.stringify(first)}`).toMatchObject({ sent: 1, failed: 0 });

    const reminder = reminders.last();
    await reminder.waitFor();
    const text = await reminder.innerText();
    expect(text).toContain(`Påminnelse · Ärende ${code} (EF)`);
    expect(text).toContain('Planera det första samordningsmötet med personen');
    expect(text).toContain('men inget möte är planerat');
    for (const title of ['Klart', 'Påminn mig i morgon', 'Påminn mig om en vecka', 'Öppna ärendet']) {
      await expect(button(reminder, title).count(), title).resolves.toBe(1);
    }
    await reminder.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'reminder.png') });
    await screenshotElement(page, reminder, path.join(RESULTS, 'reminder-card.png'));

    // --- It is sent once: ticks at the same time and later that day send nothing ----------------------
    // (Not the next day: a working day after it "hold the förmöte" is due, three working days after
    // consent, which is its own reminder.)
    const cardsAfterReminder = await page.locator(PLAYGROUND.card).count();
    const again = await dispatch(bot, later);
    expect(again, JSON.stringify(again)).toMatchObject({ sent: 0, failed: 0 });
    const hoursAfter = await dispatch(bot, new Date(later.getTime() + 6 * HOUR_MS));
    expect(hoursAfter, JSON.stringify(hoursAfter)).toMatchObject({ sent: 0, failed: 0 });
    // A proactive card reaches the browser within a moment of the send; give a second one time to show.
    await page.waitForTimeout(3_000);
    await expect(reminders.count()).resolves.toBe(1);
    await expect(page.locator(PLAYGROUND.card).count()).resolves.toBe(cardsAfterReminder);

    // --- "Öppna ärendet" shows the case hub in place of the reminder ---------------------------------
    const position = cardsAfterReminder - 1;
    await expect(page.locator(PLAYGROUND.card).nth(position).innerText()).resolves.toContain('Påminnelse ·');
    await button(reminder, 'Öppna ärendet').click();
    const opened = page.locator(PLAYGROUND.card).nth(position);
    await expect.poll(() => opened.innerText(), { timeout: 15_000 }).not.toContain('Påminnelse ·');
    const openedText = await opened.innerText();
    expect(openedText).toContain(`Ärende ${code} (EF)`);
    expect(openedText).toMatch(/Basnivå\s+0\/8/);
    for (const title of ['Basnivå', 'SIP-möten', 'Historik']) {
      await expect(button(opened, title).count(), title).resolves.toBe(1);
    }
    await expect(reminders.count()).resolves.toBe(0);
    await expect(page.locator(PLAYGROUND.card).count()).resolves.toBe(cardsAfterReminder);
    await opened.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'reminder-opened-case.png') });
    await screenshotElement(page, opened, path.join(RESULTS, 'reminder-opened-case-card.png'));

    expect(bot.output()).not.toMatch(/"level":(50|60)/);
  });
});

describe('The pre-meeting prompt in the Agents Playground', () => {
  const playground = usePlaygroundBot();

  it('prompts once, 10 working days before the SIP meeting, to prepare it with the person; "Klart" opens the förmöte', async () => {
    const { bot } = playground;
    const page = await playground.openChat();
    const code = await createCaseInPlayground(page, 'GH');

    // --- A SIP meeting about five weeks ahead, planned through the cards (Swedish time) -------------
    const now = Date.now();
    const today = DateTime.fromMillis(now, { zone: ZONE }).toISODate()!;
    const meetingDay = meetingDayAfter(today);
    const promptDay = oracleAddWorkingDays(meetingDay, -10);
    const form = await openPlanForm(page, card(page, `Ärende ${code} (GH)`), code);
    await typeDate(form.getByRole('combobox', { name: 'Datum' }), meetingDay);
    await typeTime(form.getByRole('combobox', { name: 'Starttid' }), '10:00');
    await form.getByRole('radio', { name: 'Teams', exact: true }).check();
    await form.getByLabel('Möteslänk (Teams eller annan tjänst, börjar med https://)').fill('https://teams.microsoft.com/l/meetup-join/19%3ameeting_e2e%40thread.v2/0');
    await form.getByLabel('Syfte (krävs: kallelsen ska ange syftet)').fill('Samordna insatser för boende och sysselsättning');
    await button(form, 'Spara mötet').click();
    const meetings = card(page, 'M1:');
    await meetings.waitFor();
    const when = `${swedishMeetingDay(meetingDay)} 10:00–11:30`;
    expect(await meetings.innerText()).toContain(`M1: ${when}`);
    expect(await meetings.innerText()).toContain('Förmöte med personen: inte genomfört');

    const reminders = page.locator(PLAYGROUND.card, { hasText: 'Påminnelse ·' });
    const prompts = reminders.filter({ hasText: 'Förbered SIP-mötet med personen' });
    await expect(reminders.count()).resolves.toBe(0);
    sameDay(today);

    // --- What each morning brings, counted by hand --------------------------------------------------
    // Booked today by Region with Kommun invited and the invitation not marked sent: "send the
    // invitation" the next working day; on the prompt day, 10 working days before the meeting, the
    // prompt and the invitation's escalation; "nothing has happened" 30 days after today's booking
    // (on the next working day), should that come first.
    const expectedOn = (day: string): string[] =>
      [
        day === oracleAddWorkingDays(today, 1) ? 'Skicka kallelsen till den andra huvudmannen' : undefined,
        day === promptDay ? 'Förbered SIP-mötet med personen' : undefined,
        day === promptDay ? 'Kallelsen är fortfarande inte skickad' : undefined,
        day === oracleNextWorkingDayOnOrAfter(plusDays(today, 30)) ? 'Inget har hänt på 30 dagar' : undefined,
      ].filter((x): x is string => x !== undefined);

    // --- The first tick on the real clock sets the dispatcher's cursor; nothing is due yet -----------
    const first = await dispatch(bot, new Date(now));
    expect(first, JSON.stringify(first)).toMatchObject({ sent: 0, failed: 0 });

    // --- Morning by morning until the prompt comes ------------------------------------------------------
    // Each tick's cards are waited for, so every reminder is tied to the morning that sent it.
    let shown = 0;
    let promptedOn: string | undefined;
    let promptedAt: Date | undefined;
    for (let day = plusDays(today, 1); day < meetingDay && promptedOn === undefined; day = plusDays(day, 1)) {
      const at = stockholmMorning(day);
      const tick = await dispatch(bot, at);
      const expected = expectedOn(day);
      expect(tick, `${day}: ${JSON.stringify(tick)}, expected ${JSON.stringify(expected)}`).toMatchObject({ sent: expected.length, failed: 0 });
      shown += tick.sent;
      await expect.poll(() => reminders.count(), { timeout: 15_000, message: `reminder cards after the tick of ${day}` }).toBe(shown);
      const newest = await Promise.all(expected.map((_, i) => reminders.nth(shown - expected.length + i).innerText()));
      for (const title of expected) expect(newest.filter((t) => t.includes(title)), `${day}: ${title}`).toHaveLength(1);
      if ((await prompts.count()) > 0) {
        promptedOn = day;
        promptedAt = at;
      }
    }
    expect(promptedOn, `no pre-meeting prompt before ${meetingDay}`).toBe(promptDay);
    await expect(prompts.count()).resolves.toBe(1);

    const prompt = prompts.last();
    const text = await prompt.innerText();
    expect(text).toContain(`Påminnelse · Ärende ${code} (GH)`);
    expect(text).toContain(`SIP-mötet M1 (${when}) närmar sig och förmötet med personen är inte genomfört.`);
    for (const title of ['Klart', 'Påminn mig i morgon', 'Påminn mig om en vecka', 'Öppna ärendet']) {
      await expect(button(prompt, title).count(), title).resolves.toBe(1);
    }
    await prompt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'reminder-premeeting.png') });
    await screenshotElement(page, prompt, path.join(RESULTS, 'reminder-premeeting-card.png'));

    // --- Sent once: another tick at the same time sends nothing -----------------------------------------
    const again = await dispatch(bot, promptedAt);
    expect(again, JSON.stringify(again)).toMatchObject({ sent: 0, failed: 0 });
    await page.waitForTimeout(2_000);
    await expect(prompts.count()).resolves.toBe(1);
    await expect(reminders.count()).resolves.toBe(shown);

    // --- "Klart" opens the förmöte in place of the reminder ------------------------------------------
    const cards = page.locator(PLAYGROUND.card);
    const total = await cards.count();
    let position = -1;
    for (let i = total - 1; i >= 0 && position < 0; i--) if ((await cards.nth(i).innerText()).includes('Förbered SIP-mötet med personen')) position = i;
    expect(position).toBeGreaterThanOrEqual(0);
    await button(prompt, 'Klart').click();
    const opened = cards.nth(position);
    await expect.poll(() => opened.innerText(), { timeout: 15_000 }).not.toContain('Påminnelse ·');
    const openedText = await opened.innerText();
    expect(openedText).toContain(`Förmöte med personen – ${code} M1`);
    await expect(opened.getByLabel('Vad är viktigt för personen? (med personens egna ord)').count()).resolves.toBe(1);
    await expect(opened.getByLabel('Personens mål').count()).resolves.toBe(1);
    for (const title of ['Spara', 'Förmötet är genomfört', 'Till SIP-mötena']) {
      await expect(button(opened, title).count(), title).resolves.toBe(1);
    }
    await expect(prompts.count()).resolves.toBe(0);
    await expect(cards.count()).resolves.toBe(total);
    // The förmöte is taller than the chat: show its top, with the title, where the reminder was.
    await opened.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(RESULTS, 'reminder-premeeting-formote.png') });
    await screenshotElement(page, opened, path.join(RESULTS, 'reminder-premeeting-formote-card.png'));

    expect(bot.output()).not.toMatch(/"level":(50|60)/);
  });
});
