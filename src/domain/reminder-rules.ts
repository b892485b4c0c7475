import { localDate } from './calendar-date';
import type { CaseState, Coordinator } from './case-model';
import { caseKind } from './case-rules';
import { consentRecordedAt } from './consent';
import { crisisPlanOf, planOf } from './plan-commands';
import { meetingsOf, otherPrincipalInvitedInTime } from './sip-commands';
import type { SipMeeting } from './sip-model';
import { addWorkingDays, isWorkingDay, nextWorkingDayOnOrAfter } from './working-days';
import { zonedToUtc } from './zoned-time';
import { sipHolder } from './sip-holder';
import { DEFAULT_EVALUATION_SETTINGS, pointsToRemind, type EvaluationSettings } from './evaluation';

/** What a reminder is about; each maps to one rule in PRODUCT.md ("Reminders"). */
export type ReminderKind =
  | 'firstMeeting'
  | 'consentEnding'
  | 'preMeetingAfterConsent'
  | 'preMeetingPrompt'
  | 'invitation'
  | 'invitationEscalation'
  | 'meetingSoon'
  | 'meetingNotHeld'
  | 'noFollowUpDate'
  | 'followUpSoon'
  | 'followUpToday'
  | 'noCrisisPlan'
  | 'crisisReview'
  | 'inactive'
  | 'evaluationDue';

export interface ReminderDue {
  /** Stable within a case: the same cause keeps the same key, so it is sent once. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly meetingId?: string | undefined;
  /** The working day it is for (YYYY-MM-DD, local). */
  readonly dueDate: string;
  /** When to deliver it (UTC): that day at office opening. */
  readonly deliverAt: string;
  /** The coordinators it goes to (AAD object ids). */
  readonly recipients: readonly string[];
}

/** Deployment defaults; each is configurable. The evaluation's are local settings (evaluation.ts). */
export interface ReminderSettings extends EvaluationSettings {
  readonly timeZone: string;
  readonly officeOpens: string;
  readonly officeCloses: string;
  readonly firstMeetingAfterWorkingDays: number;
  readonly preMeetingPromptsWorkingDaysBefore: readonly number[];
  readonly invitationAfterWorkingDays: number;
  readonly invitationEscalationWorkingDaysBefore: number;
  readonly meetingSoonWorkingDaysBefore: number;
  readonly followUpWorkingDaysBefore: number;
  readonly crisisPlanAfterWorkingDays: number;
  readonly crisisReviewWorkingDaysBefore: number;
  readonly inactiveDays: number;
  /** A local setting, not the method: how long before consent runs out the coordinators hear of it. */
  readonly consentEndingWorkingDaysBefore: number;
  /** A local setting: how long after consent the förmöte is asked for when none is held or booked. */
  readonly preMeetingAfterConsentWorkingDays: number;
  /**
   * A local guideline, not the method, which asks only for "i så god tid som möjligt" (000:32):
   * how many working days before the meeting the other principal should have the kallelse. A
   * later one is shown as late; no reminder depends on it.
   */
  readonly invitationLateWorkingDays: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  timeZone: 'Europe/Stockholm',
  officeOpens: '08:00',
  officeCloses: '17:00',
  firstMeetingAfterWorkingDays: 2,
  preMeetingPromptsWorkingDaysBefore: [10, 5],
  invitationAfterWorkingDays: 1,
  invitationEscalationWorkingDaysBefore: 10,
  meetingSoonWorkingDaysBefore: 1,
  followUpWorkingDaysBefore: 5,
  crisisPlanAfterWorkingDays: 5,
  crisisReviewWorkingDaysBefore: 5,
  inactiveDays: 30,
  consentEndingWorkingDaysBefore: 10,
  preMeetingAfterConsentWorkingDays: 3,
  invitationLateWorkingDays: 10,
  ...DEFAULT_EVALUATION_SETTINGS,
};

/**
 * Every reminder a case warrants now, whether due in the future or already due. A reminder whose
 * cause is gone (the item got done, the meeting moved or was cancelled, the case closed) is not
 * in the list, which is how it is never sent. Pure: the store diffs this list against what it has.
 */
