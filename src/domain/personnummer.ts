/**
 * Detection of Swedish personnummer and samordningsnummer in free text.
 *
 * The bot must never store identities of patients or clients in free-text fields, so
 * this errs on the side of detection: anything shaped like a number that *could* be a
 * real personnummer (plausible date, valid check digit) counts, whether or not the
 * person exists. It deliberately does not check e.g. 30 February: a guard that misses
 * a real number leaks personal data, while an occasional false alarm only asks the
 * user to rephrase.
 *
 * People (and anyone trying to get a number past the guard) write the digits in many
 * ways: grouped in pairs, split by tabs, full stops or slashes, with invisible
 * characters pasted in, or in another script's digits. The text is therefore reduced
 * to groups of digits first, and every run of consecutive groups is a candidate, so
 * it does not matter where the number is split or what separates the parts.
 *
 * The price is that ordinary numbers sometimes read as a valid number by chance, since
 * about one in ten date-shaped digit sequences has a valid check digit. Measured (see
 * test/domain/personnummer-guard.test.ts): random mobile numbers 07X-XXX XX XX under 1 %
 * (only 070 numbers can read as a date, 2007 or 1907, and about 1 in 18 of those does;
 * 010 numbers likewise); +46 forms never; "YYYY-MM-DD HH:MM" never for a future date,
 * about 1 in 10 for a past one; a date and time with "kl" between them never. Anything
 * that exempted such shapes would exempt a real number written the same way, so the
 * only exemption is one no real number can meet: a 12-digit birth date in the future.
 */

/**
 * Removed before matching, as if they were not there: format characters (soft hyphen,
 * zero-width space/joiners, word joiner, bidi marks, byte order mark), anything else
 * Unicode says renders as nothing (variation selectors, Hangul fillers), and combining
 * marks (a keycap ⃣ or accent on a digit leaves the digit readable).
 */
const INVISIBLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}]$/u;

/**
 * A word ends a chain of digit groups: "2026-11-23 kl 13:00" is a date and a time, not
 * one number. Everything else that is not a digit (spaces, tabs, line breaks,
 * punctuation, dashes, symbols, emoji, controls) only separates groups of one chain.
 *
 * Being a letter to Unicode is not enough to be a word. Many letters look like
 * punctuation (modifier letters such as ˍ ʼ ʻ ー ꓸ, the Latin click letters ǀ ǃ, the
 * Canadian syllabics ᐨ), and a single letter of any alphabet can stand where a hyphen
 * would (811218x9876, Cyrillic Ӏ, Han 一). So:
 * - a word letter is a cased letter (Latin, Greek, Cyrillic, Armenian, Georgian …) or an
 *   uncased letter of a script people in Sweden write words in (WORD_SCRIPTS); modifier
 *   letters (Lm) never are. Any other letter is read as a separator;
 * - a run of letters ends the chain only once it holds two word letters. Every word
 *   that meaningfully stands between two numbers ("kl", "nr", "och", "tel") has two;
 *   the Swedish one-letter words (i, å, ö) between two numbers only chain them, which
 *   can at worst cause a false alarm, never hide a number.
 * What is left: two letters that together look like punctuation ("ǀǀ" is not a word,
 * but "ӀӀ" or "一一" are); and a real word between the parts ("811218 nr 9876") ends the
 * chain as "kl" must.
 */
const WORD_LETTER =
  /^(?:\p{LC}|(?=\p{Lo})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Thai}\p{Script=Lao}\p{Script=Tibetan}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Ethiopic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Word letters in a run of letters that end the chain (see WORD_LETTER). */
const WORD_LENGTH = 2;

/** How a character takes part in a number: a digit value 0–9, or one of these. */
const INVISIBLE_KIND = -1;
const WORD_LETTER_KIND = -2;
const SEPARATOR_KIND = -3;
/** The end of the text: ends the last group and the chain. */
const END_KIND = -4;

/**
 * Kinds of the non-ASCII characters met so far. Bounded, so text made of many distinct
 * characters cannot grow it without end; past the bound a character is classified anew.
 */
