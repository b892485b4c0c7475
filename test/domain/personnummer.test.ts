import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { containsPersonnummer, luhnValid } from '../../src/domain/personnummer';
import { withCheckDigit } from '../support/check-digit';
import { passesLuhn } from '../support/luhn';

/** The same ten digits with a different (therefore wrong) check digit. */
function withWrongCheckDigit(ten: string, replacement?: string): string {
  const last = Number(ten.slice(-1));
  return ten.slice(0, -1) + (replacement ?? String((last + 1) % 10));
}

const toFullWidth = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const SEPARATORS = ['', '-', '+', ' ', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212'] as const;

describe('luhnValid', () => {
  it('accepts the Skatteverket test number and rejects every other check digit', () => {
    expect(luhnValid('1212121212')).toBe(true);
    for (let d = 0; d <= 9; d++) {
      if (d === 2) continue;
      expect(luhnValid(`121212121${d}`)).toBe(false);
    }
  });

  it('agrees with an independent implementation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        expect(luhnValid(withCheckDigit(nine))).toBe(true);
      }),
      { numRuns: 500 },
    );
    // Both ways: any ten digits (about one in ten passes), judged by the right-to-left Luhn test.
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (ten) => {
        expect(luhnValid(ten)).toBe(passesLuhn(ten));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects anything that is not exactly ten ASCII digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('121212121')).toBe(false);
    expect(luhnValid('191212121212')).toBe(false);
    expect(luhnValid('121212-1212')).toBe(false);
    expect(luhnValid(toFullWidth('1212121212'))).toBe(false);
    // The valid 1212121212 with one more character after it: the sum runs over the first ten,
    // which pass, so only the match of the whole string refuses these.
    expect(luhnValid('12121212120')).toBe(false);
    expect(luhnValid('1212121212x')).toBe(false);
  });
});

describe('containsPersonnummer: detected', () => {
  const samordningsnummer = withCheckDigit('121272123'); // 12 December 2012, day + 60
  const twentyFirstCentury = withCheckDigit('150307987'); // 2015-03-07

  it.each([
    ['12 digits with hyphen', '19121212-1212'],
    ['12 digits bare', '191212121212'],
    ['10 digits with hyphen', '121212-1212'],
    ['10 digits bare', '1212121212'],
    ['10 digits with plus (100+ years old)', '121212+1212'],
    ['10 digits with space', '121212 1212'],
    ['10 digits with no-break space', '121212\u00a01212'],
    ['10 digits with en dash', '121212\u20131212'],
    ['12 digits with en dash', '19121212\u20131212'],
    ['10 digits with minus sign', '121212\u22121212'],
    ['10 digits with non-breaking hyphen', '121212\u20111212'],
    ['10 digits with full-width hyphen', '121212\uff0d1212'],
    ['full-width digits', toFullWidth('19121212-1212')],
    ['full-width digits, bare', toFullWidth('1212121212')],
    ['in a Swedish sentence', 'Patienten 19121212-1212 ska kallas till SIP-möte på torsdag.'],
    ['after a label, before a full stop', 'pnr:121212-1212.'],
    ['glued to letters', 'pnr191212121212x'],
    ['in parentheses', 'Tolvan Tolvansson (121212-1212)'],
    ['at the end of a line', 'Kontakt:\n121212-1212'],
    ['samordningsnummer, 10 digits', `${samordningsnummer.slice(0, 6)}-${samordningsnummer.slice(6)}`],
    ['samordningsnummer, 12 digits bare', `20${samordningsnummer}`],
    ['12 digits with century 20', `20${twentyFirstCentury.slice(0, 6)}-${twentyFirstCentury.slice(6)}`],
    ['12 digits with century 20, bare', `20${twentyFirstCentury}`],
    ['12 digits with century 18', '18121212-1212'],
    ['two separators', '121212--1212'],
    ['separator inside the date', '1212-12-1212'],
    ['second of two candidates', 'Ärende 2026-0042, tel 070-123 45 67, pnr 121212-1212'],
  ])('%s: %s', (_label, text) => {
    expect(containsPersonnummer(text)).toBe(true);
  });

  it('checks the helpers produced the numbers the cases rely on', () => {
    expect(samordningsnummer).toMatch(/^121272123\d$/);
    expect(passesLuhn(samordningsnummer)).toBe(true);
    expect(passesLuhn(twentyFirstCentury)).toBe(true);
  });
});

/**
 * How people and attackers wrote 811218-9876 (Luhn-valid) when the guard was tried in issue 9.
 * Each of these reached storage through every free-text field before the text was normalised.
 */
