import fc from 'fast-check';

/**
 * Hostile values for property tests that throw forged card data at the bot: what a modified
 * Teams client, a replayed card or a fuzzer could send. Every string here is something the bot
 * must refuse or treat as plain text, and never store or log where it must not.
 */

/**
 * Personnummer and samordningsnummer in the shapes people type them (all with a valid check
 * digit, so the privacy guard must find them): with and without century, separator, plus sign,
 * Unicode dash, full-width digits, glued to letters.
 */
export const PERSONNUMMER = [
  '19121212-1212',
  '121212-1212',
  '191212121212',
  '1212121212',
  '121212+1212',
  '19121212\u20131212',
  '\uFF11\uFF12\uFF11\uFF12\uFF11\uFF12-\uFF11\uFF12\uFF11\uFF12',
  'pnr199001012385x',
  '19900101-2385',
  '701063-2391',
] as const;

/**
 * A personnummer at the end of a text that is within every schema's bound (5000) but more than
 * ten times the limit of the short fields (80–300 characters), which the privacy guard refuses as
 * too long without scanning: it must still never be stored, logged or echoed back in a card.
 */
export const PERSONNUMMER_IN_LONG_TEXT = `${'Lång text om boendet. '.repeat(180)}${PERSONNUMMER[0]}`;

/** A text that must never reach a log line; unique per test run so a hit is ours. */
export const MARKER = `hostile-marker-${Math.random().toString(36).slice(2, 10)}`;
/** The marker shaped like a valid case code, so it travels all the way to a table lookup. */
export const MARKER_CODE = `MARK-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

/** The strings a log must never contain, whatever was sent. */
export const MUST_NOT_BE_LOGGED: readonly string[] = [...PERSONNUMMER, MARKER, MARKER_CODE];

/** Text aimed at OData filters, keys, templating, markup and terminals. */
export const INJECTION = [
  "X' or PartitionKey ne '",
  "' or 1 eq 1 or '",
  "VSS-2026-0001' or RowKey ne '",
  "VSS-2026-0001') or (PartitionKey ne '",
  'VSS-2026-0001%27%20or%20true',
  '../../case',
  'VSS/2026#0001?x',
  'VSS\\2026',
  '\u0000',
  'VSS-2026-0001\u0000',
  '\r\n\tX',
  '${$root.code}',
  '{{code}}',
  '<script>alert(1)</script>',
  '**fet** [länk](https://example.com)',
  '${jndi:ldap://example.com/a}',
  '; DROP TABLE cases; --',
] as const;

export const UNICODE = [
  'åäö ÅÄÖ',
  '\uFF36\uFF33\uFF33-\uFF12\uFF10\uFF12\uFF16-\uFF10\uFF10\uFF10\uFF11',
  '\u202Eevil\u202C',
  '\u200B\u200B',
  '\uD800',
  '\uDFFF\uD800',
  '👩‍⚕️🏥',
  'ǅ ß ﬁ',
  '\u00A0',
  '   ',
  '',
] as const;

/** Strings no schema accepts anywhere: longer than every field's bound. */
export const HUGE = ['A'.repeat(5001), `${MARKER} `.repeat(2000), 'x'.repeat(100_000)] as const;

export const LONG = ['A'.repeat(24), 'A'.repeat(25), 'A'.repeat(40), 'A'.repeat(41), 'x'.repeat(501), 'x'.repeat(5000)] as const;

/** Numbers and number-like strings where a string or a small integer is expected. */
export const NUMBERISH = [0, -0, -1, 1.5, 1e6, 1_000_001, 2 ** 53 + 2, -(2 ** 31), 1e308, -1e308, 'NaN', 'Infinity', '-Infinity', '-1', '1e6', '0x10', '  7 ', '1_000'] as const;

/** Values of the wrong kind entirely. */
export const WRONG_KIND: readonly unknown[] = [null, true, false, [], [0], ['VSS-2026-0001'], {}, { code: 'VSS-2026-0001' }, protoPolluter(), deeplyNested(200)];

/** An object whose own keys, once parsed from JSON, try to reach Object.prototype. */
export function protoPolluter(): Record<string, unknown> {
  return JSON.parse('{"__proto__":{"polluted":"yes","code":"VSS-2026-0001","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}') as Record<
    string,
    unknown
  >;
}

/** `{ a: { a: … 1 } }`, built without recursion. */
export function deeplyNested(depth: number): unknown {
  let node: unknown = 1;
  for (let i = 0; i < depth; i++) node = i % 2 === 0 ? { a: node } : [node];
  return node;
}

/** Keys that must never mean anything special to the bot. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'reason_B9',
  'reason_',
  'reason___proto__',
  // Keys that other inputs are named after: a meeting's cancel reason, a crisis actor's action.
  'cancelReason_M1',
  'cancelReason_',
  'cancelReason___proto__',
  'action_',
  'action___proto__',
  'action_constructor',
  '',
] as const;

/** Field names the bot's cards send, so random objects reach past the schemas now and then. */
export const CARD_FIELDS = [
  'code',
  'item',
  'status',
  'rev',
  'need',
  'from',
  'to',
  'closeReason',
  'reason_B1',
  'reason_B2',
  'meetingId',
  'followUpOf',
  'date',
  'time',
  'duration',
  'form',
  'purpose',
  'invited',
  'role',
  'whatMatters',
  'relativesMayTakePart',
  'ownGoals',
  'followUpDate',
  'noOtherParties',
  'effortId',
  'effortWhat',
  'effortResponsible',
  'signId',
  'signDescription',
  'signDescribedBy',
  'action_region',
  'reviewDate',
  'colleague',
  'colleagueTrained',
] as const;

/** Any hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<string>(...PERSONNUMMER) },
  { weight: 3, arbitrary: fc.constantFrom<string>(...INJECTION) },
  { weight: 2, arbitrary: fc.constantFrom<string>(...UNICODE) },
  { weight: 1, arbitrary: fc.constantFrom<string>(...HUGE) },
  { weight: 1, arbitrary: fc.constantFrom<string>(...LONG) },
  { weight: 1, arbitrary: fc.constantFrom(MARKER, MARKER_CODE, `${MARKER_CODE.toLowerCase()} `) },
  { weight: 1, arbitrary: fc.constant(PERSONNUMMER_IN_LONG_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  // A personnummer inside otherwise ordinary text.
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom<string>(...PERSONNUMMER), fc.string({ maxLength: 10 })).map(([a, p, b]) => `${a} ${p} ${b}`) },
);

/** Any hostile value: a hostile string, a number, or a value of the wrong kind. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...NUMBERISH) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...WRONG_KIND) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map(deeplyNested) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Objects with hostile keys among ordinary ones, as JSON would carry them. */
export const hostileObject: fc.Arbitrary<Record<string, unknown>> = fc.object({
  key: fc.oneof(fc.constantFrom<string>(...HOSTILE_KEYS, ...CARD_FIELDS), fc.string({ maxLength: 12 })),
  values: [hostileValue],
  maxDepth: 2,
  maxKeys: 6,
});

/** Whether a string holds one of our personnummer, so a property can require it was refused. */
export function holdsPersonnummer(value: unknown): boolean {
  return typeof value === 'string' && PERSONNUMMER.some((p) => value.includes(p));
}

/** A string longer than every field's bound: no schema accepts it in any field it names. */
export function overEveryBound(value: unknown): boolean {
  return typeof value === 'string' && value.length > 5000;
}
