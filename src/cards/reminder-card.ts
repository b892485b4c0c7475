import { consentRecordedAt } from '../domain/consent';
import { CASE_PRE_MEETING } from '../domain/sip-model';
import type { CaseState } from '../domain/case-model';
import { crisisPlanOf, planOf } from '../domain/plan-commands';
import type { ReminderKind } from '../domain/reminder-rules';
import { meetingsOf } from '../domain/sip-commands';
import { formatDate, formatDateTime } from '../i18n/dates';
import { fill } from '../i18n/format';
import { REMINDER_LABELS, reminderText } from '../i18n/reminder-texts';
import { expandCard, type AdaptiveCard } from './card-template';
import { caseTitle, reminderSettingsOf, type CaseCardContext } from './case-card-parts';
import { meetingWhen } from './sip-card-parts';
import { isIsoDate } from '../domain/calendar-date';
import { pointLabel } from '../i18n/evaluation-texts';

export interface ReminderView {
  readonly kind: ReminderKind;
  readonly meetingId?: string | undefined;
  readonly key: string;
  readonly dueDate: string;
}

/**
 * "Klart" opens the card where the underlying step is done (the förmöte, the invitation, the
 * plan…): completing it there is what makes the reminder's cause go away.
 */
function doneTarget(r: ReminderView, code: string): { verb: string; data: Record<string, string> } {
  const meeting: Record<string, string> = r.meetingId === undefined ? {} : { meetingId: r.meetingId };
  switch (r.kind) {
    case 'preMeetingPrompt':
      return { verb: 'sip.preMeeting.open', data: { code, ...meeting } };
    case 'invitation':
    case 'invitationEscalation':
      return { verb: 'sip.invitation.open', data: { code, ...meeting } };
    case 'meetingSoon':
      return { verb: 'sip.checklist.open', data: { code, ...meeting } };
    case 'firstMeeting':
      return { verb: 'sip.plan.open', data: { code } };
    case 'meetingNotHeld':
    case 'followUpSoon':
    case 'followUpToday':
      return { verb: 'sip.open', data: { code } };
    case 'noFollowUpDate':
      return { verb: 'plan.open', data: { code } };
    case 'noCrisisPlan':
    case 'crisisReview':
      return { verb: 'crisis.open', data: { code } };
    case 'inactive':
      return { verb: 'case.open', data: { code } };
    case 'consentEnding':
      return { verb: 'consent.open', data: { code } };
    case 'preMeetingAfterConsent':
      return { verb: 'sip.preMeeting.open', data: { code, meetingId: CASE_PRE_MEETING } };
    case 'evaluationDue':
      return { verb: 'evaluation.open', data: { code } };
  }
}

function evaluationPointOf(ctx: CaseCardContext, r: ReminderView): { point: string; pointDate: string } {
  const [, id, date] = r.key.split(':');
  if (r.kind !== 'evaluationDue' || id === undefined || date === undefined || !/^P\d{1,2}$/.test(id) || !isIsoDate(date)) return { point: '', pointDate: '' };
  return { point: pointLabel(ctx.locale, Number(id.slice(1))), pointDate: formatDate(date, ctx.locale) };
}

/** The reminder as the coordinator sees it: what is due, for which case, and why, in the day counts of `ctx.reminderSettings`. */
export function reminderCard(ctx: CaseCardContext, c: CaseState, r: ReminderView): AdaptiveCard {
  const text = reminderText(ctx.locale, r.kind, reminderSettingsOf(ctx));
  const labels = REMINDER_LABELS[ctx.locale];
  const meeting = meetingsOf(c).find((m) => m.id === r.meetingId);
  const plan = planOf(c);
  const crisis = crisisPlanOf(c);
  const target = doneTarget(r, c.code);
  return expandCard('reminder', {
    code: c.code,
    heading: fill(labels.heading, { case: caseTitle(ctx, c) }),
    title: text.title,
    why: fill(text.why, {
      meeting: meeting === undefined ? '' : `${meeting.id} (${meetingWhen(ctx, meeting)})`,
      consentFrom: formatDateTime(consentRecordedAt(c) ?? c.createdAt, ctx.locale, ctx.timeZone),
      consentUntil: c.consent.validUntil === undefined ? '' : formatDate(c.consent.validUntil, ctx.locale),
      followUp: plan.followUpDate === undefined ? '' : formatDate(plan.followUpDate, ctx.locale),
      review: crisis.reviewDate === undefined ? '' : formatDate(crisis.reviewDate, ctx.locale),
      updated: formatDateTime(c.updatedAt, ctx.locale, ctx.timeZone),
      // The key names the point and its day: evaluationDue:P6:2027-05-30.
      ...evaluationPointOf(ctx, r),
    }),
    key: r.key,
    dueDate: r.dueDate,
    doneVerb: target.verb,
    doneData: target.data,
    labels,
  });
}
