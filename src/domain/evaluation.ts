/**
 * Evaluation with the person's consent. The Uppsala routine evaluates VoSS by the region's routine
 * for it (003:118), with instruments to the person that are anonymous but coded so the answers can
 * be compared over time, used only if the person consents (003:120). So the bot records that
 * consent (given, declined, withdrawn), gives a code that is not the case code, and keeps which
 * evaluation points were done; the instruments' answers never come here.
 *
 * Which points there are (months after the first yes), and how many working days late a point may
 * be marked done and still count as on time, are local settings: the routine names neither.
 */
import { isIsoDate, localDate } from './calendar-date';
import type { Change, Clock } from './case-commands';
import { actorOf, changed, event } from './case-change-parts';
import type { Actor, CaseState, Evaluation, EvaluationConsent, EvaluationPointDone } from './case-model';
import { caseKind } from './case-rules';
import { cleanFreeText } from './free-text';
import { addWorkingDays, nextWorkingDayOnOrAfter } from './working-days';

/** The local settings of evaluation; part of the reminder settings, which carry every rule's days. */
export interface EvaluationSettings {
  /** Months after the first yes at which the person is evaluated; 0 is at the start. */
  readonly evaluationPointsMonths: readonly number[];
  /** A point marked done within this many working days after its date counts as on time. */
  readonly evaluationGraceWorkingDays: number;
}

export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = { evaluationPointsMonths: [0, 6, 12], evaluationGraceWorkingDays: 10 };

/**
 * The characters an evaluation code is written with: no 0/O or 1/I, so a code read aloud or copied
 * onto a paper form by hand comes out the same. 32 of them, so a random byte maps evenly.
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** U-7KQ4-M9TX: the U says it is an evaluation code, not a case code (VSS-…, SIP-…). */
export const EVALUATION_CODE = /^U-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/**
 * An evaluation code from eight random bytes (the bot draws them with node:crypto): nothing of the
 * case goes into it, so the code cannot be traced back to the case by anyone who has only the code.
 */
