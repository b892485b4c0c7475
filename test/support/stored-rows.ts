import type { CaseState } from '../../src/domain/case-model';
import { ANNA, BJORN, TENANT } from './sample-case';

/**
 * A case as an earlier version of the bot wrote it, for tests that old rows still open and work:
 * only the fields every version had (consent given with the case, no rev or recording time, no
 * förmöte of its own, no meetings or plan), with Anna (region) and Björn (kommun). Typed loosely on
 * purpose: the shape is the old one, not today's CaseState.
 */
export function storedBefore(code: string, at: string, extra: Record<string, unknown> = {}): CaseState {
  const anna = { aadObjectId: ANNA.aadObjectId, name: ANNA.name, userId: ANNA.userId };
  return {
    tenantId: TENANT,
    code,
    nickname: 'GL',
    phase: 'kartlaggning',
    createdAt: at,
    createdBy: anna,
    coordinators: [
      { ...anna, principal: 'region', trained: true, addedAt: at },
      { aadObjectId: BJORN.aadObjectId, name: BJORN.name, userId: BJORN.userId, principal: 'kommun', trained: false, addedAt: at },
    ],
    targetGroup: { adult: true, extensiveDisability: true, ordinaryCooperationInsufficient: true, highConsumer: true, repeatedInpatientStays: false, breaksOffContacts: false },
    consent: { status: 'given', form: 'written', scope: 'SIP med region och kommun', validUntil: '2027-10-31' },
    baseline: { items: Object.fromEntries(['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8'].map((id) => [id, { status: 'notStarted', rev: 0 }])) },
    linkedChatIds: [],
    updatedAt: at,
    version: 1,
    ...extra,
  } as unknown as CaseState;
}
