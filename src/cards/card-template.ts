import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root';
import { compileTemplate, type CompiledTemplate } from './compiled-template';

/** An Adaptive Card as JSON, ready to attach or to return from an invoke. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const CARD_TEMPLATES = ['welcome', 'help', 'notice', 'case-kind', 'case-form', 'case-hub', 'case-list', 'case-history', 'baseline', 'sip', 'sip-plan-form', 'pre-meeting', 'invitation', 'meeting-checklist', 'plan', 'crisis-plan', 'add-coordinator', 'reminder', 'reminder-list', 'consent', 'colleague-request', 'evaluation'] as const;
export type CardTemplateName = (typeof CARD_TEMPLATES)[number];

const cache = new Map<CardTemplateName, CompiledTemplate>();

export const CARDS_DIR = path.join(projectRoot(), 'cards');

/** The template as written in cards/, for anything that needs the source rather than a card. */
export function cardTemplateSource(name: CardTemplateName): unknown {
  return JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8'));
}

/** Called with each expansion when set; the tests compare it with adaptivecards-templating's own. */
let observer: ((name: CardTemplateName, data: object, card: AdaptiveCard) => void) | undefined;
export function observeCardExpansions(next: typeof observer): void {
  observer = next;
}

/**
 * Expands a template from cards/ with data. Templates are compiled once and kept: they are
 * read-only, and a card is rebuilt from state on every turn.
 */
export function expandCard(name: CardTemplateName, data: object): AdaptiveCard {
  let template = cache.get(name);
  if (template === undefined) {
    template = compileTemplate(cardTemplateSource(name));
    cache.set(name, template);
  }
  const card = template.expand(data) as AdaptiveCard;
  // The templating language leaves "$schema" in; Teams ignores it, but it is dead weight in every message.
  delete (card as Record<string, unknown>)['$schema'];
  observer?.(name, data, card);
  return card;
}
