import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFreeText, firstFreeTextProblem, type FreeTextProblem } from '../../src/domain/free-text';
import { containsPersonnummer } from '../../src/domain/personnummer';

const PNR = '19121212-1212';

describe('checkFreeText', () => {
  it('accepts ordinary text within the limit', () => {
    expect(checkFreeText('Uppföljning av SIP med kommunen.', 100)).toBeUndefined();
    expect(checkFreeText('', 10)).toBeUndefined();
    expect(checkFreeText('   ', 0)).toBeUndefined();
  });

  it('reports a personnummer', () => {
    expect(checkFreeText(`Patienten ${PNR} ska kallas.`, 200)).toEqual({ kind: 'personnummer' });
  });

  it('counts the limit in code points, so an emoji or å counts as one', () => {
    const emoji = '👍'.repeat(5); // 10 UTF-16 units
    expect(emoji.length).toBe(10);
    expect(checkFreeText(emoji, 5)).toBeUndefined();
    expect(checkFreeText(`${emoji}!`, 5)).toEqual({ kind: 'tooLong', limit: 5 });
    expect(checkFreeText('åäöÅÄ', 5)).toBeUndefined();
    expect(checkFreeText('åäöÅÄÖ', 5)).toEqual({ kind: 'tooLong', limit: 5 });
  });

  it('is inclusive at the limit', () => {
    expect(checkFreeText('a'.repeat(20), 20)).toBeUndefined();
    expect(checkFreeText('a'.repeat(21), 20)).toEqual({ kind: 'tooLong', limit: 20 });
  });

  it('ignores surrounding whitespace when counting', () => {
    expect(checkFreeText(`  \n\t${'a'.repeat(20)}\u00a0  `, 20)).toBeUndefined();
    expect(checkFreeText(` ${'a'.repeat(21)} `, 20)).toEqual({ kind: 'tooLong', limit: 20 });
  });

  it('reports a personnummer before the length when the value is up to 10× the limit', () => {
    const tenTimes = `${PNR} ${'a'.repeat(100 - PNR.length - 1)}`;
    expect([...tenTimes].length).toBe(100);
    expect(checkFreeText(tenTimes, 10)).toEqual({ kind: 'personnummer' });
    expect(checkFreeText(`${PNR}xx`, 10)).toEqual({ kind: 'personnummer' });
  });

  it('refuses a value over 10× the limit as too long without scanning it', () => {
    const justOver = `${PNR} ${'a'.repeat(100 - PNR.length)}`;
    expect([...justOver].length).toBe(101);
    expect(checkFreeText(justOver, 10)).toEqual({ kind: 'tooLong', limit: 10 });
  });

  it('measures the 10× threshold in code points after trimming too', () => {
    // 50 emoji = 100 UTF-16 units but 50 code points: within 10× a limit of 5.
    const core = `${PNR}${'😀'.repeat(50 - PNR.length)}`;
    expect(core.length).toBe(87);
    expect(checkFreeText(`  ${core}  `, 5)).toEqual({ kind: 'personnummer' });
    expect(checkFreeText(`  ${core}😀  `, 5)).toEqual({ kind: 'tooLong', limit: 5 });
  });

  it('refuses a huge value as too long without looking for personnummer in it', () => {
    const huge = `${PNR} `.repeat(500_000); // 7 million characters, full of personnummer
    expect(checkFreeText(huge, 1000)).toEqual({ kind: 'tooLong', limit: 1000 });
  });

  it('reports a personnummer however it is split, spaced, hidden or written (issue 9)', () => {
    for (const text of ['811218\t9876', '81 12 18-9876', '1981 1218-9876', '811218.9876', '8112\u200b18-9876', '٨١١٢١٨-٩٨٧٦', '८११२१८-९८७६']) {
      expect(checkFreeText(`Klienten ${text} ska kallas.`, 200), text).toEqual({ kind: 'personnummer' });
    }
  });

  it('passes its clock to the guard: a 12-digit date that has not come is a meeting, not a person', () => {
    // 2026-12-24 10:30 reads as 20261224-1030, which has a valid check digit (and 261224-1030 may be someone born in 1926).
    const meeting = 'SIP-möte 2026-12-24 10:30';
    expect(containsPersonnummer('261224-1030')).toBe(true);
    expect(checkFreeText(meeting, 200, new Date('2026-11-29T10:00:00Z'))).toBeUndefined();
    expect(checkFreeText(meeting, 200, new Date('2027-01-01T10:00:00Z'))).toEqual({ kind: 'personnummer' });
    const fields = [{ field: 'purpose', value: meeting, maxLength: 200 }] as const;
    expect(firstFreeTextProblem(fields, new Date('2026-11-29T10:00:00Z'))).toBeUndefined();
    expect(firstFreeTextProblem(fields, new Date('2027-01-01T10:00:00Z'))).toEqual({ field: 'purpose', problem: { kind: 'personnummer' } });
  });

  it('treats a zero limit as "must be empty"', () => {
    expect(checkFreeText('', 0)).toBeUndefined();
    expect(checkFreeText('x', 0)).toEqual({ kind: 'tooLong', limit: 0 });
  });

  it('rejects a limit that is not a non-negative integer', () => {
    expect(() => checkFreeText('x', -1)).toThrow(RangeError);
    expect(() => checkFreeText('x', -1)).toThrow('maxLength must be a non-negative integer, got -1');
    expect(() => checkFreeText('x', 1.5)).toThrow(RangeError);
    expect(() => checkFreeText('x', Number.NaN)).toThrow(RangeError);
    expect(() => checkFreeText('x', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('follows the rules, knowing from how the text was built whether it holds a personnummer', () => {
    // Text without a numeral of any script (before or after NFKC, which turns ㋀ into "1月")
    // cannot hold a number, so the only personnummer is the one put in.
    const noNumeral = (s: string): boolean => !/\p{N}/u.test(s) && !/\p{N}/u.test(s.normalize('NFKC'));
    const plain = fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ unit: 'grapheme', maxLength: 100 })).filter(noNumeral);
    const pnrForms = fc.constantFrom(PNR, '121212-1212', '1212121212', '121212 1212', '１２１２１２－１２１２');
    const text = fc.oneof(
      plain.map((value) => ({ value, hasPnr: false })),
      fc.tuple(plain, pnrForms, plain).map(([a, b, c]) => ({ value: a + b + c, hasPnr: true })),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 80 }), ({ value, hasPnr }, limit) => {
        const length = [...value.trim()].length;
        // Far too long is refused unread; otherwise the number before the length (docs of checkFreeText).
        let expected: FreeTextProblem | undefined;
        if (length > limit * 10) expected = { kind: 'tooLong', limit };
        else if (hasPnr) expected = { kind: 'personnummer' };
        else if (length > limit) expected = { kind: 'tooLong', limit };
        expect(checkFreeText(value, limit)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary strings, and refuses as too long only what is', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 80 }), (value, limit) => {
        const result = checkFreeText(value, limit);
        const length = [...value.trim()].length;
        if (result?.kind === 'tooLong') expect(result).toEqual({ kind: 'tooLong', limit });
        if (result?.kind === 'tooLong') expect(length).toBeGreaterThan(limit);
        if (result === undefined) expect(length).toBeLessThanOrEqual(limit);
        if (result !== undefined && result.kind !== 'tooLong') expect(result).toEqual({ kind: 'personnummer' });
      }),
      { numRuns: 500 },
    );
  });
});

