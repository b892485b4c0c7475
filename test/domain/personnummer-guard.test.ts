import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFreeText } from '../../src/domain/free-text';
import { containsPersonnummer } from '../../src/domain/personnummer';
import { withCheckDigit } from '../support/check-digit';
import { passesLuhn } from '../support/luhn';

/**
 * The guard held honest both ways: every real personnummer is refused however it is
 * written, and what coordinators ordinarily write is not. The clock is fixed so that
 * "in the future" means the same thing on every run.
 */
const TODAY = new Date('2026-11-29T10:00:00Z');

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A real personnummer or samordningsnummer as ASCII digits: born no later than TODAY. */
const numberArb = fc
  .record({
    born: fc.date({ min: new Date('1880-01-01T00:00:00Z'), max: TODAY, noInvalidDate: true }),
    samordning: fc.boolean(),
    serial: fc.integer({ min: 0, max: 999 }),
    twelve: fc.boolean(),
  })
  .map(({ born, samordning, serial, twelve }) => {
    const year = born.getUTCFullYear();
    const day = born.getUTCDate() + (samordning ? 60 : 0);
    const ten = withCheckDigit(`${pad(year % 100)}${pad(born.getUTCMonth() + 1)}${pad(day)}${pad(serial, 3)}`);
    return twelve ? `${Math.floor(year / 100)}${ten}` : ten;
  });

/** Zeros of decimal digit sets whose 0–9 are consecutive code points. */
const DIGIT_ZEROS = [
  0x30, // ASCII
  0xff10, // full-width
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Persian, Urdu)
  0x0966, // Devanagari
  0x09e6, // Bengali
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0be6, // Tamil
  0x0e50, // Thai
  0x0ed0, // Lao
  0x0f20, // Tibetan
  0x1040, // Myanmar
  0x17e0, // Khmer
  0x1810, // Mongolian
  0x07c0, // NKo
  0xa8d0, // Saurashtra
  0x104a0, // Osmanya
  0x1e950, // Adlam
  0x1d7ce, // mathematical bold
  0x1d7f6, // mathematical monospace
  0x1fbf0, // segmented
  0x2080, // subscript
] as const;
const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'] as const;
const CIRCLED = ['⓪', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'] as const;

const digitScriptArb = fc.oneof(
  fc.constantFrom(...DIGIT_ZEROS).map((zero) => (d: number) => String.fromCodePoint(zero + d)),
  fc.constant((d: number) => SUPERSCRIPT[d] ?? ''),
  fc.constant((d: number) => CIRCLED[d] ?? ''),
);

/** What people and keyboards put between the parts of a number. */
const SEPARATOR_CHARS = [
  ' ', '\t', '\n', '\r\n', '\r', '-', ' - ', '+', '.', ',', '/', '\\', '_', ':', ';', '(', ')', '[', ']', '*', '#', '|',
  '~', '=', "'", '"', '·', '•', '→', '😀', '\u00a0', '\u2007', '\u2009', '\u202f', '\u3000', '\u2010', '\u2011', '\u2012',
  '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d', '\uff0e', '\u2028', '\u2029', '\u0085', '\u0000', '\u001f',
  // Letters to Unicode that look like punctuation: modifier letters (Lm) and uncased Latin letters.
  '\u02cd', '\u02bc', '\u02bb', '\u02d0', '\u30fc', '\ua4f8', '\u0640', '\u3005', '\u01c0', '\u01c3', '\u0294',
] as const;

/** What renders as nothing (or only decorates the digit before it). */
const INVISIBLE_CHARS = [
  '\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d',
  '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u034f', '\ufe0e', '\ufe0f', '\u180e', '\u2061', '\u2062',
  '\u2063', '\u2064', '\u3164', '\u115f', '\u1160', '\uffa0', '\u{e0020}', '\u{e0001}', '\u0301', '\u20e3',
] as const;

const separatorArb = fc.array(fc.constantFrom(...SEPARATOR_CHARS), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
const invisibleArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...INVISIBLE_CHARS), { minLength: 1, maxLength: 3 }).map((a) => a.join('')) },
);

