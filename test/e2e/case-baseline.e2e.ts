import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND, screenshotElement, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { checklistItem, chooseCompact, daysAhead, swedishDate, TARGET_GROUP } from './support/playground-steps';

describe('A case in the Agents Playground: form, hub and baseline checklist', () => {
  const playground = usePlaygroundBot();

  it('creates a case through the form (after a refusal), ticks B1 and B2 and lists the case with 2/8', async () => {
    const { bot } = playground;
    const page = await playground.openChat();

    // --- The form -------------------------------------------------------------------------
    await sendMessage(page, 'nytt ärende vss');
    // The form keeps its place when the bot answers a submission with it again, so this locator
    // follows it through the refusal.
    const form = page.locator(PLAYGROUND.card, { hasText: 'Skapa ärendet' }).last();
    await form.waitFor();
    await expect(form.getByRole('heading', { name: 'Nytt ärende: vård- och stödsamordning' }).count()).resolves.toBe(1);

    // No code to type: the bot gives it when the case is created, and the form says so.
    await expect(form.getByLabel('Ärendekod').count()).resolves.toBe(0);
    expect(await form.innerText()).toContain('Ärendet får sin kod när du skapar det: VSS-år-löpnummer');
    // Input.Text: a Fluent <input>/<textarea> named by the card label (<label for> + aria-labelledby).
    await form.getByLabel('Initialer eller egen kortbeteckning').fill('AB');
    // Input.ChoiceSet expanded: a Fluent radiogroup whose radios are named by their choice titles.
    await form.getByRole('radio', { name: 'Region', exact: true }).check();
    // Input.ChoiceSet compact: a Fluent dropdown (combobox) named by the card label; the unit is
    // picked from the example list (config/units.example.json), each named by its principal.
    await chooseCompact(page, form.getByRole('combobox', { name: 'Din enhet' }), 'Region – Psykiatrimottagning Väst');
    // Input.Toggle: a Fluent checkbox named by the toggle title.
    await form.getByRole('checkbox', { name: 'Jag är utbildad i metoden', exact: true }).check();
    // The colleague (Input.ChoiceSet filtered with Data.Query) renders as a Fluent People Picker
    // that has nobody to offer here; it stays empty.
    await expect(form.getByRole('combobox', { name: 'People Picker' }).inputValue()).resolves.toBe('');
    for (const name of TARGET_GROUP) await form.getByRole('checkbox', { name, exact: true }).check();
    await form.getByRole('radio', { name: 'Ja, personen har lämnat samtycke', exact: true }).check();
    await form.getByRole('radio', { name: 'skriftligt', exact: true }).check();
    const scope = form.getByLabel('Vad samtycket omfattar');
    await scope.fill('Journaluppgifter om 19121212-1212 till kommunens LSS-handläggare');
    // Input.Date: a Fluent DatePicker (combobox) that accepts typed text and parses it with
    // Date.parse on blur. A date-time without offset is local time, so the local calendar date
    // that the renderer sends (YYYY-MM-DD from local fields) is the one typed.
    const validUntil = daysAhead(365);
    const dateInput = form.getByRole('combobox', { name: 'Gäller t.o.m.' });
    await dateInput.fill(`${validUntil}T12:00:00`);
    await dateInput.press('Tab');
    await expect.poll(() => dateInput.inputValue()).not.toBe(`${validUntil}T12:00:00`);
    expect(await dateInput.inputValue()).not.toBe('');
    await page.screenshot({ path: path.join(RESULTS, 'case-form.png') });
    await screenshotElement(page, form, path.join(RESULTS, 'case-form-card.png'));

    // --- Refusal: a personnummer in the consent scope ------------------------------------------
    const cardsBefore = await page.locator(PLAYGROUND.card).count();
    await form.locator(PLAYGROUND.cardButton('Skapa ärendet')).click();
    // Named at the top of the form and again by the button, where the user is looking.
    const problem = form.getByText('det ser ut som ett personnummer', { exact: false }).first();
    await problem.waitFor();
    expect(await form.innerText()).toContain('Ärendet skapades inte. Rätta detta:');
    expect(await form.innerText()).toContain('Vad samtycket omfattar: det ser ut som ett personnummer');
    expect(await page.locator(PLAYGROUND.card).count()).toBe(cardsBefore);
    // What was typed is kept, so only the offending field needs fixing.
    await expect(form.getByLabel('Initialer eller egen kortbeteckning').inputValue()).resolves.toBe('AB');
    await expect(form.getByRole('radio', { name: 'Region', exact: true }).isChecked()).resolves.toBe(true);
    for (const name of TARGET_GROUP) await expect(form.getByRole('checkbox', { name, exact: true }).isChecked()).resolves.toBe(true);
    await expect(form.getByRole('radio', { name: 'skriftligt', exact: true }).isChecked()).resolves.toBe(true);
    expect(await dateInput.inputValue()).not.toBe('');
    // The refused personnummer itself is not sent back: the card stays in the chat.
    await expect(scope.inputValue()).resolves.toBe('');
    await problem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'case-form-refused.png') });
    await screenshotElement(page, form, path.join(RESULTS, 'case-form-refused-card.png'));
    expect(bot.output()).not.toContain('19121212');

    await scope.fill('Journaluppgifter till kommunens LSS-handläggare');
    await form.locator(PLAYGROUND.cardButton('Skapa ärendet')).click();

    // --- The hub replaces the form, the code the bot gave first -----------------------------------
    const hub = page.locator(PLAYGROUND.card, { hasText: 'Ärendet har fått koden' }).last();
    await hub.waitFor();
    // The first case of the year in a fresh store: no number was used up by the refused submit.
    const code = /Ärendet har fått koden (VSS-\d{4}-\d{4})/.exec(await hub.innerText())?.[1] ?? '';
    expect(code).toMatch(/^VSS-\d{4}-0001$/);
    await expect.poll(() => page.locator(PLAYGROUND.card, { hasText: 'Skapa ärendet' }).count()).toBe(0);
    expect(await page.locator(PLAYGROUND.card).count()).toBe(cardsBefore);
    const hubText = await hub.innerText();
    expect(hubText).toContain('Ärende VSS-');
    expect(hubText).toContain(`Ärende ${code} (AB)`);
    expect(hubText).toContain('Alex Wilber (region, Psykiatrimottagning Väst)');
    expect(hubText).toContain(`Lämnat (skriftligt), gäller t.o.m. ${swedishDate(validUntil)}`);
    expect(hubText).toMatch(/Basnivå\s+0\/8/);
    for (const title of ['Basnivå', 'Nästa fas: Kartläggning', 'Historik', 'Avsluta ärendet']) {
      await expect(hub.locator(PLAYGROUND.cardButton(title)).count()).resolves.toBe(1);
    }
    await hub.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'case-hub.png') });
    await screenshotElement(page, hub, path.join(RESULTS, 'case-hub-card.png'));

    // --- The baseline checklist replaces the hub -------------------------------------------------
    await hub.locator(PLAYGROUND.cardButton('Basnivå')).click();
    const checklist = page.locator(PLAYGROUND.card, { hasText: `Basnivå i samverkan – ${code}` }).last();
    await checklist.waitFor();
    expect(await page.locator(PLAYGROUND.card).count()).toBe(cardsBefore);

    const b1 = checklistItem(page, checklist, 'B1');
    const b2 = checklistItem(page, checklist, 'B2');
    const b3 = checklistItem(page, checklist, 'B3');
    await expect(b1.count()).resolves.toBe(1);
    await expect(b2.count()).resolves.toBe(1);
    await expect(b1.locator(PLAYGROUND.cardButton('Nej, inget behov…')).count()).resolves.toBe(1);
    // Before B1 is answered, B2 only waits.
    expect(await b2.innerText()).toContain('Väntar på svaret i B1.');
    await expect(b2.locator(PLAYGROUND.cardButton('Klar')).count()).resolves.toBe(0);

    await b1.locator(PLAYGROUND.cardButton('Ja, behov finns')).click();
    await b2.locator(PLAYGROUND.cardButton('Klar')).waitFor();
    expect(await b1.innerText()).toContain('Ja, insatser behövs från båda huvudmännen – Alex Wilber');
    await expect(b2.locator(PLAYGROUND.cardButton('Ej genomförd…')).count()).resolves.toBe(1);
    expect(await checklist.innerText()).toContain('Basnivå: 1/8');

    await b2.locator(PLAYGROUND.cardButton('Klar')).click();
    await expect.poll(async () => b2.innerText(), { timeout: 15_000 }).toContain('Klar – Alex Wilber, ');
    // B2 now offers undo instead of done; B3 is untouched.
    await b2.locator(PLAYGROUND.cardButton('Ångra')).waitFor();
    await expect(b2.locator(PLAYGROUND.cardButton('Klar')).count()).resolves.toBe(0);
    expect(await b3.innerText()).toContain('Ej påbörjad');
    await expect(b3.locator(PLAYGROUND.cardButton('Klar')).count()).resolves.toBe(1);
    expect(await checklist.innerText()).toContain('Basnivå: 2/8');
    expect(await page.locator(PLAYGROUND.card).count()).toBe(cardsBefore);
    await b2.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'baseline-checklist.png') });
    await screenshotElement(page, checklist, path.join(RESULTS, 'baseline-checklist-card.png'));

    // --- "mina ärenden" ------------------------------------------------------------------------
    await sendMessage(page, 'mina ärenden');
    const list = page.locator(PLAYGROUND.card, { hasText: 'Mina ärenden' }).last();
    await list.waitFor();
    const listText = await list.innerText();
    expect(listText).toContain(`Ärende ${code} (AB)`);
    expect(listText).toContain('basnivå 2/8');
    await list.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'case-list.png') });

    expect(bot.output()).not.toMatch(/"level":(50|60)/);
  });
});
