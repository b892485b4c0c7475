import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/command-catalogue';
import { avoidedIn } from '../../src/i18n/glossary';
import { CARD_TEMPLATES, CARDS_DIR, type AdaptiveCard } from '../../src/cards/card-template';
import { helpCard } from '../../src/cards/help-card';
import { noticeCard } from '../../src/cards/notice-card';
import { welcomeCard } from '../../src/cards/welcome-card';
import { baselineCard } from '../../src/cards/baseline-card';
import { caseFormCard } from '../../src/cards/case-form-card';
import { caseKindCard } from '../../src/cards/case-kind-card';
import { caseHistoryCard } from '../../src/cards/case-history-card';
import { caseHubCard } from '../../src/cards/case-hub-card';
import { colleagueRequestCard } from '../../src/cards/colleague-request-card';
import { caseListCard } from '../../src/cards/case-list-card';
import type { CaseState } from '../../src/domain/case-model';
import { ANNA, BJORN, sampleCase } from '../support/sample-case';
import { invitationCard } from '../../src/cards/invitation-card';
import { meetingChecklistCard } from '../../src/cards/meeting-checklist-card';
import { preMeetingCard } from '../../src/cards/pre-meeting-card';
import { sipCard } from '../../src/cards/sip-card';
import { sipPlanFormCard } from '../../src/cards/sip-plan-form-card';
import type { SipMeeting } from '../../src/domain/sip-model';
import { crisisPlanCard } from '../../src/cards/crisis-plan-card';
import { consentCard } from '../../src/cards/consent-card';
import { planCard } from '../../src/cards/plan-card';
import { addCoordinatorCard } from '../../src/cards/add-coordinator-card';
import { reminderCard } from '../../src/cards/reminder-card';
import { reminderListCard } from '../../src/cards/reminder-list-card';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { evaluationCard } from '../../src/cards/evaluation-card';
import type { CrisisPlan, Effort, SipPlan, WarningSign } from '../../src/domain/plan-model';

