import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND, screenshotElement, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { button, card, chooseCompact, daysAhead, swedishDate, typeDate } from './support/playground-steps';

/**
 * Basnivå without VoSS in the Agents Playground: `nytt ärende` asks the kind, the SIP form asks no
 * target group and nothing about training, the hub of a SIP case shows no phases, and the plan
 * takes the person's goals and a delmål with its own date, with an effort tied to the delmål.
 */
describe('A SIP case (basnivå) in the Agents Playground', () => {
  const playground = usePlaygroundBot();

  it('asks the kind, creates SIP-…-0001 without target group or phases, and ties an effort to a delmål', async () => {
    const page: Page = await playground.openChat();

    // --- The kind -------------------------------------------------------------------------------
    await sendMessage(page, 'nytt ärende');
    const kinds = card(page, 'Vilket slags ärende vill du skapa?');
    await kinds.waitFor();
    const kindsText = await kinds.innerText();
    expect(kindsText).toContain('SIP enligt basnivån');
    expect(kindsText).toContain('Målgruppen bedöms enligt Uppsalarutinen.');
    await screenshotElement(page, kinds, path.join(RESULTS, 'case-kind.png'));
    await button(kinds, 'Nytt SIP-ärende').click();

    // --- The SIP form ---------------------------------------------------------------------------
    const form = card(page, 'Skapa ärendet');
    await form.waitFor();
    const formText = await form.innerText();
    expect(formText).toContain('Nytt SIP-ärende');
    expect(formText).toContain('SIP-år-löpnummer');
    expect(formText).not.toContain('Målgrupp');
    expect(formText).not.toContain('utbildad i metoden');
    await form.getByLabel('Initialer eller egen kortbeteckning').fill('CD');
    await form.getByRole('radio', { name: 'Kommun', exact: true }).check();
    // The unit is picked from the example list (config/units.example.json), named by its principal.
    await chooseCompact(page, form.getByRole('combobox', { name: 'Din enhet' }), 'Kommun – Socialpsykiatrin');
    await form.getByRole('radio', { name: 'Ja, personen har lämnat samtycke', exact: true }).check();
    await form.getByRole('radio', { name: 'skriftligt', exact: true }).check();
    await form.getByLabel('Vad samtycket omfattar').fill('SIP med vårdcentralen');
    await typeDate(form.getByRole('combobox', { name: 'Gäller t.o.m.' }), daysAhead(365));
    await screenshotElement(page, form, path.join(RESULTS, 'sip-case-form.png'));
    await button(form, 'Skapa ärendet').click();

    // --- The hub ---------------------------------------------------------------------------------
    const hub = page.locator(PLAYGROUND.card, { hasText: 'Ärendet har fått koden' }).last();
    await hub.waitFor();
    const hubText = await hub.innerText();
    const code = /Ärendet har fått koden (SIP-\d{4}-\d{4})/.exec(hubText)?.[1] ?? '';
    expect(code).toMatch(/^SIP-\d{4}-0001$/);
    expect(hubText).toMatch(/Ärendetyp\s+SIP \(basnivå\)/);
    expect(hubText).not.toMatch(/\bFas\b/);
    expect(hubText).toContain('SIP-ärende: basnivå i samverkan och SIP:en');
    expect(hubText).not.toContain('utbildad i metoden');
    await expect(button(hub, 'Nästa fas: Kartläggning').count()).resolves.toBe(0);
    await expect(button(hub, 'Tillbaka till en tidigare fas…').count()).resolves.toBe(0);
    await screenshotElement(page, hub, path.join(RESULTS, 'sip-case-hub.png'));

    // --- Goals and delmål in the plan ---------------------------------------------------------
    await button(hub, 'Plan').click();
    const plan = card(page, `SIP – samordnad individuell plan – ${code}`);
    await plan.waitFor();
    expect(await plan.innerText()).toContain('Inga mål utskrivna ännu.');
    // "Lägg till mål eller delmål" is a ShowCard in the card's body; its own button has the same title.
    const addGoal = async (text: string, partOf?: string, by?: string) => {
      await button(plan, 'Lägg till mål eller delmål').first().click();
      const show = plan.locator('.ac-adaptiveCard');
      await show.waitFor();
      await show.getByLabel('Målet, med personens ord').fill(text);
      if (partOf !== undefined) await chooseCompact(page, show.getByRole('combobox', { name: 'Är det ett delmål? Välj målet det leder till' }), partOf);
      if (by !== undefined) await typeDate(show.getByRole('combobox', { name: 'Ska vara nått senast (krävs för ett delmål)' }), by);
      const before = await plan.locator('strong', { hasText: /^G\d+$/ }).count();
      await button(show, 'Lägg till mål eller delmål').click();
      await expect.poll(() => plan.locator('strong', { hasText: /^G\d+$/ }).count(), { timeout: 15_000 }).toBe(before + 1);
    };
    await addGoal('Bo kvar i min lägenhet');
    const subBy = daysAhead(60);
    await addGoal('Betala hyran själv varje månad', 'G1: Bo kvar i min lägenhet', subBy);
    expect(await plan.innerText()).toContain(`G2 Delmål till G1: Betala hyran själv varje månad · senast ${swedishDate(subBy)}`);

    await button(plan, 'Lägg till insats').first().click();
    const effortForm = plan.locator('.ac-adaptiveCard');
    await effortForm.waitFor();
    await effortForm.getByLabel('Insats (vad ska göras)').fill('Stöd med ekonomin');
    await chooseCompact(page, effortForm.getByRole('combobox', { name: 'Ansvarig' }), 'Kommun');
    await chooseCompact(page, effortForm.getByRole('combobox', { name: 'Hör till mål eller delmål' }), 'G2: Betala hyran själv varje månad');
    await button(effortForm, 'Lägg till insats').click();
    await expect.poll(() => plan.innerText(), { timeout: 15_000 }).toContain('E1 Stöd med ekonomin · Kommun · för G2');
    // G1 has a delmål and G2 an effort: neither can be removed.
    await expect(button(plan, 'Ta bort G1').count()).resolves.toBe(0);
    await expect(button(plan, 'Ta bort G2').count()).resolves.toBe(0);
    await screenshotElement(page, plan, path.join(RESULTS, 'plan-goals.png'));
  });
});