describe('firstFreeTextProblem', () => {
  it('returns undefined when every field passes or is absent', () => {
    expect(firstFreeTextProblem([])).toBeUndefined();
    expect(
      firstFreeTextProblem([
        { field: 'title', value: 'SIP-möte', maxLength: 100 },
        { field: 'note', value: undefined, maxLength: 10 },
      ]),
    ).toBeUndefined();
  });

  it('returns the first problem in field order, not the most serious one', () => {
    const result = firstFreeTextProblem([
      { field: 'title', value: 'ok', maxLength: 100 },
      { field: 'agenda', value: 'x'.repeat(11), maxLength: 10 },
      { field: 'note', value: `pnr ${PNR}`, maxLength: 100 },
    ]);
    expect(result).toEqual({ field: 'agenda', problem: { kind: 'tooLong', limit: 10 } });
  });

  it('skips undefined values, even ones with a tiny limit', () => {
    const result = firstFreeTextProblem([
      { field: 'title', value: undefined, maxLength: 0 },
      { field: 'note', value: `Patienten ${PNR}`, maxLength: 100 },
    ]);
    expect(result).toEqual({ field: 'note', problem: { kind: 'personnummer' } });
  });

  it('keeps the field name type', () => {
    type Field = 'title' | 'note';
    const result = firstFreeTextProblem<Field>([{ field: 'title', value: PNR, maxLength: 50 }]);
    const field: Field | undefined = result?.field;
    expect(field).toBe('title');
  });
});
