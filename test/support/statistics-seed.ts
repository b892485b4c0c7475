/**
 * A set of cases whose statistics are counted by hand (in test/http/statistics.test.ts), built as
 * plain states so each case says exactly what it contributes. Dates are Stockholm local; meetings
 * at 10:00 (09:00Z in winter time, 08:00Z in summer time).
 */
import { BASELINE_ITEMS, type BaselineItem, type BaselineItemId, type CaseState, type Coordinator } from '../../src/domain/case-model';
import type { CrisisPlan, SipPlan } from '../../src/domain/plan-model';
import type { SipMeeting } from '../../src/domain/sip-model';
import type { UnitCatalogue } from '../../src/domain/units';

export const SEED_TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
export const OTHER_TENANT = '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4';
/** Wednesday 25 November 2026, 11:00 in Stockholm. */
export const SEED_NOW = new Date('2026-11-25T10:00:00.000Z');
export const SEED_UNITS: UnitCatalogue = { region: ['Psykiatri Väst', 'Vårdcentral Norr'], kommun: ['Socialpsykiatri'] };

const REGION = { aadObjectId: '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41', name: 'Anna Lind' };
const KOMMUN = { aadObjectId: 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d', name: 'Björn Berg' };

/** 10:00 Stockholm on a date, as UTC. */
function at10(date: string): string {
  const summer = date >= '2026-03-29' && date < '2026-10-25';
  return `${date}T${summer ? '08' : '09'}:00:00.000Z`;
}

interface Meeting {
  readonly id: string;
  readonly day: string;
  /** When the kommun's kallelse was marked sent; absent: never. */
  readonly sentOn?: string;
  readonly followUpOf?: string;
}

interface Seed {
  readonly code: string;
  readonly tenantId?: string;
  readonly kind: 'sip' | 'vss';
  readonly opened: string;
  readonly regionUnit: string;
  readonly kommunUnit: string;
  readonly b1: boolean;
  readonly consentOn?: string;
  readonly meetings?: readonly Meeting[];
  /** Plan versions: upprättad at a meeting, with the follow-up date it set. */
  readonly plans?: ReadonlyArray<{ readonly meetingId: string; readonly followUpDate: string }>;
  readonly crisis?: { readonly reviewDate: string; readonly reviews?: ReadonlyArray<{ due: string; revisedOn: string }> };
  /** Closed, with the SIP ended, on this day. */
  readonly closedOn?: string;
}

function seedCase(s: Seed): CaseState {
  const openedAt = at10(s.opened);
  const coordinator = (who: typeof REGION, principal: 'region' | 'kommun', unit: string): Coordinator => ({ ...who, principal, unit, trained: true, addedAt: openedAt });
  const meetings: SipMeeting[] = (s.meetings ?? []).map((m) => ({
    id: m.id,
    startsAt: at10(m.day),
    durationMinutes: 60,
    form: 'fysiskt',
    purpose: 'SIP',
    invited: [{ role: 'personen' }, { role: 'kommun', ...(m.sentOn === undefined ? {} : { sentAt: at10(m.sentOn) }) }],
    status: 'held',
    heldAt: at10(m.day),
    moves: [],
    createdAt: openedAt,
    plannedBy: { aadObjectId: REGION.aadObjectId, principal: 'region' },
    rev: 2,
    ...(m.followUpOf === undefined ? {} : { followUpOf: m.followUpOf }),
  }));
  const plans = s.plans ?? [];
  const last = plans.at(-1);
  const sipPlan: SipPlan | undefined =
    last === undefined
      ? undefined
      : {
          efforts: [],
          followUpDate: last.followUpDate,
          establishedAt: at10(meetings.find((m) => m.id === last.meetingId)!.startsAt.slice(0, 10)),
          established: {
            version: plans.length,
            content: { efforts: [], followUpDate: last.followUpDate },
            establishedAt: meetings.find((m) => m.id === last.meetingId)!.startsAt,
            meetingId: last.meetingId,
            changes: [],
          },
          versions: plans.map((p, i) => ({ version: i + 1, establishedAt: meetings.find((m) => m.id === p.meetingId)!.startsAt, meetingId: p.meetingId, followUpDate: p.followUpDate })),
          nextEffortNumber: 1,
          rev: 3,
        };
  const crisisPlan: CrisisPlan | undefined =
    s.crisis === undefined
      ? undefined
      : {
          signs: [{ id: 'S1', description: 'Sover dåligt', describedBy: 'personen', actions: { personen: 'Ringer mottagningen' } }],
          reviewDate: s.crisis.reviewDate,
          revision: 1 + (s.crisis.reviews?.length ?? 0),
          savedAt: meetings[0]?.startsAt ?? openedAt,
          nextSignNumber: 2,
          ...(s.crisis.reviews === undefined ? {} : { reviews: s.crisis.reviews }),
          rev: 2,
        };
  const updatedAt = s.closedOn === undefined ? SEED_NOW.toISOString() : at10(s.closedOn);
  return {
    tenantId: s.tenantId ?? SEED_TENANT,
    code: s.code,
    kind: s.kind,
    phase: s.closedOn === undefined ? 'initiering' : 'avslutat',
    createdAt: openedAt,
    createdBy: REGION,
    coordinators: [coordinator(REGION, 'region', s.regionUnit), coordinator(KOMMUN, 'kommun', s.kommunUnit)],
    consent: s.consentOn === undefined ? { status: 'notYet' } : { status: 'given', form: 'written', scope: 'SIP', validUntil: '2028-06-30', recordedAt: at10(s.consentOn), rev: 1 },
    baseline: {
      ...(s.b1 ? { need: 'yes' as const } : {}),
      items: Object.fromEntries(BASELINE_ITEMS.map((id) => [id, { status: 'notStarted', rev: 0 }])) as Record<BaselineItemId, BaselineItem>,
    },
    linkedChatIds: [],
    ...(meetings.length === 0 ? {} : { sipMeetings: meetings }),
    ...(sipPlan === undefined ? {} : { sipPlan }),
    ...(crisisPlan === undefined ? {} : { crisisPlan }),
    ...(s.closedOn === undefined ? {} : { closure: { reason: '', at: at10(s.closedOn), by: REGION, sip: { kind: 'ended' as const, reason: 'Avslutad', at: at10(s.closedOn), by: REGION } } }),
    updatedAt,
    version: 5,
  };
}

const P = { regionUnit: 'Psykiatri Väst', kommunUnit: 'Socialpsykiatri' } as const;
/** The kommun unit of the Q cases is free text from before the list: it counts as övrigt. */
const Q = { regionUnit: 'Vårdcentral Norr', kommunUnit: 'Hemtjänst Söder' } as const;

const M1 = (sentOn: string): Meeting => ({ id: 'M1', day: '2026-11-02', sentOn });
/** A follow-up held before the first plan's follow-up date (20 November), its kallelse in time. */
const M2: Meeting = { id: 'M2', day: '2026-11-19', sentOn: '2026-11-02', followUpOf: 'M1' };
const CONSENT_DAYS = ['2026-10-06', '2026-10-07', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-12'];

/** The hand-counted set: see the expectations in test/http/statistics.test.ts. */
export function seededCases(): CaseState[] {
  const cases: CaseState[] = [];
  for (let i = 0; i < 8; i++) {
    const held = i < 6;
    const meetings = !held ? [] : i < 3 ? [M1('2026-10-16'), M2] : [M1(i < 5 ? '2026-10-16' : '2026-10-28')];
    const plans = i < 3 ? [{ meetingId: 'M1', followUpDate: '2026-11-20' }, { meetingId: 'M2', followUpDate: '2027-03-01' }] : i < 5 ? [{ meetingId: 'M1', followUpDate: '2026-11-20' }] : [];
    cases.push(
      seedCase({
        code: `SIP-2026-${String(i + 1).padStart(4, '0')}`,
        kind: 'sip',
        opened: '2026-10-05',
        ...P,
        b1: i < 6,
        ...(i < 6 ? { consentOn: CONSENT_DAYS[i]! } : {}),
        meetings,
        plans,
        ...(held ? { crisis: i < 5 ? { reviewDate: '2027-01-15', reviews: [{ due: '2026-11-16', revisedOn: '2026-11-13' }] } : { reviewDate: '2026-11-10' } } : {}),
      }),
    );
  }
  // Closed in the months shown: counted; its B1 answered.
  cases.push(seedCase({ code: 'SIP-2026-0009', kind: 'sip', opened: '2026-10-05', ...P, b1: true, closedOn: '2026-11-10' }));
  // Closed before the months shown: left out.
  cases.push(seedCase({ code: 'SIP-2025-0001', kind: 'sip', opened: '2025-03-03', ...P, b1: true, closedOn: '2025-06-02' }));
  for (let i = 0; i < 3; i++) cases.push(seedCase({ code: `VSS-2026-${String(i + 1).padStart(4, '0')}`, kind: 'vss', opened: '2026-09-14', ...Q, b1: i === 0 }));
  // Another tenant's cases never show.
  for (let i = 0; i < 6; i++) cases.push(seedCase({ code: `SIP-2026-${String(i + 101).padStart(4, '0')}`, tenantId: OTHER_TENANT, kind: 'sip', opened: '2026-10-05', ...P, b1: true }));
  return cases;
}
