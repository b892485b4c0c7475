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
 * - anywhere: `\` `` ` `` `*` `_` `~` `[` `]` `<` `>` `&` `|` `{` `}`: emphasis, strikethrough,
 *   code, links and images, HTML and autolinks, entities, table cells, and the client's
 *   `{{DATE(…)}}` functions;
 * - at the start of a line (and of the value, which a template may put at one): `#` `-` `+` `=`
 *   and the `.` or `)` after a number, so no heading, list, quote, rule or setext underline forms.
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
  return out.replace(LINE_START, (_whole, start: string, indent: string, mark: string | undefined, digits: string | undefined, after: string | undefined) =>
    mark !== undefined ? `${start}${indent}\\${mark}` : `${start}${indent}${digits}\\${after}`,
  );
}

// `~` stays inside an address: personal pages (/~anna/) are common, and a tilde in a link hides nothing.
const BARE_URL = /https?:\/\/[^\s\\`*[\]<>|{}]+/giu;
const INLINE_MARKUP = /[\\`*_~[\]<>&|{}]/g;
const LINE_START = /(^|[\r\n\u2028\u2029])([ \t]*)(?:([#+=-])|(\d{1,9})([.)]))/g;

function escapeInline(text: string): string {
  return text.replace(INLINE_MARKUP, (c) => `\\${c}`);
}
