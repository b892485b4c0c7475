import { tenantField } from './case-change-parts';
import type { Actor, CaseState, Coordinator, Principal } from './case-model';

/*
 * The step that makes the colleague who accepted a request a coordinator (003:86–88: appointed
 * once the principals agree and the person has said yes). A leaf module: consent.ts appoints when
 * consent is recorded, colleague-request.ts when the request is accepted with consent in place.
 */

/**
 * The other principal's colleague as a coordinator of the case: added with consent in place, or
 * appointed from a request; told (noticePending) unless they are the one acting.
 */
export function colleagueCoordinator(colleague: Actor & { readonly principal: Principal; readonly trained: boolean; readonly unit?: string | undefined }, at: string, noticePending: boolean): Coordinator {
  const { aadObjectId, userId, name, principal, trained, unit } = colleague;
  return { aadObjectId, ...tenantField(colleague), userId, name, principal, ...(unit === undefined ? {} : { unit }), trained, addedAt: at, ...(noticePending ? { noticePending: true } : {}) };
}

/**
 * The case's coordinators and request once an accepted request is honoured, or undefined when there
 * is nothing to appoint. The colleague is told (noticePending) unless they are the one acting now.
 */
export function appointed(c: CaseState, at: string, actingId: string): Pick<CaseState, 'coordinators' | 'colleagueRequest'> | undefined {
  const request = c.colleagueRequest;
  if (request?.status !== 'accepted') return undefined;
  // Two coordinators, one from each principal: someone added meanwhile keeps the place.
  if (c.coordinators.some((x) => x.principal === request.colleague.principal || x.aadObjectId === request.colleague.aadObjectId)) return { coordinators: c.coordinators, colleagueRequest: undefined };
  return { coordinators: [...c.coordinators, colleagueCoordinator(request.colleague, at, request.colleague.aadObjectId !== actingId)], colleagueRequest: undefined };
}
