import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import { formatText } from 'adaptivecards/lib/text-formatters.js';

// The package's entry needs a DOM; its UMD build parses cards and processes Markdown without one.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/**
 * The Markdown renderers a card or message meets. The Agents Playground renders card and chat
 * Markdown with markdown-it, HTML and bare-URL links on (then sanitises the HTML, which still
 * lets links through); Teams documents links, emphasis and lists only. Typographic replacements
 * (`--` to a dash) are left out: they change punctuation, not what is a link or markup.
 */
export const RENDERERS = {
  playground: new MarkdownIt({ html: true, linkify: true }),
  teams: new MarkdownIt({ html: false, linkify: false }),
} as const;
export type RendererName = keyof typeof RENDERERS;

/**
 * A TextBlock's or Fact's text as a client shows it: the adaptivecards library's own steps, its
 * {{DATE()}}/{{TIME()}} functions and then its Markdown hook, here given markdown-it.
 */
export function renderCardText(text: string, renderer: RendererName): string {
  AC.AdaptiveCard.onProcessMarkdown = (markdown, result) => {
    result.outputHtml = RENDERERS[renderer].render(markdown);
    result.didProcess = true;
  };
  try {
    return AC.AdaptiveCard.applyMarkdown(formatText('sv-SE', text) ?? '').outputHtml ?? '';
  } finally {
    AC.AdaptiveCard.onProcessMarkdown = undefined;
  }
}

/** Chat message text (Markdown) as the client shows it. */
export function renderMessageText(text: string, renderer: RendererName): string {
  return RENDERERS[renderer].render(text);
}

const decode = (s: string): string =>
  s.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_w, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[e] ?? '');

const sameTarget = (href: string, shown: string): boolean => {
  const norm = (s: string) => {
    try {
      return decodeURIComponent(decode(s));
    } catch {
      return decode(s);
    }
  };
  return norm(href) === norm(shown);
};

/**
 * A link whose visible text is its own address (a bare URL made clickable) hides nothing: it is
 * replaced by its text. Any other link stays, to be caught.
 */
export function withoutHonestLinks(html: string): string {
  return html.replace(/<a href="([^"]*)">([^<]*)<\/a>/g, (whole, href: string, shown: string) => (sameTarget(href, shown) ? shown : whole));
}

/** The tags of rendered HTML that carry meaning (paragraphs and line breaks are layout only). */
export function markupTags(html: string): string[] {
  return [...withoutHonestLinks(html).matchAll(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi)].map((m) => m[0]).filter((t) => !/^<\/?(p|br)\b/i.test(t));
}

/** What the reader sees: the text without tags, entities decoded, runs of whitespace as one space. */
export function visibleText(html: string): string {
  return collapse(decode(withoutHonestLinks(html).replace(/<[^>]+>/g, ' ')));
}

export const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Every Markdown-rendered text of a card (TextBlock text, Fact title and value), in order. */
export function markdownTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(markdownTexts);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own: string[] = [];
  if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') own.push(o['text']);
  if (o['type'] === 'FactSet' && Array.isArray(o['facts'])) for (const f of o['facts'] as Array<Record<string, unknown>>) own.push(String(f['title'] ?? ''), String(f['value'] ?? ''));
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'facts').flatMap(([, v]) => markdownTexts(v))];
}

/** Every input's value in a card, by id. */
export function inputValues(node: unknown): Record<string, unknown> {
  if (Array.isArray(node)) return Object.assign({}, ...node.map(inputValues)) as Record<string, unknown>;
  if (typeof node !== 'object' || node === null) return {};
  const o = node as Record<string, unknown>;
  const own = typeof o['type'] === 'string' && (o['type'] as string).startsWith('Input.') && typeof o['id'] === 'string' ? { [o['id'] as string]: o['value'] } : {};
  return Object.assign({}, own, ...Object.values(o).map(inputValues)) as Record<string, unknown>;
}

/** A chat message as its reader sees it, one line per paragraph (how the exports keep their layout). */
export function messageLines(text: string, renderer: RendererName = 'teams'): string {
  return [...renderMessageText(text, renderer).matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, ''))).join('\n');
}
