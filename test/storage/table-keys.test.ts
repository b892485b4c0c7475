import { describe, expect, it } from 'vitest';
import { encodeKey, isConflict, isNotFound, odataString } from '../../src/storage/table-keys';

describe('encodeKey', () => {
  it('percent-encodes the characters encodeURIComponent leaves alone, in upper-case hex like the rest', () => {
    // encodeURIComponent keeps ! ' ( ) *; here they become %21 %27 %28 %29 %2A (U+0021, U+0027,
    // U+0028, U+0029, U+002A), and the two spaces %20 as encodeURIComponent already writes them.
    expect(encodeKey("it's (a) *test*!")).toBe('it%27s%20%28a%29%20%2Atest%2A%21');
  });

  it('keeps a Teams id free of the characters a table key may not hold', () => {
    // ':' is U+003A, '@' U+0040, '/' U+002F, '#' U+0023, '?' U+003F, '\' U+005C.
    expect(encodeKey('19:abc@thread.v2')).toBe('19%3Aabc%40thread.v2');
    expect(encodeKey('a/b#c?d\\e')).toBe('a%2Fb%23c%3Fd%5Ce');
  });
});

describe('isNotFound and isConflict', () => {
  it('tell 404 from the two conflict statuses, and any other status from both', () => {
    expect([404, 409, 412, 400, 500].map((statusCode) => [isNotFound({ statusCode }), isConflict({ statusCode })])).toEqual([
      [true, false],
      [false, true],
      [false, true],
      [false, false],
      [false, false],
    ]);
  });

  it('answer false, without throwing, for whatever else a catch can receive', () => {
    // A catch gets `unknown`: a pipeline policy or a library may throw null, a string or a number.
    for (const thrown of [null, undefined, 'not found', 404, { status: 404 }, { statusCode: '404' }]) {
      expect(isNotFound(thrown)).toBe(false);
      expect(isConflict(thrown)).toBe(false);
    }
  });
});

describe('odataString', () => {
  it('quotes a value for a filter, doubling the single quotes inside it as OData requires', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString('VSS-2026-0001')).toBe("'VSS-2026-0001'");
  });
});
