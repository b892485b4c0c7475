import { BASELINE_ITEMS, type Actor, type BaselineItemId, type CaseState } from '../domain/case-model';
import { baselineProgress, itemOpen } from '../domain/case-rules';
import { baselineKey } from '../i18n/case-texts';
import { formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { literalText } from './literal-text';
import { closedBanner, nameOf, refreshUserIds, t, type CaseCardContext } from './case-card-parts';

/** The baseline checklist B1–B8 of a case: status, who and when, and a button per next step. */
export function baselineCard(ctx: CaseCardContext, c: CaseState, viewer: Actor): AdaptiveCard {
  const progress = baselineProgress(c);
  const writable = c.closure === undefined;
  return expandCard('baseline', {
    code: c.code,
    userIds: refreshUserIds(c, viewer),
    notice: ctx.notice ?? '',
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
    items: BASELINE_ITEMS.map((id) => itemView(ctx, c, id, writable)),
  });
}

function itemView(ctx: CaseCardContext, c: CaseState, id: BaselineItemId, writable: boolean) {
  const item = c.baseline.items[id];
  const open = itemOpen(c, id);
  const closedByNoNeed = id !== 'B1' && c.baseline.need === 'no';
  let status: string;
  if (id === 'B1' && c.baseline.need !== undefined) status = t(ctx, c.baseline.need === 'yes' ? 'status.needYes' : 'status.needNo');
  else if (closedByNoNeed) status = t(ctx, 'status.noNeed');
  else if (!open) status = t(ctx, 'status.waitsForB1');
  else status = t(ctx, `status.${item.status}`);
  const who = item.at !== undefined && item.by !== undefined ? t(ctx, 'status.by', { status, name: nameOf(ctx, item.by), when: formatDateTime(item.at, ctx.locale, ctx.timeZone) }) : status;
  const statusLine = item.source === 'sip' ? `${who} ${t(ctx, 'status.fromSip')}` : who;
  const editable = writable && open && !closedByNoNeed;
  return {
    id,
    text: t(ctx, baselineKey(id)),
    statusLine,
    statusColor: item.status === 'done' || (id !== 'B1' && closedByNoNeed) ? 'Good' : 'Default',
    reasonLine: item.reason === undefined ? '' : t(ctx, 'status.reason', { reason: literalText(item.reason) }),
    rev: item.rev,
    isQuestion: id === 'B1',
    canAnswer: writable,
    canDone: editable && item.status !== 'done',
    canNotApplicable: editable && item.status !== 'notApplicable',
    canUndo: editable && item.status !== 'notStarted',
  };
}
