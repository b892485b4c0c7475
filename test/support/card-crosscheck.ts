import * as ACData from 'adaptivecards-templating';
import { afterEach } from 'vitest';
import { cardTemplateSource, observeCardExpansions, type CardTemplateName } from '../../src/cards/card-template';

/**
 * Cards are expanded by templates compiled in src/cards/compiled-template.ts; adaptivecards-templating
 * defines what a template means. Every card the suite renders is also expanded by the library from
 * the same data and the two must be equal, so the whole suite's cards are the differential test.
 * A difference throws inside the turn that rendered the card, and fails the test that made it even
 * where the bot turned the throw into an error message.
 * CARD_CROSSCHECK_EVERY=n checks one card in n (default 1, every card).
 */
const every = Math.max(1, Number(process.env['CARD_CROSSCHECK_EVERY'] ?? '1') || 1);
const templates = new Map<CardTemplateName, ACData.Template>();
let seen = 0;
const differences: string[] = [];

afterEach(() => {
  const found = differences.splice(0);
  if (found.length > 0) throw new Error(found[0]);
});

/**
 * Teams shows at most six actions in a row (its host config's maxActions; the Agents Playground
 * uses the same) and drops the rest without a word, so a seventh button would silently vanish.
 * Checked on every card the suite renders: each card's and each ActionSet's actions.
 */
const TEAMS_MAX_ACTIONS = 6;

function tooManyActions(node: unknown, path: string): string | undefined {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const found = tooManyActions(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  const actions = record['actions'];
  if (Array.isArray(actions) && actions.length > TEAMS_MAX_ACTIONS) return `${path}.actions has ${actions.length}`;
  for (const [key, value] of Object.entries(record)) {
    const found = tooManyActions(value, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function crossCheck(name: CardTemplateName, data: object, card: Record<string, unknown>): void {
  const crowded = tooManyActions(card, name);
  if (crowded !== undefined) {
    const problem = `The card '${name}' has more actions in a row than Teams shows (${TEAMS_MAX_ACTIONS}): ${crowded}`;
    differences.push(problem);
    throw new Error(problem);
  }
  if (seen++ % every !== 0) return;
  let template = templates.get(name);
  if (template === undefined) {
    template = new ACData.Template(cardTemplateSource(name));
    templates.set(name, template);
  }
  const expected = template.expand({ $root: data }) as Record<string, unknown>;
  delete expected['$schema'];
  const want = JSON.stringify(expected);
  const got = JSON.stringify(card);
  if (want !== got) {
    const difference = `The compiled template '${name}' expanded differently from adaptivecards-templating.\nlibrary:  ${want}\ncompiled: ${got}`;
    differences.push(difference);
    throw new Error(difference);
  }
}

observeCardExpansions(crossCheck);

/** Runs fn with no card compared: for a test that counts what the library is asked. */
export function withoutCrossCheck<T>(fn: () => T): T {
  observeCardExpansions(undefined);
  try {
    return fn();
  } finally {
    observeCardExpansions(crossCheck);
  }
}
