import { describe, expect, it } from 'vitest';
import { containsPersonnummer } from '../../src/domain/personnummer';
import { passesLuhn } from '../support/luhn';

/**
 * How the guard reads the characters between and around digit groups: where a chain of groups
 * ends, and how characters outside the Basic Multilingual Plane and lone surrogates are read.
 * Each case pins one rule that the broader tests in personnummer.test.ts pass either way
 * (the domain mutation run of 2026-11-29 left them surviving).
 *
 * 811218-9876 is the number from issue 9: born 18 December 1981, check digit 6
 * (8·2=16→7, 1, 1·2=2, 2, 1·2=2, 8, 9·2=18→9, 8, 7·2=14→5; 7+1+2+2+2+8+9+8+5 = 44, 44+6 = 50).
 */
const TODAY = new Date('2026-11-29T10:00:00Z');
const detected = (text: string, today: Date = TODAY): boolean => containsPersonnummer(text, today);

describe('containsPersonnummer: what ends a chain of digit groups', () => {
  it('checks that the number the cases split is a valid one', () => {
    expect(passesLuhn('8112189876')).toBe(true);
    expect(detected('811218 9876')).toBe(true);
  });

  it('a group of 13 digits is a wall: the groups on either side do not join across it', () => {
    // Without the wall, 811218 and 9876 would chain around the long (not pushed) group.
    expect(detected('811218 1234567890123 9876')).toBe(false);
  });

  it('a word glued between digits ends the group and the chain, as a spaced one does', () => {
    // The digits before "nr" are a group of their own, which the word then drops from the chain.
    expect(detected('811218nr9876')).toBe(false);
  });

  it('a Latin a or z counts as a letter, upper or lower case, so "az" is a word that ends the chain', () => {
    expect(detected('811218 az 9876')).toBe(false);
    expect(detected('811218 ZA 9876')).toBe(false);
  });

  it('one-letter words separated by a space are two words, not one: they only chain the parts', () => {
    // "i" and "å" each make a run of one word letter; the space between them starts a new run.
    expect(detected('811218 i å 9876')).toBe(true);
  });

  it('an invisible character inside a word leaves it a word', () => {
    // Soft hyphen (Cf) between k and l: still "kl", which ends the chain.
    expect(detected('811218 k\u00adl 9876')).toBe(false);
  });
});

describe('containsPersonnummer: characters outside the Basic Multilingual Plane', () => {
  it('reads a combining mark whose high surrogate is U+D800 as invisible', () => {
    // U+101FD PHAISTOS DISC SIGN COMBINING OBLIQUE STROKE = D800 DDFD; inside "kl" it is dropped.
    expect(detected('811218 k\u{101FD}l 9876')).toBe(false);
  });

  it('reads a letter whose low surrogate is U+DC00 as a letter', () => {
    // U+10400 DESERET CAPITAL LETTER LONG I = D801 DC00, and U+10428 its small form: a two-letter word.
    expect(detected('811218 \u{10400}\u{10428} 9876')).toBe(false);
  });

  it('reads an ignorable character whose low surrogate is U+DFFF as invisible', () => {
    // U+E03FF = DB40 DFFF, in the tag block that Unicode reserves as default ignorable.
    expect(detected('811218 k\u{E03FF}l 9876')).toBe(false);
  });

  it('keeps the number 12 digits long when all 12 are digits of another script', () => {
    // Arabic-Indic digits are not changed by NFKC, so the 12th digit is read through kindOf.
    const arabicIndic = '198112189876'.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    expect(detected(arabicIndic)).toBe(true);
  });
});

describe('containsPersonnummer: lone surrogates are read on their own', () => {
  it('a lone low surrogate after a non-surrogate character is not joined to it', () => {
    // é and U+FFFD are not high surrogates, so each stays one character and the number still chains.
    expect(detected('811218 é\udc00 9876')).toBe(true);
    expect(detected('811218 \ufffd\udc00 9876')).toBe(true);
  });

  it('a lone high surrogate before a digit does not swallow the digit', () => {
    expect(detected('811218 \ud8009876')).toBe(true);
  });

  it('a lone high surrogate before a character above the surrogates is not joined to it', () => {
    // U+E000 is private use; U+DBFF joined with it would name a code point beyond U+10FFFF.
    expect(detected('811218 \udbff\ue000 9876')).toBe(true);
  });
});

describe('containsPersonnummer: the century of the 12-digit form is 18, 19 or 20', () => {
  it('century 17 is refused even though the date is long past', () => {
    expect(detected('17811218-9876')).toBe(false);
    expect(detected('19811218-9876')).toBe(true);
  });

  it('century 21 is refused by the century rule, not only by the future-date exemption', () => {
    // On a clock in 2200 the date 2181-12-18 has passed, so only the century rule refuses it;
    // the same digits with century 20 (2081-12-18, also past) are a number.
    const in2200 = new Date('2200-01-01T00:00:00Z');
    expect(detected('21811218-9876', in2200)).toBe(false);
    expect(detected('20811218-9876', in2200)).toBe(true);
  });
});
