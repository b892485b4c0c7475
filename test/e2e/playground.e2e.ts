import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { card } from './support/playground-steps';

describe('Samordningsboten in the Agents Playground', () => {
  const playground = usePlaygroundBot();

  it('is installed, welcomes the user, answers "hjälp" with the help card and runs a card action', async () => {
    const { bot } = playground;
    // Opening the playground installs the bot in the personal chat.
    const page = await playground.openChat();
    const welcome = card(page, 'Välkommen till Samordningsboten');
    await page.screenshot({ path: path.join(RESULTS, 'playground-welcome.png') });

    await sendMessage(page, 'hjälp');
    const help = page.locator(PLAYGROUND.card, { hasText: 'Det här kan jag' }).last();
    await help.waitFor();
    await expect(help.innerText()).resolves.toContain('ärende KOD');
    await help.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'playground-help-card.png') });

    // Action.Execute: the welcome card's button replaces it with the help card in place.
    const cardsBefore = await page.locator(PLAYGROUND.card).count();
    await welcome.locator(PLAYGROUND.cardButton('Visa hjälp')).click();
    await expect
      .poll(async () => page.locator(PLAYGROUND.card, { hasText: 'Det här kan jag' }).count(), { timeout: 15_000 })
      .toBe(2);
    expect(await page.locator(PLAYGROUND.card).count()).toBe(cardsBefore);
    await page.screenshot({ path: path.join(RESULTS, 'playground-card-action.png') });

    // Unknown text gets a hint with the help button.
    await sendMessage(page, 'vad kan du?');
    await page.locator(PLAYGROUND.card, { hasText: 'Det förstod jag inte' }).last().waitFor();
    expect(bot.output()).not.toContain('vad kan du?');
  });
});
