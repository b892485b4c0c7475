import type { Clock } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import { caseKind, otherPrincipal } from '../domain/case-rules';
import { invitationTiming, isSipMeeting } from '../domain/sip-commands';
import { partyKey, type InvitedParty, type SipMeeting } from '../domain/sip-model';
import { formatDate, formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { principalDefKey } from '../i18n/case-texts';
import { consentValid } from '../domain/consent';
import { reminderSettingsOf, sipEditable, t, noticeColor, type CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';
import { lateInvitationText, meetingLinkLine, meetingWhen, meetingWhere, partyTitle, st } from './sip-card-parts';

/**
 * The invitation the bot drafts from what is planned, as card Markdown that reads as plain Swedish,
 * ready to copy: what was typed is shown as typed.
 */
export function invitationText(ctx: CaseCardContext, c: CaseState, m: SipMeeting, now: Date): string {
  // Sent by the coordinator copying it (the one looking), else the one who planned the meeting.
  const sender = c.coordinators.find((x) => x.aadObjectId === ctx.viewer) ?? c.coordinators.find((x) => x.aadObjectId === m.plannedBy.aadObjectId);
  const personInvited = m.invited.some((p) => p.role === 'personen');
  const head = st(ctx, 'inv.text', {
    purpose: literalText(m.purpose),
    questions: m.questions === undefined ? st(ctx, 'inv.noQuestions') : literalText(m.questions),
    when: meetingWhen(ctx, m),
    minutes: m.durationMinutes,
    where: meetingWhere(ctx, m),
    link: m.link === undefined ? '' : `\n${meetingLinkLine(ctx, m)}`,
    // The kallelse speaks to the person as "du", as the plan's export does.
    parties: m.invited.map((p) => (p.role === 'personen' ? st(ctx, 'inv.personParty') : partyTitle(ctx, p))).join(', '),
    roles: rolesText(ctx, m),
  }).trimEnd();
  return [
    head,
    // Whom to tell is a person: left out rather than naming "kollegan".
    sender?.name === undefined
      ? undefined
      : st(ctx, 'inv.senderLine', {
          sender: st(ctx, caseKind(c) === 'sip' ? 'inv.senderSip' : 'inv.sender', { name: literalText(sender.name), principal: t(ctx, principalDefKey(sender.principal)), unit: sender.unit === undefined ? '' : `, ${literalText(sender.unit)}` }),
          senderName: literalText(sender.name),
        }),
    // Said only while it is true: a kallelse can be drafted after consent ran out or was withdrawn.
    consentValid(c, { now, timeZone: ctx.timeZone }) ? st(ctx, 'inv.consent') : undefined,
    st(ctx, personInvited ? 'inv.prepareWithPerson' : 'inv.prepare'),
    st(ctx, 'inv.welcome'),
  ]
    .filter((part): part is string => part !== undefined)
    .join('\n\n');
}

/** The roles, and the practical part: the adaptations the person asked for at the förmöte. */
function rolesText(ctx: CaseCardContext, m: SipMeeting): string {
  const adaptations = m.preMeeting?.adaptations;
  const roles = [
    m.chair === undefined ? undefined : st(ctx, 'sip.chairLine', { role: literalText(m.chair) }),
    m.noteTaker === undefined ? undefined : st(ctx, 'sip.noteTakerLine', { role: literalText(m.noteTaker) }),
    adaptations === undefined ? undefined : st(ctx, 'inv.adaptations', { adaptations: literalText(adaptations) }),
  ];
  return roles.filter((r): r is string => r !== undefined).join('\n');
}

/**
 * The drafted invitation and, per invited party, whether it has been sent; with a calendar file to
 * download for parties outside Teams when the bot has a link for it.
 */
export function invitationCard(ctx: CaseCardContext, c: CaseState, m: SipMeeting, now: Date, calendarUrl?: string): AdaptiveCard {
  const editable = sipEditable(ctx, c) && m.status === 'planned';
  const other = otherPrincipal(m.plannedBy.principal);
  const timing = invitationTiming(m, { now, timeZone: ctx.timeZone } satisfies Clock, reminderSettingsOf(ctx).invitationLateWorkingDays);
  return expandCard('invitation', {
    code: c.code,
    meetingId: m.id,
    rev: m.rev,
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: st(ctx, 'inv.title', { code: c.code, id: m.id }),
    intro: st(ctx, 'inv.intro'),
    warning: editable && timing.late ? lateInvitationText(ctx, timing.deadline) : '',
    draft: asParagraphs(invitationText(ctx, c, m, now)),
    markSent: st(ctx, 'inv.markSent'),
    undo: st(ctx, 'inv.undo'),
    back: st(ctx, 'sip.action.back'),
    calendarUrl: m.status === 'cancelled' ? '' : (calendarUrl ?? ''),
    calendarLabel: st(ctx, 'inv.calendar'),
    // The other principal has a row even when the meeting was planned without it: marking its
    // kallelse sent is how the meeting becomes a SIP meeting.
    parties: [...m.invited, ...(isSipMeeting(m) ? [] : [{ role: other, notInvited: true }])].map((p: InvitedParty & { notInvited?: boolean }) => ({
      role: p.role,
      party: partyKey(p),
      title: p.role === other ? `${partyTitle(ctx, p)} ${st(ctx, 'inv.otherPrincipal')}` : partyTitle(ctx, p),
      state: partyState(ctx, p),
      stateColor: p.sentAt !== undefined ? 'Good' : p.sentForEarlierTime !== undefined || p.notInvited === true ? 'Warning' : 'Default',
      canMark: editable && p.sentAt === undefined,
      canUndo: editable && p.sentAt !== undefined,
    })),
  });
}

function partyState(ctx: CaseCardContext, p: InvitedParty & { notInvited?: boolean }): string {
  if (p.sentAt !== undefined) return st(ctx, 'inv.sent', { when: formatDateTime(p.sentAt, ctx.locale, ctx.timeZone) });
  if (p.sentForEarlierTime !== undefined) return st(ctx, 'inv.resendNeeded', { when: formatDateTime(p.sentForEarlierTime, ctx.locale, ctx.timeZone) });
  return st(ctx, p.notInvited === true ? 'inv.notInvited' : 'inv.notSent');
}

/** Card text is Markdown, where a single line break is only a space: every line its own paragraph. */
export function asParagraphs(text: string): string {
  return text.replace(/\n+/g, '\n\n');
}
