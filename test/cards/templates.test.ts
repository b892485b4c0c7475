import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/command-catalogue';
import { CARD_TEMPLATES, CARDS_DIR, type AdaptiveCard } from '../../src/cards/card-template';
import { helpCard } from '../../src/cards/help-card';
import { noticeCard } from '../../src/cards/notice-card';
import { welcomeCard } from '../../src/cards/welcome-card';

// The package's entry needs a DOM; its UMD build parses cards without one.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Parses a card the way a client would and returns every parse event (errors and warnings). */
function parseEvents(card: AdaptiveCard): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) events.push(`validation ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return events;
}

/** Every template with sample data, in both languages. */
const SAMPLES: Record<(typeof CARD_TEMPLATES)[number], () => AdaptiveCard[]> = {
  welcome: () => [welcomeCard('sv', 'personal'), welcomeCard('en', 'groupChat')],
  help: () => [helpCard('sv', COMMANDS), helpCard('en', COMMANDS)],
  notice: () => [noticeCard('sv', { title: 'Rubrik', body: 'Text', showHelp: true }), noticeCard('en', { title: 'Title', body: 'Body' })],
};

describe('card templates', () => {
  it('has a builder and samples for every file in cards/', () => {
    const files = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect([...files].sort()).toEqual([...CARD_TEMPLATES].sort());
  });

  for (const name of CARD_TEMPLATES) {
    it(`${name}: expands to an Adaptive Card 1.5 that parses with no errors or warnings`, () => {
      for (const card of SAMPLES[name]()) {
        expect(card.type).toBe('AdaptiveCard');
        expect(card.version).toBe('1.5');
        expect(JSON.stringify(card)).not.toMatch(/\$\{|\$data|\$when/);
        expect(parseEvents(card)).toEqual([]);
      }
    });
  }

  it('reports problems in a broken card, so the check can fail', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement' }], actions: [{ type: 'Action.Execute' }] } as AdaptiveCard;
    expect(parseEvents(broken).length).toBeGreaterThan(0);
  });

  it('uses Action.Execute with a verb for every button', () => {
    const cards = Object.values(SAMPLES).flatMap((make) => make());
    const actions = cards.flatMap((c) => (c['actions'] as Array<Record<string, unknown>> | undefined) ?? []);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatchObject({ type: 'Action.Execute', verb: expect.any(String) });
  });

  it('leaves out the help button when not asked for', () => {
    expect(noticeCard('sv', { title: 't', body: 'b' })['actions']).toEqual([]);
  });
});
