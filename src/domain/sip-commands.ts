import { consentValid } from './consent';
import { localDate } from './calendar-date';
import type { Change, Clock, FieldProblem } from './case-commands';
import type { Actor, AuditEvent, BaselineItem, BaselineItemId, CaseState } from './case-model';
import { otherPrincipal } from './case-rules';
import { cleanFreeText, firstFreeTextProblem } from './free-text';
import {
  CASE_PRE_MEETING,
  MEETING_FORMS,
  PARTY_ROLES,
  PRINCIPAL_ROLES,
  partyKey,
  PRE_MEETING_INVITE_ROLES,
  PRE_MEETING_TEXT_FIELDS,
  type Attendance,
  type CasePreMeeting,
  type InvitedParty,
  type MeetingForm,
  type PartyRole,
  type PreMeeting,
  type PreMeetingAnswers,
  type SipMeeting,
} from './sip-model';
import { addWorkingDays } from './working-days';
import { zonedToUtc } from './zoned-time';
import { autoTick, startB8Period } from './baseline-auto-tick';
import { actorOf, changed } from './case-change-parts';
import { sipWritableBy } from './sip-holder';

export const SIP_LIMITS = { purpose: 500, questions: 1000, place: 300, link: 500, unitsPerPrincipal: 6, label: 80, role: 80, answer: 1000, reason: 500 } as const;

export type SipField = 'date' | 'time' | 'duration' | 'purpose' | 'questions' | 'place' | 'link' | 'regionUnits' | 'kommunUnits' | 'invited' | 'otherLabel' | 'chair' | 'noteTaker' | 'reason' | 'withoutPersonReason' | 'personTookPart' | 'personAbsentReason' | 'invite' | 'wishedForm' | (typeof PRE_MEETING_TEXT_FIELDS)[number];
export type SipProblem =
  | { readonly field: SipField; readonly kind: 'personnummer' }
  | { readonly field: SipField; readonly kind: 'tooLong'; readonly limit: number }
  | { readonly field: SipField; readonly kind: 'required' | 'invalid' | 'past' | 'notStarted' };

export type SipChange = Change | { readonly ok: false; readonly error: 'invalid'; readonly about: 'sip'; readonly problems: readonly SipProblem[] };

export interface MeetingInput {
  readonly date: string;
  readonly time: string;
  readonly durationMinutes: number;
  readonly form: MeetingForm;
  readonly place?: string | undefined;
  readonly link?: string | undefined;
  readonly purpose?: string | undefined;
  readonly questions?: string | undefined;
  readonly invited: readonly PartyRole[];
  readonly otherLabel?: string | undefined;
  /** The region's and the kommun's units, one kallelse each; a principal with units is invited. */
  readonly regionUnits?: readonly string[] | undefined;
  readonly kommunUnits?: readonly string[] | undefined;
  readonly chair?: string | undefined;
  readonly noteTaker?: string | undefined;
  /** The meeting whose plan this one follows up. */
  readonly followUpOf?: string | undefined;
  /** Why the person is not invited to their own SIP meeting; asked only then. */
  readonly withoutPersonReason?: string | undefined;
}

/** Every typed value goes through here, so what is checked is what is stored. */
const blank = cleanFreeText;
export const meetingsOf = (c: CaseState): readonly SipMeeting[] => c.sipMeetings ?? [];

function textProblems(fields: ReadonlyArray<{ field: SipField; value: string | undefined; maxLength: number }>): SipProblem[] {
  const problems: SipProblem[] = [];
  for (const f of fields) {
    const found = firstFreeTextProblem([f]);
    if (found !== undefined) problems.push(found.problem.kind === 'tooLong' ? { field: f.field, kind: 'tooLong', limit: found.problem.limit } : { field: f.field, kind: 'personnummer' });
  }
  return problems;
}

