import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../src/cards/card-template';
import { baselineCard } from '../../src/cards/baseline-card';
import { caseHistoryCard } from '../../src/cards/case-history-card';
import { caseHubCard } from '../../src/cards/case-hub-card';
import { caseListCard } from '../../src/cards/case-list-card';
import { crisisPlanCard } from '../../src/cards/crisis-plan-card';
import { invitationCard } from '../../src/cards/invitation-card';
import { literalText } from '../../src/cards/literal-text';
import { noticeCard } from '../../src/cards/notice-card';
import { planCard } from '../../src/cards/plan-card';
import { crisisPlanExportText, planExportText } from '../../src/cards/plan-export';
import { preMeetingCard } from '../../src/cards/pre-meeting-card';
import { reminderCard } from '../../src/cards/reminder-card';
import { reminderListCard } from '../../src/cards/reminder-list-card';
import { sipCard } from '../../src/cards/sip-card';
import { sipPlanFormCard } from '../../src/cards/sip-plan-form-card';
import type { CaseState } from '../../src/domain/case-model';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import type { SipMeeting } from '../../src/domain/sip-model';
import { ANNA, BJORN, MET, sampleCase } from '../support/sample-case';
import { collapse, inputValues, markdownTexts, markupTags, renderCardText, RENDERERS, visibleText, type RendererName } from '../support/rendered-markdown';

/**
 * Everything a coordinator could type to make text into markup: a link that hides its target,
 * emphasis, HTML, an entity, code, strikethrough, a table cell, the card client's date function,
 * a templating expression, an escape of its own, and (on their own lines) a list, a heading, a
 * numbered list, a quote and a rule.
 */
export const MARKDOWN =
  '[x](https://ev.il) **fet** _kursiv_ <b>html</b> <a href="https://ev.il">a</a> &lt;i&gt; `kod` ~~stryk~~ a|b {{DATE(2017-02-14T06:00:00Z, SHORT)}} ${creator} \\[y\\](https://ev.il) ![b](https://ev.il/b.png) <https://ev.il>\n- lista\n# rubrik\n1. ett\n> citat\n---';
/** The same fields with a harmless word: the card as it should look, to compare with. */
const PLAIN = 'Klartext';

const sv = { locale: 'sv', timeZone: 'Europe/Stockholm' } as const;
const NOW = new Date('2026-12-08T09:00:00.000Z');
const AT = '2026-11-23T08:00:00.000Z';

/** A case where every field a person typed (or a Teams name) holds `x`. */
function caseWith(x: string): CaseState {
  const base = sampleCase('VSS-2026-0042');
  const meeting: SipMeeting = {
    id: 'M1',
    startsAt: '2026-12-07T12:00:00.000Z',
    durationMinutes: 90,
    form: 'fysiskt',
    place: x,
    purpose: x,
    questions: x,
    invited: [{ role: 'personen' }, { role: 'kommun' }, { role: 'annan', label: x }],
    chair: x,
    noteTaker: x,
    status: 'planned',
    moves: [],
    preMeeting: { whatMatters: x, goals: x, whomToInvite: x, consentCovers: x, consentDoesNotCover: x, adaptations: x, practical: x },
    createdAt: AT,
    plannedBy: { aadObjectId: ANNA.aadObjectId, principal: 'region' },
    rev: 2,
  };
  return {
    ...base,
    nickname: x,
    createdBy: { ...ANNA, name: x },
    coordinators: [
      { ...ANNA, name: x, principal: 'region', unit: x, trained: true, addedAt: AT },
      { ...BJORN, name: x, principal: 'kommun', unit: x, trained: false, addedAt: AT, noticePending: true },
    ],
    targetGroup: { ...MET, adult: false, notMetReason: x },
    consent: { status: 'given', form: 'written', scope: x, validUntil: '2027-06-30' },
    baseline: {
      need: 'yes',
      items: {
        ...base.baseline.items,
        B1: { status: 'done', rev: 1, by: { ...ANNA, name: x }, at: AT },
        B3: { status: 'notApplicable', reason: x, rev: 1, by: { ...BJORN, name: x }, at: AT },
      },
    },
    sipMeetings: [meeting, { ...meeting, id: 'M2', status: 'cancelled', cancelReason: x }],
    sipPlan: {
      ownGoals: x,
      personDoesThemselves: x,
      efforts: [
        { id: 'E1', what: x, howOften: x, from: '2027-01-11', responsible: 'annan', otherParty: x },
        { id: 'E2', what: x, responsible: 'kommun' },
      ],
      overallResponsible: 'kommun',
      followUpDate: '2027-03-01',
      nextEffortNumber: 3,
      rev: 3,
    },
    crisisPlan: {
      triggers: x,
      personDoesThemselves: x,
      signs: [{ id: 'S1', description: x, describedBy: 'narstaende', actions: { personen: x, narstaende: x, kommun: x, region: x }, contact: x }],
      reviewDate: '2027-06-01',
      revision: 1,
      savedAt: AT,
      nextSignNumber: 2,
      rev: 2,
    },
  };
}
const closedWith = (x: string): CaseState => ({ ...caseWith(x), phase: 'avslutat', closure: { reason: x, at: AT, by: { ...BJORN, name: x } } });
const meetingOf = (c: CaseState): SipMeeting => c.sipMeetings![0]!;

