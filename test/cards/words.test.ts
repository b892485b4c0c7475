import { describe, expect, it } from 'vitest';
import { caseHistoryCard } from '../../src/cards/case-history-card';
import { caseHubCard } from '../../src/cards/case-hub-card';
import { planCard } from '../../src/cards/plan-card';
import { invitationText } from '../../src/cards/invitation-card';
import { crisisPlanExportText, planExportText, planVersionExportText } from '../../src/cards/plan-export';
import { sipCard } from '../../src/cards/sip-card';
import type { AuditEvent, CaseState } from '../../src/domain/case-model';
import type { SipMeeting } from '../../src/domain/sip-model';
import { ANNA, BJORN, sampleCase } from '../support/sample-case';

/*
 * The words of ../shared/METHOD.md's table where the cards put them together: principals in the
 * definite form after "från", no internal codes in the history, the kallelse and the exports
 * speaking to the person as "du". The phrases themselves are test/i18n/glossary.test.ts.
 */

const sv = { locale: 'sv', timeZone: 'Europe/Stockholm', viewer: ANNA.aadObjectId } as const;
const en = { locale: 'en', timeZone: 'Europe/Stockholm', viewer: ANNA.aadObjectId } as const;
const base: CaseState = {
  ...sampleCase('VSS-2026-0042'),
  coordinators: [
    { ...ANNA, principal: 'region', unit: 'Psykiatrimottagning Väst', trained: true, addedAt: '2026-11-23T08:00:00.000Z' },
    { ...BJORN, principal: 'kommun', trained: false, addedAt: '2026-11-23T08:00:00.000Z' },
  ],
};
const meeting: SipMeeting = {
  id: 'M1',
  startsAt: '2026-12-07T12:00:00.000Z',
  durationMinutes: 90,
  form: 'fysiskt',
  place: 'Mottagningen',
  purpose: 'Gemensam planering',
  invited: [{ role: 'personen' }, { role: 'region' }, { role: 'kommun' }, { role: 'boende' }],
  chair: 'Samordnare region',
  status: 'planned',
  moves: [],
  createdAt: '2026-11-20T09:00:00.000Z',
  plannedBy: { aadObjectId: ANNA.aadObjectId, principal: 'region' },
  rev: 0,
};
const NOW = new Date('2026-11-23T09:00:00.000Z');
const text = (card: unknown): string => JSON.stringify(card);
const event = (action: AuditEvent['action'], detail?: string): AuditEvent => ({ action, at: '2026-11-24T09:00:00.000Z', by: BJORN, ...(detail === undefined ? {} : { detail }) });

describe('the history', () => {
  const rows = (events: AuditEvent[], ctx: typeof sv | typeof en = sv) => text(caseHistoryCard(ctx, base.code, events));

  it('says what a reminder change did, not its code', () => {
    const shown = rows([event('reminders.preferencesChanged', 'on:groupChat'), event('reminders.preferencesChanged', 'muted:user'), event('reminders.preferencesChanged', 'on:user')]);
    expect(shown).toContain('vill ha sina påminnelser i ärendets gruppchatt');
    expect(shown).toContain('stängde av sina påminnelser');
    expect(shown).toContain('vill ha sina påminnelser i sin chatt med boten');
    expect(shown).not.toMatch(/on:|muted:|groupChat/);
  });

  it('names the party a kallelse went to, and the crisis plan version', () => {
    const shown = rows([event('sip.invitationSent', 'M1:kommun'), event('sip.invitationSent', 'M2:personen'), event('crisis.revised', 'rev1')]);
    expect(shown).toContain('markerade kallelsen till kommunen (M1) som skickad');
    expect(shown).toContain('markerade kallelsen till personen (M2) som skickad');
    expect(shown).toContain('sparade version 1 av kris- och handlingsplanen');
    expect(shown).not.toMatch(/M1:kommun|rev1/);
    expect(rows([event('sip.invitationSent', 'M1:kommun'), event('crisis.revised', 'rev2')], en)).toContain('marked the invitation to the municipality (M1) sent');
  });

  it('puts the principal in its definite form after "från"', () => {
    const shown = rows([event('case.coordinatorAdded', 'kommun'), event('case.colleagueRequested', 'region')]);
    expect(shown).toContain('lade till samordnaren från kommunen');
    expect(shown).toContain('bad samordnaren från regionen att ta uppdraget');
    expect(rows([event('case.coordinatorAdded', 'kommun')], en)).toContain('added the coordinator from the municipality');
  });
});

