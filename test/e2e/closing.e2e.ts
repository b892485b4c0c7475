import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { PLAYGROUND, screenshotElement, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { button, card, createCaseInPlayground, daysAhead, openPlanForm, typeDate, typeTime } from './support/playground-steps';

/*
 * Closing VoSS in the Agents Playground (003:114): a case closed early says why, and a case with a
 * planned SIP meeting asks who holds the SIP; the Playground's user keeps it and finds it in
 * "mina ärenden" under its own heading.
 */
describe('Closing VoSS in the Agents Playground', () => {
  const playground = usePlaygroundBot();
  let page: Page;

  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
    ctx.onTestFailed(() => {
      failed = true;
    });
  });

  it('closes a new case early, with the reason chosen, and says what was left', async () => {
    page = await playground.openChat();
    const code = await createCaseInPlayground(page, 'GH');
    await sendMessage(page, `avsluta ${code}`);
    const hub = card(page, 'kortet visar om villkoret för avslut är uppfyllt');
    await hub.waitFor();
    await button(hub, 'Avsluta ärendet').click();
    const shown = await hub.innerText();
    expect(shown).toContain('Villkoret är inte uppfyllt: planen är inte upprättad; inget SIP-möte är genomfört.');
    expect(shown).toContain('Basnivåpunkter som inte är klara');
    expect(shown).not.toContain('Vem håller i SIP:en');
    await hub.getByRole('radio', { name: 'Personen flyttar', exact: true }).check();
    await screenshotElement(page, hub, path.join(RESULTS, 'closing-early-form.png'));
    await button(hub, 'Avsluta').click();
    const closed = card(page, 'VoSS avslutades i förtid: Personen flyttar.');
    await closed.waitFor();
    expect(await closed.innerText()).toContain('Ärendet kan bara läsas.');
    await expect(button(closed, 'Avsluta ärendet').count()).resolves.toBe(0);
    await screenshotElement(page, closed, path.join(RESULTS, 'closing-early-closed.png'));
  });

  it('asks who holds a SIP with a planned meeting, and keeps it in "mina ärenden" for that coordinator', async () => {
    const code = await createCaseInPlayground(page, 'IJ');
    const form = await openPlanForm(page, card(page, `Ärende ${code}`), code);
    await typeDate(form.getByRole('combobox', { name: 'Datum' }), daysAhead(21, { weekday: true }));
    await typeTime(form.getByRole('combobox', { name: 'Starttid' }), '13:00');
    await form.getByRole('radio', { name: 'Teams', exact: true }).check();
    await form.getByLabel('Syfte (krävs: kallelsen ska ange syftet)').fill('Samordna insatser');
    await button(form, 'Spara mötet').click();
    await card(page, 'M1').first().waitFor();

    await sendMessage(page, `avsluta ${code}`);
    const latest = page.locator(PLAYGROUND.card, { hasText: 'kortet visar om villkoret för avslut är uppfyllt' }).filter({ hasText: `Ärende ${code}` }).last();
    await latest.waitFor();
    await button(latest, 'Avsluta ärendet').click();
    const shown = await latest.innerText();
    expect(shown).toContain('Planerade SIP-möten finns kvar: M1');
    expect(shown).toContain('Vem håller i SIP:en från och med nu?');
    await latest.getByRole('radio', { name: 'Personen avböjer fortsatt samordning', exact: true }).check();
    await latest.getByRole('radio', { name: /, du$/ }).check();
    await screenshotElement(page, latest, path.join(RESULTS, 'closing-sip-goes-on-form.png'));
    await button(latest, 'Avsluta').click();
    const closed = card(page, 'SIP:en fortsätter hos dig');
    await closed.waitFor();
    await expect(button(closed, 'Avsluta SIP:en').count()).resolves.toBe(1);
    await screenshotElement(page, closed, path.join(RESULTS, 'closing-sip-goes-on-hub.png'));

    await sendMessage(page, 'mina ärenden');
    const list = card(page, 'Avslutad VoSS – SIP fortsätter');
    await list.waitFor();
    const listed = await list.innerText();
    expect(listed.indexOf('Avslutad VoSS – SIP fortsätter')).toBeLessThan(listed.indexOf(code));
    await screenshotElement(page, list, path.join(RESULTS, 'closing-my-cases.png'));
  });
});
