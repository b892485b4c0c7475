import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanFreeText, normaliseFreeText } from '../../src/domain/free-text';

/** What may never be stored: Azurite refuses U+2028/U+2029 in a batch; the rest no one types on purpose. */
const REFUSED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF\uFDD0-\uFDEF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('normaliseFreeText', () => {
  it.each([
    ['rad ett\u2028rad två', 'rad ett\nrad två'],
    ['stycke ett\u2029stycke två', 'stycke ett\nstycke två'],
    ['windows\r\nrad', 'windows\nrad'],
    ['gammal mac\rrad', 'gammal mac\nrad'],
    ['nel\u0085rad', 'nel\nrad'],
    ['tab\tstannar', 'tab\tstannar'],
    ['noll\u0000byte', 'nollbyte'],
    ['klocka\u0007 och escape\u001B[31m', 'klocka och escape[31m'],
    ['del\u007F och c1\u009B', 'del och c1'],
    ['ensam \uD800 hög', 'ensam \uFFFD hög'],
    ['ensam \uDC00 låg', 'ensam \uFFFD låg'],
    ['icke-tecken\uFFFE\uFFFF\uFDD0', 'icke-tecken'],
    ['👩‍⚕️ åäö 2026-12-24 10:00', '👩‍⚕️ åäö 2026-12-24 10:00'],
  ])('%j becomes %j', (typed, stored) => {
    expect(normaliseFreeText(typed)).toBe(stored);
  });

  it('leaves nothing a store refuses, keeps ordinary text as it is, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (typed) => {
        const stored = normaliseFreeText(typed);
        expect(stored).not.toMatch(REFUSED);
        expect(normaliseFreeText(stored)).toBe(stored);
      }),
      { numRuns: 500 },
    );
    const ordinary = fc.string({ unit: fc.constantFrom(...'abcåäöÅÄÖ019 .,:;!?()-–\t\n👩‍⚕️é'), maxLength: 60 });
    fc.assert(
      fc.property(ordinary, (typed) => {
        expect(normaliseFreeText(typed)).toBe(typed);
      }),
    );
  });
});

describe('cleanFreeText', () => {
  it('trims, and counts text of only separators and controls as not given', () => {
    expect(cleanFreeText('  Delning\u2029med kommunen \r\n')).toBe('Delning\nmed kommunen');
    expect(cleanFreeText('\u2028\u2029\r\n\u0000 ')).toBeUndefined();
    expect(cleanFreeText(undefined)).toBeUndefined();
  });
});
