import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PLAYGROUND, sendMessage } from './browser';
import { nextWorkingDayOnOrAfter } from '../../../src/domain/working-days';

/** Target-group toggles to switch on: the three required criteria and one of the extra ones. */
export const TARGET_GROUP = [
  'Personen är 18 år eller äldre',
  'Omfattande funktionsnedsättning till följd av psykisk sjukdom',
  'Ordinarie samverkan räcker inte',
  'Högkonsument av vård- och stödinsatser',
];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Today plus some days as YYYY-MM-DD on the local calendar (the browser runs on this machine);
 * with `weekday`, moved on to the next Swedish working day if it falls on a weekend or holiday
 * (the bot asks before it keeps such a date).
 */
export function daysAhead(days: number, { weekday = false } = {}): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return weekday ? nextWorkingDayOnOrAfter(date) : date;
}

/**
 * Presses a form's save button; when the bot asks about a date on a weekend or holiday (a date
 * the test cannot choose, such as today), presses it again to keep the day, as a user would.
 */
export async function saveKeepingDayOff(scope: Locator, title: string, saved: Locator): Promise<void> {
  await button(scope, title).click();
  const asked = scope.getByText('inte en arbetsdag', { exact: false });
  await expect.poll(async () => (await saved.count()) > 0 || (await asked.count()) > 0, { timeout: 15_000 }).toBe(true);
  if ((await saved.count()) === 0) await button(scope, title).click();
}

/** How the bot writes a calendar date in Swedish ("14 december 2026"). */
export function swedishDate(isoDate: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** How the SIP card and the reminders write a meeting's day ("mån 14 dec. 2026"). */
export function swedishMeetingDay(isoDate: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** From the case hub: "SIP-möten", then "Planera SIP-möte"; answers the planning form. */
export async function openPlanForm(page: Page, hub: Locator, code: string): Promise<Locator> {
  await button(hub, 'SIP-möten').click();
  const sip = card(page, `SIP-möten – ${code}`);
  await sip.waitFor();
  await button(sip, 'Planera SIP-möte').click();
  const form = card(page, `Planera SIP-möte – ${code}`);
  await form.waitFor();
  return form;
}

/** The one card in the chat (the last one) that contains `text`; cards are replaced in place. */
export function card(page: Page, text: string): Locator {
  return page.locator(PLAYGROUND.card, { hasText: text }).last();
}

/** A button of a card's action sets, by its title. */
export function button(scope: Locator, title: string): Locator {
  return scope.locator(PLAYGROUND.cardButton(title));
}

/**
 * One item of the baseline checklist: the card's inner Container whose bold id is exactly `id`.
 * (The card root is an `.ac-container` too, hence the `:not`.)
 */
export function checklistItem(page: Page, checklist: Locator, id: string): Locator {
  return checklist.locator('.ac-container:not(.ac-adaptiveCard)').filter({ has: page.locator('p > strong', { hasText: new RegExp(`^${id}$`) }) });
}

/**
 * Input.Date: a Fluent DatePicker (combobox) that parses typed text with Date.parse on blur. A
 * date-time without offset is local time, so the local calendar date is the one the renderer sends.
 */
export async function typeDate(input: Locator, isoDate: string): Promise<void> {
  await input.fill(`${isoDate}T12:00:00`);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toBe(swedishDate(isoDate));
}

/**
 * Input.Time: a Fluent TimePicker (combobox, freeform) that parses typed text when it loses
 * focus and shows it in the page's locale: 24-hour "13:00" for sv-SE, and an hour before ten
 * without its zero ("1:16"), which is how a run between midnight and ten shows it.
 */
export async function typeTime(input: Locator, hhmm: string): Promise<void> {
  await input.fill(hhmm);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toMatch(new RegExp(`^0?${hhmm.replace(/^0/, '')}$`));
}

/**
 * Input.ChoiceSet compact: a Fluent Combobox whose input shows the chosen title. Clicking it opens
 * a listbox (outside the card's subtree) whose options are named by the choice titles.
 */
export async function chooseCompact(page: Page, combobox: Locator, title: string): Promise<void> {
  await combobox.click();
  await page.getByRole('option', { name: title, exact: true }).click();
  await expect.poll(() => combobox.inputValue()).toBe(title);
  // The chat's compose box keeps an empty, zero-size "Typeahead menu" listbox once a message was typed.
  await expect.poll(() => page.getByRole('listbox').filter({ visible: true }).count()).toBe(0);
}

/**
 * Creates a case through the form ("nytt ärende"), the user as the region's coordinator, the
 * target group met and (unless `consent` is false) written consent given for a year; returns the
 * code the bot gave it, read from the notice at the top of the case hub that follows.
 */
export async function createCaseInPlayground(page: Page, initials: string, { consent = true } = {}): Promise<string> {
  // `nytt ärende` asks the kind first; each kind has its own form.
  await sendMessage(page, 'nytt ärende');
  const kinds = card(page, 'Vilket slags ärende vill du skapa?');
  await kinds.waitFor();
  await button(kinds, 'Ny vård- och stödsamordning').click();
  const form = card(page, 'Skapa ärendet');
  await form.waitFor();
  expect(await form.getByLabel('Ärendekod').count()).toBe(0);
  expect(await form.textContent()).toContain('Ärendet får sin kod när du skapar det: VSS-år-löpnummer');
  await form.getByLabel('Initialer eller egen kortbeteckning').fill(initials);
  await form.getByRole('radio', { name: 'Region', exact: true }).check();
  await chooseCompact(page, form.getByRole('combobox', { name: 'Din enhet' }), 'Region – Psykiatrimottagning Väst');
  await form.getByRole('checkbox', { name: 'Jag är utbildad i metoden', exact: true }).check();
  for (const name of TARGET_GROUP) await form.getByRole('checkbox', { name, exact: true }).check();
  if (consent) {
    await form.getByRole('radio', { name: 'Ja, personen har lämnat samtycke', exact: true }).check();
    await form.getByRole('radio', { name: 'skriftligt', exact: true }).check();
    await form.getByLabel('Vad samtycket omfattar').fill('Journaluppgifter till kommunens LSS-handläggare');
    await typeDate(form.getByRole('combobox', { name: 'Gäller t.o.m.' }), daysAhead(365));
  } else {
    await form.getByRole('radio', { name: 'Inte ännu', exact: true }).check();
  }
  await button(form, 'Skapa ärendet').click();
  // The new hub: an earlier case's hub in the same chat may still carry the same notice.
  const hub = page.locator(PLAYGROUND.card, { hasText: 'Ärendet har fått koden' }).filter({ hasText: `(${initials})` }).last();
  await hub.waitFor();
  const shown = (await hub.textContent()) ?? '';
  const code = /Ärendet har fått koden (VSS-\d{4}-\d{4})/.exec(shown)?.[1];
  expect(code).toMatch(/^VSS-\d{4}-\d{4}$/);
  expect(shown).toContain(`Ärende ${code} (${initials})`);
  return code!;
}
