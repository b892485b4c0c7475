import type { Change, Clock, FieldProblem } from './case-commands';
import { actorOf, changed, event } from './case-change-parts';
import type { Actor, CaseState, ColleagueInvite, Principal } from './case-model';
import { samePerson } from './case-rules';
import { newRequest, requestOutstanding } from './colleague-request';
import { containsPersonnummer } from './personnummer';

/** RFC 5321's limit on an address's length. */
const EMAIL_MAX = 254;
/** One @, something on each side, a dot in the domain, no spaces: what a colleague's work address looks like. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * A typed e-mail address of a colleague to invite, in lower case, or what is wrong with it. An
 * address is not free text, but a personnummer typed into it is still refused as one.
 */
export function inviteEmail(typed: string | undefined): { readonly ok: true; readonly email: string | undefined } | { readonly ok: false; readonly problem: FieldProblem } {
  const email = typed?.trim().toLowerCase();
  if (email === undefined || email === '') return { ok: true, email: undefined };
  if (containsPersonnummer(email)) return { ok: false, problem: { field: 'colleagueEmail', kind: 'personnummer' } };
  if (email.length > EMAIL_MAX) return { ok: false, problem: { field: 'colleagueEmail', kind: 'tooLong', limit: EMAIL_MAX } };
  if (!EMAIL_SHAPE.test(email)) return { ok: false, problem: { field: 'colleagueEmail', kind: 'invalid' } };
  return { ok: true, email };
}

/** The invite a new case or "lägg till kollega" makes: for the principal the inviter is not. */
export function newInvite(email: string, trained: boolean, principal: Principal, inviter: Actor, at: string): ColleagueInvite {
  return { email, principal, trained, invitedBy: actorOf(inviter), at };
}

/**
 * Invites the other principal's colleague by e-mail address, when they cannot be picked because
 * they have not added the bot in their tenant. The same rules as picking them: one colleague per
 * principal, none while a request waits. A later pick or invite replaces it.
 */
export function inviteColleague(c: CaseState, email: string, trained: boolean, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  const me = c.coordinators.find((x) => samePerson(c, x, actor));
  if (me === undefined) return { ok: false, error: 'notCoordinator' };
  const principal: Principal = me.principal === 'region' ? 'kommun' : 'region';
  if (c.coordinators.some((x) => x.principal === principal) || requestOutstanding(c)) return { ok: false, error: 'stale' };
  const invite = newInvite(email, c.kind !== 'sip' && trained, principal, actor, clock.now.toISOString());
  return changed(c, { colleagueInvite: invite }, event('case.colleagueInvited', actor, clock, principal), clock);
}

/**
 * The invited colleague has added the bot and Teams reports the invited address for them: they are
 * asked, as if picked before consent, and become the colleague only when they take the assignment
 * ("Jag tar uppdraget"), consent or not. An address can be mistyped or reach the wrong person, so
 * nobody sees a case by an address alone. Undefined when the case no longer waits for this. One who
 * already had the bot when invited is asked at once (`shownNow` false: the request is delivered).
 */
export function acceptInvite(c: CaseState, invitee: Actor, email: string, clock: Clock, shownNow = true): Change | undefined {
  const invite = c.colleagueInvite;
  if (c.closure !== undefined || invite === undefined || invite.email !== email) return undefined;
  // A pick or a request replaces an invite, so one still here has its place free; a case of their own is not theirs to be asked in.
  if (c.coordinators.some((x) => x.principal === invite.principal || samePerson(c, x, invitee)) || requestOutstanding(c)) return undefined;
  // Shown in the invitee's own turn (they just added the bot), or delivered after the write like any request.
  const request = { ...newRequest({ ...actorOf(invitee), trained: invite.trained }, invite.principal, invite.invitedBy, clock.now.toISOString(), c.colleagueRequest), deliveryPending: shownNow ? undefined : true };
  return changed(c, { colleagueInvite: undefined, colleagueRequest: request }, event('case.inviteAccepted', invitee, clock, invite.principal), clock);
}
