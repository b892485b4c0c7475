import type { CaseState } from '../domain/case-model';
import { baselineProgress } from '../domain/case-rules';
import { phaseKey } from '../i18n/case-texts';
import { nextMeeting } from '../domain/sip-commands';
import { expandCard, type AdaptiveCard } from './card-template';
import { meetingWhen } from './sip-card-parts';
import { caseTitle, overdueText, t, type CaseCardContext } from './case-card-parts';

/**
 * "Mina ärenden": the viewer's open cases with phase, baseline progress and what is next, then
 * under their own heading the cases whose VoSS closed while the viewer holds the SIP.
 */
export function caseListCard(ctx: CaseCardContext, cases: readonly CaseState[], sipGoesOn: readonly CaseState[], now: Date): AdaptiveCard {
  const rows = [...cases.map((c) => ({ c, section: '' })), ...sipGoesOn.map((c, i) => ({ c, section: i === 0 ? t(ctx, 'list.sipGoesOn') : '' }))];
  return expandCard('case-list', {
    title: t(ctx, 'list.title'),
    empty: t(ctx, 'list.empty'),
    openLabel: t(ctx, 'action.open'),
    newCaseLabel: t(ctx, 'action.newCase'),
    cases: rows.map(({ c, section }) => {
      const p = baselineProgress(c);
      const next = nextMeeting(c, now);
      const late = overdueText(ctx, c, now);
      return {
        section,
        code: c.code,
        heading: caseTitle(ctx, c),
        line: t(ctx, 'list.row', {
          phase: t(ctx, phaseKey(c.phase)),
          progress: p.noNeed ? t(ctx, 'case.baselineNoNeed') : `${p.done}/${p.total}`,
          next: next === undefined ? t(ctx, 'list.nonePlanned') : meetingWhen(ctx, next),
        }),
        overdue: late === '' ? '' : t(ctx, 'list.overdue', { what: late }),
      };
    }),
  });
}
