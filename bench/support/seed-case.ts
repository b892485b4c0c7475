/**
 * A case as plain state, said in a few facts: opened, units, B1, consent, held meetings with their
 * kallelse, plans upprättade at them, the crisis plan, closing. For the statistics' hand-counted
 * test set and the statistics benchmark. Dates are Stockholm local; meetings at 10:00.
 */
import { BASELINE_ITEMS, type BaselineItem, type BaselineItemId, type CaseState, type Coordinator, type Evaluation } from '../../src/domain/case-model';
import type { CrisisPlan, SipPlan } from '../../src/domain/plan-model';
import type { SipMeeting } from '../../src/domain/sip-model';

export const SEED_TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';

const REGION = { aadObjectId: '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41', name: 'Anna Lind' };
const KOMMUN = { aadObjectId: 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d', name: 'Björn Berg' };

/** 10:00 Stockholm on a date, as UTC. */
export function at10(date: string): string {
  const summer = date >= '2026-03-29' && date < '2026-10-25';
  return `${date}T${summer ? '08' : '09'}:00:00.000Z`;
}

export interface Meeting {
  readonly id: string;
  readonly day: string;
  /** When the kommun's kallelse was marked sent; absent: never. */
  readonly sentOn?: string;
  readonly followUpOf?: string;
}

export interface Seed {
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
  /**
   * The person's yes to evaluation on a day (the points count from it), the points done (by id, on
   * which day), and the day the yes was withdrawn.
   */
  readonly evaluation?: { readonly yesOn: string; readonly done?: Readonly<Record<string, string>>; readonly withdrawnOn?: string };
  /** Closed, with the SIP ended, on this day. */
  readonly closedOn?: string;
  /** When an open case was last written. */
  readonly updatedAt: string;
}

function evaluationOf(e: NonNullable<Seed['evaluation']>): Evaluation {
  return {
    consent: {
      status: e.withdrawnOn === undefined ? 'given' : 'withdrawn',
      recordedAt: at10(e.yesOn),
      recordedBy: REGION,
      ...(e.withdrawnOn === undefined ? {} : { withdrawnOn: e.withdrawnOn, withdrawnBy: REGION }),
    },
    // A seed has no use for a random code; the shape is the real one.
    code: 'U-7KQ4-M9TX',
    startedOn: e.yesOn,
    ...(e.done === undefined ? {} : { done: Object.fromEntries(Object.entries(e.done).map(([id, doneOn]) => [id, { doneOn, by: KOMMUN }])) }),
    rev: 1 + Object.keys(e.done ?? {}).length + (e.withdrawnOn === undefined ? 0 : 1),
  };
}

export function seedCase(s: Seed): CaseState {
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
  const updatedAt = s.closedOn === undefined ? s.updatedAt : at10(s.closedOn);
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
    ...(s.evaluation === undefined ? {} : { evaluation: evaluationOf(s.evaluation) }),
    ...(s.closedOn === undefined ? {} : { closure: { reason: '', at: at10(s.closedOn), by: REGION, sip: { kind: 'ended' as const, reason: 'Avslutad', at: at10(s.closedOn), by: REGION } } }),
    updatedAt,
    version: 5,
  };
}

