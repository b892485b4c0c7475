/**
 * Detection of Swedish personnummer and samordningsnummer in free text.
 *
 * The bot must never store identities of patients or clients in free-text fields, so
 * this errs on the side of detection: anything shaped like a number that *could* be a
 * real personnummer (plausible date, valid check digit) counts, whether or not the
 * person exists. It deliberately does not check e.g. 30 February: a guard that misses
 * a real number leaks personal data, while an occasional false alarm only asks the
 * user to rephrase.
 */

/**
 * Characters people put between the date and the last four digits. `-` is the
 * standard, `+` marks someone aged 100 or more, a space is common in typed text, and
 * the Unicode dashes come from word processors and mobile keyboards that "correct" a
 * hyphen when text is pasted into Teams.
 */
const SEPARATORS = [
  '-',
  '+',
  ' ',
  '\u2010', // ‐ hyphen
  '\u2011', // ‑ non-breaking hyphen
  '\u2012', // ‒ figure dash
  '\u2013', // – en dash
  '\u2014', // — em dash
  '\u2212', // − minus sign
] as const;

/** A leading or embedded `-` would otherwise turn the class into a range. */
function escapeForClass(char: string): string {
  return /[\\\]^-]/.test(char) ? `\\${char}` : char;
}

const SEPARATOR_CLASS = `[${SEPARATORS.map(escapeForClass).join('')}]`;

/**
 * Candidates for a personnummer. Validation that a regex expresses badly (the Luhn
 * check digit) is done in code on each candidate.
 */
const PERSONNUMMER_CANDIDATE = new RegExp(
  [
    // Must not continue a longer run of digits: a 14-digit order or account number is
    // not a personnummer just because 10 of its digits happen to be. Only digits are
    // excluded, so numbers glued to letters ("pnr199001012385x") are still found.
    '(?<!\\d)',
    // Optional century, i.e. the 12-digit form. Only centuries in which people who
    // are alive (or recently were) can be born, so other 12-digit numbers don't match.
    '(?:18|19|20)?',
    '(?<date>',
    // Two-digit year: every value is valid.
    '\\d{2}',
    // Month 01–12: rules out most other numbers of the same length.
    '(?:0[1-9]|1[0-2])',
    // Day 01–31, or 61–91 for a samordningsnummer (which adds 60 to the day).
    '(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])',
    ')',
    // At most one separator between date and birth number.
    `${SEPARATOR_CLASS}?`,
    // Three-digit birth number and the check digit.
    '(?<serial>\\d{4})',
    // Same reason as the lookbehind: the number must end where the digits end.
    '(?!\\d)',
  ].join(''),
  'g',
);

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

/**
 * Whether the text contains something shaped like a Swedish personnummer or
 * samordningsnummer: YYMMDDNNNN or YYYYMMDDNNNN (century 18–20), optionally with one
 * separator (`-`, `+`, space or a Unicode dash) before the last four digits, a
 * plausible month and day (day + 60 for samordningsnummer) and a valid Luhn check
 * digit. Surrounding digits disqualify a candidate; surrounding letters do not.
 *
 * The text is NFKC-normalised first so that full-width digits (and no-break spaces,
 * full-width hyphens) typed on some keyboards cannot be used to slip a number past.
 */
export function containsPersonnummer(text: string): boolean {
  const normalized = text.normalize('NFKC');
  // matchAll clones the regex, so the shared global regex carries no lastIndex state.
  for (const match of normalized.matchAll(PERSONNUMMER_CANDIDATE)) {
    const date = match.groups?.['date'];
    const serial = match.groups?.['serial'];
    if (date !== undefined && serial !== undefined && luhnValid(date + serial)) return true;
  }
  return false;
}
