import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { screenshotElement, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { button, card, createCaseInPlayground, daysAhead, swedishDate, typeDate } from './support/playground-steps';

describe('Consent in the Agents Playground: opened without it, recorded later, withdrawn', () => {
  const playground = usePlaygroundBot();
  let page: Page;
  let code: string;
  const validUntil = daysAhead(200);

  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
    ctx.onTestFailed(() => {
      failed = true;
    });
  });

  it('opens a case before the person has said yes; the hub says so and offers to record it', async () => {
    page = await playground.openChat();
    code = await createCaseInPlayground(page, 'EF', { consent: false });
    const hub = card(page, `Ärende ${code}`);
    expect(await hub.innerText()).toMatch(/Samtycke\s+Inte inhämtat ännu/);
    await expect(button(hub, 'Registrera samtycke').count()).resolves.toBe(1);
    await expect(button(hub, 'Samtycket återkallat…').count()).resolves.toBe(0);
  });

  it('answers "Planera SIP-möte" with the consent card, and records oral consent there', async () => {
    await button(card(page, `Ärende ${code}`), 'SIP-möten').click();
    const sip = card(page, `SIP-möten – ${code}`);
    await sip.waitFor();
    await button(sip, 'Planera SIP-möte').click();
    const consent = card(page, `Samtycke – ${code}`);
    await consent.waitFor();
    const shown = await consent.innerText();
    expect(shown).toContain('det finns inget giltigt samtycke i ärendet');
    expect(shown).toContain('Nu: Inte inhämtat ännu');
    await screenshotElement(page, consent, path.join(RESULTS, 'consent-missing.png'));

    await consent.getByRole('radio', { name: 'muntligt', exact: true }).check();
    await consent.getByLabel('Vad samtycket omfattar').fill('Uppgifter om boende och insatser, mellan region och kommun');
    await typeDate(consent.getByRole('combobox', { name: 'Gäller t.o.m.' }), validUntil);
    await button(consent, 'Registrera samtycke').click();
    const recorded = card(page, 'Samtycket är registrerat.');
    await recorded.waitFor();
    const text = await recorded.innerText();
    expect(text).toContain('anteckna det i journalen');
    expect(text).toContain(`Lämnat (muntligt), gäller t.o.m. ${swedishDate(validUntil)}`);
    expect(text).toContain('Registrerat av');
    await screenshotElement(page, recorded, path.join(RESULTS, 'consent-recorded.png'));
  });

  it('lets the meeting be planned now, and records a withdrawal from the hub', async () => {
    await button(card(page, 'Samtycket är registrerat.'), 'Till ärendet').click();
    const hub = card(page, `Ärende ${code}`);
    await expect.poll(async () => (await hub.innerText()).includes('Lämnat (muntligt)')).toBe(true);
    await button(hub, 'SIP-möten').click();
    const sip = card(page, `SIP-möten – ${code}`);
    await sip.waitFor();
    await button(sip, 'Planera SIP-möte').click();
    await card(page, `Planera SIP-möte – ${code}`).waitFor();

    await sendMessage(page, `ärende ${code}`);
    const hubAgain = card(page, `Ärende ${code}`);
    await button(hubAgain, 'Samtycket återkallat…').click();
    // The date defaults to today; the renderer shows it in Swedish.
    await expect.poll(() => hubAgain.getByRole('combobox', { name: 'Datum då personen återkallade samtycket' }).inputValue()).toBe(swedishDate(daysAhead(0)));
    await screenshotElement(page, hubAgain, path.join(RESULTS, 'consent-withdraw-hub.png'));
    await button(hubAgain, 'Registrera återkallelsen').click();
    const withdrawn = card(page, 'Återkallelsen är registrerad.');
    await withdrawn.waitFor();
    expect(await withdrawn.innerText()).toContain(`Återkallat ${swedishDate(daysAhead(0))}`);
    await screenshotElement(page, withdrawn, path.join(RESULTS, 'consent-withdrawn-hub.png'));
  });
});