export function remindersFor(c: CaseState, s: ReminderSettings): ReminderDue[] {
  // After VoSS closed, only a SIP that goes on has reminders, and only for the one who holds it.
  const holder = sipHolder(c)?.aadObjectId;
  if (c.closure !== undefined && holder === undefined) return [];
  // A coordinator who muted the case gets none of its reminders.
  const recipients = c.coordinators.filter((x) => x.remindersMuted !== true && (holder === undefined || x.aadObjectId === holder)).map((x) => x.aadObjectId);
  const out: ReminderDue[] = [];
  const add = (key: string, kind: ReminderKind, dueDate: string, meetingId?: string) => {
    if (recipients.length === 0) return;
    const day = nextWorkingDayOnOrAfter(dueDate);
    out.push({ key, kind, meetingId, dueDate: day, deliverAt: openingOf(day, s), recipients });
  };
  const day = (iso: string) => localDate(new Date(iso), s.timeZone);
  const meetings = meetingsOf(c);
  const live = meetings.filter((m) => m.status !== 'cancelled');
  const planned = meetings.filter((m) => m.status === 'planned');
  const held = meetings.filter((m) => m.status === 'held').sort((a, b) => heldInstant(b).localeCompare(heldInstant(a)));

  // "När en person tackar ja … planeras in skyndsamt" (003:94): counted from the day consent was
  // recorded, which is usually the förmöte, not the day the case was opened.
  const recordedAt = consentRecordedAt(c);
  if (recordedAt !== undefined) {
    const consentDay = day(recordedAt);
    const until = c.consent.validUntil;
    // Nothing is asked of the SIP for a day after the consent has run out: the gate would refuse it.
    const whileConsented = (due: string) => until === undefined || due <= until;
    const firstMeetingDue = addWorkingDays(consentDay, s.firstMeetingAfterWorkingDays);
    // 003:94 is the VoSS routine's; a SIP case is asked for its förmöte below, as basnivå asks.
    if (caseKind(c) === 'vss' && live.length === 0 && whileConsented(firstMeetingDue)) add('firstMeeting', 'firstMeeting', firstMeetingDue);
    // The förmöte comes first (000:31): after consent, ask for it until one is held (before booking,
    // or for a meeting, even one later cancelled) or a meeting is booked.
    const preMeetingHeld = c.preMeeting?.heldAt !== undefined || meetings.some((m) => m.preMeeting?.heldAt !== undefined);
    const preMeetingDue = addWorkingDays(consentDay, s.preMeetingAfterConsentWorkingDays);
    if (live.length === 0 && !preMeetingHeld && whileConsented(preMeetingDue)) add(`preMeetingAfterConsent:${consentDay}`, 'preMeetingAfterConsent', preMeetingDue);
    if (until !== undefined) {
      // A consent recorded closer to its end than the setting gets no "runs out soon" after the fact.
      const warn = addWorkingDays(until, -s.consentEndingWorkingDaysBefore);
      if (warn >= consentDay) add(`consentEnding:${until}`, 'consentEnding', warn);
    }
  }

  for (const m of planned) {
    const meetingDay = day(m.startsAt);
    // Prompts that would fall before the meeting was booked (or last moved) are skipped.
    const bookedDay = day(m.moves.at(-1)?.at ?? m.createdAt);
    // The last change of its time: a change of length alone leaves every kallelse valid.
    const retimed = m.moves.findLast((x) => x.from !== x.to);
    const notBefore = (due: string) => (due >= bookedDay ? due : undefined);
    if (m.preMeeting?.heldAt === undefined) {
      for (const n of s.preMeetingPromptsWorkingDaysBefore) {
        const due = notBefore(addWorkingDays(meetingDay, -n));
        if (due !== undefined) add(`preMeeting:${m.id}:${m.startsAt}:${n}`, 'preMeetingPrompt', due, m.id);
      }
    }
    if (!otherPrincipalInvitedInTime(m)) {
      // Counted from the booking, or from the last move, which made any kallelse sent before void;
      // a moved meeting's reminder is a new one (its key names the time), so it comes again.
      const first = addWorkingDays(day(retimed?.at ?? m.createdAt), s.invitationAfterWorkingDays);
      const key = retimed === undefined ? `invitation:${m.id}` : `invitation:${m.id}:${m.startsAt}`;
      // Never after the meeting day: a meeting booked for today gets none, one for tomorrow gets it that morning.
      if (first <= meetingDay) add(key, 'invitation', first, m.id);
      const escalation = addWorkingDays(meetingDay, -s.invitationEscalationWorkingDaysBefore);
      if (escalation > first) add(`invitationEscalation:${m.id}:${m.startsAt}`, 'invitationEscalation', escalation, m.id);
    }
    const soon = notBefore(addWorkingDays(meetingDay, -s.meetingSoonWorkingDaysBefore));
    if (soon !== undefined) add(`meetingSoon:${m.id}:${m.startsAt}`, 'meetingSoon', soon, m.id);
    add(`meetingNotHeld:${m.id}:${m.startsAt}`, 'meetingNotHeld', addWorkingDays(meetingDay, 1), m.id);
  }

  const plan = planOf(c);
  const latest = held[0];
  const followUpBooked = (m: SipMeeting) => live.some((x) => x.followUpOf === m.id);
  const followUpHeld = followUpDateUsedUp(c, s.timeZone);
  // A held follow-up used up the plan's follow-up date: the next one is asked for as after the first meeting.
  if (latest !== undefined && (plan.followUpDate === undefined || followUpHeld) && !followUpBooked(latest)) {
    add(`noFollowUpDate:${latest.id}`, 'noFollowUpDate', addWorkingDays(day(heldInstant(latest)), 1), latest.id);
  }
  if (plan.followUpDate !== undefined && !followUpHeld) {
    // "In five working days" is not sent when the date was set later than that, as for meetings.
    const soon = addWorkingDays(plan.followUpDate, -s.followUpWorkingDaysBefore);
    if (plan.followUpSetAt === undefined || soon >= day(plan.followUpSetAt)) add(`followUpSoon:${plan.followUpDate}`, 'followUpSoon', soon);
    add(`followUpToday:${plan.followUpDate}`, 'followUpToday', plan.followUpDate);
  }

  const crisis = crisisPlanOf(c);
  if (latest !== undefined && crisis.revision === 0) add(`noCrisisPlan:${latest.id}`, 'noCrisisPlan', addWorkingDays(day(heldInstant(latest)), s.crisisPlanAfterWorkingDays));
  if (crisis.revision > 0 && crisis.reviewDate !== undefined) {
    // A review date set closer than five working days gets no "review coming up" after the fact.
    const review = addWorkingDays(crisis.reviewDate, -s.crisisReviewWorkingDaysBefore);
    if (crisis.savedAt === undefined || review >= day(crisis.savedAt)) add(`crisisReview:${crisis.reviewDate}`, 'crisisReview', review);
  }

  // 003:120: the instruments are used only with the person's consent, so only while it holds. The
  // points are the region's (a local setting); closing VoSS ends them, as the evaluation is VoSS's.
  for (const p of pointsToRemind(c, s, s.timeZone)) add(`evaluationDue:${p.id}:${p.date}`, 'evaluationDue', p.date);

  const lastActivity = day(c.updatedAt);
  add(`inactive:${lastActivity}`, 'inactive', addCalendarDays(lastActivity, s.inactiveDays));
  return holder === undefined ? out : out.filter((r) => SIP_GOES_ON.has(r.kind));
}