/** Every card that shows what someone typed, built from a case whose typed fields all hold `x`. */
const CARDS: Record<string, (x: string) => AdaptiveCard> = {
  'case hub': (x) => caseHubCard(sv, caseWith(x), ANNA, 'coordinator', NOW),
  'case hub, closed': (x) => caseHubCard(sv, closedWith(x), ANNA, 'coordinator', NOW),
  'mina ärenden': (x) => caseListCard(sv, [caseWith(x)], [], NOW),
  'påminnelser': (x) => reminderListCard(sv, [caseWith(x)], ANNA, DEFAULT_REMINDER_SETTINGS, NOW),
  'a reminder': (x) => reminderCard(sv, caseWith(x), { kind: 'invitation', meetingId: 'M1', key: 'invitation:M1', dueDate: '2026-11-30' }),
  'history': (x) =>
    caseHistoryCard(sv, 'VSS-2026-0042', [
      { action: 'case.created', at: AT, by: { ...ANNA, name: x } },
      { action: 'baseline.itemSet', at: AT, by: { ...BJORN, name: x }, detail: x },
    ]),
  'baseline': (x) => baselineCard(sv, caseWith(x), ANNA),
  'baseline, closed': (x) => baselineCard(sv, closedWith(x), ANNA),
  'SIP meetings': (x) => sipCard(sv, caseWith(x), ANNA, NOW),
  'SIP meetings, closed': (x) => sipCard(sv, closedWith(x), ANNA, NOW),
  'invitation': (x) => invitationCard(sv, caseWith(x), meetingOf(caseWith(x)), NOW),
  'plan': (x) => planCard(sv, caseWith(x)),
  'plan, closed': (x) => planCard(sv, closedWith(x)),
  'crisis plan': (x) => crisisPlanCard(sv, caseWith(x)),
  'crisis plan, closed': (x) => crisisPlanCard(sv, closedWith(x)),
};

/**
 * For each Markdown text of the card: the markup tags and the visible text, with the typed
 * value in place, against the same card with a plain word. A value shown literally adds no tag
 * and reads exactly as typed.
 */
function compare(build: (x: string) => AdaptiveCard, value: string, renderer: RendererName) {
  const typed = markdownTexts(build(value)).map((t) => renderCardText(t, renderer));
  const plain = markdownTexts(build(PLAIN)).map((t) => renderCardText(t, renderer));
  return {
    shown: plain.filter((html) => html.includes(PLAIN)).length,
    tags: { typed: typed.map(markupTags), plain: plain.map(markupTags) },
    text: { typed: typed.map(visibleText), plain: plain.map((html) => visibleText(html).split(PLAIN).join(collapse(value))) },
  };
}

describe('what a coordinator typed is shown as text, not markup', () => {
  for (const [name, build] of Object.entries(CARDS)) {
    for (const renderer of Object.keys(RENDERERS) as RendererName[]) {
      it(`${name}: no link, emphasis, HTML or list from typed text, and the text reads as typed (${renderer} Markdown)`, () => {
        const { shown, tags, text } = compare(build, MARKDOWN, renderer);
        expect(shown).toBeGreaterThan(0);
        expect(tags.typed).toEqual(tags.plain);
        expect(text.typed).toEqual(text.plain);
      });
    }
  }

  it('the comparison catches raw Markdown, so the tests above can fail', () => {
    const raw = (x: string) => noticeCard('sv', { title: 'Rubrik', body: `Smeknamn: ${x}` });
    for (const renderer of Object.keys(RENDERERS) as RendererName[]) {
      const { tags, text } = compare(raw, MARKDOWN, renderer);
      expect(tags.typed).not.toEqual(tags.plain);
      expect(text.typed).not.toEqual(text.plain);
    }
    expect(compare(raw, '[x](https://ev.il)', 'teams').tags.typed.flat()).toContain('<a href="https://ev.il">');
  });

  it('a colleague-added notice names the colleague literally', () => {
    const notice = (x: string) => noticeCard('sv', { title: 'Nytt ärende', body: `${literalText(x)} har lagt till dig i **VSS-2026-0042**.` });
    const { tags, text } = compare(notice, MARKDOWN, 'playground');
    expect(tags.typed).toEqual(tags.plain);
    expect(text.typed).toEqual(text.plain);
  });

  it('a typed ${…} is data to the templating engine, never an expression', () => {
    const card = noticeCard('sv', { title: '${$root.title}', body: '${openCode}${json($root)}' });
    const texts = markdownTexts(card).map((t) => visibleText(renderCardText(t, 'playground')));
    expect(texts).toEqual(['${$root.title}', '${openCode}${json($root)}']);
  });
});

