import type { Clock } from '../domain/case-commands';
import type { Actor, CaseState } from '../domain/case-model';
import { otherPrincipal } from '../domain/case-rules';
import { invitationTiming, isSipMeeting, meetingsOf, relativesAgainstWish } from '../domain/sip-commands';
import { principalDefKey } from '../i18n/case-texts';
import type { SipMeeting } from '../domain/sip-model';
import { formatDate, formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { closedBanner, reminderSettingsOf, sipEditable, refreshUserIds, t, noticeColor, type CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';
import { attendanceLines, heldForm, heldLabels, lateInvitationText, meetingLinkLine, meetingWhen, meetingWhere, partyTitle, st } from './sip-card-parts';

/** The case's SIP meetings, newest first, with the next step for each. */
export function sipCard(ctx: CaseCardContext, c: CaseState, viewer: Actor, now: Date): AdaptiveCard {
  const open = sipEditable(ctx, c);
  const clock: Clock = { now, timeZone: ctx.timeZone };
  const meetings = [...meetingsOf(c)].reverse();
  return expandCard('sip', {
    code: c.code,
    userIds: refreshUserIds(c, viewer),
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: st(ctx, 'sip.title', { code: c.code }),
    closedBanner: closedBanner(ctx, c),
    canPlan: open,
    // The förmöte comes first (000:31): offered until a meeting is planned, which then holds it.
    canPreMeetFirst: open && !meetingsOf(c).some((m) => m.status === 'planned'),
    preMeetingLine:
      c.preMeeting === undefined
        ? ''
        : c.preMeeting.heldAt === undefined
          ? st(ctx, 'sip.casePreMeetingOpen')
          : st(ctx, 'sip.casePreMeetingHeld', { when: formatDateTime(c.preMeeting.heldAt, ctx.locale, ctx.timeZone) }),
    labels: {
      preMeetingFirst: st(ctx, 'sip.action.preMeetingFirst'),
      none: st(ctx, 'sip.none'),
      plan: st(ctx, 'sip.plan'),
      preMeeting: st(ctx, 'sip.action.preMeeting'),
      invitation: st(ctx, 'sip.action.invitation'),
      checklist: st(ctx, 'sip.action.checklist'),
      move: st(ctx, 'sip.action.move'),
      cancel: st(ctx, 'sip.action.cancel'),
      cancelReason: st(ctx, 'sip.cancelReason'),
      ...heldLabels(ctx),
      followUp: st(ctx, 'sip.action.followUp'),
      reasonRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.reason') }),
      backToCase: t(ctx, 'action.backToCase'),
    },
    meetings: meetings.map((m) => meetingView(ctx, c, m, clock, open)),
  });
}

function meetingView(ctx: CaseCardContext, c: CaseState, m: SipMeeting, clock: Clock, open: boolean) {
  const planned = open && m.status === 'planned';
  const lines = [
    meetingWhere(ctx, m),
    ...(m.link === undefined ? [] : [meetingLinkLine(ctx, m)]),
    st(ctx, 'sip.purposeLine', { purpose: literalText(m.purpose) }),
    ...(m.questions === undefined ? [] : [st(ctx, 'sip.questionsLine', { questions: literalText(m.questions) })]),
    st(ctx, 'sip.invitedLine', { parties: m.invited.map((p) => partyTitle(ctx, p)).join(', ') }),
    ...(m.chair === undefined ? [] : [st(ctx, 'sip.chairLine', { role: literalText(m.chair) })]),
    ...(m.noteTaker === undefined ? [] : [st(ctx, 'sip.noteTakerLine', { role: literalText(m.noteTaker) })]),
    st(ctx, m.preMeeting?.heldAt === undefined ? 'sip.preMeetingOpen' : 'sip.preMeetingHeld'),
    ...(m.followUpOf === undefined ? [] : [st(ctx, 'sip.followUpOf', { id: m.followUpOf })]),
    ...(m.moves.length === 0 ? [] : [m.moves.length === 1 ? st(ctx, 'sip.movedOnce') : st(ctx, 'sip.moved', { count: m.moves.length })]),
    ...attendanceLines(ctx, m),
  ];
  const timing = invitationTiming(m, clock, reminderSettingsOf(ctx).invitationLateWorkingDays);
  const other = otherPrincipal(m.plannedBy.principal);
  const resend = m.invited.filter((p) => p.sentAt === undefined && p.sentForEarlierTime !== undefined);
  const status =
    m.status === 'planned' ? st(ctx, 'sip.statusPlanned') : m.status === 'held' ? st(ctx, 'sip.statusHeld') : st(ctx, 'sip.statusCancelled', { reason: literalText(m.cancelReason ?? '') });
  const hasFollowUp = meetingsOf(c).some((x) => x.followUpOf === m.id && x.status !== 'cancelled');
  return {
    id: m.id,
    rev: m.rev,
    heading: st(ctx, 'sip.meetingHeading', { id: m.id, when: meetingWhen(ctx, m) }),
    status,
    statusColor: m.status === 'held' ? 'Good' : m.status === 'cancelled' ? 'Attention' : 'Default',
    lines,
    warning: [
      planned && !isSipMeeting(m) ? st(ctx, 'sip.notSipWarning', { other: t(ctx, principalDefKey(other)) }) : '',
      planned && resend.length > 0 ? st(ctx, 'sip.resendWarning', { parties: resend.map((p) => partyTitle(ctx, p)).join(', ') }) : '',
      planned && timing.late ? lateInvitationText(ctx, timing.deadline) : '',
      planned && relativesAgainstWish(c, m) ? st(ctx, 'sip.relativesWarning') : '',
      m.withoutPersonReason === undefined ? '' : st(ctx, 'sip.withoutPersonLine', { reason: literalText(m.withoutPersonReason) }),
    ]
      .filter((w) => w !== '')
      .join(' '),
    planned,
    canMarkHeld: planned && Date.parse(m.startsAt) <= clock.now.getTime(),
    // Why the button is not there yet, so no one looks for it in vain.
    heldLater: planned && Date.parse(m.startsAt) > clock.now.getTime() ? st(ctx, 'sip.heldLater') : '',
    heldForm: heldForm(ctx, m),
    canBookFollowUp: open && m.status === 'held' && !hasFollowUp,
  };
}