/** After each digit but the last: maybe invisible characters, maybe a separator run, maybe more invisible ones. */
const gapArb = fc.tuple(invisibleArb, fc.option(separatorArb, { freq: 2 }), invisibleArb).map(([a, sep, b]) => a + (sep ?? '') + b);

/** The number written out: split anywhere, any separators, invisible characters, each digit in a random script. */
const writtenArb = numberArb.chain((digits) =>
  fc
    .tuple(
      fc.array(digitScriptArb, { minLength: digits.length, maxLength: digits.length }),
      fc.array(gapArb, { minLength: digits.length - 1, maxLength: digits.length - 1 }),
      invisibleArb,
      invisibleArb,
    )
    .map(([scripts, gaps, lead, trail]) => ({
      digits,
      written:
        lead +
        [...digits].map((d, i) => (scripts[i] as (d: number) => string)(Number(d)) + (gaps[i] ?? '')).join('') +
        trail,
    })),
);

/**
 * Swedish text before the number. Each either ends in something that is not a digit, or
 * in digits followed by a separator (which chains them with the number but must not
 * hide it).
 */
const BEFORE = [
  '',
  'Patientens personnummer är ',
  'pnr: ',
  'pnr',
  'Pnr. ',
  'Klienten (',
  'Uppgifter från socialtjänsten:\n',
  'Möte 2026-12-03 kl 10.00 med ',
  'Möte 2026-12-03 ',
  'Ring 070-123 45 67, ',
  'Ring 070-123 45 67 ',
  'Ärende VSS-2026-0042 gäller ',
  'VSS-2026-0042/',
  'Mamma till flicka född ',
  'Se journal – ',
  '» ',
  'Brukaren, ',
  'Tolkbehov arabiska. Id-nr ',
  'Ny adress Storgatan 5B, 753 20 Uppsala. ',
];
const AFTER = [
  '',
  '.',
  ', ska kallas till SIP-möte.',
  ' (mamma)',
  '\nRing efter kl 13',
  ' – se bifogat',
  ' 070-123 45 67',
  ', 12 500 kr',
  'x',
  ' vecka 49',
];

