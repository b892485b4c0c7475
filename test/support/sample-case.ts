import { BASELINE_ITEMS, type BaselineItem, type BaselineItemId, type CaseState, type TargetGroup } from '../../src/domain/case-model';

export const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
export const ANNA = { aadObjectId: '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41', name: 'Anna Lind', userId: '29:anna' };
export const BJORN = { aadObjectId: 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d', name: 'Björn Berg', userId: '29:bjorn' };

/** A person the target group rules count in: the first three criteria and one of the last three (high consumer). */
export const MET: TargetGroup = {
  adult: true,
  extensiveDisability: true,
  ordinaryCooperationInsufficient: true,
  highConsumer: true,
  repeatedInpatientStays: false,
  breaksOffContacts: false,
};

/** A case as createCase would make it, for storage tests that need one without the domain. */
export function sampleCase(code: string, tenantId = TENANT): CaseState {
  const at = '2026-11-23T08:00:00.000Z';
  return {
    tenantId,
    code,
    nickname: 'AB',
    phase: 'initiering',
    createdAt: at,
    createdBy: ANNA,
    coordinators: [
      { ...ANNA, principal: 'region', trained: true, addedAt: at },
      { ...BJORN, principal: 'kommun', trained: false, addedAt: at },
    ],
    targetGroup: { ...MET },
    consent: { status: 'given', form: 'written', scope: 'SIP med region och kommun', validUntil: '2028-06-30' },
    baseline: { items: Object.fromEntries(BASELINE_ITEMS.map((id) => [id, { status: 'notStarted', rev: 0 }])) as Record<BaselineItemId, BaselineItem> },
    linkedChatIds: [],
    updatedAt: at,
    version: 1,
  };
}

/** Skatteverket's test personnummer: valid date and check digit. */
export const PNR = '19121212-1212';
export const TZ = 'Europe/Stockholm';
export const clockAt = (iso: string): { now: Date; timeZone: string } => ({ now: new Date(iso), timeZone: TZ });
/** Monday 23 November 2026, 10:00 in Stockholm (winter time, UTC+1). */
export const CLOCK = clockAt('2026-11-23T09:00:00.000Z');
export const LATER = clockAt('2026-11-23T10:15:00.000Z');
/** Someone who is not a coordinator of any sample case. */
export const OUTSIDER = { aadObjectId: '0b8e6c2a-7d1f-4e3b-9c5a-1f2e3d4c5b6a', userId: '29:olle', name: 'Olle Utomstående' };