/**
 * The reminders of a SIP that goes on after VoSS closed (003:114, "den fortsatta samverkan sker
 * därefter utifrån de behov som finns"): its meetings, invitations, follow-up, crisis plan review
 * and the consent it rests on. What belongs to VoSS (booking the first meeting, the förmöte after
 * consent, a missing crisis plan, a quiet case) ends with it.
 */
const SIP_GOES_ON: ReadonlySet<ReminderKind> = new Set<ReminderKind>([
  'consentEnding',
  'preMeetingPrompt',
  'invitation',
  'invitationEscalation',
  'meetingSoon',
  'meetingNotHeld',
  'noFollowUpDate',
  'followUpSoon',
  'followUpToday',
  'crisisReview',
]);

/**
 * Whether two states of a case want the same reminders: the same rule key, due day and recipient
 * each, the identity a reminder keeps once scheduled. A change between two such states (a
 * checklist tick, a note on the same day) has no reminder to add or drop.
 */
export function wantSameReminders(before: CaseState, after: CaseState, s: ReminderSettings): boolean {
  const identities = (c: CaseState) =>
    remindersFor(c, s)
      // Keys, dates and object ids hold no line feed, so one joins the three without ambiguity.
      .flatMap((r) => r.recipients.map((to) => `${r.key}\n${r.dueDate}\n${to}`))
      .sort();
  const a = identities(before);
  const b = identities(after);
  return a.length === b.length && a.every((identity, i) => identity === b[i]);
}

/**
 * Whether a coordinator's reminders go to the linked group chat. A group chat is one tenant's, so a
 * coordinator from another tenant of the deployment (not in it) gets them in their own chat.
 */
export function byGroupChat(x: Coordinator): boolean {
  return x.reminderDelivery === 'groupChat' && x.tenantId === undefined;
}

/** Where a coordinator's reminder goes: their 1:1 chat, the case's linked group chat, or nowhere because a colleague's copy already goes to that chat. */
export type ReminderDestination = { readonly kind: 'user' } | { readonly kind: 'chat'; readonly chatId: string } | { readonly kind: 'sharedChat' };

export function reminderDestination(c: CaseState, recipient: string): ReminderDestination {
  const chatId = c.coordinators.find((x) => x.aadObjectId === recipient && byGroupChat(x)) !== undefined ? c.linkedChatIds[0] : undefined;
  if (chatId === undefined) return { kind: 'user' };
  // When more than one coordinator chose the group chat, one card there serves them all.
  const sender = c.coordinators
    .filter((x) => byGroupChat(x) && x.remindersMuted !== true)
    .map((x) => x.aadObjectId)
    .sort()[0];
  return sender === recipient ? { kind: 'chat', chatId } : { kind: 'sharedChat' };
}