describe('containsPersonnummer: what people and attackers type (issue 9)', () => {
  const arabicIndic = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
  const devanagari = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0x0966 + Number(d)));

  it.each([
    ['tab', '811218\t9876'],
    ['newline', '811218\n9876'],
    ['CRLF', '811218\r\n9876'],
    ['spaced hyphen', '811218 - 9876'],
    ['full stop', '811218.9876'],
    ['slash', '811218/9876'],
    ['underscore', '811218_9876'],
    ['colon', '811218:9876'],
    ['horizontal bar', '811218\u20159876'],
    ['grouped in pairs', '81 12 18-9876'],
    ['12 digits grouped in fours', '1981 1218-9876'],
    ['12 digits, date with hyphens', '1981-12-18-9876'],
    ['date with full stops', '81.12.18-9876'],
    ['zero-width space inside the date', '8112\u200b18-9876'],
    ['soft hyphen as the separator', '811218\u00ad9876'],
    ['word joiner between every digit', [...'8112189876'].join('\u2060')],
    ['right-to-left mark inside', '811218-98\u200f76'],
    ['zero-width joiner and non-joiner', '81\u200d1218\u200c-9876'],
    ['byte order mark', '\ufeff811218-\ufeff9876'],
    ['Arabic-Indic digits', arabicIndic('811218-9876')],
    ['Devanagari digits', devanagari('811218-9876')],
    ['Devanagari digits, 12 digits', devanagari('19811218-9876')],
    ['mixed scripts', `${arabicIndic('8112')}18-${devanagari('98')}76`],
    ['keycap emoji', [...'8112189876'].map((d) => `${d}\ufe0f\u20e3`).join('')],
    ['superscript digits', '⁸¹¹²¹⁸-⁹⁸⁷⁶'],
    ['in a sentence, grouped', 'Pat. född 81 12 18 - 9876, ska kallas.'],
    ['after a date, joined by a space', 'Möte 2026-12-03 811218-9876'],
  ])('%s', (_label, text) => {
    expect(containsPersonnummer(text)).toBe(true);
  });

  // Characters that look like punctuation but are letters to Unicode, and single
  // letters used as the separator: none of them is a word, so none ends the number.
  it.each([
    ['modifier letter low macron (Lm)', '811218\u02cd9876'],
    ['modifier letter apostrophe (Lm)', '811218\u02bc9876'],
    ['katakana prolonged sound mark (Lm)', '811218\u30fc9876'],
    ['Lisu tone letter that looks like a full stop (Lm)', '811218\ua4f89876'],
    ['modifier letter turned comma between pairs (Lm)', '81\u02bb12\u02bb18-9876'],
    ['Arabic tatweel (Lm)', '811218\u06409876'],
    ['two katakana prolonged sound marks', '811218\u30fc\u30fc9876'],
    ['Latin letter dental click, looks like a bar (uncased Lo)', '811218\u01c09876'],
    ['two Latin letter dental clicks', '811218\u01c0\u01c09876'],
    ['Latin letter retroflex click, looks like an exclamation mark', '811218\u01c39876'],
    ['Latin x between the parts', '811218x9876'],
    ['Latin x between spaced parts', '811218 x 9876'],
    ['Cyrillic ha between the parts', '811218\u04459876'],
    ['Cyrillic palochka, looks like a bar', '811218\u04c09876'],
    ['Han one, looks like a dash', '811218\u4e009876'],
    ['Hangul vowel eu, looks like a dash', '811218\u31619876'],
    ['single letters between every pair', '81 a 12 b 18 c 9876'],
    ['one letter between modifier letters', '811218\u02bcx\u02bc9876'],
  ])('letter that is no word: %s', (_label, text) => {
    expect(containsPersonnummer(text)).toBe(true);
  });

  it('a word of two letters still ends the number, as a word between a date and a time must', () => {
    expect(containsPersonnummer('811218 nr 9876')).toBe(false);
    expect(containsPersonnummer('Mötet hålls 2026-11-23 kl 13:00')).toBe(false);
    expect(containsPersonnummer('811218 \u043d\u0440 9876')).toBe(false); // Cyrillic "нр"
  });
});