describe('personnummer guard: every real number, however written, is refused', () => {
  it('refuses a valid personnummer or samordningsnummer split anywhere, with any separators, invisible characters and digit scripts, in Swedish text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BEFORE), writtenArb, fc.constantFrom(...AFTER), (before, { written }, after) => {
        const text = before + written + after;
        expect(containsPersonnummer(text, TODAY)).toBe(true);
        expect(checkFreeText(text, 2000, TODAY)).toEqual({ kind: 'personnummer' });
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the same with the default clock, for numbers born before the test started', () => {
    const now = new Date();
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: now, noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.boolean(),
        separatorArb,
        (born, serial, twelve, separator) => {
          const year = born.getUTCFullYear();
          const ten = withCheckDigit(`${pad(year % 100)}${pad(born.getUTCMonth() + 1)}${pad(born.getUTCDate())}${pad(serial, 3)}`);
          const text = `${twelve ? Math.floor(year / 100) : ''}${ten.slice(0, 6)}${separator}${ten.slice(6)}`;
          expect(containsPersonnummer(text)).toBe(true);
          expect(checkFreeText(text, 200)).toEqual({ kind: 'personnummer' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('generates only valid numbers in the property above', () => {
    fc.assert(
      fc.property(numberArb, (digits) => {
        expect(digits).toMatch(/^(\d{10}|(18|19|20)\d{10})$/);
        // Judged by an independent Luhn check, so a fault in luhnValid cannot make the generator look right.
        expect(passesLuhn(digits.slice(-10))).toBe(true);
      }),
    );
  });
});

/**
 * What coordinators write in nicknames, consent scopes, SIP purposes, plan goals and
 * notes. Written as it would be typed, with the dates and numbers such text holds;
 * not chosen to pass.
 */
const CORPUS = [
  'SIP-möte 2026-12-24 10:00 på vårdcentralen',
  'Uppföljning kl. 13.30–15.00 i stora konferensrummet',
  'Ring mamma på 070-123 45 67 innan mötet',
  'Växeln 08-123 456 78, be om Kerstin på biståndsenheten',
  'Nås på +46 70 123 45 67 dagtid',
  'Nytt boende: Kungsgatan 12, 753 20 Uppsala',
  'Insatser: hemtjänst 12 h/vecka, kostnad ca 12 500 kr/mån',
  'Ärende VSS-2026-0042, tidigare VSS-2025-0117',
  'Vecka 49: möte tisdag, vecka 50 uppföljning',
  'Möte 2026-12-03 kl 09:00, uppföljning 2027-01-14 kl 14:30',
  'Kallelse skickad 2026-11-20. Mötet hålls 2026-12-08 13:00–14:30 i Vaksala.',
  'Mål 1: eget boende senast 2027-06-30. Mål 2: sysselsättning 50 % från 2027-02-01.',
  'Ansvarig: distriktssköterska, tel 018-611 00 00 (växel), anknytning 4521',
  'Tolk beställd till 2026-12-10 10:00–11:30, arabiska, bokningsnr 884213',
  'Samtycket gäller 2026-11-01 – 2027-10-31 för kommunens hemtjänst och regionens primärvård',
  'Handläggare LSS: 070-987 65 43, mejl lss@uppsala.se',
  'Träffades 12/11 kl 10, nästa gång 3/12 kl 13.15',
  'Kostnad för korttidsboende 1 250 kr/dygn, högst 30 dygn',
  'Dosett delas varje söndag 18.00. Insulin 2 ggr/dag.',
  'Patienten väger 72,5 kg, BMI 24,1. Blodtryck 135/85.',
  'Ring 0771-22 33 44 (1177) vid frågor utanför kontorstid',
  'Besök 2026-12-15 09.30, 2026-12-22 09.30 och 2027-01-05 09.30',
  'Ansökan om bostadsanpassning inkom 2026-10-02, beslut väntas inom 8 veckor',
  'Dagverksamhet mån–fre 08:30–15:30, Fyrisvallsgatan 4, 752 28 Uppsala',
  'Ekonomiskt bistånd 6 850 kr beviljat för december',
  'Hjälpmedel: rullator (art.nr 12345-678), duschpall',
  'Tid hos psykiatrin 2026-12-02 kl. 08:15, mottagning 2B, Akademiska',
  'God man nås på 073-456 78 90 eller 018-12 34 56',
  'Reservnummer 076-555 12 34. Fax 018-69 12 00.',
  'Möte flyttat från 2026-12-01 10:00 till 2026-12-04 10:00',
  'Planen ses över var 3:e månad, nästa gång 2027-03-01',
  'Överenskommelse enligt HSL 16 kap. 4 § och SoL 2 kap. 7 §',
  'Egenavgift 300 kr per besök, högkostnadsskydd 1 450 kr',
  'Resa med färdtjänst bokad 07:45, hämtning Svartbäcksgatan 21',
  'Postnr 754 41, Gamla Uppsala. Portkod 1942.',
  'Kontaktperson på skolan: 010-123 45 00, rektor',
  'Deltagare: 4 st från kommunen, 2 från regionen. Möte 90 min.',
  'Nästa SIP: v. 3 2027, förslagsvis onsdag 2027-01-20 kl 10–12',
  'Remiss skickad 2026-11-25 till BUP, svar inom 30 dagar',
  'Faktura 2026-4471 betald 2026-11-15, 2 340 kr',
  'Medicinlista uppdaterad 2026-11-28 16:45 av ssk',
  'Inskrivning 2026-12-07, utskrivning planerad 2026-12-21',
  'Kontroll av HbA1c 52 mmol/mol, nytt prov om 3 mån',
  'Lägenhet 1102, våning 3, hiss finns',
  'Telefontid mån-tor 08.00-09.00 på 018-727 00 00',
  'Möte i Teams 2026-12-09 15:00, länk i kallelsen',
  'Brukaren fyller 18 år i mars, överlämning till vuxenpsykiatrin',
  'SIP upprättad 2026-09-14, reviderad 2026-11-23, nästa 2027-02-15',
  'Avtalad tid 2026-12-11 11:20 hos arbetsterapeut',
  'Aktivitetsersättning 9 870 kr/mån t.o.m. 2027-05-31',
  'Bostad via förmedlingen, kö sedan 2019-04-01, 2 rok',
  'Nattillsyn 3 ggr/natt 22–06, larm kopplat till 010-722 55 00',
  'Frånvaro från skolan 42 % ht 2026, mål under 10 % vt 2027',
  'Arbetsträning 4 h/dag 3 dgr/v från 2027-01-11',
  'Ring 070-123 45 67 eller 072-345 67 89, helst efter 16:00',
  'Mötesanteckningar 2026-11-26: närvarande mamma, skolkurator, ssk och handläggare. Beslut: ny SIP 2026-12-17 kl 13:00.',
  'Uppdrag: samordnad plan för hemgång, 14 dagar, start 2026-12-01 08:00',
  'Vikarie till och med 2027-01-06, därefter ordinarie samordnare',
  'Bokad tid 2026-12-16 kl 10:40 tandvården, Sysslomansgatan 7, 753 11 Uppsala',
  '1. Boende 2. Sysselsättning 3. Ekonomi 4. Hälsa',
  'Kl 9–11 skola, 11.30 lunch, 12.15–14 fritids',
  'Föregående möte 2026-10-29 14:00, 6 deltagare, protokoll i akten',
  'Beslutet gäller 2026-12-01–2027-11-30',
  'Akutnummer 112, sjukvårdsrådgivning 1177, polisen 114 14',
  'Hemtjänsten kommer 07.30, 12.00, 16.30 och 21.00',
  'Samtal med pappa 2026-11-27 11:05, 25 min',
] as const;

/**
 * Corpus entries the guard refuses, each because its digits read as a real number with
 * a valid check digit and a past birth date. These cannot be let through without
 * letting the same digits through when someone writes a real number that way (a
 * number split like a phone number is still the number). Kept in the corpus and
 * listed here, so that the false alarms are written down and any change shows.
 */
const KNOWN_FALSE_ALARMS: ReadonlyMap<(typeof CORPUS)[number], string> = new Map([
  ['Nattillsyn 3 ggr/natt 22–06, larm kopplat till 010-722 55 00', '010722-5500: 22 July 2001 (or 1901), valid check digit'],
] as const);

describe('personnummer guard: ordinary coordinator text is not refused', () => {
  it.each(CORPUS.map((text) => [text]))('%s', (text) => {
    const expected = KNOWN_FALSE_ALARMS.has(text);
    expect(containsPersonnummer(text, TODAY)).toBe(expected);
    expect(checkFreeText(text, 500, TODAY)).toEqual(expected ? { kind: 'personnummer' } : undefined);
  });

  it('accepts the rest of the corpus as one text, line after line, where numbers of one line chain with the next', () => {
    const text = CORPUS.filter((entry) => !KNOWN_FALSE_ALARMS.has(entry)).join('\n');
    expect(containsPersonnummer(text, TODAY)).toBe(false);
  });
});

describe('personnummer guard: huge or adversarial input costs linear time', () => {
  it('reads 100 000 digit groups separated by punctuation and finds the number at the end', () => {
    const groups = '1.2-3 4/5:6_7,8;9 0|'.repeat(10_000);
    expect(containsPersonnummer(groups, TODAY)).toBe(false);
    expect(containsPersonnummer(`${groups}811218-9876`, TODAY)).toBe(true);
  });

  it('reads long runs of digits, separators and invisible characters that almost form numbers', () => {
    const nearMisses = `${'8112189876'.repeat(1000)} ${'81\u200b12\u200b18-'.repeat(20_000)}${'9'.repeat(50_000)}`;
    expect(containsPersonnummer(nearMisses, TODAY)).toBe(false);
    expect(containsPersonnummer(`${nearMisses}x811218\u200b-\u200b9876`, TODAY)).toBe(true);
  });

  it('reads a long input of digits in other scripts and separators as it reads the ASCII digits', () => {
    const ascii = '20 13 2 0 1 3 '.repeat(20_000);
    const devanagari = ascii.replace(/\d/g, (d) => String.fromCharCode(0x0966 + Number(d)));
    expect(containsPersonnummer(ascii, TODAY)).toBe(false);
    expect(containsPersonnummer(devanagari, TODAY)).toBe(false);
    expect(containsPersonnummer(`${devanagari}\u0968\u0966 \u0967\u0968 \u0968\u0966 \u0967\u0968\u0968\u0966`, TODAY)).toBe(
      containsPersonnummer('20 12 20 1220', TODAY),
    );
    expect(containsPersonnummer('20 12 20 1220', TODAY)).toBe(true);
  });
});

/** A small deterministic generator, so the measured rates are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function refusedShare(samples: number, make: (random: () => number) => string): number {
  const random = mulberry32(20261129);
  let refused = 0;
  for (let i = 0; i < samples; i++) if (containsPersonnummer(make(random), TODAY)) refused++;
  return refused / samples;
}

const digit = (random: () => number): number => Math.floor(random() * 10);
const digits = (random: () => number, n: number): string => Array.from({ length: n }, () => digit(random)).join('');

function dateTime(random: () => number, from: Date, to: Date): string {
  const at = new Date(from.getTime() + random() * (to.getTime() - from.getTime()));
  const minutes = [0, 15, 30, 45][Math.floor(random() * 4)] ?? 0;
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(8 + Math.floor(random() * 10))}:${pad(minutes)}`;
}

/**
 * The price of refusing every split: ordinary numbers that happen to read as a valid
 * personnummer. Measured over 20 000 seeded samples each; the bounds are the measured
 * rates rounded up, so a change that refuses more ordinary text fails here and has to
 * say why. See the report for issue 9 and docs/security.md.
 */
describe('personnummer guard: false alarms on ordinary numbers, measured', () => {
  it('mobile numbers 07X-XXX XX XX: only 070 numbers can read as a date (2007 or 1907); about 1 in 18 of those does', () => {
    const anyMobile = refusedShare(20_000, (r) => `07${digit(r)}-${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`);
    const seventy = refusedShare(20_000, (r) => `070-${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`);
    const international = refusedShare(20_000, (r) => `+46 7${digit(r)} ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`);
    expect({ anyMobile, seventy, international }).toEqual({
      anyMobile: expect.any(Number) as number,
      seventy: expect.any(Number) as number,
      international: 0,
    });
    expect(anyMobile).toBeLessThan(0.01);
    expect(seventy).toBeLessThan(0.07);
  });

  it('date and time "YYYY-MM-DD HH:MM": never for a future date; about 1 in 10 for a past one', () => {
    const future = refusedShare(20_000, (r) => dateTime(r, new Date('2026-12-01T00:00:00Z'), new Date('2030-12-31T00:00:00Z')));
    const past = refusedShare(20_000, (r) => dateTime(r, new Date('2020-01-01T00:00:00Z'), new Date('2026-11-28T00:00:00Z')));
    expect(future).toBe(0);
    expect(past).toBeLessThan(0.12);
  });

  it('what the refusal advises is never refused: a phone number written with +46, a time after "kl."', () => {
    expect(containsPersonnummer('Nattillsyn 3 ggr/natt 22–06, larm kopplat till +46 10-722 55 00', TODAY)).toBe(false);
    const landline = refusedShare(20_000, (r) => `+46 10-${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`);
    const stockholm = refusedShare(20_000, (r) => `+46 8-${digits(r, 3)} ${digits(r, 3)} ${digits(r, 2)}`);
    const mobile = refusedShare(20_000, (r) => `+46 70-${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`);
    const pastKl = refusedShare(20_000, (r) => dateTime(r, new Date('2000-01-01T00:00:00Z'), new Date('2026-11-28T00:00:00Z')).replace(' ', ' kl. '));
    expect({ landline, stockholm, mobile, pastKl }).toEqual({ landline: 0, stockholm: 0, mobile: 0, pastKl: 0 });
  });

  it('date and time with "kl" between them: never', () => {
    const withKl = refusedShare(20_000, (r) => dateTime(r, new Date('2000-01-01T00:00:00Z'), new Date('2026-11-28T00:00:00Z')).replace(' ', ' kl '));
    expect(withKl).toBe(0);
  });
});
