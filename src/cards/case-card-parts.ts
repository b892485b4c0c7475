import type { FieldProblem } from '../domain/case-commands';
import { localDate } from '../domain/calendar-date';
import { DEFAULT_REMINDER_SETTINGS, overdueKinds, type ReminderSettings } from '../domain/reminder-rules';
import { reminderText } from '../i18n/reminder-texts';
import type { Actor, CaseState } from '../domain/case-model';
import { caseText, type CaseTextKey } from '../i18n/case-texts';
import { fill } from '../i18n/format';
import type { Locale } from '../i18n/locale';
import { literalSentence, literalText } from './literal-text';
import { sipWritableBy } from '../domain/sip-holder';

/** What every case card needs to know besides the case: who looks, in which language and zone. */
export interface CaseCardContext {
  readonly locale: Locale;
  readonly timeZone: string;
  /** A short note at the top, e.g. that the case changed since the card was shown. */
  readonly notice?: string | undefined;
  /** What the note is: 'done' when it confirms what the user did, 'info' for a pointer; a problem or a warning otherwise. */
  readonly noticeTone?: NoticeTone | undefined;
  /** The deployment's reminder rules, for showing overdue work; PRODUCT.md's defaults when absent. */
  readonly reminderSettings?: ReminderSettings | undefined;
  /** Who looks (AAD object id): after VoSS closed, only the one holding the SIP may change it. */
  readonly viewer?: string | undefined;
}

/** Whether the viewer may change the SIP's parts (meetings, plan, crisis plan, consent) on this card. */
export function sipEditable(ctx: CaseCardContext, c: CaseState): boolean {
  return sipWritableBy(c, ctx.viewer ?? '');
}

export type NoticeTone = 'done' | 'info';

/**
 * The note's colour: green for a confirmation, the accent colour for a pointer, the attention
 * colour for a problem, so none is read as another.
 */
export function noticeColor(ctx: CaseCardContext): 'Good' | 'Accent' | 'Attention' {
  return ctx.noticeTone === 'done' ? 'Good' : ctx.noticeTone === 'info' ? 'Accent' : 'Attention';
}

export const t = (ctx: CaseCardContext, key: CaseTextKey, values: Record<string, string | number> = {}): string => fill(caseText(ctx.locale, key), values);

export function caseTitle(ctx: CaseCardContext, c: CaseState): string {
  return c.nickname === undefined ? t(ctx, 'case.title', { code: c.code }) : t(ctx, 'case.titleNick', { code: c.code, nickname: literalText(c.nickname) });
}

/**
 * How the case closed and what became of the SIP. A SIP case, and a VoSS case closed before the bot
 * checked the closing condition, say only that they are closed, with the reason: nothing about 003:114.
 */
export function closedBanner(ctx: CaseCardContext, c: CaseState): string {
  const closure = c.closure;
  if (closure === undefined) return '';
  if (closure.conditionMet === undefined) return t(ctx, 'case.closedBanner', { reason: literalText(closure.reason) });
  // "i förtid: personen flyttar." The reason's own words start lower-case inside the sentence.
  const early = closure.early === undefined ? '' : t(ctx, `close.early.${closure.early}`);
  const lines = [early === '' ? t(ctx, 'case.closedDone') : t(ctx, 'case.closedEarly', { early: early.charAt(0).toLowerCase() + early.slice(1) })];
  if (closure.reason !== '') lines.push(t(ctx, 'case.closedNote', { reason: literalSentence(closure.reason) }));
  const sip = closure.sip;
  if (sip?.kind === 'continues') lines.push(sip.holder.aadObjectId === ctx.viewer ? t(ctx, 'case.sipGoesOnYou') : t(ctx, 'case.sipGoesOn', { holder: nameOf(ctx, sip.holder) }));
  else {
    if (sip?.kind === 'ended') lines.push(t(ctx, 'case.sipEndedToo', { reason: literalSentence(sip.reason) }));
    lines.push(t(ctx, 'case.closedReadOnly'));
  }
  return lines.join(' ');
}

export function nameOf(ctx: CaseCardContext, a: Actor | undefined): string {
  return a?.name === undefined ? t(ctx, 'case.unknownColleague') : literalText(a.name);
}

/**
 * The Teams user ids whose clients refresh the card on their own when they look at it: the
 * coordinators the bot has met (Teams caps the list at 60).
 */
export function refreshUserIds(c: CaseState, viewer: Actor): string[] {
  const ids = c.coordinators.map((x) => x.userId).filter((id): id is string => id !== undefined);
  if (viewer.userId !== undefined) ids.push(viewer.userId);
  return [...new Set(ids)].slice(0, 60);
}

/** The reminder rules a card shows: the deployment's, or PRODUCT.md's defaults in the card's zone. */
export function reminderSettingsOf(ctx: CaseCardContext): ReminderSettings {
  return ctx.reminderSettings ?? { ...DEFAULT_REMINDER_SETTINGS, timeZone: ctx.timeZone };
}

/** Late work in a case, in words ("Planera det första samordningsmötet med personen, Markera SIP-mötet"), or "Inget". */
export function overdueText(ctx: CaseCardContext, c: CaseState, now: Date): string {
  const today = localDate(now, ctx.timeZone);
  const settings = reminderSettingsOf(ctx);
  const kinds = overdueKinds(c, settings, today);
  return kinds.length === 0 ? '' : kinds.map((k) => reminderText(ctx.locale, k, settings).title).join(', ');
}

/** One field problem in words, naming the field. */
export function fieldProblemText(ctx: CaseCardContext, p: FieldProblem): string {
  const field = t(ctx, `field.${p.field}` as CaseTextKey);
  // A case code's and an address's problems say what one looks like.
  const key: CaseTextKey = p.kind !== 'invalid' ? `problem.${p.kind}` : p.field === 'code' ? 'problem.invalidCode' : p.field === 'colleagueEmail' ? 'problem.invalidEmail' : 'problem.invalid';
  return t(ctx, key, { field, limit: p.kind === 'tooLong' ? p.limit : '' });
}
