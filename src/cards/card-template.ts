import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot } from '../project-root';

/** An Adaptive Card as JSON, ready to attach or to return from an invoke. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const CARD_TEMPLATES = ['welcome', 'help', 'notice', 'case-form', 'case-hub', 'case-list', 'case-history', 'baseline', 'sip', 'sip-plan-form', 'pre-meeting', 'invitation', 'meeting-checklist', 'plan', 'crisis-plan', 'add-coordinator', 'reminder', 'reminder-list'] as const;
export type CardTemplateName = (typeof CARD_TEMPLATES)[number];

const cache = new Map<CardTemplateName, ACData.Template>();

export const CARDS_DIR = path.join(projectRoot(), 'cards');

/**
 * Expands a template from cards/ with data. Templates are parsed once and kept: they are
 * read-only, and a card is rebuilt from state on every turn.
 */
export function expandCard(name: CardTemplateName, data: object): AdaptiveCard {
  let template = cache.get(name);
  if (template === undefined) {
    template = new ACData.Template(JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8')));
    cache.set(name, template);
  }
  const card = template.expand({ $root: data }) as AdaptiveCard;
  // The templating engine leaves "$schema" in; Teams ignores it, but it is dead weight in every message.
  delete (card as Record<string, unknown>)['$schema'];
  return card;
}
