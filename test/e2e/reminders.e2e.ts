import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, localPage, PLAYGROUND, screenshotElement, sendMessage } from './support/browser';
import { removeDataDir, startBuiltBot, type StartedBot } from './support/started-bot';

const RESULTS = path.resolve(__dirname, '..', '..', 'test-results');

const TARGET_GROUP = [
  'Personen är 18 år eller äldre',
  'Omfattande funktionsnedsättning till följd av psykisk sjukdom',
  'Ordinarie samverkan räcker inte',
  'Högkonsument av vård och stöd',
];

const DAY_MS = 24 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** Today plus some days as YYYY-MM-DD on the local calendar (the browser runs on this machine). */
function daysAhead(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** How the bot writes a calendar date ("14 december 2026"). */
function swedishDate(isoDate: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** Input.Date: a Fluent DatePicker that parses typed text (local time) on blur. */
async function typeDate(input: Locator, isoDate: string): Promise<void> {
  await input.fill(`${isoDate}T12:00:00`);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toBe(swedishDate(isoDate));
}

/** The last card in the chat that contains `text`. */
function card(page: Page, text: string): Locator {
  return page.locator(PLAYGROUND.card, { hasText: text }).last();
}

function button(scope: Locator, title: string): Locator {
  return scope.locator(PLAYGROUND.cardButton(title));
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
  let bot: StartedBot;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    bot = await startBuiltBot();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    if (bot !== undefined) removeDataDir(bot.dataDir);
  });

  it('sends the "book the first meeting" reminder once to the personal chat, and it opens the case', async () => {
    const page = await localPage(browser);
    await page.goto(bot.playgroundUrl, { waitUntil: 'domcontentloaded' });
    await card(page, 'Välkommen till Samordningsboten').waitFor();

    // --- A case with consent given and no SIP meeting booked --------------------------------------
    // The playground's user is the only coordinator; reminders go to every coordinator who has not
    // muted the case, so no colleague is needed.
    await sendMessage(page, 'nytt ärende');
    const form = card(page, 'Skapa ärendet');
    await form.waitFor();
    const code = await form.getByLabel('Ärendekod').inputValue();
    expect(code).toMatch(/^VSS-\d{4}-\d{4}$/);
    await form.getByLabel('Initialer eller smeknamn').fill('EF');
    await form.getByRole('radio', { name: 'Region', exact: true }).check();
    await form.getByLabel('Din enhet').fill('Psykiatrimottagning Väst');
    await form.getByRole('checkbox', { name: 'Jag är utbildad i metoden', exact: true }).check();
    for (const name of TARGET_GROUP) await form.getByRole('checkbox', { name, exact: true }).check();
    await form.getByRole('radio', { name: 'Ja, samtycke givet', exact: true }).check();
    await form.getByRole('radio', { name: 'skriftligt', exact: true }).check();
    await form.getByLabel('Vad samtycket omfattar').fill('Journaluppgifter till kommunens LSS-handläggare');
    await typeDate(form.getByRole('combobox', { name: 'Gäller till' }), daysAhead(365));
    await button(form, 'Skapa ärendet').click();
    const hub = card(page, `Ärende ${code} (EF)`);
    await hub.waitFor();
    await expect(button(hub, 'SIP-möten').count()).resolves.toBe(1);

    const reminders = page.locator(PLAYGROUND.card, { hasText: 'Påminnelse ·' });
    await expect(reminders.count()).resolves.toBe(0);

    // --- Nothing is due yet on the real clock ---------------------------------------------------------
    // This first tick also sets the dispatcher's cursor. Without it, the very first tick looks back
    // only 7 days from the simulated time, which could start after the reminder's hour.
    const now = Date.now();
    const today = await dispatch(bot, new Date(now));
    expect(today.sent).toBe(0);

    // --- Ten days later the reminder is due (2 working days after creation, 08:00 Stockholm) -----------
    const later = new Date(now + 10 * DAY_MS);
    const first = await dispatch(bot, later);
    expect(first, JSON.stringify(first)).toMatchObject({ failed: 0 });
    expect(first.sent).toBeGreaterThanOrEqual(1);

    const reminder = reminders.last();
    await reminder.waitFor();
    const text = await reminder.innerText();
    expect(text).toContain(`Påminnelse · Ärende ${code} (EF)`);
    expect(text).toContain('Boka det första mötet');
    expect(text).toContain('men inget möte är bokat');
    for (const title of ['Klart', 'Påminn mig i morgon', 'Påminn mig om en vecka', 'Öppna ärendet']) {
      await expect(button(reminder, title).count(), title).resolves.toBe(1);
    }
    await reminder.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'reminder.png') });
    await screenshotElement(page, reminder, path.join(RESULTS, 'reminder-card.png'));

    // --- It is sent once: ticks at the same time and a day later send nothing ---------------------------
    const cardsAfterReminder = await page.locator(PLAYGROUND.card).count();
    const again = await dispatch(bot, later);
    expect(again, JSON.stringify(again)).toMatchObject({ sent: 0, failed: 0 });
    const dayAfter = await dispatch(bot, new Date(later.getTime() + DAY_MS));
    expect(dayAfter, JSON.stringify(dayAfter)).toMatchObject({ sent: 0, failed: 0 });
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