const kinds = new Map<number, number>();
const MAX_KNOWN_KINDS = 4096;

/**
 * The kind of a non-ASCII character. A decimal digit of any script (Arabic-Indic ٣,
 * Devanagari ३, Bengali ৩ …) is its value: Unicode encodes every set of decimal digits
 * as a contiguous run 0–9, and where sets sit back to back (the mathematical digits)
 * the run is a multiple of ten long, so the value is the distance from the start of
 * the run modulo 10.
 */
function kindOf(codePoint: number): number {
  const known = kinds.get(codePoint);
  if (known !== undefined) return known;
  const char = String.fromCodePoint(codePoint);
  let kind = SEPARATOR_KIND;
  if (DECIMAL_DIGIT.test(char)) {
    let start = codePoint;
    // Bounded: the longest run of decimal digits in Unicode is 50 (U+1D7CE–U+1D7FF).
    while (start > codePoint - 100 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    kind = (codePoint - start) % 10;
  } else if (INVISIBLE.test(char)) {
    kind = INVISIBLE_KIND;
  } else if (WORD_LETTER.test(char)) {
    kind = WORD_LETTER_KIND;
  }
  if (kinds.size < MAX_KNOWN_KINDS) kinds.set(codePoint, kind);
  return kind;
}

/**
 * The Swedish variant of the Luhn algorithm over the 10-digit form YYMMDDNNNC: the
 * first nine digits are weighted 2,1,2,1,… (digits of products summed) and the tenth
 * is the check digit that brings the total to a multiple of 10.
 *
 * @param tenDigits exactly ten ASCII digits; anything else is reported as invalid.
 * @returns true when the last digit is the correct check digit.
 */
export function luhnValid(tenDigits: string): boolean {
  if (!/^\d{10}$/.test(tenDigits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = tenDigits.charCodeAt(i) - 48;
    // Weight 2 on even positions (0-based) of the first nine; the check digit has weight 1.
    const weighted = i % 2 === 0 && i < 9 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

/** YYYYMMDD as a number, for comparing calendar dates without time zones. */
function dayNumber(year: number, month: number, day: number): number {
  return year * 10_000 + month * 100 + day;
}

/**
 * The last birth date that is not in the future. One day of slack, because `today`
 * is read in UTC while a child born just after midnight in Sweden already has a
 * number dated the Swedish day.
 */
function latestBirthDate(today: Date): number {
  const tomorrow = new Date(today.getTime() + 24 * 60 * 60 * 1000);
  return dayNumber(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate());
}

/**
 * Whether 10 or 12 ASCII digits read as a personnummer or samordningsnummer: century
 * 18–20 in the 12-digit form, month 01–12, day 01–31 or 61–91 (samordningsnummer add
 * 60 to the day), valid check digit.
 *
 * Exemption: in the 12-digit form, where the century says which year is meant, a
 * birth date after `latestBirthDate` is not a personnummer, since nobody has been
 * given a number for a day that has not come. This is what keeps a meeting time such
 * as "2026-12-24 10:30" (read as 20261224-1030, valid check digit) from being refused; it cannot hide a
 * real number, whose birth date is in the past. The 10-digit form has no such
 * exemption: its century is not written, and the 1900s reading is always in the past.
 */
function isPersonnummer(digits: string, latest: number): boolean {
  let ten = digits;
  let century: number | undefined;
  if (digits.length === 12) {
    century = Number(digits.slice(0, 2));
    if (century < 18 || century > 20) return false;
    ten = digits.slice(2);
  }
  // Any length but 10 here fails luhnValid, which takes exactly ten digits.
  const month = Number(ten.slice(2, 4));
  const dayField = Number(ten.slice(4, 6));
  if (month < 1 || month > 12) return false;
  const day = dayField > 60 ? dayField - 60 : dayField;
  if (day < 1 || day > 31) return false;
  if (!luhnValid(ten)) return false;
  if (century !== undefined && dayNumber(century * 100 + Number(ten.slice(0, 2)), month, day) > latest) return false;
  return true;
}

const DIGITS = '0123456789';

/** Longest candidate; a group of more digits cannot be part of one. */
const MAX_DIGITS = 12;

/**
 * Whether the text contains something that reads as a Swedish personnummer or
 * samordningsnummer (see isPersonnummer for what that means), however it is written.
 *
 * The text is read as digit groups:
 * - NFKC first, so full-width, superscript, circled and mathematical digits become
 *   ASCII, and every other Unicode decimal digit (Arabic-Indic, Devanagari, …) is
 *   read as its value;
 * - invisible characters and combining marks are dropped (see INVISIBLE);
 * - a maximal run of digits is a group; groups separated only by non-digits (spaces,
 *   line breaks, punctuation, dashes, symbols, letters that make no word) form a
 *   chain; a word ends the chain (see WORD_LETTER for what makes a word).
 *
 * A candidate is any run of consecutive whole groups of one chain holding 10 or 12
 * digits. Whole groups, because a number that continues into more digits without a
 * break is a longer number (an order or account number), not a personnummer; and
 * because taking digits from the middle of groups would refuse most phone numbers and
 * dates. Any split of a real number into groups still yields it as a candidate.
 *
 * Linear in the text: each group is combined with at most the 11 groups before it.
 *
 * @param text anything a user typed.
 * @param today the clock for the future-date exemption; tests pass a fixed date.
 */
export function containsPersonnummer(text: string, today: Date = new Date()): boolean {
  const latest = latestBirthDate(today);
  // The current chain's groups, newest last, only as many as a candidate can span.
  let chain: string[] = [];
  let group = '';
  let groupLength = 0;
  // Word letters in the current run of letters; anything but a letter or an invisible
  // character starts a new run.
  let wordLetters = 0;

  const normalized = text.normalize('NFKC');
  const length = normalized.length;
  for (let i = 0; i <= length; i++) {
    let kind = END_KIND;
    if (i < length) {
      let codePoint = normalized.charCodeAt(i);
      if (codePoint >= 48 && codePoint <= 57) {
        groupLength++;
        if (groupLength <= MAX_DIGITS) group += DIGITS[codePoint - 48];
        wordLetters = 0;
        continue;
      }
      if (codePoint < 128) {
        const lower = codePoint | 32;
        kind = lower >= 97 && lower <= 122 ? WORD_LETTER_KIND : SEPARATOR_KIND;
        // Prose between numbers: nothing to end or forget. The letter count goes stale
        // here, but only a group can start a chain, and its digits reset the count.
        if (kind === WORD_LETTER_KIND && groupLength === 0 && chain.length === 0) continue;
      } else {
        if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < length) {
          const low = normalized.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
            i++;
          }
        }
        kind = kindOf(codePoint);
      }
    }
    if (kind >= 0) {
      groupLength++;
      if (groupLength <= MAX_DIGITS) group += DIGITS[kind];
      wordLetters = 0;
      continue;
    }
    if (kind === INVISIBLE_KIND) continue;
    if (groupLength > MAX_DIGITS) {
      // A group too long to be part of a candidate is a wall between the groups around it.
      chain = [];
    } else if (groupLength > 0) {
      chain.push(group);
      if (chain.length > MAX_DIGITS) chain.shift();
      if (endsWithCandidate(chain, latest)) return true;
    }
    group = '';
    groupLength = 0;
    if (kind === WORD_LETTER_KIND) {
      wordLetters++;
      if (wordLetters >= WORD_LENGTH && chain.length > 0) chain = [];
    } else {
      wordLetters = 0;
    }
  }
  return false;
}

/** Whether some run of whole groups ending with the chain's last one is a personnummer. */
function endsWithCandidate(chain: readonly string[], latest: number): boolean {
  let digits = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    digits = (chain[i] ?? '') + digits;
    if (digits.length > MAX_DIGITS) return false;
    if ((digits.length === 10 || digits.length === 12) && isPersonnummer(digits, latest)) return true;
  }
  return false;
}