/** Checks a planned or moved meeting's time: a real date and time, in the future, a sane length. */
function timeProblems(input: { date: string; time: string; durationMinutes: number }, clock: Clock): { startsAt?: string; problems: SipProblem[] } {
  const problems: SipProblem[] = [];
  const startsAt = zonedToUtc(input.date, input.time, clock.timeZone);
  if (blank(input.date) === undefined) problems.push({ field: 'date', kind: 'required' });
  else if (blank(input.time) === undefined) problems.push({ field: 'time', kind: 'required' });
  else if (startsAt === undefined) problems.push({ field: 'date', kind: 'invalid' });
  else if (Date.parse(startsAt) <= clock.now.getTime()) problems.push({ field: 'date', kind: 'past' });
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 15 || input.durationMinutes > 480) problems.push({ field: 'duration', kind: 'invalid' });
  return { startsAt, problems };
}

/**
 * Plans a SIP meeting. The purpose is required because the invitation must state it; a time in
 * the past and an impossible length are refused; every free text is guarded.
 */
export function planMeeting(c: CaseState, input: MeetingInput, actor: Actor, clock: Clock): SipChange {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  const me = c.coordinators.find((x) => x.aadObjectId === actor.aadObjectId);
  if (me === undefined) return { ok: false, error: 'notCoordinator' };
  // A SIP is drawn up only if the person consents (000:262): no meeting is planned without it.
  if (!consentValid(c, clock)) return { ok: false, error: 'noConsent' };
  const { startsAt, problems } = timeProblems(input, clock);
  const units = { region: unitsOf(input.regionUnits), kommun: unitsOf(input.kommunUnits) };
  for (const role of PRINCIPAL_ROLES) {
    const field = role === 'region' ? 'regionUnits' : 'kommunUnits';
    if (units[role].length > SIP_LIMITS.unitsPerPrincipal) problems.push({ field, kind: 'invalid' });
    const found = textProblems(units[role].map((value) => ({ field, value, maxLength: SIP_LIMITS.label })))[0];
    if (found !== undefined) problems.push(found);
  }
  // A principal with units named is invited, unit by unit.
  const roles = [...new Set([...input.invited, ...PRINCIPAL_ROLES.filter((r) => units[r].length > 0)])];
  if (blank(input.purpose) === undefined) problems.push({ field: 'purpose', kind: 'required' });
  if (roles.length === 0) problems.push({ field: 'invited', kind: 'required' });
  if (input.invited.some((r) => !(PARTY_ROLES as readonly string[]).includes(r))) problems.push({ field: 'invited', kind: 'invalid' });
  if (input.invited.includes('annan') && blank(input.otherLabel) === undefined) problems.push({ field: 'otherLabel', kind: 'required' });
  // The person is always in the resource group and the plan is drawn up with them when possible
  // (000:97, 000:264): leaving them out of their own meeting takes a reason.
  const withoutPerson = input.invited.includes('personen') ? undefined : blank(input.withoutPersonReason);
  if (!input.invited.includes('personen') && roles.length > 0 && withoutPerson === undefined) problems.push({ field: 'withoutPersonReason', kind: 'required' });
  if (input.followUpOf !== undefined && !meetingsOf(c).some((m) => m.id === input.followUpOf)) problems.push({ field: 'invited', kind: 'invalid' });
  problems.push(
    ...textProblems([
      { field: 'purpose', value: blank(input.purpose), maxLength: SIP_LIMITS.purpose },
      { field: 'questions', value: blank(input.questions), maxLength: SIP_LIMITS.questions },
      { field: 'place', value: blank(input.place), maxLength: SIP_LIMITS.place },
      { field: 'link', value: blank(input.link), maxLength: SIP_LIMITS.link },
      { field: 'otherLabel', value: blank(input.otherLabel), maxLength: SIP_LIMITS.label },
      { field: 'chair', value: blank(input.chair), maxLength: SIP_LIMITS.role },
      { field: 'noteTaker', value: blank(input.noteTaker), maxLength: SIP_LIMITS.role },
      { field: 'withoutPersonReason', value: withoutPerson, maxLength: SIP_LIMITS.reason },
    ]),
  );
  const link = blank(input.link);
  if (link !== undefined && link.length <= SIP_LIMITS.link && !isMeetingLink(link)) problems.push({ field: 'link', kind: 'invalid' });
  if (problems.length > 0 || startsAt === undefined) return { ok: false, error: 'invalid', about: 'sip', problems };

  const invited: InvitedParty[] = roles.flatMap((role): InvitedParty[] => {
    if (role === 'annan') return [{ role, label: blank(input.otherLabel) }];
    if ((role === 'region' || role === 'kommun') && units[role].length > 0) return units[role].map((unit, i) => ({ role, unit, unitNo: i + 1 }));
    return [{ role }];
  });
  const meeting: SipMeeting = {
    id: `M${meetingsOf(c).length + 1}`,
    startsAt,
    durationMinutes: input.durationMinutes,
    form: input.form,
    place: blank(input.place),
    ...(link === undefined ? {} : { link }),
    purpose: blank(input.purpose)!,
    questions: blank(input.questions),
    invited,
    chair: blank(input.chair),
    noteTaker: blank(input.noteTaker),
    ...(withoutPerson === undefined ? {} : { withoutPersonReason: withoutPerson }),
    status: 'planned',
    followUpOf: input.followUpOf,
    moves: [],
    // A förmöte held before booking belongs to the first meeting planned after it.
    preMeeting: c.preMeeting === undefined ? undefined : withoutRev(c.preMeeting),
    createdAt: clock.now.toISOString(),
    plannedBy: { aadObjectId: me.aadObjectId, principal: me.principal },
    rev: 0,
  };
  return withMeetings({ ...c, preMeeting: undefined }, [...meetingsOf(c), meeting], [event('sip.meetingPlanned', actor, clock, meeting.id)], clock);
}