describe('the hub', () => {
  it('says which coordinator is missing in the definite form', () => {
    const alone: CaseState = { ...base, coordinators: [base.coordinators[0]!] };
    expect(text(caseHubCard(sv, alone, ANNA, 'coordinator', NOW))).toContain('Vård- och stödsamordnaren från kommunen saknas ännu.');
    expect(text(caseHubCard(en, alone, ANNA, 'coordinator', NOW))).toContain('The care and support coordinator from the municipality is still missing.');
  });
});

describe('the kallelse', () => {
  const draft = invitationText(sv, base, meeting, NOW);

  it('speaks to the person as "du" and names the parties in the definite form', () => {
    expect(draft).toContain('Kallade: du (som mötet gäller), Regionen, Kommunen, Boendestöd / bostad med särskild service');
    expect(draft).toContain('Förbered gärna: du som mötet gäller, vad som är viktigt för dig');
    expect(draft).not.toContain('Personen');
  });

  it('names who sends it (the coordinator copying it) and whom to tell if one cannot come, and that consent exists', () => {
    expect(draft).toContain('Kallelsen skickas av Anna Lind, vård- och stödsamordnare i regionen, Psykiatrimottagning Väst. Meddela förhinder till Anna Lind så snart som möjligt.');
    expect(draft).toContain('Samtycke till SIP finns.');
    expect(draft).toContain('Mötesledare: Samordnare region');
    expect(invitationText({ ...sv, viewer: BJORN.aadObjectId }, base, meeting, NOW)).toContain('Kallelsen skickas av Björn Berg, vård- och stödsamordnare i kommunen. Meddela förhinder till Björn Berg');
    expect(invitationText(en, base, meeting, NOW)).toContain('This invitation is sent by Anna Lind, care and support coordinator at the region, Psykiatrimottagning Väst.');
  });

  it('says consent exists only while it does, and leaves out the sender it cannot name', () => {
    const expired: CaseState = { ...base, consent: { status: 'given', form: 'written', scope: 'SIP', validUntil: '2026-11-01' } };
    expect(invitationText(sv, expired, meeting, NOW)).not.toContain('Samtycke till SIP finns');
    const nameless: CaseState = { ...base, coordinators: base.coordinators.map((x) => ({ ...x, name: undefined })) };
    expect(invitationText(sv, nameless, meeting, NOW)).not.toContain('skickas av');
  });

  it('does not address the person when they are not invited', () => {
    const without = invitationText(sv, base, { ...meeting, invited: [{ role: 'region' }, { role: 'kommun' }], withoutPersonReason: 'Personen vill inte delta' }, NOW);
    expect(without).not.toMatch(/\bdu\b|dina mål/);
    expect(without).toContain('Förbered gärna: vilka insatser ni ger i dag');
  });
});

describe('the SIP card', () => {
  it('says "1 gång" and "2 gånger"', () => {
    const move = { from: 'x', to: 'y', at: 'z', byAadObjectId: ANNA.aadObjectId };
    const once = text(sipCard(sv, { ...base, sipMeetings: [{ ...meeting, moves: [move] }] }, ANNA, NOW));
    const twice = text(sipCard(sv, { ...base, sipMeetings: [{ ...meeting, moves: [move, move] }] }, ANNA, NOW));
    expect(once).toContain('Flyttat 1 gång');
    expect(once).not.toContain('gång(er)');
    expect(twice).toContain('Flyttat 2 gånger');
  });
});