const sv = { locale: 'sv', timeZone: 'Europe/Stockholm' } as const;
const UNITS = { region: ['Psykiatrimottagning Väst', 'Vårdcentralen Norr'], kommun: ['Socialpsykiatrin'] } as const;
const en = { locale: 'en', timeZone: 'Europe/Stockholm', notice: 'The case has changed.' } as const;
const open = sampleCase('VSS-2026-0042');
const working: CaseState = {
  ...open,
  baseline: {
    need: 'yes',
    items: {
      ...open.baseline.items,
      B1: { status: 'done', rev: 1, by: ANNA, at: '2026-11-23T09:00:00.000Z' },
      B2: { status: 'done', rev: 1, by: BJORN, at: '2026-11-23T09:05:00.000Z' },
      B3: { status: 'notApplicable', reason: 'Förmöte hölls i annan form', rev: 2, by: ANNA, at: '2026-11-23T09:06:00.000Z' },
    },
  },
};
const noNeed: CaseState = { ...open, baseline: { need: 'no', items: { ...open.baseline.items, B1: { status: 'done', reason: 'Inga kommunala insatser behövs', rev: 1, by: ANNA, at: '2026-11-23T09:00:00.000Z' } } } };
const closed: CaseState = { ...working, phase: 'avslutat', closure: { reason: 'Planeringen fungerar', at: '2026-11-24T10:00:00.000Z', by: BJORN } };
const NOW = new Date('2026-11-23T09:00:00.000Z');
const meeting: SipMeeting = {
  id: 'M1',
  startsAt: '2026-12-07T12:00:00.000Z',
  durationMinutes: 90,
  form: 'fysiskt',
  place: 'Mottagningen, rum 3',
  purpose: 'Gemensam planering av boende och sysselsättning',
  questions: 'Vem stöttar vid flytten?',
  invited: [{ role: 'personen', sentAt: '2026-11-23T08:00:00.000Z' }, { role: 'kommun' }, { role: 'annan', label: 'Hyresvärden' }],
  chair: 'Samordnare region',
  status: 'planned',
  moves: [],
  preMeeting: { whatMatters: 'Att få bo kvar', relativesMayTakePart: 'yes' },
  createdAt: '2026-11-20T09:00:00.000Z',
  plannedBy: { aadObjectId: ANNA.aadObjectId, principal: 'region' },
  rev: 2,
};
const held: SipMeeting = { ...meeting, id: 'M2', status: 'held', heldAt: '2026-11-10T12:00:00.000Z', startsAt: '2026-11-10T10:00:00.000Z', preMeeting: { heldAt: '2026-11-01T10:00:00.000Z' } };
const cancelled: SipMeeting = { ...meeting, id: 'M3', status: 'cancelled', cancelReason: 'Personen är sjuk', moves: [{ from: 'x', to: 'y', at: 'z', byAadObjectId: 'a' }] };
const withSip: CaseState = { ...working, sipMeetings: [held, meeting, cancelled] };
/** Opened without consent: Björn asked, and his answer. */
const asked = (status: 'pending' | 'accepted' | 'declined', deliveryPending = false): CaseState => ({
  ...working,
  consent: { status: 'notYet' },
  coordinators: working.coordinators.filter((x) => x.aadObjectId === ANNA.aadObjectId),
  colleagueRequest: {
    colleague: { ...BJORN, principal: 'kommun', trained: true },
    requestedBy: ANNA,
    at: '2026-11-23T09:00:00.000Z',
    status,
    rev: status === 'pending' ? 0 : 1,
    ...(deliveryPending ? { deliveryPending: true } : {}),
    ...(status === 'declined' ? { declineReason: 'Jag har inte utrymme för fler ärenden', answeredAt: '2026-11-24T09:00:00.000Z' } : {}),
  },
});
/** VoSS closed early while the SIP goes on with Anna. */
const sipGoesOn: CaseState = {
  ...withSip,
  phase: 'avslutat',
  closure: { reason: '', at: '2026-11-24T10:00:00.000Z', by: BJORN, conditionMet: false, early: 'moves', sip: { kind: 'continues', holder: ANNA } },
};
/** A realistic full plan: 15 efforts, every field filled near its usual length. */
const efforts: Effort[] = Array.from({ length: 15 }, (_, i) => ({
  id: `E${i + 1}`,
  what: `Boendestöd i hemmet med fokus på struktur i vardagen, inköp och ekonomi, insats nummer ${i + 1}`,
  howOften: 'Två gånger i veckan, tisdag och fredag förmiddag',
  from: '2027-01-11',
  responsible: (['region', 'kommun', 'annan', 'personen'] as const)[i % 4]!,
  otherParty: i % 4 === 2 ? 'Försäkringskassan, handläggare sjukersättning' : undefined,
}));
const fullPlan: SipPlan = {
  ownGoals: 'Jag vill bo kvar i min lägenhet, ha en meningsfull sysselsättning och träffa mina barn varannan helg. '.repeat(3),
  personDoesThemselves: 'Tar min medicin själv, handlar mat på lördagar och går promenader varje dag. '.repeat(3),
  efforts,
  overallResponsible: 'kommun',
  followUpDate: '2027-03-01',
  establishedAt: '2026-12-14T13:00:00.000Z',
  nextEffortNumber: 16,
  rev: 20,
};
const signs: WarningSign[] = Array.from({ length: 8 }, (_, i) => ({
  id: `S${i + 1}`,
  description: `Sover dåligt flera nätter i rad och drar sig undan kontakter, tecken ${i + 1}`,
  describedBy: (['personen', 'narstaende', 'personal'] as const)[i % 3]!,
  actions: {
    personen: 'Ringer boendestödet och berättar hur jag mår, tar extra vila',
    narstaende: 'Hör av sig till personen och följer med på promenad',
    kommun: 'Boendestödet ökar besöken till dagliga under en vecka',
    region: 'Psykiatrimottagningen erbjuder tid inom två arbetsdagar',
  },
  contact: 'Psykiatrimottagning Väst, telefontid vardagar 8–9; boendestödet via växeln',
}));
const fullCrisis: CrisisPlan = {
  triggers: 'Stress kring ekonomi, konflikter med hyresvärden och långa helger utan aktiviteter. '.repeat(3),
  personDoesThemselves: 'Håller fast vid dygnsrytmen och säger till i tid. '.repeat(3),
  signs,
  reviewDate: '2027-06-01',
  revision: 3,
  savedAt: '2026-12-14T13:00:00.000Z',
  nextSignNumber: 9,
  rev: 12,
};
const full: CaseState = { ...withSipPlaceholder(), sipPlan: fullPlan, crisisPlan: fullCrisis };
function withSipPlaceholder(): CaseState {
  return { ...sampleCase('VSS-2026-0042'), nickname: 'AB' };
}
const lonely: CaseState = { ...open, nickname: undefined, coordinators: [{ ...open.coordinators[0]!, trained: false }], targetGroup: { ...open.targetGroup, adult: false, notMetReason: 'Fyller 18 om en månad' } };

