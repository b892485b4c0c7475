/**
 * Problem texts every form shares, so a personnummer or an over-long text is refused in the same
 * words everywhere. `{field}` names the field; `{limit}` is the character limit.
 */
export const COMMON_PROBLEMS = {
  sv: {
    personnummer: '{field}: det ser ut som ett personnummer eller samordningsnummer. Sådant får inte sparas; skriv utan det.',
    tooLong: '{field}: texten är för lång, högst {limit} tecken.',
    required: '{field}: fyll i detta.',
  },
  en: {
    personnummer: '{field}: this looks like a personal identity or coordination number. That must not be saved; write without it.',
    tooLong: '{field}: the text is too long, at most {limit} characters.',
    required: '{field}: please fill this in.',
  },
} as const;