export function evaluationCodeFrom(random: Uint8Array): string {
  if (random.length < 8) throw new RangeError('an evaluation code needs eight random bytes');
  const chars = Array.from(random.subarray(0, 8), (b) => ALPHABET[b % 32]!);
  return `U-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Cases stored before evaluation existed, and cases whose person was never asked, are at 0. */
export function evaluationRev(c: CaseState): number {
  return c.evaluation?.rev ?? 0;
}

/** A point's id: P0 for the start, P6 for six months… */
export const pointId = (months: number): string => `P${months}`;

/** Where a point stands on a day. notAsked: it falls outside the consent (before the yes in force, after a withdrawal). */
export type EvaluationPointStatus = 'upcoming' | 'due' | 'late' | 'done' | 'notAsked';

export interface EvaluationPoint {
  readonly id: string;
  readonly months: number;
  /** The day the point falls on (YYYY-MM-DD). */
  readonly date: string;
  /** The last day a done mark counts as on time (the local grace, in working days). */
  readonly onTimeUntil: string;
  readonly status: EvaluationPointStatus;
  readonly done?: EvaluationPointDone | undefined;
}

/**
 * The case's evaluation points by the settings, in order. None for a SIP case (the evaluation is
 * the VoSS routine's, 003:118) or before the person's first yes.
 */
export function evaluationPoints(c: CaseState, s: EvaluationSettings, timeZone: string, today: string): EvaluationPoint[] {
  const e = c.evaluation;
  if (caseKind(c) !== 'vss' || e?.startedOn === undefined) return [];
  const months = [...new Set(s.evaluationPointsMonths)].sort((a, b) => a - b);
  return months.map((m) => {
    const id = pointId(m);
    const date = addMonths(e.startedOn!, m);
    const onTimeUntil = addWorkingDays(nextWorkingDayOnOrAfter(date), s.evaluationGraceWorkingDays);
    const done = e.done?.[id];
    const status: EvaluationPointStatus =
      done !== undefined ? 'done' : !inForce(e, date, timeZone) ? 'notAsked' : today < date ? 'upcoming' : today <= onTimeUntil ? 'due' : 'late';
    return { id, months: m, date, onTimeUntil, status, done };
  });
}

/** Whether the consent covers a point on its date: on or after the yes in force, and not after a withdrawal. */
function inForce(e: Evaluation, date: string, timeZone: string): boolean {
  const consent = e.consent;
  if (consent.status === 'declined') return false;
  if (date < localDate(new Date(consent.recordedAt), timeZone)) return false;
  return consent.status === 'given' || (consent.withdrawnOn !== undefined && date <= consent.withdrawnOn);
}

/**
 * The points the coordinators are to be reminded of: not done, covered by a consent still given,
 * while VoSS goes on (the evaluation is VoSS's, so closing VoSS ends it).
 */
export function pointsToRemind(c: CaseState, s: EvaluationSettings, timeZone: string): EvaluationPoint[] {
  if (c.closure !== undefined || c.evaluation?.consent.status !== 'given') return [];
  // The day does not matter here: every point not done and in force is wanted, due or not.
  return evaluationPoints(c, s, timeZone, '0000-01-01').filter((p) => p.status !== 'done' && p.status !== 'notAsked');
}

/**
 * The points the statistics count, each with whether it was done on time: a point done, and a
 * point not done whose grace ran out while the person's consent held and VoSS went on. A point
 * whose grace had not run out when the consent was withdrawn or VoSS closed is not counted: there
 * was no longer anything to do.
 */
export function countedPoints(c: CaseState, s: EvaluationSettings, timeZone: string, today: string): Array<{ readonly date: string; readonly onTime: boolean }> {
  const e = c.evaluation;
  if (e === undefined) return [];
  const closedOn = c.closure === undefined ? undefined : localDate(new Date(c.closure.at), timeZone);
  const stoppedOn = [closedOn, e.consent.status === 'withdrawn' ? e.consent.withdrawnOn : undefined].filter((d): d is string => d !== undefined).sort()[0];
  const out: Array<{ date: string; onTime: boolean }> = [];
  for (const p of evaluationPoints(c, s, timeZone, today)) {
    if (p.done !== undefined) out.push({ date: p.date, onTime: p.done.doneOn <= p.onTimeUntil });
    else if (p.status === 'late' || (p.status === 'notAsked' && e.consent.status === 'withdrawn' && p.date <= (e.consent.withdrawnOn ?? ''))) {
      if (p.onTimeUntil < today && (stoppedOn === undefined || p.onTimeUntil < stoppedOn)) out.push({ date: p.date, onTime: false });
    }
  }
  return out;
}

export interface EvaluationConsentInput {
  readonly answer?: 'given' | 'declined' | undefined;
  /** The evaluation's rev on the card the user pressed (0 when the person was never asked). */
  readonly rev: number;
  /** A fresh code (evaluationCodeFrom), used only if the case has none yet. */
  readonly newCode: string;
}

/**
 * Records the person's yes or no to being evaluated. The first yes gives the case its evaluation
 * code and starts the points; a yes after a no or a withdrawal keeps the code and the start, so
 * the answers stay comparable over time (003:120). A yes in force is ended by a withdrawal, not by
 * a no.
 */
export function recordEvaluationConsent(c: CaseState, input: EvaluationConsentInput, actor: Actor, clock: Clock): Change {
  const refused = guard(c, input.rev, actor);
  if (refused !== undefined) return refused;
  if (input.answer === undefined) return { ok: false, error: 'invalidField', problem: { field: 'evaluationConsent', kind: 'required' } };
  const before = c.evaluation;
  const status = before?.consent.status;
  if (status === input.answer) return { ok: true, state: c, audit: [] };
  if (status === 'given') return { ok: false, error: 'stale' };
  if (!EVALUATION_CODE.test(input.newCode)) throw new RangeError('not an evaluation code');
  const consent: EvaluationConsent = { status: input.answer, recordedAt: clock.now.toISOString(), recordedBy: actorOf(actor) };
  const given = input.answer === 'given';
  const next: Evaluation = {
    ...before,
    consent,
    code: before?.code ?? (given ? input.newCode : undefined),
    startedOn: before?.startedOn ?? (given ? localDate(clock.now, clock.timeZone) : undefined),
    rev: evaluationRev(c) + 1,
  };
  return changed(c, { evaluation: next }, event('evaluation.consentRecorded', actor, clock, input.answer), clock);
}

/**
 * The person has withdrawn the consent to evaluation from a day (not later than today): no more
 * points are asked for. The code and the points done stay, for a yes given again.
 */
export function withdrawEvaluationConsent(c: CaseState, input: { readonly rev: number; readonly date?: string | undefined }, actor: Actor, clock: Clock): Change {
  const refused = guard(c, input.rev, actor);
  if (refused !== undefined) return refused;
  const e = c.evaluation;
  if (e === undefined || e.consent.status !== 'given') return { ok: false, error: 'stale' };
  const date = cleanFreeText(input.date);
  if (date === undefined) return { ok: false, error: 'invalidField', problem: { field: 'evaluationWithdrawnOn', kind: 'required' } };
  if (!isIsoDate(date)) return { ok: false, error: 'invalidField', problem: { field: 'evaluationWithdrawnOn', kind: 'invalid' } };
  if (date > localDate(clock.now, clock.timeZone)) return { ok: false, error: 'invalidField', problem: { field: 'evaluationWithdrawnOn', kind: 'future' } };
  const consent: EvaluationConsent = { ...e.consent, status: 'withdrawn', withdrawnOn: date, withdrawnBy: actorOf(actor) };
  return changed(c, { evaluation: { ...e, consent, rev: e.rev + 1 } }, event('evaluation.consentWithdrawn', actor, clock), clock);
}

/**
 * Marks an evaluation point done today: the instruments were used with the person. Only a point of
 * the settings that the consent in force covers, and only once.
 */
export function markEvaluationDone(c: CaseState, input: { readonly point: string; readonly rev: number }, actor: Actor, clock: Clock, s: EvaluationSettings): Change {
  const refused = guard(c, input.rev, actor);
  if (refused !== undefined) return refused;
  const e = c.evaluation;
  if (e === undefined) return { ok: false, error: 'stale' };
  const today = localDate(clock.now, clock.timeZone);
  const point = evaluationPoints(c, s, clock.timeZone, today).find((p) => p.id === input.point);
  if (e.consent.status !== 'given' || point === undefined || point.status === 'done' || point.status === 'notAsked') return { ok: false, error: 'stale' };
  const done = { ...e.done, [point.id]: { doneOn: today, by: actorOf(actor) } };
  return changed(c, { evaluation: { ...e, done, rev: e.rev + 1 } }, event('evaluation.pointDone', actor, clock, point.id), clock);
}

/** Takes back a done mark pressed by mistake; the point is asked for again if the consent covers it. */
export function undoEvaluationDone(c: CaseState, input: { readonly point: string; readonly rev: number }, actor: Actor, clock: Clock): Change {
  const refused = guard(c, input.rev, actor);
  if (refused !== undefined) return refused;
  const e = c.evaluation;
  if (e?.done?.[input.point] === undefined) return { ok: false, error: 'stale' };
  const { [input.point]: _undone, ...rest } = e.done;
  const done = Object.keys(rest).length === 0 ? undefined : rest;
  return changed(c, { evaluation: { ...e, done, rev: e.rev + 1 } }, event('evaluation.pointUndone', actor, clock, input.point), clock);
}

/** A SIP case has no evaluation; a closed case takes no more of it; only its coordinators record it. */
function guard(c: CaseState, rev: number, actor: Actor): Change | undefined {
  if (caseKind(c) !== 'vss') return { ok: false, error: 'noEvaluation' };
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  if (!c.coordinators.some((x) => x.aadObjectId === actor.aadObjectId)) return { ok: false, error: 'notCoordinator' };
  if (evaluationRev(c) !== rev) return { ok: false, error: 'stale' };
  return undefined;
}

/** The same day `months` later; a day the month lacks (31 August + 6) is its last day. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