describe('The förmöte before booking in the Agents Playground: its answers proposed in the planning form', () => {
  const playground = usePlaygroundBot();
  let page: Page;
  let code: string;

  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
    ctx.onTestFailed(() => {
      failed = true;
    });
  });

  it('holds the förmöte with the person before any meeting is booked', async () => {
    page = await playground.openChat();
    code = await createCaseInPlayground(page, 'GH');
    await button(card(page, `Ärende ${code}`), 'SIP-möten').click();
    const sip = card(page, `SIP-möten – ${code}`);
    await sip.waitFor();
    expect(await sip.innerText()).toContain('Inga SIP-möten planerade ännu.');
    await button(sip, 'Förmöte med personen').click();
    const pre = card(page, `Förmöte med personen – ${code}`);
    await pre.waitFor();
    expect(await pre.innerText()).toContain('Förmötet hålls innan SIP-mötet bokas');
    await pre.getByLabel('Personens mål').fill('Bo kvar i lägenheten och börja på daglig verksamhet');
    // Multi-select checkboxes are named by the set's label followed by the choice.
    const invite = (title: string) => pre.getByRole('checkbox', { name: new RegExp(`^Vilka vill personen bjuda in.* ${title.replace(/[()/?]/g, '\\$&')}$`) });
    await invite('Boendestöd / bostad med särskild service').check();
    await invite('Närstående (om personen inte motsätter sig det)').check();
    await pre.getByRole('radiogroup', { name: 'Får närstående delta?' }).getByRole('radio', { name: 'Nej', exact: true }).check();
    await pre.getByRole('radiogroup', { name: 'Hur vill personen att mötet hålls?' }).getByRole('radio', { name: 'Telefon', exact: true }).check();
    await pre.getByLabel('Var vill personen att mötet hålls?').fill('Hemma, i köket');
    await pre.getByLabel('Anpassningar för kommunikation och kognition').fill('Korta pauser, skriftlig sammanfattning');
    await button(pre, 'Förmötet är genomfört').click();
    await expect.poll(() => pre.innerText(), { timeout: 15_000 }).toMatch(/Förmötet är genomfört \(.+\)/);
    await screenshotElement(page, pre, path.join(RESULTS, 'pre-meeting-before-booking.png'));
  });

  it('proposes the parties, form and place the person asked for when the meeting is planned', async () => {
    await button(card(page, `Förmöte med personen – ${code}`), 'Till SIP-mötena').click();
    const sip = card(page, `SIP-möten – ${code}`);
    await expect.poll(() => sip.innerText(), { timeout: 15_000 }).toContain('Förmöte med personen (före bokning): genomfört');
    await button(sip, 'Planera SIP-möte').click();
    const form = card(page, `Planera SIP-möte – ${code}`);
    await form.waitFor();
    expect(await form.innerText()).toContain('Förslag från förmötet med personen');
    const invited = (title: string) => form.getByRole('checkbox', { name: new RegExp(`^Vilka kallas\\?.* ${title.replace(/[()/?]/g, '\\$&')}$`) });
    for (const title of ['Personen', 'Regionen', 'Kommunen', 'Boendestöd / bostad med särskild service']) await expect(invited(title).isChecked(), title).resolves.toBe(true);
    // The person objected: närstående are not proposed although asked for.
    await expect(invited('Närstående (om personen inte motsätter sig det)').isChecked()).resolves.toBe(false);
    await expect(form.getByRole('radio', { name: 'Telefon', exact: true }).isChecked()).resolves.toBe(true);
    await expect(form.getByLabel(/^Plats \(för ett fysiskt möte/).inputValue()).resolves.toBe('Hemma, i köket');
    await screenshotElement(page, form, path.join(RESULTS, 'sip-plan-form-proposed.png'));
  });
});