// The package's entry needs a DOM; its UMD build parses cards without one.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Parses a card the way a client would and returns every parse event (errors and warnings). */
function parseEvents(card: AdaptiveCard): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) events.push(`validation ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return events;
}

/** Every action anywhere in a card: actions, ActionSets, selectActions and ShowCard sub-cards. */
function allActions(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(allActions);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = typeof o['type'] === 'string' && (o['type'] as string).startsWith('Action.') ? [o] : [];
  return [...own, ...Object.values(o).flatMap(allActions)];
}

/**
 * The one thing the JS renderer does not know: a Teams people picker gets its choices from
 * Data.Query at run time, so an empty static list is valid there.
 */
function knownRendererGaps(card: AdaptiveCard, events: string[]): string[] {
  const picker = JSON.stringify(card).includes('"choices.data"');
  return events.filter((e) => !(picker && e.includes('CollectionCantBeEmpty') && e.includes('Input.ChoiceSet')));
}

/** Every template with sample data, in both languages. */
const SAMPLES: Record<(typeof CARD_TEMPLATES)[number], () => AdaptiveCard[]> = {
  welcome: () => [welcomeCard('sv', 'personal'), welcomeCard('en', 'groupChat')],
  help: () => [helpCard('sv', COMMANDS), helpCard('en', COMMANDS)],
  notice: () => [
    noticeCard('sv', { title: 'Rubrik', body: 'Text', showHelp: true }),
    noticeCard('en', { title: 'Title', body: 'Body' }),
    noticeCard('sv', { title: 'Menade du nytt ärende?', body: 'Text', suggest: { title: 'nytt ärende', text: 'nytt ärende' }, showHelp: true }),
  ],
  'case-kind': () => [caseKindCard(sv, 'uppsala'), caseKindCard(en, 'goteborg'), caseKindCard(sv, 'none')],
  'case-form': () => [
    caseFormCard(sv, { kind: 'vss', profile: 'uppsala' }, {}, []),
    caseFormCard(sv, { kind: 'sip', profile: 'uppsala' }, {}, []),
    caseFormCard(sv, { kind: 'vss', profile: 'uppsala', units: UNITS }, { principal: 'kommun', unit: 'Socialpsykiatrin' }, []),
    caseFormCard(en, { kind: 'sip', profile: 'none', units: { region: UNITS.region, kommun: [] } }, { unit: 'Ingen sådan' }, [], { fields: [{ field: 'unit', kind: 'notListed' }] }),
    caseFormCard(sv, { kind: 'vss', profile: 'goteborg' }, { disabilityOrAddiction: 'true' }, [], { fields: [{ field: 'notMetReason', kind: 'required' }], targetGroupNotMet: true }),
    caseFormCard(en, { kind: 'vss', profile: 'none' }, {}, []),
    caseFormCard(en, { kind: 'vss', profile: 'uppsala' }, { principal: 'region', trained: 'true', consentStatus: 'given' }, [{ title: 'Björn Berg', value: BJORN.aadObjectId }], {
      fields: [{ field: 'nickname', kind: 'personnummer' }, { field: 'unit', kind: 'tooLong', limit: 80 }, { field: 'consentValidUntil', kind: 'past' }],
      notSaved: true,
      targetGroupNotMet: true,
    }),
  ],
  'case-hub': () => [
    caseHubCard(sv, working, ANNA, 'coordinator', NOW),
    caseHubCard(en, closed, BJORN, 'coordinator', NOW),
    caseHubCard(sv, lonely, ANNA, 'linkedChat', NOW),
    caseHubCard(sv, withSip, ANNA, 'coordinator', NOW),
    caseHubCard({ ...sv, viewer: ANNA.aadObjectId }, sipGoesOn, ANNA, 'coordinator', NOW),
    caseHubCard(sv, asked('pending', true), ANNA, 'coordinator', NOW),
    caseHubCard(en, asked('accepted'), ANNA, 'coordinator', NOW),
    caseHubCard(sv, asked('declined'), ANNA, 'coordinator', NOW),
    caseHubCard({ ...en, viewer: BJORN.aadObjectId }, sipGoesOn, BJORN, 'coordinator', NOW),
    // Back in kartläggning after a relapse: the step back is shown, and going back further offered.
    caseHubCard(sv, { ...working, phase: 'kartlaggning', phaseReturns: [{ from: 'uppfoljning', to: 'kartlaggning', reason: 'Återfall', at: '2026-11-25T09:00:00.000Z', by: BJORN }] }, ANNA, 'coordinator', NOW),
  ],
  'case-list': () => [caseListCard(sv, [working, noNeed, lonely, withSip], [sipGoesOn], NOW, [asked('pending'), asked('accepted')]), caseListCard(en, [], [], NOW)],
  'colleague-request': () => [
    colleagueRequestCard(sv, asked('pending'), asked('pending').colleagueRequest!, UNITS),
    colleagueRequestCard(sv, asked('pending'), asked('pending').colleagueRequest!, { region: [], kommun: [] }),
    colleagueRequestCard({ ...en, notice: 'Note' }, asked('accepted'), asked('accepted').colleagueRequest!, UNITS),
  ],
  'case-history': () => [
    caseHistoryCard(sv, 'VSS-2026-0042', [{ action: 'case.created', at: '2026-11-23T09:00:00.000Z', by: ANNA }], { changesOnly: true, after: 'audit_8235000000000_0a1b2c3d', next: 'audit_8235000000001_0a1b2c3e' }),
    caseHistoryCard(sv, 'VSS-2026-0042', [
      { action: 'baseline.itemSet', at: '2026-11-23T09:05:00.000Z', by: BJORN, detail: 'B2:done' },
      { action: 'case.phaseChanged', at: '2026-11-23T09:04:00.000Z', by: ANNA, detail: 'kartlaggning' },
      { action: 'case.created', at: '2026-11-23T09:00:00.000Z', by: ANNA },
    ]),
    caseHistoryCard(en, 'VSS-2026-0042', []),
  ],
  baseline: () => [
    baselineCard(sv, open, ANNA),
    baselineCard(sv, working, BJORN),
    baselineCard(en, noNeed, ANNA),
    baselineCard(sv, closed, ANNA),
    // A refused reason open again under its item, and one for B1.
    baselineCard(sv, working, BJORN, { item: 'B5', typed: 'Personen avböjer', problem: 'Skäl: texten är för lång.' }),
    baselineCard(sv, open, ANNA, { item: 'B1', typed: '', problem: 'Skäl: fyll i detta.' }),
  ],
  sip: () => [
    sipCard(sv, open, ANNA, NOW),
    sipCard(sv, withSip, ANNA, NOW),
    sipCard(en, { ...withSip, closure: closed.closure }, BJORN, NOW),
    sipCard(sv, { ...open, preMeeting: { rev: 1, relativesMayTakePart: 'no' } }, ANNA, NOW),
  ],
  'sip-plan-form': () => [
    sipPlanFormCard(sv, { code: 'VSS-2026-0042' }, {}),
    sipPlanFormCard(en, { code: 'VSS-2026-0042', followUpOf: 'M1' }, { date: '2026-12-07', time: '13:00', invited: 'personen,annan', otherLabel: 'Hyresvärd' }, ['Syfte: fyll i detta.']),
    sipPlanFormCard(sv, { code: 'VSS-2026-0042', move: { meetingId: 'M1', rev: 2 } }, { date: '2026-12-08', time: '09:30', duration: '60' }),
    sipPlanFormCard(sv, { code: 'VSS-2026-0042', proposal: { heldAt: '2026-11-24T09:00:00.000Z' } }, { invited: 'personen,region,kommun,boende', form: 'telefon' }),
    // Refused: each problem under its field as well as at the top.
    sipPlanFormCard(sv, { code: 'VSS-2026-0042' }, { date: '2026-12-07', time: '13:00', place: '' }, [{ field: 'place', kind: 'personnummer' }, { field: 'date', kind: 'past' }, 'Ärendet har ändrats sedan kortet visades.']),
  ],
  'pre-meeting': () => [
    preMeetingCard(sv, withSip, meeting),
    preMeetingCard(en, withSip, held),
    preMeetingCard(sv, withSip, meeting, { goals: 'Eget boende' }),
    // Refused, and asking before it is left with answers not saved.
    preMeetingCard(sv, withSip, meeting, { goals: 'Eget boende', practical: '' }, [{ field: 'practical', kind: 'personnummer' }], true),
    // The case's own förmöte, before any meeting is booked.
    preMeetingCard(sv, { ...open, preMeeting: { rev: 2, invite: ['narstaende', 'boende'], wishedForm: 'fysiskt', wishedPlace: 'Hemma', heldAt: '2026-11-24T09:00:00.000Z' } }, undefined),
  ],
  invitation: () => [invitationCard(sv, withSip, meeting, NOW), invitationCard(en, withSip, { ...meeting, questions: undefined }, new Date('2026-12-01T09:00:00.000Z'))],
  'meeting-checklist': () => [meetingChecklistCard(sv, withSip, meeting, NOW), meetingChecklistCard(en, withSip, held, NOW)],
  plan: () => [
    planCard(sv, open),
    planCard(sv, full),
    planCard(en, { ...full, closure: closed.closure }),
    planCard(sv, open, { typed: { ownGoals: 'Eget boende' } }),
    // A refused effort and goal kept in their panels, problems under their fields, asking before it is left.
    planCard(sv, open, {
      typed: { ownGoals: 'Eget boende', followUpDate: '2027-03-06' },
      effort: { what: 'Boendestöd', responsible: 'annan', otherParty: '' },
      goal: { text: 'Betala hyran', partOf: 'none', by: '2020-01-01' },
      problems: [{ field: 'otherParty', kind: 'required' }, { field: 'goalBy', kind: 'past' }, { field: 'ownGoals', kind: 'tooLong', limit: 1000 }],
      confirmedDay: '2027-03-06',
      discard: true,
    }),
    // Goals and delmål, an effort tied to one, and a draft that added a goal after version 1.
    planCard(sv, {
      ...full,
      sipPlan: {
        ...fullPlan,
        establishedAt: undefined,
        established: { version: 1, content: { efforts, goals: [{ id: 'G1', text: 'Bo kvar' }] }, establishedAt: '2026-12-14T13:00:00.000Z', changes: [] },
        goals: [{ id: 'G1', text: 'Bo kvar' }, { id: 'G2', text: 'Betala hyran själv', partOf: 'G1', by: '2027-03-01' }],
        efforts: [...efforts, { id: 'E99', what: 'Stöd med ekonomin', responsible: 'kommun', goal: 'G2' }],
        nextGoalNumber: 3,
      },
    }),
  ],
  evaluation: () => {
    const given = { consent: { status: 'given', recordedAt: '2026-11-23T09:00:00.000Z', recordedBy: ANNA }, code: 'U-7KQ4-M9TX', startedOn: '2026-11-23', rev: 2 } as const;
    const evaluating: CaseState = { ...working, evaluation: { ...given, done: { P0: { doneOn: '2026-11-23', by: ANNA } } } };
    const withdrawn: CaseState = { ...working, evaluation: { ...given, consent: { ...given.consent, status: 'withdrawn', withdrawnOn: '2027-01-04', withdrawnBy: BJORN }, rev: 3 } };
    const later = new Date('2027-07-01T09:00:00.000Z');
    return [
      evaluationCard(sv, open, 'coordinator', NOW, { instruments: [] }),
      evaluationCard(sv, evaluating, 'coordinator', later, { instruments: ['QLS-100', 'MANSA'] }),
      evaluationCard(en, evaluating, 'linkedChat', NOW, { instruments: [] }),
      evaluationCard(sv, withdrawn, 'coordinator', later, { instruments: [] }),
      evaluationCard(sv, { ...working, evaluation: { consent: { status: 'declined', recordedAt: '2026-11-23T09:00:00.000Z', recordedBy: ANNA }, rev: 1 } }, 'coordinator', NOW, { instruments: [], typedAnswer: 'given' }),
      evaluationCard(en, { ...evaluating, closure: closed.closure }, 'coordinator', later, { instruments: [] }),
      evaluationCard(sv, { ...open, kind: 'sip' }, 'coordinator', NOW, { instruments: [] }),
    ];
  },
  reminder: () => [
    reminderCard(sv, working, { kind: 'evaluationDue', key: 'evaluationDue:P6:2027-05-23', dueDate: '2027-05-24' }),
    reminderCard(sv, withSip, { kind: 'preMeetingPrompt', meetingId: 'M1', key: 'preMeeting:M1:x:10', dueDate: '2026-11-30' }),
    reminderCard(sv, full, { kind: 'crisisReview', key: 'crisisReview:2027-06-01', dueDate: '2027-05-25' }),
    reminderCard(en, withSip, { kind: 'inactive', key: 'inactive:2026-11-23', dueDate: '2026-12-23' }),
    reminderCard(sv, { ...full, sipPlan: { ...fullPlan, followUpDate: '2027-03-01' } }, { kind: 'followUpToday', key: 'followUpToday:2027-03-01', dueDate: '2027-03-01' }),
  ],
  'reminder-list': () => [
    reminderListCard(sv, [withSip, { ...full, code: 'VSS-2026-0043' }], ANNA, DEFAULT_REMINDER_SETTINGS, NOW),
    reminderListCard(en, [], ANNA, DEFAULT_REMINDER_SETTINGS, NOW),
  ],
  'add-coordinator': () => [addCoordinatorCard(sv, lonely, []), addCoordinatorCard(en, lonely, [{ title: 'Björn Berg', value: BJORN.aadObjectId }])],
  'crisis-plan': () => [
    crisisPlanCard(sv, open),
    crisisPlanCard(sv, full),
    crisisPlanCard(en, { ...full, closure: closed.closure }),
    crisisPlanCard(sv, open, { typed: { triggers: 'Stress' }, sign: { description: 'Slutar svara', describedBy: 'narstaende' }, problems: [{ field: 'actions', kind: 'required' }, { field: 'signs', kind: 'required' }], discard: true }),
  ],
  consent: () => [
    consentCard(sv, { ...open, consent: { status: 'notYet' } }, 'coordinator', NOW),
    consentCard(sv, working, 'coordinator', NOW),
    consentCard(en, { ...working, consent: { status: 'withdrawn', form: 'oral', scope: 'SIP', validUntil: '2027-06-30', withdrawnOn: '2026-11-20' } }, 'coordinator', NOW),
    consentCard(sv, closed, 'linkedChat', NOW, { form: 'oral', scope: 'x', validUntil: '2027-01-01' }),
  ],
};

/** Teams refuses a message over about 28 KB; cards must stay well under it with a full plan. */
describe('card size with a realistic full case', () => {
  const LIMIT = 20 * 1024;
  it.each([
    ['plan (15 efforts)', () => planCard(sv, full)],
    ['crisis plan (8 warning signs)', () => crisisPlanCard(sv, full)],
    ['hub', () => caseHubCard(sv, { ...full, sipMeetings: [held, meeting, cancelled] }, ANNA, 'coordinator', NOW)],
    ['SIP meetings', () => sipCard(sv, { ...full, sipMeetings: Array.from({ length: 6 }, (_, i) => ({ ...meeting, id: `M${i + 1}` })) }, ANNA, NOW)],
  ])('%s serialises to under 20 KB', (_name, build) => {
    const bytes = Buffer.byteLength(JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: build() }] }), 'utf8');
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(LIMIT);
  });
});

describe('card templates', () => {
  it('has a builder and samples for every file in cards/', () => {
    const files = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect([...files].sort()).toEqual([...CARD_TEMPLATES].sort());
  });

  for (const name of CARD_TEMPLATES) {
    it(`${name}: expands to an Adaptive Card 1.5 that parses with no errors or warnings`, () => {
      for (const card of SAMPLES[name]()) {
        expect(card.type).toBe('AdaptiveCard');
        expect(card.version).toBe('1.5');
        expect(JSON.stringify(card)).not.toMatch(/\$\{|\$data|\$when/);
        expect(knownRendererGaps(card, parseEvents(card))).toEqual([]);
      }
    });
  }

  it("shows none of the glossary's avoided phrases, with the values filled in (the i18n texts alone are test/i18n/glossary.test.ts)", () => {
    const shown: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (typeof value === 'string' && ['text', 'title', 'label', 'placeholder', 'errorMessage', 'value'].includes(key)) shown.push(...value.split('\n'));
          else walk(value);
        }
      }
    };
    for (const name of CARD_TEMPLATES) for (const card of SAMPLES[name]()) walk(card);
    expect(shown.length).toBeGreaterThan(1000);
    expect(shown.flatMap((line) => avoidedIn(line.replace(/\*\*/g, '')).map((a) => `"${line}": ${a.why}`))).toEqual([]);
  });

  it('reports problems in a broken card, so the check can fail', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement' }], actions: [{ type: 'Action.Execute' }] } as AdaptiveCard;
    expect(parseEvents(broken).length).toBeGreaterThan(0);
  });

  it('uses Action.Execute with a verb for every button, also inside Action.ShowCard', () => {
    const cards = Object.values(SAMPLES).flatMap((make) => make());
    const executes = cards.flatMap((c) => allActions(c)).filter((a) => a['type'] !== 'Action.ShowCard');
    expect(executes.length).toBeGreaterThan(10);
    for (const action of executes) expect(action).toMatchObject({ type: 'Action.Execute', verb: expect.any(String) });
  });

  it('leaves out the help button when not asked for', () => {
    expect(noticeCard('sv', { title: 't', body: 'b' })['actions']).toEqual([]);
  });
});

describe('the hub after a step back to an earlier phase', () => {
  it('names the phase as written and the day in Stockholm, also for a step taken just before midnight UTC', () => {
    const back = { ...working, phase: 'resursgrupp' as const, phaseReturns: [{ from: 'uppfoljning' as const, to: 'resursgrupp' as const, reason: 'Nya behov', at: '2026-11-24T23:30:00.000Z', by: BJORN }] };
    const text = JSON.stringify(caseHubCard(sv, back, ANNA, 'coordinator', NOW));
    // 23:30 UTC on 24 November is 00:30 on the 25th in Stockholm.
    expect(text).toContain('Tillbaka till Resursgrupp/SIP 25 november 2026: Nya behov');
  });
});
