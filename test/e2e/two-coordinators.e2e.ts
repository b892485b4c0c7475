import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND, screenshotElement, sendMessage } from './support/browser';
import { RESULTS, usePlaygroundBot } from './support/playground-bot';
import { button, card, checklistItem, chooseCompact, daysAhead, typeDate } from './support/playground-steps';

/**
 * Two coordinators on one machine (issue 14): `npm start` opens a playground for you (Alex
 * Wilber) and one for the colleague (Megan Bowen). Alex creates a SIP case and picks Megan in the
 * people picker; Megan is told in her own playground, answers B1, and Alex's checklist shows it.
 */
describe('Two coordinators in two Agents Playgrounds', () => {
  const playground = usePlaygroundBot();
  let code = '';

  it('Alex picks Megan as the colleague, Megan is told and answers B1, and Alex sees her answer', async () => {
    const alex = await playground.openChat();
    await sendMessage(alex, 'nytt ärende sip');
    const form = card(alex, 'Skapa ärendet');
    await form.waitFor();
    await form.getByLabel('Initialer eller egen kortbeteckning').fill('EF');
    await form.getByRole('radio', { name: 'Region', exact: true }).check();
    await chooseCompact(alex, form.getByRole('combobox', { name: 'Din enhet' }), 'Region – Vårdcentralen Norr');
    // The people picker offers the playground's users; Megan is the colleague from the kommun.
    const picker = form.getByRole('combobox', { name: 'People Picker' });
    await picker.click();
    await picker.fill('Meg');
    await alex.getByRole('option', { name: /Megan Bowen/ }).first().click();
    await form.getByRole('radio', { name: 'Ja, personen har lämnat samtycke', exact: true }).check();
    await form.getByRole('radio', { name: 'skriftligt', exact: true }).check();
    await form.getByLabel('Vad samtycket omfattar').fill('SIP med kommunens socialpsykiatri');
    await typeDate(form.getByRole('combobox', { name: 'Gäller t.o.m.' }), daysAhead(365));
    await screenshotElement(alex, form, path.join(RESULTS, 'two-coordinators-form.png'));
    await button(form, 'Skapa ärendet').click();

    const hub = alex.locator(PLAYGROUND.card, { hasText: 'Ärendet har fått koden' }).last();
    await hub.waitFor();
    code = /Ärendet har fått koden (SIP-\d{4}-\d{4})/.exec(await hub.innerText())?.[1] ?? '';
    expect(code).toMatch(/^SIP-\d{4}-0001$/);
    expect(await hub.innerText()).toContain('Megan Bowen (kommun)');
    await screenshotElement(alex, hub, path.join(RESULTS, 'two-coordinators-alex-hub.png'));

    // Megan opens her playground: the bot tells her about the case as soon as it can reach her.
    const megan = await playground.openColleagueChat();
    const told = card(megan, 'Du är samordnare i ett nytt ärende');
    await told.waitFor({ timeout: 30_000 });
    expect(await told.innerText()).toContain(`Alex Wilber har lagt till dig som samordnare från kommunen för SIP:en i ärende ${code}.`);
    await screenshotElement(megan, told, path.join(RESULTS, 'two-coordinators-megan-told.png'));

    await sendMessage(megan, `basnivå ${code}`);
    const meganList = card(megan, `Basnivå i samverkan – ${code}`);
    await meganList.waitFor();
    await button(checklistItem(megan, meganList, 'B1'), 'Ja, behov finns').click();
    await expect.poll(() => checklistItem(megan, meganList, 'B1').innerText(), { timeout: 15_000 }).toContain('Ja, insatser behövs från båda huvudmännen – Megan Bowen');
    await screenshotElement(megan, meganList, path.join(RESULTS, 'two-coordinators-megan-baseline.png'));

    // Alex's case card, shown before Megan answered, opens the checklist as it is now.
    await button(hub, 'Basnivå').click();
    const alexList = card(alex, `Basnivå i samverkan – ${code}`);
    await alexList.waitFor();
    await expect.poll(() => checklistItem(alex, alexList, 'B1').innerText(), { timeout: 15_000 }).toContain('Megan Bowen');
    expect(await alexList.innerText()).toContain('Basnivå: 1/8');
    await screenshotElement(alex, alexList, path.join(RESULTS, 'two-coordinators-alex-baseline.png'));
  });

  it("a plan card Alex opened before Megan saved keeps what he typed and shows her change under the field, overwriting nothing", async () => {
    const alex = await playground.openChat();
    await sendMessage(alex, `plan ${code}`);
    const alexPlan = card(alex, `SIP – samordnad individuell plan – ${code}`).last();
    await alexPlan.waitFor();
    const megan = await playground.openColleagueChat();
    await sendMessage(megan, `plan ${code}`);
    const meganPlan = card(megan, `SIP – samordnad individuell plan – ${code}`).last();
    await meganPlan.waitFor();
    await meganPlan.getByLabel('Personens egna mål (med personens ord)').fill('Att få bo kvar i lägenheten');
    await button(meganPlan, 'Spara').click();
    await expect.poll(() => meganPlan.innerText(), { timeout: 15_000 }).toContain('Planen är sparad.');

    await alexPlan.getByLabel('Vad personen gör själv').fill('Handlar och lagar mat själv');
    await button(alexPlan, 'Spara').click();
    await expect.poll(() => alexPlan.innerText(), { timeout: 15_000 }).toContain('Ärendet har ändrats sedan kortet visades. Det du skrev är inte sparat. Under fälten står det som är sparat nu');
    // What Alex typed stays, with what is saved now under it; the goals he left empty (the client
    // sends no empty input) show Megan's, so pressing again overwrites nothing of hers.
    await expect(alexPlan.getByLabel('Vad personen gör själv').inputValue()).resolves.toBe('Handlar och lagar mat själv');
    expect(await alexPlan.innerText()).toContain('Sparat nu: inget');
    await screenshotElement(alex, alexPlan, path.join(RESULTS, 'two-coordinators-stale-plan.png'));
    await expect(alexPlan.getByLabel('Personens egna mål (med personens ord)').inputValue()).resolves.toBe('Att få bo kvar i lägenheten');
    await button(alexPlan, 'Spara').click();
    await expect.poll(() => alexPlan.innerText(), { timeout: 15_000 }).toContain('Planen är sparad.');
    await expect(alexPlan.getByLabel('Personens egna mål (med personens ord)').inputValue()).resolves.toBe('Att få bo kvar i lägenheten');
  });
});
