import { dateTimeFormat } from '../domain/date-formatters';
import type { SipProblem } from '../domain/sip-commands';
import type { InvitedParty, SipMeeting } from '../domain/sip-model';
import { fill } from '../i18n/format';
import { sipText, type SipTextKey } from '../i18n/sip-texts';
import type { CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';

export const st = (ctx: CaseCardContext, key: SipTextKey, values: Record<string, string | number> = {}): string => fill(sipText(ctx.locale, key), values);

const tag = (ctx: CaseCardContext) => (ctx.locale === 'sv' ? 'sv-SE' : 'en-GB');

/** "mån 7 dec. 2026 13:00–14:30" in the deployment's zone. */
export function meetingWhen(ctx: CaseCardContext, m: SipMeeting): string {
  const start = new Date(m.startsAt);
  const end = new Date(start.getTime() + m.durationMinutes * 60_000);
  const day = dateTimeFormat(tag(ctx), 'weekdayDate', ctx.timeZone).format(start);
  const time = (d: Date) => dateTimeFormat(tag(ctx), 'time', ctx.timeZone).format(d);
  return `${day} ${time(start)}–${time(end)}`;
}

/** A party as a card or the kallelse names it: the form's hint for närstående is not repeated there. */
export function partyTitle(ctx: CaseCardContext, p: InvitedParty): string {
  const role = st(ctx, p.role === 'narstaende' ? 'party.narstaendeNamed' : `party.${p.role}`);
  return p.role === 'annan' && p.label !== undefined ? `${role}: ${literalText(p.label)}` : role;
}

export function meetingWhere(ctx: CaseCardContext, m: SipMeeting): string {
  return st(ctx, 'sip.where', { form: st(ctx, `sip.form.${m.form}`), place: m.place === undefined ? '' : `, ${literalText(m.place)}` });
}

/** One SIP problem in words, naming the field. */
export function sipProblemText(ctx: CaseCardContext, p: SipProblem): string {
  if (p.field === 'duration') return st(ctx, 'problem.durationInvalid');
  const field = st(ctx, `field.${p.field}`);
  return st(ctx, `problem.${p.kind}`, { field, limit: p.kind === 'tooLong' ? p.limit : '' });
}