/** Units as typed, one per line: cleaned, empty ones dropped, each once. */
function unitsOf(typed: readonly string[] | undefined): string[] {
  return [...new Set((typed ?? []).map((u) => blank(u)).filter((u): u is string => u !== undefined))];
}

/**
 * A link a party can open to join: https only (a kallelse goes to parties outside the
 * organisation, and the calendar file carries it), with no user name or password in it.
 */
export function isMeetingLink(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** Moves a planned meeting; the move is recorded and what depends on the old time follows it. */
export function moveMeeting(c: CaseState, input: { meetingId: string; rev: number; date: string; time: string; durationMinutes: number }, actor: Actor, clock: Clock): SipChange {
  const found = editable(c, actor, input.meetingId, input.rev);
  if (!found.ok) return found;
  const { startsAt, problems } = timeProblems(input, clock);
  if (problems.length > 0 || startsAt === undefined) return { ok: false, error: 'invalid', about: 'sip', problems };
  const m = found.meeting;
  if (m.startsAt === startsAt && m.durationMinutes === input.durationMinutes) return { ok: true, state: c, audit: [] };
  const moved: SipMeeting = {
    ...m,
    startsAt,
    durationMinutes: input.durationMinutes,
    // A kallelse names the time: those sent for the old one must be sent again.
    invited: startsAt === m.startsAt ? m.invited : m.invited.map(resendNeeded),
    moves: [...m.moves, { from: m.startsAt, to: startsAt, at: clock.now.toISOString(), byAadObjectId: actor.aadObjectId }],
    rev: m.rev + 1,
  };
  return replaceMeeting(c, moved, event('sip.meetingMoved', actor, clock, m.id), clock);
}

export function cancelMeeting(c: CaseState, input: { meetingId: string; rev: number; reason?: string | undefined }, actor: Actor, clock: Clock): SipChange {
  const found = editable(c, actor, input.meetingId, input.rev);
  if (!found.ok) return found;
  const reason = blank(input.reason);
  const problems: SipProblem[] = reason === undefined ? [{ field: 'reason', kind: 'required' }] : textProblems([{ field: 'reason', value: reason, maxLength: SIP_LIMITS.reason }]);
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'sip', problems };
  return replaceMeeting(c, { ...found.meeting, status: 'cancelled', cancelReason: reason, rev: found.meeting.rev + 1 }, event('sip.meetingCancelled', actor, clock, found.meeting.id), clock);
}

