import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { baselineCard } from '../../src/cards/baseline-card';
import { caseHubCard } from '../../src/cards/case-hub-card';
import { withoutCrossCheck } from '../support/card-crosscheck';
import { ANNA, sampleCase } from '../support/sample-case';
import { CARD_TEMPLATES, cardTemplateSource } from '../../src/cards/card-template';
import { compileTemplate } from '../../src/cards/compiled-template';

const prepared = new Map<unknown, { library: ACData.Template; compiled: ReturnType<typeof compileTemplate> }>();

/** The template compiled, against what adaptivecards-templating makes of it: the definition. */
function expectSame(template: unknown, data: unknown): void {
  let pair = prepared.get(template);
  if (pair === undefined) {
    pair = { library: new ACData.Template(template), compiled: compileTemplate(template) };
    prepared.set(template, pair);
  }
  const { library, compiled } = pair;
  let want: unknown;
  let wantError: unknown;
  try {
    want = library.expand({ $root: data });
  } catch (error) {
    wantError = error;
  }
  if (wantError !== undefined) {
    expect(() => compiled.expand(data)).toThrow((wantError as Error).message);
    return;
  }
  expect(JSON.stringify(compiled.expand(data))).toBe(JSON.stringify(want));
}

/** Every construct the templates in cards/ use, and the ones the fast path hands back. */
const TEMPLATE = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', $when: '${notice != \'\'}', text: '${notice}' },
    { type: 'TextBlock', $when: '${count(items) > 0}', text: '**${title}** (${count}) ${missing}' },
    { type: 'TextBlock', $when: '${count(items) == 0}', text: '${$root.labels.empty}' },
    { type: 'TextBlock', $when: '${!closed && (a || b || c)}', text: 'open' },
    { type: 'TextBlock', $when: '${a && title == \'\'}', text: '${$index}' },
    { type: 'TextBlock', $when: 'not an expression', text: 'never' },
    { type: 'TextBlock', $when: '${revision > 0}', text: '${revision}' },
    { type: 'TextBlock', $when: '${Title != \'\'}', text: '${TITLE}' },
    { type: 'TextBlock', text: '${concat(title, \'!\')}' },
    {
      type: 'Container',
      $data: '${items}',
      items: [
        { type: 'TextBlock', text: '${$index}: ${name} ${$root.title}', color: '${color}' },
        { type: 'TextBlock', $when: '${done}', text: '${$data}' },
        { type: 'Image', $data: '${pictures}', url: '${url}', $when: '${url != \'\'}' },
      ],
      selectAction: { type: 'Action.Execute', data: { rev: '${rev}', ids: '${$root.ids}', nested: { name: '${name}' } } },
    },
    { type: 'TextBlock', $data: '${single}', text: '${name}' },
    { type: 'FactSet', facts: [{ $data: '${facts}', title: '${k}', value: '${v}' }] },
  ],
  actions: [{ type: 'Action.Execute', title: '${labels.back}', data: { code: '${code}', list: '${ids}', flag: '${a}' } }],
};

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', 'x', '0'),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const item = fc.record(
  {
    name: scalar,
    color: scalar,
    done: scalar,
    rev: scalar,
    pictures: fc.oneof(fc.array(fc.record({ url: scalar }, { requiredKeys: [] }), { maxLength: 3 }), scalar),
  },
  { requiredKeys: [] },
);
const data = fc.record(
  {
    notice: scalar,
    title: scalar,
    Title: scalar,
    count: scalar,
    closed: scalar,
    a: scalar,
    b: scalar,
    c: scalar,
    revision: scalar,
    code: scalar,
    ids: fc.oneof(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), scalar),
    labels: fc.oneof(fc.record({ empty: scalar, back: scalar }, { requiredKeys: [] }), scalar),
    items: fc.oneof(fc.array(item, { maxLength: 4 }), scalar),
    single: fc.oneof(item, scalar),
    facts: fc.oneof(fc.array(fc.record({ k: scalar, v: scalar }, { requiredKeys: [] }), { maxLength: 3 }), scalar),
  },
  { requiredKeys: [] },
);

describe('compiled card templates', () => {
  it('expand as adaptivecards-templating does, for any data, values missing or of any type', () => {
    fc.assert(
      fc.property(data, (d) => expectSame(TEMPLATE, d)),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });

  it('expand every template in cards/ as the library does when the data is empty or of the wrong shape', () => {
    for (const name of CARD_TEMPLATES) {
      const source = cardTemplateSource(name);
      for (const d of [{}, { items: 'x', labels: 3, rows: null }, { $root: 1 }]) expectSame(source, d);
    }
  });

  it('settle the bindings of a real checklist card and case hub without asking the library', () => {
    const library = ACData.Template as unknown as { internalTryEvaluateExpression: (...args: unknown[]) => unknown };
    const asked = vi.spyOn(library, 'internalTryEvaluateExpression');
    try {
      const ctx = { locale: 'sv', timeZone: 'Europe/Stockholm' } as const;
      const c = sampleCase('VSS-2026-0042');
      const cards = withoutCrossCheck(() => [baselineCard(ctx, c, ANNA), caseHubCard(ctx, c, ANNA, 'coordinator', new Date('2026-11-30T09:00:00Z'))]);
      for (const card of cards) expect(JSON.stringify(card)).toContain('VSS-2026-0042');
      expect(asked).not.toHaveBeenCalled();
    } finally {
      asked.mockRestore();
    }
  });

  it('leave a template with a literal $data to the library', () => {
    const literal = { type: 'Container', $data: [{ n: '${x}' }, { n: 'b' }], items: [{ type: 'TextBlock', text: '${n}' }] };
    expectSame(literal, { x: 'a' });
  });
});
