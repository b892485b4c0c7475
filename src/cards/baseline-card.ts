import { BASELINE_ITEMS, type Actor, type BaselineItem, type BaselineItemId, type BaselinePeriod, type CaseState } from '../domain/case-model';
import { baselineProgress, itemOpen } from '../domain/case-rules';
import { baselineKey } from '../i18n/case-texts';
import { formatDate, formatDateTime } from '../i18n/dates';
import { localDate } from '../domain/calendar-date';
import { expandCard, type AdaptiveCard } from './card-template';
import { literalText } from './literal-text';
import { scrubTyped } from './scrub-typed';
import { closedBanner, nameOf, refreshUserIds, t, noticeColor, type CaseCardContext } from './case-card-parts';

/** A reason the bot refused (a personnummer, too long, missing): shown open again under its item, as typed. */
export interface ReasonRetry {
  readonly item: BaselineItemId;
  readonly typed: string;
  readonly problem: string;
}

/** The baseline checklist B1–B8 of a case: status, who and when, and a button per next step. */
export function baselineCard(ctx: CaseCardContext, c: CaseState, viewer: Actor, retry?: ReasonRetry): AdaptiveCard {
  const progress = baselineProgress(c);
  const writable = c.closure === undefined;
  return expandCard('baseline', {
    code: c.code,
    userIds: refreshUserIds(c, viewer),
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: t(ctx, 'baseline.title', { code: c.code }),
    closedBanner: closedBanner(ctx, c),
    intro: t(ctx, 'baseline.intro'),
    summary: progress.noNeed
      ? t(ctx, 'baseline.noNeedDone')
      : progress.complete
        ? t(ctx, 'baseline.complete')
        : `${t(ctx, 'case.baseline')}: ${t(ctx, 'case.baselineProgress', { done: progress.done, total: progress.total })}`,
    labels: {
      needYes: t(ctx, 'action.needYes'),
      needNo: t(ctx, 'action.needNo'),
      done: t(ctx, 'action.done'),
      notApplicable: t(ctx, 'action.notApplicable'),
      undo: t(ctx, 'action.undo'),
      save: t(ctx, 'action.save'),
      reason: t(ctx, 'baseline.reasonLabel'),
      reasonRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.reason') }),
      backToCase: t(ctx, 'action.backToCase'),
    },
    items: BASELINE_ITEMS.map((id) => itemView(ctx, c, id, writable, retry?.item === id ? retry : undefined)),
  });
}

function itemView(ctx: CaseCardContext, c: CaseState, id: BaselineItemId, writable: boolean, retry: ReasonRetry | undefined) {
  const item = c.baseline.items[id];
  const open = itemOpen(c, id);
  const closedByNoNeed = id !== 'B1' && c.baseline.need === 'no';
  let status: string;
  if (id === 'B1' && c.baseline.need !== undefined) status = t(ctx, c.baseline.need === 'yes' ? 'status.needYes' : 'status.needNo');
  else if (closedByNoNeed) status = t(ctx, 'status.noNeed');
  else if (!open) status = t(ctx, 'status.waitsForB1');
  else status = t(ctx, `status.${item.status}`);
  const who = answeredBy(ctx, item, status);
  const statusLine = item.source === 'sip' ? `${who} ${t(ctx, 'status.fromSip')}` : who;
  const editable = writable && open && !closedByNoNeed;
  return {
    id,
    text: t(ctx, baselineKey(id)),
    statusLine,
    statusColor: item.status === 'done' || (id !== 'B1' && closedByNoNeed) ? 'Good' : 'Default',
    reasonLine: item.reason === undefined ? '' : t(ctx, 'status.reason', { reason: literalText(item.reason) }),
    // B8 is asked again for each period between SIP meetings: the one it is about, then the earlier ones.
    periodLine: id === 'B8' && item.period !== undefined ? t(ctx, 'baseline.b8Period', { meeting: meetingLabel(ctx, c, item.period) }) : '',
    periodsTitle: t(ctx, 'baseline.b8Earlier'),
    periods: id === 'B8' ? (c.baseline.b8Periods ?? []).map((p) => periodLine(ctx, c, p)).reverse() : [],
    rev: item.rev,
    isQuestion: id === 'B1',
    // A refused reason is asked again in the open, with what was typed and the problem beside it;
    // its panel's input would have the same id, so the panel (not the other answers) is left out
    // meanwhile. Not required on the card: other buttons must not wait for it; the bot checks it.
    retryProblem: writable && retry !== undefined ? retry.problem : '',
    retryReason: retry === undefined ? '' : scrubTyped({ reason: retry.typed }).reason ?? '',
    canAnswer: writable,
    canDone: editable && item.status !== 'done',
    canNotApplicable: editable && item.status !== 'notApplicable' && retry === undefined,
    canUndo: editable && item.status !== 'notStarted',
  };
}

/** "Klar – Anna Lind, 3 mars 2027 10:15", or the status alone when no one answered. */
function answeredBy(ctx: CaseCardContext, item: Pick<BaselineItem, 'by' | 'at'>, status: string): string {
  return item.at !== undefined && item.by !== undefined ? t(ctx, 'status.by', { status, name: nameOf(ctx, item.by), when: formatDateTime(item.at, ctx.locale, ctx.timeZone) }) : status;
}

/** A held meeting as the checklist names it: its id and the day it was held. */
function meetingLabel(ctx: CaseCardContext, c: CaseState, id: string): string {
  const m = c.sipMeetings?.find((x) => x.id === id);
  return m === undefined ? literalText(id) : `${literalText(id)} (${formatDate(localDate(new Date(m.startsAt), ctx.timeZone), ctx.locale)})`;
}

/** One earlier B8 period: between which meetings, and what was answered for it. */
function periodLine(ctx: CaseCardContext, c: CaseState, p: BaselinePeriod): string {
  const status = p.status === 'notStarted' ? t(ctx, 'baseline.b8Unanswered') : answeredBy(ctx, p, t(ctx, `status.${p.status}`));
  const answer = p.reason === undefined ? status : `${status}. ${t(ctx, 'status.reason', { reason: literalText(p.reason) })}`;
  const until = meetingLabel(ctx, c, p.until);
  return p.after === undefined ? t(ctx, 'baseline.b8Before', { until, status: answer }) : t(ctx, 'baseline.b8Between', { after: meetingLabel(ctx, c, p.after), until, status: answer });
}
