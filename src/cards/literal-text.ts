/**
 * What a user typed, as Markdown that shows exactly what they typed.
 *
 * Card text (TextBlock, Fact title and value) and chat messages are Markdown in Teams and in the
 * Agents Playground (markdown-it with HTML and linkify on), so a nickname such as
 * `[x](https://ev.il)` would otherwise reach the colleague as a link whose target it hides. Every
 * user-typed value goes through here where card data or a message is built, never into an
 * input's value (that must stay what was typed, or saving it again would add backslashes).
 *
 * The rules, all CommonMark backslash escapes (a backslash before ASCII punctuation is that
 * character, literally):
 * - anywhere: `\` `` ` `` `*` `_` `~` `[` `]` `<` `|` `{` `}`, and `&` where it starts an entity:
 *   emphasis, strikethrough, code, links and images, HTML and autolinks, entities, table cells,
 *   and the client's `{{DATE(…)}}` functions;
 * - at the start of a line (and of the value, which a template may put at one): `>`, and `#`,
 *   `-`, `+` or a number's `.` or `)` when a space or the line's end follows, and a line of `=`
 *   or `-` only, so no heading, list, quote, rule or setext underline forms.
 * A bare web address (`https://…`) is left whole so that a meeting link stays a link: what it
 * shows is where it goes, so it hides nothing. Only the characters that could end it in markup
 * (whitespace and the set above except `_`, `&` and `~`) end it, and are escaped as anywhere else.
 *
 * Escaping only what can be markup, not every punctuation mark, keeps stray backslashes out of
 * view on clients whose Markdown does not read escapes (older Teams mobile renderers).
 */
export function literalText(text: string): string {
  let out = '';
  let last = 0;
  for (const url of text.matchAll(BARE_URL)) {
    out += escapeInline(text.slice(last, url.index)) + url[0];
    last = url.index + url[0].length;
  }
  out += escapeInline(text.slice(last));
  return out.split(LINE_BREAK).map(escapeLineStart).join('');
}

// `~` stays inside an address: personal pages (/~anna/) are common, and a tilde in a link hides nothing.
const BARE_URL = /https?:\/\/[^\s\\`*[\]<>|{}]+/giu;
// `&` only where it starts an entity, and `>` only at a line start (below): "Vård & omsorg" and
// "ålder > 18" are ordinary text and keep no backslash.
const INLINE_MARKUP = /[\\`*_~[\]<|{}]|&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g;
// Split with the breaks kept, so each line's start can be looked at on its own.
const LINE_BREAK = /(\r\n|[\r\n\u2028\u2029])/;
/** Markers that make a block only when a space or the line's end follows (or a line of them). */
const BLOCK_MARK = /^(?:#{1,6}|[+-])(?=[ \t]|$)|^(?:=+|-+)[ \t]*$|^>/;
const NUMBERED = /^(\d{1,9})([.)])(?=[ \t]|$)/;

function escapeInline(text: string): string {
  return text.replace(INLINE_MARKUP, (c) => `\\${c}`);
}

/** Headings, lists, quotes, rules and setext underlines form only at a line start. */
function escapeLineStart(line: string): string {
  const indent = /^[ \t]*/.exec(line)![0];
  const rest = line.slice(indent.length);
  if (BLOCK_MARK.test(rest)) return `${indent}\\${rest}`;
  const numbered = NUMBERED.exec(rest);
  if (numbered === null) return line;
  const digits = numbered[1]!;
  return `${indent}${digits}\\${rest.slice(digits.length)}`;
}

/**
 * A typed reason as a sentence in running text: with a full stop unless it already ends a
 * sentence, so the words after it do not run into it ("…just nu Lägg till…").
 */
export function literalSentence(text: string): string {
  const literal = literalText(text);
  return /[.!?…]["')\]]*$/.test(text.trim()) ? literal : `${literal}.`;
}
