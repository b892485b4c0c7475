import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND, screenshotElement, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { card, chooseCompact, createCaseInPlayground } from './support/playground-steps';

/**
 * What a coordinator types, as the Agents Playground renders it (markdown-it with links and HTML
 * on): Markdown stays text, and a personnummer hidden by spaces is refused with the hint.
 */
describe('Typed text in the Agents Playground', () => {
  const playground = usePlaygroundBot();

  it('shows a Markdown nickname as typed, with no link, in the hub and in mina ärenden', async () => {
    const page = await playground.openChat();
    // The form's nickname field takes 20 characters: emphasis and a link fit.
    const nickname = '*A* [x](http://e.se)';
    const code = await createCaseInPlayground(page, nickname);

    const hub = card(page, 'Ärendet har fått koden');
    expect(await hub.innerText()).toContain(`Ärende ${code} (${nickname})`);
    expect(await hub.locator('a[href*="e.se"]').count()).toBe(0);
    expect(await hub.locator('em, strong').count()).toBe(0);
    await screenshotElement(page, hub, path.join(RESULTS, 'hostile-text-hub.png'));

    await sendMessage(page, 'mina ärenden');
    const list = card(page, code);
    await list.waitFor();
    expect(await list.innerText()).toContain(nickname);
    expect(await list.locator('a[href*="e.se"]').count()).toBe(0);
    expect(await list.locator('em').count()).toBe(0);
    await screenshotElement(page, list, path.join(RESULTS, 'hostile-text-case-list.png'));
  });

  it('refuses a personnummer written with spaces in the consent scope, says how to write a phone number, and keeps the form', async () => {
    const page = await playground.openChat();
    await sendMessage(page, 'nytt ärende vss');
    const form = page.locator(PLAYGROUND.card, { hasText: 'Skapa ärendet' }).last();
    await form.waitFor();
    await form.getByLabel('Initialer eller egen kortbeteckning').fill('CD');
    await form.getByRole('radio', { name: 'Region', exact: true }).check();
    await chooseCompact(page, form.getByRole('combobox', { name: 'Din enhet' }), 'Region – Psykiatrimottagning Väst');
    await form.getByLabel('Vad samtycket omfattar').fill('Uppgifter om 81 12 18 98 76 till kommunen');
    await form.locator(PLAYGROUND.cardButton('Skapa ärendet')).click();
    await form.getByText('det ser ut som ett personnummer', { exact: false }).first().waitFor();
    const shown = await form.innerText();
    expect(shown).toContain('Vad samtycket omfattar: det ser ut som ett personnummer');
    expect(shown).toContain('+46');
    await screenshotElement(page, form, path.join(RESULTS, 'hostile-text-personnummer.png'));
  });
});
