import { containsPersonnummer } from './personnummer';

/**
 * Why a free-text value cannot be accepted. `tooLong` carries the limit so the caller
 * can tell the user what it is without looking it up again.
 */
export type FreeTextProblem =
  | { readonly kind: 'personnummer' }
  | { readonly kind: 'tooLong'; readonly limit: number };

/**
 * Above this multiple of the limit a value is rejected as too long without being
 * scanned, so that a pasted document (or a hostile payload) costs nothing to refuse.
 */
const SCAN_LIMIT_FACTOR = 10;

/**
 * Counts code points (not UTF-16 units, so an emoji or å typed as one character
 * counts as one), stopping once `stopAfter` is exceeded so a huge value is never
 * walked in full or spread into an array.
 */
function codePointLengthUpTo(value: string, stopAfter: number): number {
  let count = 0;
  for (const _ of value) {
    count++;
    if (count > stopAfter) break;
  }
  return count;
}

/**
 * Checks one free-text value against the privacy guard and its length limit.
 *
 * Length is counted in Unicode code points after trimming, since surrounding
 * whitespace is not stored. A personnummer is reported before `tooLong` because
 * privacy matters more than length: the user must learn that the number has to go,
 * not just shorten the text and keep it. The exception is a value more than 10× the
 * limit, which is refused as `tooLong` without scanning it at all.
 *
 * @param value the raw text as entered.
 * @param maxLength the limit in code points; a non-negative integer.
 * @param today the clock for the personnummer guard's future-date exemption.
 * @returns the problem, or undefined when the value may be stored.
 * @throws RangeError when `maxLength` is not a non-negative integer (a programming error).
 */
export function checkFreeText(value: string, maxLength: number, today: Date = new Date()): FreeTextProblem | undefined {
  if (!Number.isSafeInteger(maxLength) || maxLength < 0) {
    throw new RangeError(`maxLength must be a non-negative integer, got ${maxLength}`);
  }
  const trimmed = value.trim();
  const scanLimit = maxLength * SCAN_LIMIT_FACTOR;
  const length = codePointLengthUpTo(trimmed, scanLimit);
  if (length > scanLimit) return { kind: 'tooLong', limit: maxLength };
  if (containsPersonnummer(trimmed, today)) return { kind: 'personnummer' };
  if (length > maxLength) return { kind: 'tooLong', limit: maxLength };
  return undefined;
}

/**
 * Checks several fields in the given order and returns the first problem, so the user
 * is told about one field at a time, in the order the form shows them. Fields whose
 * value is undefined (not filled in, or not part of this update) are skipped.
 *
 * @param today the clock for the personnummer guard's future-date exemption.
 * @returns the first failing field and its problem, or undefined when all pass.
 */
export function firstFreeTextProblem<K extends string>(
  fields: ReadonlyArray<{ readonly field: K; readonly value: string | undefined; readonly maxLength: number }>,
  today: Date = new Date(),
): { readonly field: K; readonly problem: FreeTextProblem } | undefined {
  for (const { field, value, maxLength } of fields) {
    if (value === undefined) continue;
    const problem = checkFreeText(value, maxLength, today);
    if (problem !== undefined) return { field, problem };
  }
  return undefined;
}

/**
 * Makes typed text safe to store and show, before it is checked: every line break (CR LF, CR,
 * NEL, and the line and paragraph separators U+2028 and U+2029, which make Azurite refuse a
 * batch write) becomes "\n"; control characters other than tab and line feed, lone surrogates
 * and noncharacters, which no one types on purpose and some stores refuse, are removed (a lone
 * surrogate becomes U+FFFD, so the text around it stays as it was).
 */
export function normaliseFreeText(value: string): string {
  return value
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\p{Noncharacter_Code_Point}/gu, '');
}

/**
 * A typed value as it is checked and stored: normalised, trimmed, and undefined when nothing
 * is left, which means "not given".
 */
export function cleanFreeText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = normaliseFreeText(value).trim();
  return cleaned === '' ? undefined : cleaned;
}
