import { dateTimeFormat } from '../domain/date-formatters';
import type { SipProblem } from '../domain/sip-commands';
import { partyKey, type InvitedParty, type SipMeeting } from '../domain/sip-model';
import { formatDate } from '../i18n/dates';
import { fill, workingDaysText } from '../i18n/format';
import { sipText, type SipTextKey } from '../i18n/sip-texts';
import { reminderSettingsOf, t, type CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';

export const st = (ctx: CaseCardContext, key: SipTextKey, values: Record<string, string | number> = {}): string => fill(sipText(ctx.locale, key), values);

/** The late-kallelse warning: the method's "as early as possible", then the local guideline's day. */
export function lateInvitationText(ctx: CaseCardContext, deadline: string): string {
  const days = workingDaysText(ctx.locale, reminderSettingsOf(ctx).invitationLateWorkingDays);
  return st(ctx, 'sip.invitationLate', { deadline: formatDate(deadline, ctx.locale), workingDays: days });
}

const tag = (ctx: CaseCardContext) => (ctx.locale === 'sv' ? 'sv-SE' : 'en-GB');

/** "mån 7 dec. 2026 13:00–14:30" in the deployment's zone. */
export function meetingWhen(ctx: CaseCardContext, m: SipMeeting): string {
  const start = new Date(m.startsAt);
  const end = new Date(start.getTime() + m.durationMinutes * 60_000);
  const day = dateTimeFormat(tag(ctx), 'weekdayDate', ctx.timeZone).format(start);
  const time = (d: Date) => dateTimeFormat(tag(ctx), 'time', ctx.timeZone).format(d);
  return `${day} ${time(start)}–${time(end)}`;
}

/**
 * A party as a card or the kallelse names it: the form's hint for närstående is not repeated there.
 * The label is typed text, shown as card Markdown unless a plain-text export says otherwise.
 */
export function partyTitle(ctx: CaseCardContext, p: Pick<InvitedParty, 'role' | 'label' | 'unit'>, show: (typed: string) => string = literalText): string {
  const role = st(ctx, p.role === 'narstaende' ? 'party.narstaendeNamed' : `party.${p.role}`);
  if (p.role === 'annan' && p.label !== undefined) return `${role}: ${show(p.label)}`;
  return p.unit === undefined ? role : `${role}: ${show(p.unit)}`;
}

export function meetingWhere(ctx: CaseCardContext, m: SipMeeting): string {
  return st(ctx, 'sip.where', { form: st(ctx, `sip.form.${m.form}`), place: m.place === undefined ? '' : `, ${literalText(m.place)}` });
}

/** "Länk: https://…" on its own line, or nothing; the link is shown as typed, not as a Markdown link. */
export function meetingLinkLine(ctx: CaseCardContext, m: SipMeeting): string {
  return m.link === undefined ? '' : st(ctx, 'sip.linkLine', { link: literalText(m.link) });
}

/** One SIP problem in words, naming the field. */
export function sipProblemText(ctx: CaseCardContext, p: SipProblem): string {
  if (p.field === 'duration') return st(ctx, 'problem.durationInvalid');
  if (p.field === 'link' && p.kind === 'invalid') return st(ctx, 'problem.linkInvalid');
  if ((p.field === 'regionUnits' || p.field === 'kommunUnits') && p.kind === 'invalid') return st(ctx, 'problem.tooManyUnits', { field: st(ctx, `field.${p.field}`) });
  const field = st(ctx, `field.${p.field}`);
  return st(ctx, `problem.${p.kind}`, { field, limit: p.kind === 'tooLong' ? p.limit : '' });
}

/**
 * The questions of "Mötet är genomfört": whether the person took part (when invited) and why not,
 * and a toggle per other party, on by default. Input ids carry the meeting id: the SIP card shows
 * several meetings in one card.
 */
export function heldForm(ctx: CaseCardContext, m: SipMeeting) {
  const personInvited = m.invited.some((p) => p.role === 'personen');
  return {
    personInvited,
    personId: `personTookPart_${m.id}`,
    reasonId: `personAbsentReason_${m.id}`,
    personNotInvited: personInvited
      ? ''
      : m.withoutPersonReason === undefined
        ? st(ctx, 'held.personNotInvitedNoReason')
        : st(ctx, 'held.personNotInvited', { reason: literalText(m.withoutPersonReason) }),
    parties: m.invited.filter((p) => p.role !== 'personen').map((p) => ({ id: `attended_${m.id}_${partyKey(p)}`, title: partyTitle(ctx, p) })),
  };
}

/** The held form's fixed words, shared by the SIP card and the meeting checklist. */
export function heldLabels(ctx: CaseCardContext) {
  return {
    held: st(ctx, 'sip.action.held'),
    personTookPart: st(ctx, 'held.personQuestion'),
    personTookPartRequired: t(ctx, 'problem.required', { field: st(ctx, 'field.personTookPart') }),
    yes: st(ctx, 'held.yes'),
    no: st(ctx, 'held.no'),
    personAbsentReason: st(ctx, 'held.personAbsentReason'),
    partiesCame: st(ctx, 'held.partiesCame'),
    heldConfirm: st(ctx, 'held.confirm'),
  };
}

/** Who took part in a held meeting, as lines for the SIP card; none for a meeting marked held before it was asked. */
export function attendanceLines(ctx: CaseCardContext, m: SipMeeting): string[] {
  const a = m.attendance;
  if (a === undefined) return [];
  const came = m.invited.filter((p) => (p.role === 'personen' ? a.person === true : !a.absent.includes(partyKey(p))));
  const away = m.invited.filter((p) => (p.role === 'personen' ? a.person === false : a.absent.includes(partyKey(p))));
  return [
    ...(came.length === 0 ? [] : [st(ctx, 'sip.attendedLine', { parties: came.map((p) => partyTitle(ctx, p)).join(', ') })]),
    ...(away.length === 0 ? [] : [st(ctx, 'sip.absentLine', { parties: away.map((p) => partyTitle(ctx, p)).join(', ') })]),
    ...(a.personAbsentReason === undefined ? [] : [st(ctx, 'sip.personAbsentLine', { reason: literalText(a.personAbsentReason) })]),
  ];
}