describe('containsPersonnummer: a birth date in the future is not a personnummer', () => {
  // 2026-12-24 with birth number 100: what "2026-12-24 10:0x" reads as, with a valid check digit.
  const christmasEve = withCheckDigit('261224100');
  const christmasEveCoordination = withCheckDigit('261284100');
  const before = new Date('2026-11-29T10:00:00Z');

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a 12-digit number whose date has not come through, and refuses it from the day before', () => {
    const text = `Möte 2026-12-24 ${christmasEve.slice(6, 8)}:${christmasEve.slice(8)}`;
    expect(containsPersonnummer(text, before)).toBe(false);
    expect(containsPersonnummer(`20${christmasEve}`, before)).toBe(false);
    expect(containsPersonnummer(`20${christmasEveCoordination}`, before)).toBe(false);
    // One day of slack: the UTC date lags the Swedish one around midnight.
    expect(containsPersonnummer(`20${christmasEve}`, new Date('2026-12-23T00:00:00Z'))).toBe(true);
    expect(containsPersonnummer(text, new Date('2026-12-24T12:00:00Z'))).toBe(true);
    expect(containsPersonnummer(`20${christmasEveCoordination}`, new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('still refuses the 10-digit form, which may mean 1926', () => {
    expect(containsPersonnummer(`${christmasEve.slice(0, 6)}-${christmasEve.slice(6)}`, before)).toBe(true);
    expect(containsPersonnummer(`19${christmasEve}`, before)).toBe(true);
  });

  it('reads the clock at the call when no date is given', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(before);
    expect(containsPersonnummer(`20${christmasEve}`)).toBe(false);
    vi.setSystemTime(new Date('2027-01-01T00:00:00Z'));
    expect(containsPersonnummer(`20${christmasEve}`)).toBe(true);
  });
});

describe('containsPersonnummer: not detected', () => {
  const month13 = withCheckDigit('121312121');
  const day32 = withCheckDigit('121232121');
  const day00 = withCheckDigit('121200121');
  const day92 = withCheckDigit('121292121'); // beyond samordningsnummer range
  const day60 = withCheckDigit('121260121'); // day 0 + 60
  const month00 = withCheckDigit('120012121');
  // Century 21: the 10-digit reading of the first digits ("2150…") has month 50, so
  // nothing else in the string can be mistaken for a number either.
  const century21 = withCheckDigit('501212121');

  it.each([
    ['wrong check digit, 12 digits', '19121212-1213'],
    ['wrong check digit, 10 digits', '121212-1213'],
    ['wrong check digit, bare', '1212121210'],
    ['month 13', `${month13.slice(0, 6)}-${month13.slice(6)}`],
    ['month 00', month00],
    ['day 32', `${day32.slice(0, 6)}-${day32.slice(6)}`],
    ['day 00', `19${day00}`],
    ['day 60 (samordningsnummer of day 0)', day60],
    ['day 92', day92],
    ['century 21', `21${century21.slice(0, 6)}-${century21.slice(6)}`],
    ['century 21, bare', `21${century21}`],
    ['14-digit run containing a valid 12-digit number', '19121212121212'],
    ['14-digit run containing a valid 10-digit number at its end', '99991212121212'],
    ['11-digit run', '01212121212'],
    ['valid number with an extra digit after the separator part', '121212-12120'],
    ['valid number preceded by a digit and separator-free', '91212121212'],
    ['mobile number', 'Ring 070-123 45 67'],
    ['Stockholm number', '08-123 456 78'],
    ['case code', 'VSS-2026-0042'],
    ['ISO date', 'Mötet hålls 2026-11-23 kl 13:00'],
    ['amount', 'Kostnad 12 345 kr'],
    ['empty string', ''],
    ['plain text', 'Samordnad individuell plan upprättad.'],
  ])('%s: %s', (_label, text) => {
    expect(containsPersonnummer(text)).toBe(false);
  });

  it('checks the helpers produced Luhn-valid numbers, so only the tested rule rejects them', () => {
    for (const ten of [month13, day32, day00, day92, day60, month00, century21]) {
      expect(passesLuhn(ten)).toBe(true);
    }
  });
});

type Form = { readonly century: boolean; readonly separator: string; readonly fullWidth: boolean };

/** A valid personnummer or samordningsnummer in a random written form. */
const personnummerArb = fc
  .record({
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
    samordning: fc.boolean(),
    serial: fc.integer({ min: 0, max: 999 }),
    century: fc.boolean(),
    separator: fc.constantFrom(...SEPARATORS),
    fullWidth: fc.boolean(),
  })
  .map(({ date, samordning, serial, century, separator, fullWidth }) => {
    const year = date.getUTCFullYear();
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
    const day = date.getUTCDate() + (samordning ? 60 : 0);
    const ten = withCheckDigit(`${pad(year % 100)}${pad(date.getUTCMonth() + 1)}${pad(day)}${pad(serial, 3)}`);
    const form: Form = { century, separator, fullWidth };
    return { ten, year, form };
  });

function write(ten: string, year: number, form: Form): string {
  const prefix = form.century ? String(Math.floor(year / 100)) : '';
  const text = `${prefix}${ten.slice(0, 6)}${form.separator}${ten.slice(6)}`;
  return form.fullWidth ? toFullWidth(text) : text;
}

/** Text around the number, which after normalisation must not extend its run of digits. */
const surroundingArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', 'å', ' ', '-', '+', ':', '.', '\n', '1', '9', '0', '½', '①', '２'), maxLength: 30 }),
);

describe('containsPersonnummer: properties', () => {
  it('finds any valid number, in any form, embedded in text that does not continue its digits', () => {
    fc.assert(
      fc.property(surroundingArb, personnummerArb, surroundingArb, (before, { ten, year, form }, after) => {
        // A digit of any script, even behind invisible characters or marks, would join the number's run.
        fc.pre(!/\p{Nd}[\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}]*$/u.test(before.normalize('NFKC')));
        fc.pre(!/^[\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}]*\p{Nd}/u.test(after.normalize('NFKC')));
        expect(containsPersonnummer(before + write(ten, year, form) + after)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects the bare number, in any form, when the check digit is changed to any other digit', () => {
    fc.assert(
      fc.property(personnummerArb, fc.integer({ min: 1, max: 9 }), ({ ten, year, form }, shift) => {
        const wrong = withWrongCheckDigit(ten, String((Number(ten.slice(-1)) + shift) % 10));
        expect(containsPersonnummer(write(wrong, year, form))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        expect(typeof containsPersonnummer(text)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
