/**
 * Consent (samtycke) as a lifecycle: recorded whenever the person gives it (usually at the
 * förmöte, not when the case is opened), changed, withdrawn, and running out. A SIP is drawn up
 * only if the person consents (000:262), so the steps that draw one up ask for a valid consent.
 */
import { isIsoDate, localDate } from './calendar-date';
import type { Change, Clock, FieldProblem } from './case-commands';
import { actorOf, changed, event, textProblem } from './case-change-parts';
import type { Actor, CaseState, Consent } from './case-model';
import { cleanFreeText } from './free-text';
import { sipWritableBy } from './sip-holder';
import { appointed } from './appointment';

export const CONSENT_SCOPE_LIMIT = 500;

export interface ConsentInput {
  readonly form?: 'written' | 'oral' | undefined;
  readonly scope?: string | undefined;
  /** The last day the consent holds (YYYY-MM-DD). */
  readonly validUntil?: string | undefined;
  /** The consent's rev on the card the user pressed (0 when none was ever recorded). */
  readonly rev: number;
}

/** What the consent of a case is on a given day. */
export type ConsentStanding = 'valid' | 'missing' | 'expired' | 'withdrawn';

/** Cases stored before consent had a rev carry none: they count as 0. */
export function consentRev(c: CaseState): number {
  return c.consent.rev ?? 0;
}

export function consentStanding(c: CaseState, today: string): ConsentStanding {
  const consent = c.consent;
  if (consent.status === 'withdrawn') return 'withdrawn';
  if (consent.status !== 'given') return 'missing';
  if (consent.validUntil !== undefined && consent.validUntil < today) return 'expired';
  return 'valid';
}

/** True when the SIP may be worked on today: consent given, not withdrawn, not run out. */
export function consentValid(c: CaseState, clock: Clock): boolean {
  return consentStanding(c, localDate(clock.now, clock.timeZone)) === 'valid';
}

/**
 * The day the person said yes, as far as the bot knows: when it was recorded, or, for a case
 * stored before consent was recorded on its own, the day the case was opened with it.
 */
export function consentRecordedAt(c: CaseState): string | undefined {
  if (c.consent.status !== 'given') return undefined;
  return c.consent.recordedAt ?? c.createdAt;
}

/**
 * When the person first said yes, as far as the bot knows: kept from the first record, or for a
 * consent never changed since, when it was recorded (with the case, for one stored before consent
 * was recorded on its own). Undefined when they never have.
 */
export function consentFirstGivenAt(c: CaseState): string | undefined {
  if (c.consent.firstGivenAt !== undefined) return c.consent.firstGivenAt;
  return c.consent.status === 'notYet' ? undefined : (c.consent.recordedAt ?? c.createdAt);
}

/** Problems with a consent as filled in: the same rules at case creation and later. */
export function consentProblems(input: Omit<ConsentInput, 'rev'>, clock: Clock): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.form === undefined) problems.push({ field: 'consentForm', kind: 'required' });
  const scope = cleanFreeText(input.scope);
  if (scope === undefined) problems.push({ field: 'consentScope', kind: 'required' });
  const until = cleanFreeText(input.validUntil);
  if (until === undefined) problems.push({ field: 'consentValidUntil', kind: 'required' });
  else if (!isIsoDate(until)) problems.push({ field: 'consentValidUntil', kind: 'invalid' });
  else if (until < localDate(clock.now, clock.timeZone)) problems.push({ field: 'consentValidUntil', kind: 'past' });
  const text = textProblem('consentScope', scope, CONSENT_SCOPE_LIMIT);
  if (text !== undefined) problems.push(text);
  return problems;
}

/** A consent as recorded now by actor. */
export function givenConsent(input: Omit<ConsentInput, 'rev'>, rev: number, actor: Actor, clock: Clock): Consent {
  return {
    status: 'given',
    form: input.form,
    scope: cleanFreeText(input.scope),
    validUntil: cleanFreeText(input.validUntil),
    rev,
    recordedAt: clock.now.toISOString(),
    recordedBy: actorOf(actor),
  };
}

/**
 * Records the person's consent, or changes it (what it covers, until when, the form). A consent
 * given again after a withdrawal is recorded the same way. Any coordinator of the case may.
 */
export function recordConsent(c: CaseState, input: ConsentInput, actor: Actor, clock: Clock): Change {
  const refused = guard(c, input.rev, actor);
  if (refused !== undefined) return refused;
  const problems = consentProblems(input, clock);
  if (problems.length > 0) return { ok: false, error: 'invalidField', problem: problems[0]! };
  // Changing what it covers or until when is not a new yes: the first one is kept.
  const next: Consent = { ...givenConsent(input, consentRev(c) + 1, actor, clock), firstGivenAt: consentFirstGivenAt(c) ?? clock.now.toISOString() };
  const before = c.consent;
  if (before.status === 'given' && before.form === next.form && before.scope === next.scope && before.validUntil === next.validUntil) return { ok: true, state: c, audit: [] };
  const action = before.status === 'given' ? 'consent.changed' : 'consent.recorded';
  // A colleague who took the assignment before the person said yes is appointed now (003:86–88).
  const appointment = appointed(c, clock.now.toISOString(), actor.aadObjectId);
  const done = changed(c, { consent: next, ...appointment }, event(action, actor, clock, next.form), clock);
  if (!done.ok || appointment === undefined || appointment.coordinators.length === c.coordinators.length) return done;
  const principal = c.colleagueRequest!.colleague.principal;
  return { ...done, audit: [...done.audit, event('case.coordinatorAdded', actor, clock, principal)] };
}

/**
 * The person has withdrawn their consent from a given day (not later than today). No new SIP step
 * may be taken; what was written stays readable for the coordinators.
 */
export function withdrawConsent(c: CaseState, input: { readonly rev: number; readonly date?: string | undefined }, actor: Actor, clock: Clock): Change {
  const refused = guard(c, input.rev, actor);
  if (refused !== undefined) return refused;
  if (c.consent.status !== 'given') return { ok: false, error: 'stale' };
  const today = localDate(clock.now, clock.timeZone);
  const date = cleanFreeText(input.date);
  if (date === undefined) return { ok: false, error: 'invalidField', problem: { field: 'consentWithdrawnOn', kind: 'required' } };
  if (!isIsoDate(date)) return { ok: false, error: 'invalidField', problem: { field: 'consentWithdrawnOn', kind: 'invalid' } };
  if (date > today) return { ok: false, error: 'invalidField', problem: { field: 'consentWithdrawnOn', kind: 'future' } };
  const next: Consent = { ...c.consent, status: 'withdrawn', rev: consentRev(c) + 1, withdrawnOn: date, withdrawnBy: actorOf(actor) };
  return changed(c, { consent: next }, event('consent.withdrawn', actor, clock), clock);
}

function guard(c: CaseState, rev: number, actor: Actor): Change | undefined {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  if (!c.coordinators.some((x) => x.aadObjectId === actor.aadObjectId)) return { ok: false, error: 'notCoordinator' };
  if (consentRev(c) !== rev) return { ok: false, error: 'stale' };
  return undefined;
}