/**
 * The meetings with every planned one cancelled for why the SIP ended, and their audit entries:
 * a SIP that ends leaves no meeting planned, so nothing is shown or reminded as coming.
 */
export function cancelledWithSip(c: CaseState, reason: string, actor: Actor, clock: Clock): { readonly sipMeetings: readonly SipMeeting[] | undefined; readonly audit: readonly AuditEvent[] } {
  const meetings = meetingsOf(c);
  const planned = meetings.filter((m) => m.status === 'planned');
  if (planned.length === 0) return { sipMeetings: c.sipMeetings, audit: [] };
  return {
    sipMeetings: meetings.map((m) => (m.status === 'planned' ? { ...m, status: 'cancelled', cancelReason: reason, rev: m.rev + 1 } : m)),
    audit: planned.map((m) => event('sip.meetingCancelled', actor, clock, m.id)),
  };
}

/**
 * Saves förmöte answers as the coordinator goes; unanswered questions keep what was saved. The
 * förmöte is a planned meeting's (M1, M2, …) or, before any meeting is booked, the case's own
 * (CASE_PRE_MEETING).
 */
export function savePreMeeting(c: CaseState, input: { meetingId: string; rev: number; answers: PreMeetingAnswers }, actor: Actor, clock: Clock): SipChange {
  const slot = preMeetingSlot(c, actor, input.meetingId, input.rev);
  if (!slot.ok) return slot;
  const problems = textProblems(PRE_MEETING_TEXT_FIELDS.map((field) => ({ field, value: blank(input.answers[field]), maxLength: SIP_LIMITS.answer })));
  if (input.answers.invite?.some((r) => !(PRE_MEETING_INVITE_ROLES as readonly string[]).includes(r))) problems.push({ field: 'invite', kind: 'invalid' });
  if (input.answers.wishedForm !== undefined && !(MEETING_FORMS as readonly string[]).includes(input.answers.wishedForm)) problems.push({ field: 'wishedForm', kind: 'invalid' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'sip', problems };
  const before: PreMeeting = slot.preMeeting ?? {};
  const preMeeting = withAnswers(before, input.answers);
  if (JSON.stringify(preMeeting) === JSON.stringify(before)) return { ok: true, state: c, audit: [] };
  return slot.put(preMeeting, slot.meeting === undefined ? event('sip.casePreMeetingSaved', actor, clock) : event('sip.preMeetingSaved', actor, clock, slot.meeting.id), clock);
}

/** A förmöte with the answers given: an answer not sent keeps what was saved; a blank text clears it. */
function withAnswers(before: PreMeeting, given: PreMeetingAnswers): PreMeeting {
  const answers: Record<string, string | undefined> = {};
  for (const field of PRE_MEETING_TEXT_FIELDS) answers[field] = given[field] === undefined ? before[field] : blank(given[field]);
  return {
    ...before,
    ...answers,
    relativesMayTakePart: given.relativesMayTakePart ?? before.relativesMayTakePart,
    otherPrincipalPreMeeting: given.otherPrincipalPreMeeting ?? before.otherPrincipalPreMeeting,
    // No one chosen on a förmöte that never had anyone is not an answer (the client leaves the empty choice out, read as '').
    invite: given.invite === undefined || (given.invite.length === 0 && before.invite === undefined) ? before.invite : [...new Set(given.invite)],
    wishedForm: given.wishedForm ?? before.wishedForm,
  };
}

/** Marks the förmöte held, which ticks B3. */
export function markPreMeetingHeld(c: CaseState, input: { meetingId: string; rev: number }, actor: Actor, clock: Clock): SipChange {
  const slot = preMeetingSlot(c, actor, input.meetingId, input.rev);
  if (!slot.ok) return slot;
  if (slot.preMeeting?.heldAt !== undefined) return { ok: true, state: c, audit: [] };
  const preMeeting = { ...(slot.preMeeting ?? {}), heldAt: clock.now.toISOString(), heldByAadObjectId: actor.aadObjectId };
  const next = slot.put(preMeeting, slot.meeting === undefined ? event('sip.casePreMeetingHeld', actor, clock) : event('sip.preMeetingHeld', actor, clock, slot.meeting.id), clock);
  return next.ok ? autoTick(next, 'B3', actor, clock) : next;
}

/**
 * Saves the answers and marks the förmöte held, in one write ("Förmötet är genomfört" keeps what
 * was typed): both audit entries, and B3.
 */
export function holdPreMeeting(c: CaseState, input: { meetingId: string; rev: number; answers: PreMeetingAnswers }, actor: Actor, clock: Clock): SipChange {
  const saved = savePreMeeting(c, input, actor, clock);
  if (!saved.ok) return saved;
  const state = saved.state;
  // Saving bumped the rev (or left it, when nothing changed): hold against the saved state's.
  const rev = input.meetingId === CASE_PRE_MEETING ? (state.preMeeting?.rev ?? 0) : (meetingsOf(state).find((m) => m.id === input.meetingId)?.rev ?? input.rev);
  const held = markPreMeetingHeld(state, { meetingId: input.meetingId, rev }, actor, clock);
  return held.ok ? { ...held, audit: [...saved.audit, ...held.audit] } : held;
}

/** The förmöte last worked on: the case's own before booking, else that of the latest meeting (not cancelled) that has one. */
export function latestPreMeeting(c: CaseState): PreMeeting | undefined {
  if (c.preMeeting !== undefined) return c.preMeeting;
  return [...meetingsOf(c)]
    .filter((m) => m.status !== 'cancelled' && m.preMeeting !== undefined)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.preMeeting;
}

/** What the förmöte proposes for booking a meeting: the parties, the form and the place the person asked for. */
export interface PlanningProposal {
  readonly heldAt?: string | undefined;
  readonly invited: readonly PartyRole[];
  readonly form?: MeetingForm | undefined;
  readonly place?: string | undefined;
}

/**
 * The person is always invited, and both principals (a SIP is between them); then whom the person
 * asked for at the förmöte, leaving närstående out when the person objected (000:264).
 */
export function planningProposal(c: CaseState): PlanningProposal | undefined {
  const pre = latestPreMeeting(c);
  if (pre === undefined) return undefined;
  const asked = (pre.invite ?? []).filter((r) => !(r === 'narstaende' && pre.relativesMayTakePart === 'no'));
  return { heldAt: pre.heldAt, invited: ['personen', 'region', 'kommun', ...asked], form: pre.wishedForm, place: pre.wishedPlace };
}

/** True when närstående are invited to the meeting although the person said no at the förmöte. */
export function relativesAgainstWish(c: CaseState, m: SipMeeting): boolean {
  const pre = m.preMeeting ?? latestPreMeeting(c);
  return pre?.relativesMayTakePart === 'no' && m.invited.some((p) => p.role === 'narstaende');
}

type Slot =
  | { ok: true; meeting?: SipMeeting; preMeeting: PreMeeting | undefined; put: (preMeeting: PreMeeting, audit: AuditEvent, clock: Clock) => Change }
  | { ok: false; error: 'caseClosed' | 'stale' | 'notCoordinator' };

function preMeetingSlot(c: CaseState, actor: Actor, meetingId: string, rev: number): Slot {
  if (meetingId !== CASE_PRE_MEETING) {
    const found = editable(c, actor, meetingId, rev);
    if (!found.ok) return found;
    const m = found.meeting;
    return { ok: true, meeting: m, preMeeting: m.preMeeting, put: (preMeeting, audit, clock) => replaceMeeting(c, { ...m, preMeeting, rev: m.rev + 1 }, audit, clock) };
  }
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  // Once a meeting is planned it holds the förmöte: a card for the case's own is out of date.
  if ((c.preMeeting?.rev ?? 0) !== rev || meetingsOf(c).some((m) => m.status === 'planned')) return { ok: false, error: 'stale' };
  return {
    ok: true,
    preMeeting: c.preMeeting,
    put: (preMeeting, audit, clock) => changed(c, { preMeeting: { ...preMeeting, rev: rev + 1 } }, audit, clock),
  };
}

/**
 * Marks a party's kallelse sent (a party by its partyKey: a role, or a principal's unit). B4 is
 * ticked once every unit of the other principal has its kallelse. The other principal can be marked
 * even when the meeting was planned without it: that is how a meeting that was not a SIP meeting
 * becomes one.
 */
export function markInvitationSent(c: CaseState, input: { meetingId: string; rev: number; party: string }, actor: Actor, clock: Clock): SipChange {
  const found = editable(c, actor, input.meetingId, input.rev);
  if (!found.ok) return found;
  const m = found.meeting;
  const other = otherPrincipal(m.plannedBy.principal);
  const listed = m.invited.find((p) => partyKey(p) === input.party);
  const party = listed ?? (input.party === other && !isSipMeeting(m) ? { role: other } : undefined);
  if (party === undefined) return { ok: false, error: 'invalid', about: 'sip', problems: [{ field: 'invited', kind: 'invalid' }] };
  if (party.sentAt !== undefined) return { ok: true, state: c, audit: [] };
  if (!consentValid(c, clock)) return { ok: false, error: 'noConsent' };
  const { sentForEarlierTime: _earlier, ...kept } = party;
  const sent: InvitedParty = { ...kept, sentAt: clock.now.toISOString() };
  const invited = listed === undefined ? [...m.invited, sent] : m.invited.map((p) => (p === listed ? sent : p));
  const updated: SipMeeting = { ...m, invited, rev: m.rev + 1 };
  const next = replaceMeeting(c, updated, event('sip.invitationSent', actor, clock, `${m.id}:${input.party}`), clock);
  return next.ok && party.role === other && otherPrincipalInvitedInTime(updated) ? autoTick(next, 'B4', actor, clock) : next;
}

/**
 * Takes back a sent mark set by mistake: the kallelse counts as not sent, and the invitation
 * reminder comes back for the other principal. A checked-off B4 stays as it is (the baseline has
 * its own undo).
 */
export function markInvitationUndone(c: CaseState, input: { meetingId: string; rev: number; party: string }, actor: Actor, clock: Clock): SipChange {
  const found = editable(c, actor, input.meetingId, input.rev);
  if (!found.ok) return found;
  const m = found.meeting;
  const party = m.invited.find((p) => partyKey(p) === input.party);
  if (party === undefined) return { ok: false, error: 'invalid', about: 'sip', problems: [{ field: 'invited', kind: 'invalid' }] };
  if (party.sentAt === undefined) return { ok: true, state: c, audit: [] };
  const { sentAt: _sentAt, ...unsent } = party;
  const invited = m.invited.map((p) => (p === party ? unsent : p));
  return replaceMeeting(c, { ...m, invited, rev: m.rev + 1 }, event('sip.invitationUndone', actor, clock, `${m.id}:${input.party}`), clock);
}

/** A party whose kallelse named the old time: sent for an earlier time, and to be sent again. */
function resendNeeded(p: InvitedParty): InvitedParty {
  if (p.sentAt === undefined) return p;
  const { sentAt, ...rest } = p;
  return { ...rest, sentForEarlierTime: sentAt };
}

/** Marks the meeting held: B5, and B6 when it is the follow-up of an earlier meeting's plan. */
/** Who took part, as the held form sends it: the person yes or no (and why not), the parties who did not come. */
export interface AttendanceInput {
  readonly person?: 'yes' | 'no' | undefined;
  readonly personAbsentReason?: string | undefined;
  readonly absent: readonly string[];
}

/**
 * Marks a meeting held, once it has started, with who took part when the card asked (a card
 * shown before the question existed marks it held without). The person's part is asked when they
 * were invited, and why not when they did not come (000:264).
 */
export function markMeetingHeld(c: CaseState, input: { meetingId: string; rev: number; attendance?: AttendanceInput | undefined }, actor: Actor, clock: Clock): SipChange {
  const found = editable(c, actor, input.meetingId, input.rev);
  if (!found.ok) return found;
  const m = found.meeting;
  if (Date.parse(m.startsAt) > clock.now.getTime()) return { ok: false, error: 'invalid', about: 'sip', problems: [{ field: 'date', kind: 'notStarted' }] };
  const attendance = input.attendance === undefined ? undefined : attendanceOf(m, input.attendance);
  if (attendance !== undefined && 'problems' in attendance) return { ok: false, error: 'invalid', about: 'sip', problems: attendance.problems };
  const held: SipMeeting = { ...m, status: 'held', heldAt: clock.now.toISOString(), ...(attendance === undefined ? {} : { attendance }), rev: m.rev + 1 };
  let next: SipChange = replaceMeeting(c, held, event('sip.meetingHeld', actor, clock, m.id), clock);
  // A meeting without the other principal is not a SIP meeting: held, it ticks no SIP item.
  if (next.ok && isSipMeeting(m)) next = autoTick(next, 'B5', actor, clock);
  if (next.ok && isSipMeeting(m) && m.followUpOf !== undefined) next = autoTick(next, 'B6', actor, clock);
  // A meeting marked held late, after a later one was, ends no period: B8 is about the time since the latest.
  const laterHeld = meetingsOf(c).some((x) => x.id !== m.id && x.status === 'held' && isSipMeeting(x) && x.startsAt > m.startsAt);
  if (next.ok && isSipMeeting(m) && !laterHeld) next = startB8Period(next, m.id, actor, clock);
  return next;
}

/**
 * Whether the meeting is a SIP meeting: the other principal is invited (METHOD.md, "A SIP is between
 * the principals"). One planned without it is shown as not a SIP meeting until it is invited.
 */
export function isSipMeeting(m: SipMeeting): boolean {
  return otherPrincipalParties(m).length > 0;
}

/** The other principal (of the one who planned it) as invited to the meeting: as a whole, or unit by unit; none when it is not. */
export function otherPrincipalParties(m: SipMeeting): InvitedParty[] {
  return m.invited.filter((p) => p.role === otherPrincipal(m.plannedBy.principal));
}

/**
 * Whether a kallelse to the other principal is marked sent for the meeting's time, to every unit
 * of it: not while one is unsent, was sent before the meeting moved, or the other principal is not
 * invited at all.
 */
export function otherPrincipalInvitedInTime(m: SipMeeting): boolean {
  const other = otherPrincipalParties(m);
  return other.length > 0 && other.every((p) => p.sentAt !== undefined);
}

function attendanceOf(m: SipMeeting, input: AttendanceInput): Attendance | { problems: SipProblem[] } {
  const invited = m.invited.map(partyKey);
  const problems: SipProblem[] = [];
  const personInvited = invited.includes('personen');
  if (personInvited && input.person === undefined) problems.push({ field: 'personTookPart', kind: 'required' });
  const reason = personInvited && input.person === 'no' ? blank(input.personAbsentReason) : undefined;
  if (personInvited && input.person === 'no' && reason === undefined) problems.push({ field: 'personAbsentReason', kind: 'required' });
  problems.push(...textProblems([{ field: 'personAbsentReason', value: reason, maxLength: SIP_LIMITS.reason }]));
  // A party that was not invited cannot have stayed away: a forged or stale card.
  if (input.absent.some((r) => r === 'personen' || !(invited as readonly string[]).includes(r))) problems.push({ field: 'invited', kind: 'invalid' });
  if (problems.length > 0) return { problems };
  return {
    ...(personInvited ? { person: input.person === 'yes' } : {}),
    ...(reason === undefined ? {} : { personAbsentReason: reason }),
    absent: invited.filter((r) => input.absent.includes(r)),
  };
}

/** The next planned meeting that has not started yet. */
export function nextMeeting(c: CaseState, now: Date): SipMeeting | undefined {
  return meetingsOf(c)
    .filter((m) => m.status === 'planned' && Date.parse(m.startsAt) > now.getTime())
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
}

export interface InvitationTiming {
  /** The last day the other principal should get the invitation by the local guideline. */
  readonly deadline: string;
  readonly late: boolean;
}

/**
 * Whether the other principal is (or would be, if sent today) invited later than the local
 * guideline's `lateWorkingDays` before the meeting (ReminderSettings.invitationLateWorkingDays).
 */
export function invitationTiming(m: SipMeeting, clock: Clock, lateWorkingDays: number): InvitationTiming {
  const meetingDay = localDate(new Date(m.startsAt), clock.timeZone);
  const deadline = addWorkingDays(meetingDay, -lateWorkingDays);
  // The other principal is invited when its last unit is: until then, as if sent today.
  const sent = otherPrincipalInvitedInTime(m) ? otherPrincipalParties(m).map((p) => p.sentAt!).sort().at(-1) : undefined;
  const sentDay = sent === undefined ? localDate(clock.now, clock.timeZone) : localDate(new Date(sent), clock.timeZone);
  return { deadline, late: sentDay > deadline };
}

/** The meeting circle: the parts of a resource group meeting and their suggested share of time. */
export const MEETING_CIRCLE = [
  { part: 'inledning', share: 0.1 },
  { part: 'aktuellSituation', share: 0.2 },
  { part: 'behov', share: 0.45 },
  { part: 'sammanfattning', share: 0.15 },
  { part: 'avslutning', share: 0.1 },
] as const;

export type CirclePart = (typeof MEETING_CIRCLE)[number]['part'];

/**
 * Minutes per part for a meeting's length, in steps of 5 minutes (whole minutes for meetings under
 * half an hour or of odd length), shared by largest remainder so the parts always add up to the
 * booked time; every part gets at least one step, taken from behov, the longest.
 */
export function meetingCircle(durationMinutes: number): Array<{ part: CirclePart; minutes: number }> {
  const step = durationMinutes >= 30 && durationMinutes % 5 === 0 ? 5 : 1;
  const units = Math.floor(durationMinutes / step);
  const given = MEETING_CIRCLE.map(({ part, share }) => ({ part, units: Math.floor(units * share), remainder: units * share - Math.floor(units * share) }));
  let left = units - given.reduce((sum, p) => sum + p.units, 0);
  for (const p of [...given].sort((a, b) => b.remainder - a.remainder)) {
    if (left <= 0) break;
    p.units += 1;
    left -= 1;
  }
  const behov = given.find((p) => p.part === 'behov')!;
  for (const p of given) {
    if (p.units === 0) {
      p.units = 1;
      behov.units -= 1;
    }
  }
  // Steps of 5 only when the length is a multiple of 5, so units × step is the whole (whole-minute) length.
  return given.map((p) => ({ part: p.part, minutes: p.units * step }));
}

type Found = { ok: true; meeting: SipMeeting } | { ok: false; error: 'caseClosed' | 'stale' | 'notCoordinator' };

function editable(c: CaseState, actor: Actor, meetingId: string, rev: number): Found {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  const meeting = meetingsOf(c).find((m) => m.id === meetingId);
  // An unknown meeting and one changed since the card was shown both mean the card is out of date.
  if (meeting === undefined || meeting.rev !== rev || meeting.status !== 'planned') return { ok: false, error: 'stale' };
  return { ok: true, meeting };
}

function withoutRev({ rev: _rev, ...preMeeting }: CasePreMeeting): PreMeeting {
  return preMeeting;
}

function replaceMeeting(c: CaseState, meeting: SipMeeting, audit: AuditEvent, clock: Clock): Change {
  return withMeetings(c, meetingsOf(c).map((m) => (m.id === meeting.id ? meeting : m)), [audit], clock);
}

function withMeetings(c: CaseState, meetings: readonly SipMeeting[], audit: AuditEvent[], clock: Clock): Change {
  return { ok: true, state: { ...c, sipMeetings: meetings, updatedAt: clock.now.toISOString(), version: c.version + 1 }, audit };
}

function event(action: AuditEvent['action'], actor: Actor, clock: Clock, detail?: string): AuditEvent {
  return { action, at: clock.now.toISOString(), by: actorOf(actor), detail };
}

export type { FieldProblem };
