import { localDate } from '../domain/calendar-date';
import type { CaseState } from '../domain/case-model';
import { caseKind, type CaseAccess } from '../domain/case-rules';
import { evaluationPoints, evaluationRev, type EvaluationPoint } from '../domain/evaluation';
import { formatDate, formatDateTime } from '../i18n/dates';
import { evaluationText, pointLabel, type EvaluationTextKey } from '../i18n/evaluation-texts';
import { fill, workingDaysText } from '../i18n/format';
import { expandCard, type AdaptiveCard } from './card-template';
import { closedBanner, nameOf, noticeColor, reminderSettingsOf, t, type CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';

/** What the evaluation card needs besides the case: the region's instruments by name (EVALUATION_INSTRUMENTS). */
export interface EvaluationCardOptions {
  readonly instruments: readonly string[];
  /** What was chosen on a refused form, sent back. */
  readonly typedAnswer?: string | undefined;
}

const et = (ctx: CaseCardContext, key: EvaluationTextKey, values: Record<string, string | number> = {}): string => fill(evaluationText(ctx.locale, key), values);

const POINT_COLOR: Record<EvaluationPoint['status'], string> = { upcoming: 'Default', due: 'Accent', late: 'Attention', done: 'Good', notAsked: 'Default' };

/**
 * The person's consent to evaluation, their evaluation code for the region's instruments, and the
 * evaluation points with their marks (003:118–120). Only coordinators change it, and not once VoSS
 * has closed; a SIP case has no evaluation and the card says so.
 */
export function evaluationCard(ctx: CaseCardContext, c: CaseState, access: CaseAccess, now: Date, opts: EvaluationCardOptions): AdaptiveCard {
  const applies = caseKind(c) === 'vss';
  const e = applies ? c.evaluation : undefined;
  const today = localDate(now, ctx.timeZone);
  const settings = reminderSettingsOf(ctx);
  const editable = applies && c.closure === undefined && access === 'coordinator';
  const status = e?.consent.status;
  const given = status === 'given';
  const points = evaluationPoints(c, settings, ctx.timeZone, today);
  const instruments = opts.instruments.map((n) => literalText(n)).join(', ');
  return expandCard('evaluation', {
    code: c.code,
    rev: evaluationRev(c),
    today,
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: et(ctx, 'title', { code: c.code }),
    closedBanner: closedBanner(ctx, c),
    intro: applies ? et(ctx, 'intro') : t(ctx, 'case.noEvaluation'),
    applies,
    current: et(ctx, 'current', { status: statusText(ctx, c) }),
    // Who recorded the yes or no; a withdrawal's day is in the line above.
    recordedLine: e === undefined ? '' : et(ctx, 'recordedBy', { name: nameOf(ctx, e.consent.recordedBy), when: formatDateTime(e.consent.recordedAt, ctx.locale, ctx.timeZone) }),
    evaluationCode: e?.code ?? '',
    codeFor: instruments === '' ? et(ctx, 'codeForRoutine') : et(ctx, 'codeFor', { instruments }),
    codeKept: status === 'given' ? '' : e?.code === undefined ? '' : et(ctx, 'codeKept'),
    points: points.map((p) => ({
      id: p.id,
      line: et(ctx, 'pointRow', { label: pointLabel(ctx.locale, p.months), date: formatDate(p.date, ctx.locale), status: pointStatusText(ctx, p) }),
      color: POINT_COLOR[p.status],
      canMark: editable && given && (p.status === 'upcoming' || p.status === 'due' || p.status === 'late'),
      canUndo: editable && p.status === 'done',
    })),
    pointsLocal: et(ctx, 'pointsLocal', {
      points: settings.evaluationPointsMonths.map((m) => pointLabel(ctx.locale, m)).join(', '),
      grace: workingDaysText(ctx.locale, settings.evaluationGraceWorkingDays),
    }),
    canRecord: editable && !given,
    canWithdraw: editable && given,
    answer: opts.typedAnswer === 'given' || opts.typedAnswer === 'declined' ? opts.typedAnswer : '',
    labels: {
      codeHeading: et(ctx, 'codeHeading'),
      codeAbout: et(ctx, 'codeAbout'),
      pointsHeading: et(ctx, 'pointsHeading'),
      markDone: et(ctx, 'markDone'),
      undoDone: et(ctx, 'undoDone'),
      question: et(ctx, 'question'),
      questionRequired: et(ctx, 'questionRequired'),
      yes: et(ctx, 'yes'),
      no: et(ctx, 'no'),
      record: et(ctx, 'record'),
      withdraw: et(ctx, 'withdraw'),
      withdrawEffect: et(ctx, 'withdrawEffect'),
      withdrawnOn: et(ctx, 'withdrawnOn'),
      withdrawnOnRequired: et(ctx, 'withdrawnOnRequired'),
      withdrawConfirm: et(ctx, 'withdrawConfirm'),
      back: et(ctx, 'back'),
    },
  });
}

/** The consent to evaluation in a few words. */
function statusText(ctx: CaseCardContext, c: CaseState): string {
  const consent = c.evaluation?.consent;
  if (consent === undefined) return et(ctx, 'status.notAsked');
  const recorded = formatDate(localDate(new Date(consent.recordedAt), ctx.timeZone), ctx.locale);
  if (consent.status === 'withdrawn') return et(ctx, 'status.withdrawn', { date: consent.withdrawnOn === undefined ? '–' : formatDate(consent.withdrawnOn, ctx.locale) });
  return et(ctx, consent.status === 'given' ? 'status.given' : 'status.declined', { date: recorded });
}

function pointStatusText(ctx: CaseCardContext, p: EvaluationPoint): string {
  switch (p.status) {
    case 'done':
      return et(ctx, 'pointStatus.done', { date: formatDate(p.done!.doneOn, ctx.locale) });
    case 'due':
      return et(ctx, 'pointStatus.due', { until: formatDate(p.onTimeUntil, ctx.locale) });
    default:
      return et(ctx, `pointStatus.${p.status}`);
  }
}
