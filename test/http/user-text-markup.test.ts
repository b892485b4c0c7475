import { beforeEach, describe, expect, it } from 'vitest';
import { ANNA, BJORN, Client, TENANT, actionIn, createCaseAs, flowForEach, textOf, type Person } from '../support/case-flow';
import { inputValues, markdownTexts, markupTags, renderCardText, renderMessageText, RENDERERS, visibleText, type RendererName } from '../support/rendered-markdown';

/** Typed by a coordinator (or set as a Teams name) to make the colleague's card show a link. */
const NICKNAME = '[x](https://ev.il)';
const UNIT = '**fet** _kursiv_ <b>html</b>';
const SCOPE = '[Klicka här](https://ev.il) <a href="https://ev.il">a</a> **fet** _kursiv_\n- lista';
const NAME = '[Anna](https://ev.il) **Lind**';
const GOALS = '[x](https://ev.il) **fet** _kursiv_ <b>html</b> - lista\n# rubrik\n1. ett';

let now = Date.parse('2026-11-23T08:00:00.000Z');
const clock = () => new Date(now);
beforeEach(() => {
  now = Date.parse('2026-11-23T08:00:00.000Z');
});
const flow = flowForEach(clock);

/** A coordinator whose Teams name is Markdown; installing again records it. */
async function named(person: Person, name: string): Promise<Client> {
  const client = new Client(flow.bot, flow.connector, { ...person, name });
  await client.install();
  return client;
}

type Card = Record<string, unknown>;
/** A typed text as a reader sees it: whitespace runs (line breaks in a paragraph) as one space. */
const asShown = (typed: string): string => visibleText(`<p>${typed.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
const cardsIn = (conversationId: string): Card[] =>
  flow.connector.activitiesIn(conversationId).flatMap((a) => ((a['attachments'] as Array<{ content: Card }> | undefined) ?? []).map((x) => x.content));

/**
 * Asserts that the card shows each typed text literally, in both renderers: no link that hides
 * its target, no emphasis, HTML or list made of it, and the typed characters all visible.
 */
function expectLiteral(card: Card, typed: readonly string[]): void {
  for (const renderer of Object.keys(RENDERERS) as RendererName[]) {
    const rendered = markdownTexts(card).map((t) => renderCardText(t, renderer));
    for (const t of typed) {
      const showing = rendered.filter((html) => visibleText(html).includes(asShown(t)));
      expect(showing.length, `${renderer}: ${t}`).toBeGreaterThan(0);
      // The card's own Markdown may make a heading bold; nothing typed may add more.
      expect(showing.flatMap(markupTags).filter((tag) => /^<(a|em|b|ul|ol|li|h\d|blockquote|img|code|s|del)\b/.test(tag)), renderer).toEqual([]);
    }
  }
}

describe("what one coordinator types is text, not markup, for the other", () => {
  it("a Markdown nickname, unit, consent scope and name show literally in Björn's hub, mina ärenden, påminnelser, notice and reminder", async () => {
    const anna = await named(ANNA, NAME);
    const code = await createCaseAs(anna, { nickname: NICKNAME, unit: UNIT, consentScope: SCOPE });
    const stored = (await flow.bot.app.cases.get(TENANT, code))!.state;
    expect(stored.nickname).toBe(NICKNAME);

    const added = cardsIn(BJORN.conversationId).find((c) => textOf(c).includes(code));
    expect(added).toBeDefined();
    expectLiteral(added!, [NAME]);

    const [hub] = await flow.bjorn.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('"verb":"case.refresh"');
    expectLiteral(hub!, [NICKNAME, UNIT, SCOPE, NAME]);
    const [list] = await flow.bjorn.say('mina ärenden');
    expectLiteral(list!, [NICKNAME]);
    const [reminders] = await flow.bjorn.say('påminnelser');
    expectLiteral(reminders!, [NICKNAME]);

    flow.connector.reset();
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    const reminder = cardsIn(BJORN.conversationId).find((c) => textOf(c).includes('Planera det första samordningsmötet med personen'));
    expect(reminder).toBeDefined();
    expectLiteral(reminder!, [NICKNAME]);
  });

  it("a colleague's Markdown Teams name shows literally when a reminder could not reach them", async () => {
    await named(BJORN, NAME);
    const code = await createCaseAs(flow.anna);
    flow.connector.reset();
    flow.connector.failFor(BJORN.conversationId, 403);
    await flow.dispatch('2026-11-25T07:00:00.000Z');
    const told = cardsIn(ANNA.conversationId).find((c) => textOf(c).includes(code) && textOf(c).includes('En påminnelse kom inte fram'));
    expect(told).toBeDefined();
    expectLiteral(told!, [NAME]);
  });

  it('a plan with Markdown in it exports as literal text, and saving its form again stores the same text', async () => {
    const code = await createCaseAs(flow.anna);
    const [card] = await flow.anna.say(`plan ${code}`);
    const basics = { ownGoals: GOALS, personDoesThemselves: UNIT, overallResponsible: 'kommun', followUpDate: '2027-03-01', noOtherParties: 'false' };
    const saved = await flow.anna.press('plan.save', { ...actionIn(card, 'plan.save').data, ...basics });
    const withEffort = await flow.anna.press('plan.effort.add', { ...actionIn(saved.value, 'plan.effort.add').data, effortWhat: NICKNAME, effortResponsible: 'annan', effortOtherParty: UNIT });
    expectLiteral(withEffort.value, [NICKNAME, UNIT]);

    // The form shows the raw text; sent back unchanged, it stores exactly that (no added backslashes).
    const [again] = await flow.anna.say(`plan ${code}`);
    const values = inputValues(again);
    expect(values['ownGoals']).toBe(GOALS);
    expect(values['personDoesThemselves']).toBe(UNIT);
    await flow.anna.press('plan.save', { ...actionIn(again, 'plan.save').data, ...values });
    const plan = (await flow.bot.app.cases.get(TENANT, code))!.state.sipPlan!;
    expect(plan.ownGoals).toBe(GOALS);
    expect(plan.personDoesThemselves).toBe(UNIT);

    flow.connector.reset();
    await flow.anna.press('plan.export', { code });
    const [message] = flow.connector.activitiesIn(ANNA.conversationId);
    expect(message!['textFormat']).toBe('markdown');
    for (const renderer of Object.keys(RENDERERS) as RendererName[]) {
      const html = renderMessageText(String(message!['text']), renderer);
      expect(markupTags(html), renderer).toEqual([]);
      const shown = visibleText(html);
      for (const t of [GOALS, NICKNAME, UNIT, `- ${NICKNAME}. Ansvarig`]) expect(shown, renderer).toContain(asShown(t));
    }
  });
});