describe('a bare web address stays a link that shows where it goes', () => {
  it('a Teams meeting link in the place field is one link, its text its own address', () => {
    const link = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ_x%40thread.v2/0?context=%7b%22Tid%22%7d&a=1';
    const html = renderCardText(literalText(`Teams-möte: ${link}`), 'playground');
    expect(html).toContain(`<a href="${link.replace('&', '&amp;')}">`);
    expect(markupTags(html)).toEqual([]);
  });

  it('an address with a tilde (a personal page) is linked whole and shown without a backslash', () => {
    const link = 'https://www.uu.se/~anna/mote';
    const html = renderCardText(literalText(`Plats: ${link}`), 'playground');
    expect(html).toContain(`<a href="${link}">${link}</a>`);
    expect(visibleText(html)).toBe(`Plats: ${link}`);
  });
});

describe('inputs keep the raw text, so saving a form again changes nothing', () => {
  const c = caseWith(MARKDOWN);
  it.each([
    ['plan', () => planCard(sv, c), ['ownGoals', 'personDoesThemselves']],
    ['plan after a refusal', () => planCard(sv, c, { typed: { ownGoals: MARKDOWN } }), ['ownGoals']],
    ['crisis plan', () => crisisPlanCard(sv, c), ['triggers', 'personDoesThemselves']],
    ['förmöte', () => preMeetingCard(sv, c, meetingOf(c)), ['whatMatters', 'goals', 'whomToInvite', 'consentCovers', 'consentDoesNotCover', 'adaptations', 'practical']],
    ['SIP planning form', () => sipPlanFormCard(sv, { code: c.code }, { place: MARKDOWN, purpose: MARKDOWN, questions: MARKDOWN, otherLabel: MARKDOWN, chair: MARKDOWN, noteTaker: MARKDOWN }), ['place', 'purpose', 'questions', 'otherLabel', 'chair', 'noteTaker']],
  ] as const)('%s', (_name, build, ids) => {
    const values = inputValues(build());
    for (const id of ids) expect(values[id], id).toBe(MARKDOWN);
  });
});

describe('the exports are plain text', () => {
  it('the plan and the crisis plan carry every typed value as typed, with no escapes', () => {
    const c = caseWith(MARKDOWN);
    for (const text of [planExportText(sv, c), crisisPlanExportText(sv, c)]) {
      expect(text).toContain(MARKDOWN);
      expect(text).not.toContain('\\*\\*');
    }
  });
});

describe('literalText, rule by rule', () => {
  it.each([
    ['a link', '[x](https://ev.il)'],
    ['a reference link', '[x][1]\n\n[1]: https://ev.il'],
    ['an image', '![x](https://ev.il/x.png)'],
    ['an autolink', '<https://ev.il>'],
    ['HTML', '<a href="https://ev.il">x</a> <b>fet</b> <!-- dold -->'],
    ['entities', '&lt;b&gt; &amp; &#91;x&#93;'],
    ['emphasis', '**fet** __fet__ *kursiv* _kursiv_ ~~stryk~~'],
    ['code', '`kod` ```block```'],
    ['escapes of its own', '\\*inte kursiv\\* och slut\\'],
    ['lists', '- a\n+ b\n* c\n1. d\n2) e\n  - indragen'],
    ['headings and rules', '# Rubrik\nText\n===\nMer\n---\n***\n___'],
    ['a quote', '> citat'],
    ['a table', '| a | b |\n|---|---|\n| 1 | 2 |'],
    ['the client date function', '{{DATE(2017-02-14T06:00:00Z, SHORT)}} {{TIME(2017-02-14T06:00:00Z)}}'],
    ['ordinary text', 'Möte 2026-12-24 10:00, tel. 08-123 456 78, 3 st. à 100 kr (ca 50 %).'],
  ])('%s shows as typed', (_name, typed) => {
    for (const renderer of Object.keys(RENDERERS) as RendererName[]) {
      const html = renderCardText(literalText(typed), renderer);
      expect(markupTags(html), renderer).toEqual([]);
      expect(visibleText(html), renderer).toBe(collapse(typed));
    }
  });

  it('leaves ampersands, greater-than, and line starts that form no block without backslashes', () => {
    const text = '+46 70-123 45 67\n12.30 möte om #2\nVård & omsorg, ålder > 18\n-1 grad ute';
    expect(literalText(text)).toBe(text);
  });

  it('leaves ordinary text without backslashes, so clients that ignore escapes show it cleanly', () => {
    const text = 'Möte 2026-12-24 10:00 i rum 3, tel. 08-123 456 78. Frågor? Ja!';
    expect(literalText(text)).toBe(text);
  });
});