describe('the exports, addressed to the person', () => {
  const planned: CaseState = {
    ...base,
    sipPlan: {
      ownGoals: 'Bo kvar',
      personDoesThemselves: 'Handlar själv',
      ownResources: 'Stöd från syskon; det viktigaste är att få bo kvar',
      efforts: [
        { id: 'E1', what: 'Promenad varje dag', responsible: 'personen' },
        { id: 'E2', what: 'Boendestöd', responsible: 'kommun' },
      ],
      noOtherParties: true,
      overallResponsible: 'kommun',
      followUpDate: '2027-03-01',
      establishedAt: '2026-12-07T14:00:00.000Z',
      establishedWithPerson: true,
      nextEffortNumber: 3,
      rev: 3,
    },
    crisisPlan: {
      triggers: 'Stress',
      signs: [{ id: 'S1', description: 'Sover dåligt', describedBy: 'personen', actions: { personen: 'Ringer boendestödet', kommun: 'Besök samma dag' } }],
      reviewDate: '2027-06-30',
      revision: 1,
      nextSignNumber: 2,
      rev: 1,
    },
  };

  it('the plan says "du själv" and "tillsammans med dig", and the huvudman with overall responsibility', () => {
    const plan = planExportText(sv, planned);
    expect(plan).toContain('- Promenad varje dag. Ansvarig: Du själv');
    expect(plan).toContain('Planen är upprättad: version 1 (7 dec. 2026 15:00), tillsammans med dig.');
    expect(plan).toContain('Huvudman med övergripande ansvar för planen: Kommunen');
    expect(plan).toContain('Dina resurser och det som är viktigast för dig:\nStöd från syskon; det viktigaste är att få bo kvar');
    expect(plan).toContain('Datum för uppföljning: 1 mars 2027');
    expect(plan).not.toMatch(/[Pp]ersonen/);
    // Drawn up without the person: the person reads only when.
    expect(planExportText(sv, { ...planned, sipPlan: { ...planned.sipPlan!, establishedWithPerson: false } })).toContain('Planen är upprättad: version 1 (7 dec. 2026 15:00).');
  });

  it('a version names its number, the meeting it came from and who took part, the person as "du"', () => {
    const v = {
      version: 2,
      content: planned.sipPlan!,
      establishedAt: '2026-12-14T10:30:00.000Z',
      withPerson: true,
      meetingId: 'M2',
      attendees: [{ role: 'personen' as const }, { role: 'region' as const }, { role: 'kommun' as const }, { role: 'annan' as const, label: 'Hyresvärden <b>' }],
      changes: [],
    };
    const text = planVersionExportText(sv, 'VSS-2026-0042', v);
    expect(text).toContain('Planen är upprättad: version 2 (14 dec. 2026 11:30, vid SIP-mötet M2), tillsammans med dig.\nMed på mötet: du, Regionen, Kommunen, Annan part: Hyresvärden <b>.');
    expect(text).toContain('Huvudman med övergripande ansvar för planen: Kommunen');
    expect(text).not.toMatch(/[Pp]ersonen/);
    // Without the person: only when and where, and who came.
    expect(planVersionExportText(sv, 'VSS-2026-0042', { ...v, withPerson: false, attendees: [{ role: 'region' }, { role: 'kommun' }] })).toContain('Planen är upprättad: version 2 (14 dec. 2026 11:30, vid SIP-mötet M2).\nMed på mötet: Regionen, Kommunen.');
  });

  it('the crisis plan says "som du beskriver det" and "Du: …"', () => {
    const crisis = crisisPlanExportText(sv, planned);
    expect(crisis).toContain('- Sover dåligt (som du beskriver det)');
    expect(crisis).toContain('  Du: Ringer boendestödet');
    expect(crisis).not.toMatch(/[Pp]ersonen/);
  });
});

describe('the plan card for one who may only read it', () => {
  it('shows why a principal has no efforts as text', () => {
    const withReason: CaseState = {
      ...base,
      phase: 'avslutat',
      closure: { reason: 'Klart', at: '2026-12-01T09:00:00.000Z', by: ANNA },
      sipPlan: { efforts: [{ id: 'E1', what: 'Boendestöd', responsible: 'kommun' }], regionNoEffortsReason: 'Personen tackar nej till regionens insatser', nextEffortNumber: 2, rev: 2 },
    };
    const shown = text(planCard(sv, withReason));
    expect(shown).toContain('Regionen har inga insatser i planen: Personen tackar nej till regionens insatser');
    expect(shown).not.toContain('"id":"regionNoEffortsReason"');
  });
});
