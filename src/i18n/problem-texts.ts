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
    personnummer: '{field}: det ser ut som ett personnummer eller samordningsnummer. Sådant får inte sparas; skriv utan det. Är det ett telefonnummer, skriv det med +46 (till exempel +46 10-722 55 00); är det en tid, skriv "kl." före den.',
    tooLong: '{field}: texten är för lång, högst {limit} tecken.',
    required: '{field}: fyll i detta.',
  },
  en: {
    personnummer: '{field}: this looks like a personal identity or coordination number. That must not be saved; write without it. If it is a phone number, write it with +46 (for example +46 10-722 55 00); if it is a time, write "kl." before it.',
    tooLong: '{field}: the text is too long, at most {limit} characters.',
    required: '{field}: please fill this in.',
  },
} as const;