/**
 * The plan's follow-up date has been used: the latest held meeting is a follow-up held on or after
 * it. The next follow-up is then asked for as after a first meeting, and closing VoSS does not
 * count the date as a SIP still going on.
 */
export function followUpDateUsedUp(c: CaseState, timeZone: string): boolean {
  const followUpDate = planOf(c).followUpDate;
  const latest = meetingsOf(c)
    .filter((m) => m.status === 'held')
    .sort((a, b) => heldInstant(b).localeCompare(heldInstant(a)))[0];
  return latest !== undefined && latest.followUpOf !== undefined && followUpDate !== undefined && localDate(new Date(heldInstant(latest)), timeZone) >= followUpDate;
}

/** When a held meeting was held; markMeetingHeld always sets heldAt, the start is only the type's fallback. */
function heldInstant(m: SipMeeting): string {
  return m.heldAt ?? m.startsAt;
}

/** Office opening on a working day, as a UTC instant. */
function openingOf(isoDate: string, s: ReminderSettings): string {
  return zonedToUtc(isoDate, s.officeOpens, s.timeZone)!;
}

function addCalendarDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * When a reminder due at `dueAt` may actually be delivered: at once inside office hours on a
 * working day, otherwise at the next opening.
 */
export function deliveryTime(dueAt: Date, s: ReminderSettings): string {
  const today = localDate(dueAt, s.timeZone);
  const opens = openingOf(today, s);
  const closes = zonedToUtc(today, s.officeCloses, s.timeZone)!;
  const instant = dueAt.toISOString();
  if (isWorkingDay(today) && instant >= opens && instant < closes) return instant;
  if (isWorkingDay(today) && instant < opens) return opens;
  return openingOf(nextWorkingDayOnOrAfter(addCalendarDays(today, 1)), s);
}

/** "Påminn mig igen" after this many working days: that day at office opening. */
export function snoozedDelivery(now: Date, workingDays: number, s: ReminderSettings): string {
  return openingOf(addWorkingDays(localDate(now, s.timeZone), workingDays), s);
}

function meetingDayOf(c: CaseState, meetingId: string | undefined, s: ReminderSettings): string {
  const m = meetingsOf(c).find((x) => x.id === meetingId);
  return m === undefined ? '9999-12-31' : localDate(new Date(m.startsAt), s.timeZone);
}

/** Reminders whose due day is a deadline: once it has passed, the work is late, not just coming. */
const DEADLINE_KINDS: ReadonlySet<ReminderKind> = new Set(['firstMeeting', 'invitation', 'meetingNotHeld', 'noFollowUpDate', 'noCrisisPlan', 'followUpToday', 'evaluationDue']);

/** The last day a reminder's work is not late: its due day, or for an evaluation point the local grace after it. */
function onTimeThrough(r: ReminderDue, s: ReminderSettings): string {
  return r.kind === 'evaluationDue' ? addWorkingDays(r.dueDate, s.evaluationGraceWorkingDays) : r.dueDate;
}

/** The reminders about a meeting's kallelse, which have nothing left to ask once it has started. */
const KALLELSE_KINDS: ReadonlySet<ReminderKind> = new Set(['invitation', 'invitationEscalation']);

/**
 * Whether a reminder still has something to ask at `now`: a kallelse reminder is for a meeting to
 * come, and is neither sent nor shown as late once the meeting has started (the dispatcher checks
 * it before sending, as it checks that the cause is still there).
 */
export function reminderStillTimely(c: CaseState, r: Pick<ReminderDue, 'kind' | 'meetingId'>, now: Date): boolean {
  if (!KALLELSE_KINDS.has(r.kind)) return true;
  const m = meetingsOf(c).find((x) => x.id === r.meetingId);
  return m === undefined || Date.parse(m.startsAt) > now.getTime();
}

/** What is overdue in a case on a day: each kind of late work once, soonest first. */
export function overdueKinds(c: CaseState, s: ReminderSettings, today: string): ReminderKind[] {
  const late = remindersFor(c, s)
    // A kallelse for a meeting whose day has passed is not late work any more; "Markera SIP-mötet" is.
    .filter((r) => DEADLINE_KINDS.has(r.kind) && onTimeThrough(r, s) < today && !(KALLELSE_KINDS.has(r.kind) && meetingDayOf(c, r.meetingId, s) < today))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return [...new Set(late.map((r) => r.kind))];
}
