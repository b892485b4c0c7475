/**
 * Problem texts every form shares, so a personnummer or an over-long text is refused in the same
 * words everywhere. `{field}` names the field; `{limit}` is the character limit.
 *
 * The personnummer text says how to write what the guard may take for one by chance (a phone
 * number or a date and time whose digits read as a valid number): neither the +46 form nor a
 * time after "kl." can be read as one (docs/security.md).
 */
export const COMMON_PROBLEMS = {
  sv: {
    personnummer: '{field}: det ser ut som ett personnummer eller samordningsnummer. Sådant får inte sparas; skriv utan det. Är det ett telefonnummer eller en tid? Skriv numret med +46 (+46 10-722 55 00) och "kl." före tiden.',
    tooLong: '{field}: texten är för lång, högst {limit} tecken.',
    required: '{field}: fyll i detta.',
  },
  en: {
    personnummer: '{field}: this looks like a personal identity or coordination number. That must not be saved; write without it. Is it a phone number or a time? Write the number with +46 (+46 10-722 55 00) and "kl." before the time.',
    tooLong: '{field}: the text is too long, at most {limit} characters.',
    required: '{field}: please fill this in.',
  },
} as const;
