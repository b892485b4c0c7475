import fc from 'fast-check';
import { expect } from 'vitest';
import { answerNeed, closeCase, SIP_ENDS, type Clock } from '../../src/domain/case-commands';
import type { Actor, AuditEvent, CaseState } from '../../src/domain/case-model';
import type { Snapshot } from '../../src/domain/plan-commands';
import { meetingsOf } from '../../src/domain/sip-commands';
import type { SipMeeting } from '../../src/domain/sip-model';
import { ANNA, CLOCK, LATER, PNR, sampleCase } from './sample-case';

/*
 * Helpers shared by the domain command tests (case, SIP meeting, plan and reminder rules): the
 * sample case in the states the tests start from, unwrapping a command's outcome, the checks
 * that no typed text rides along in an audit event, and the parts the properties over random
 * command sequences have in common.
 */

export const CODE = 'VSS-2026-0042';

/**
 * The sample case: created Monday 23 Nov 2026 09:00 in Stockholm by Anna (region) with Björn
 * (kommun); consent given, B1 unanswered, no meetings, no plan and no crisis plan.
 */
export const newCase = (): CaseState => sampleCase(CODE);

/** What any command returns: the changed case, or a refusal. */
type Outcome =
  | { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[]; readonly snapshots?: readonly Snapshot[] | undefined }
  | { readonly ok: false; readonly error: string };

export type Applied = Extract<Outcome, { ok: true }>;

/** The change a command made, failing the test (with what was wrong) if it refused. */
export function applied(change: Outcome): Applied {
  if (!change.ok) {
    const why = 'problems' in change ? change.problems : 'missing' in change ? change.missing : 'problem' in change ? change.problem : '';
    throw new Error(`expected the change to succeed, got ${change.error} ${JSON.stringify(why ?? '')}`);
  }
  return change;
}

/** The case after a command that must succeed. */
export const ok = (change: Outcome): CaseState => applied(change).state;

type ProblemsOf<C> = C extends { readonly problems: infer P } ? P : never;

/** The field problems of a command that must refuse its input as "invalid", and store nothing. */
export function problemsOf<C extends Outcome>(change: C): ProblemsOf<C> {
  if (change.ok) throw new Error('expected the command to refuse the input');
  if (change.error !== 'invalid') throw new Error(`expected "invalid", got ${change.error}`);
  expect(change).not.toHaveProperty('state');
  return (change as unknown as { readonly problems: ProblemsOf<C> }).problems;
}

/** A case where a coordinator answered B1 "yes" by hand, so B2–B8 are open. */
export function yesCase(c: CaseState = newCase()): CaseState {
  return ok(answerNeed(c, { need: 'yes', rev: 0 }, ANNA, CLOCK));
}

/** VoSS closed and nothing goes on: early if the condition is not met, and a SIP that could go on ends too. */
export function closed(c: CaseState): CaseState {
  return ok(closeCase(c, { reason: 'Personen vill inte längre ha samordning', early: 'declines', sipHolder: SIP_ENDS, sipEndReason: 'Personen vill inte ha SIP' }, ANNA, LATER));
}

export function meetingIn(c: CaseState, id = 'M1'): SipMeeting {
  const m = meetingsOf(c).find((x) => x.id === id);
  if (m === undefined) throw new Error(`no meeting ${id}`);
  return m;
}

/** Every string anywhere inside a value: used to prove that no free text rides along in an audit event. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

export function expectNoText(audit: readonly AuditEvent[], ...texts: string[]): void {
  const strings = stringsIn(audit);
  for (const text of texts) {
    for (const s of strings) expect(s, `audit must not contain "${text}"`).not.toContain(text);
  }
}

export const actorOnly = (a: Actor) => ({ aadObjectId: a.aadObjectId, userId: a.userId, name: a.name });
export const ev = (action: AuditEvent['action'], actor: Actor, clock: Clock, detail?: string): AuditEvent => ({ action, at: clock.now.toISOString(), by: actorOnly(actor), detail });

/** The calendar date `n` days after an ISO date. */
export function addDays(isoDate: string, n: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Properties over random command sequences
// ---------------------------------------------------------------------------------------------

/** Free text is marked so that finding it in an audit event can never be a coincidence. */
export const TEXT_MARK = 'Fritext:';

/** Typed text as it may come: none, blank, marked text, a personnummer, or longer than `limit` allows. */
export function markedTextArb(limit: number): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: fc.constantFrom('', '   '), weight: 1 },
    { arbitrary: fc.string({ minLength: 0, maxLength: 30 }).map((s) => `${TEXT_MARK} ${s}`), weight: 5 },
    { arbitrary: fc.string({ minLength: 0, maxLength: 10 }).map((s) => `  ${TEXT_MARK}${s}\n`), weight: 1 },
    { arbitrary: fc.constant(`${TEXT_MARK} gäller ${PNR}`), weight: 1 },
    { arbitrary: fc.constant(`${TEXT_MARK} ${'x'.repeat(limit)}`), weight: 1 },
  );
}

/**
 * What every audited change in a command sequence must be: made on an open case, one version up,
 * stamped with the clock, each audit event by the actor at that time with a fixed detail, and no
 * marked text in any field of any audit event.
 */
export function expectAuditedChange(before: CaseState, change: Applied, actor: Actor, clock: Clock, fixedDetail: RegExp): void {
  expect(before.closure).toBeUndefined();
  expect(change.state.version).toBe(before.version + 1);
  expect(change.state.updatedAt).toBe(clock.now.toISOString());
  for (const event of change.audit) {
    expect(event.at).toBe(clock.now.toISOString());
    expect(event.by).toEqual(actorOnly(actor));
    if (event.detail !== undefined) expect(event.detail).toMatch(fixedDetail);
  }
  for (const s of stringsIn(change.audit)) expect(s).not.toContain(TEXT_MARK);
}

/**
 * The case with a SIP meeting held (the plan is upprättad at one): planned by Anna (region), the
 * person and both principals invited and sent a kallelse, and, unless told otherwise, who took part.
 */
export function withHeldMeeting(c: CaseState, opts: { id?: string; heldAt?: string; attendance?: SipMeeting['attendance'] | null } = {}): CaseState {
  const heldAt = opts.heldAt ?? '2026-11-23T09:30:00.000Z';
  const m: SipMeeting = {
    id: opts.id ?? `M${meetingsOf(c).length + 1}`,
    startsAt: heldAt,
    durationMinutes: 60,
    form: 'fysiskt',
    purpose: 'Samordnad individuell plan',
    invited: [{ role: 'personen', sentAt: c.createdAt }, { role: 'region', sentAt: c.createdAt }, { role: 'kommun', sentAt: c.createdAt }],
    status: 'held',
    heldAt,
    ...(opts.attendance === null ? {} : { attendance: opts.attendance ?? { person: true, absent: [] } }),
    moves: [],
    createdAt: c.createdAt,
    plannedBy: { aadObjectId: ANNA.aadObjectId, principal: 'region' },
    rev: 1,
  };
  return { ...c, sipMeetings: [...meetingsOf(c), m] };
}
