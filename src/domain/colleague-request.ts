/**
 * Asking the other principal's coordinator before the person has consented. 003:86–88: the
 * principals agree on the coordination, the person is asked, and both coordinators are appointed
 * once the person has said yes. So a case opened without consent does not make the colleague a
 * coordinator: it asks them (who asks, the unit, the case code; nothing about the person), they
 * take the assignment (Jag tar uppdraget) or decline with a reason the one who asked is told, and
 * they are appointed when they have accepted and consent is recorded.
 */
import { samePerson } from './case-rules';
import { appointed } from './appointment';
import type { Change, Clock } from './case-commands';
import { actorOf, changed, event, tenantField, textProblem } from './case-change-parts';
import type { Actor, AuditEvent, CaseState, ColleagueRequest, Principal } from './case-model';
import { consentValid } from './consent';
import { cleanFreeText } from './free-text';
import { chosenUnit, type UnitCatalogue } from './units';

/** The longest reason to decline, as for other reasons. */
export const DECLINE_REASON_LIMIT = 500;

/**
 * A new request to a colleague of the other principal, to be shown to them when the bot can reach
 * them. Its rev goes on from the request it replaces, so a card of a declined one stays out of date.
 */
export function newRequest(colleague: Actor & { readonly trained: boolean }, principal: Principal, requester: Actor, at: string, replaces?: ColleagueRequest): ColleagueRequest {
  return {
    colleague: { aadObjectId: colleague.aadObjectId, ...tenantField(colleague), userId: colleague.userId, name: colleague.name, principal, trained: colleague.trained },
    requestedBy: actorOf(requester),
    at,
    status: 'pending',
    deliveryPending: true,
    rev: replaces === undefined ? 0 : replaces.rev + 1,
  };
}

/** The request this person was asked and has not declined, if any: what they may see of the case. */
export function openRequestFor(c: CaseState, person: Actor): ColleagueRequest | undefined {
  const request = c.colleagueRequest;
  return c.closure === undefined && request !== undefined && samePerson(c, request.colleague, person) && request.status !== 'declined' ? request : undefined;
}

/** A request waits for an answer or for consent: no other colleague may be asked meanwhile. */
export function requestOutstanding(c: CaseState): boolean {
  return c.colleagueRequest !== undefined && c.colleagueRequest.status !== 'declined';
}

type RequestChange = Change;

function answerable(c: CaseState, rev: number, actor: Actor): RequestChange | ColleagueRequest {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  const request = c.colleagueRequest;
  if (request === undefined || !samePerson(c, request.colleague, actor)) {
    // Already appointed (an answer given on another device): the card is out of date, not forged.
    return c.coordinators.some((x) => samePerson(c, x, actor)) ? { ok: false, error: 'stale' } : { ok: false, error: 'notCoordinator' };
  }
  if (request.rev !== rev || request.status !== 'pending') return { ok: false, error: 'stale' };
  return request;
}

/** What "Jag tar uppdraget" sends: the request's rev on the card, and the unit picked from the colleague's principal's list. */
export interface AcceptInput {
  readonly rev: number;
  readonly unit: string | undefined;
  readonly units: UnitCatalogue;
}

/**
 * "Jag tar uppdraget": the principals agree. With consent in place the colleague is a coordinator
 * at once; otherwise when consent is recorded (recordConsent appoints them). The colleague names
 * their unit here, as the one who asked did on the case form: the asker cannot know it.
 */
export function acceptRequest(c: CaseState, input: AcceptInput, actor: Actor, clock: Clock): Change {
  const request = answerable(c, input.rev, actor);
  if ('ok' in request) return request;
  const unit = chosenUnit(input.units, request.colleague.principal, input.unit);
  if (!unit.ok) return { ok: false, error: 'invalidField', problem: unit.problem };
  const at = clock.now.toISOString();
  const colleague = { ...request.colleague, ...(unit.unit === undefined ? {} : { unit: unit.unit }) };
  const accepted: ColleagueRequest = { ...request, colleague, status: 'accepted', answeredAt: at, deliveryPending: undefined, rev: request.rev + 1 };
  const withAnswer: CaseState = { ...c, colleagueRequest: accepted };
  const appointment = consentValid(c, clock) ? appointed(withAnswer, at, actor.aadObjectId) : undefined;
  const done = changed(c, appointment ?? { colleagueRequest: accepted }, event('case.requestAccepted', actor, clock, request.colleague.principal), clock);
  if (!done.ok || appointment === undefined || appointment.coordinators.length === c.coordinators.length) return done;
  return { ...done, audit: [...done.audit, event('case.appointed', actor, clock, request.colleague.principal)] };
}

/** "Avböj", with a reason the one who asked is told; they may then ask someone else. */
export function declineRequest(c: CaseState, input: { readonly rev: number; readonly reason: string | undefined }, actor: Actor, clock: Clock): Change {
  const request = answerable(c, input.rev, actor);
  if ('ok' in request) return request;
  const reason = cleanFreeText(input.reason);
  if (reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'declineReason', kind: 'required' } };
  const problem = textProblem('declineReason', reason, DECLINE_REASON_LIMIT);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  const declined: ColleagueRequest = {
    ...request,
    // Their name as Teams gives it now, for the one who asked.
    colleague: { ...request.colleague, userId: actor.userId ?? request.colleague.userId, name: actor.name ?? request.colleague.name },
    status: 'declined',
    answeredAt: clock.now.toISOString(),
    declineReason: reason,
    deliveryPending: undefined,
    declineNoticePending: true,
    rev: request.rev + 1,
  };
  return changed(c, { colleagueRequest: declined }, event('case.requestDeclined', actor, clock, request.colleague.principal), clock);
}

/** Records that the colleague has been shown the request, and how to reach them. */
export function markRequestDelivered(c: CaseState, who: Actor, clock: Clock): Change {
  const request = c.colleagueRequest;
  if (request === undefined || request.colleague.aadObjectId !== who.aadObjectId || request.deliveryPending !== true) return { ok: true, state: c, audit: [] };
  const colleague = { ...request.colleague, userId: who.userId ?? request.colleague.userId, name: who.name ?? request.colleague.name };
  return changed(c, { colleagueRequest: { ...request, colleague, deliveryPending: undefined } }, event('case.requestDelivered', who, clock), clock);
}

/** Records that the one who asked has been told of the decline. */
export function markDeclineTold(c: CaseState, clock: Clock): Change {
  const request = c.colleagueRequest;
  if (request?.declineNoticePending !== true) return { ok: true, state: c, audit: [] };
  const audit: AuditEvent = event('case.declineDelivered', request.requestedBy, clock);
  return changed(c, { colleagueRequest: { ...request, declineNoticePending: undefined } }, audit, clock);
}
