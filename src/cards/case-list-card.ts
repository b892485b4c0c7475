import type { CaseState } from '../domain/case-model';
import { baselineProgress, caseKind } from '../domain/case-rules';
import { phaseKey } from '../i18n/case-texts';
import { nextMeeting } from '../domain/sip-commands';
import { expandCard, type AdaptiveCard } from './card-template';
import { meetingWhen } from './sip-card-parts';
import { caseTitle, overdueText, t, type CaseCardContext } from './case-card-parts';
import { requesterText } from './colleague-request-card';

/**
 * "Mina ärenden": the viewer's open cases with phase, baseline progress and what is next, then
 * under their own heading the cases whose VoSS closed while the viewer holds the SIP.
 */
export function caseListCard(ctx: CaseCardContext, cases: readonly CaseState[], sipGoesOn: readonly CaseState[], now: Date, requests: readonly CaseState[] = []): AdaptiveCard {
  const rows = [...cases.map((c) => ({ c, section: '' })), ...sipGoesOn.map((c, i) => ({ c, section: i === 0 ? t(ctx, 'list.sipGoesOn') : '' }))];
  return expandCard('case-list', {
    title: t(ctx, 'list.title'),
    empty: t(ctx, 'list.empty'),
    openLabel: t(ctx, 'action.open'),
    newCaseLabel: t(ctx, 'action.newCase'),
    cases: [...requests.flatMap((c, i) => requestRow(ctx, c, i === 0)), ...rows.map(({ c, section }) => {
      const p = baselineProgress(c);
      const next = nextMeeting(c, now);
      const late = overdueText(ctx, c, now);
      return {
        section,
        code: c.code,
        heading: caseTitle(ctx, c),
        line: t(ctx, 'list.row', {
          // A SIP case has no phase: its kind says what it is.
          phase: caseKind(c) === 'vss' ? t(ctx, phaseKey(c.phase)) : t(ctx, 'kind.sip'),
          progress: p.noNeed ? t(ctx, 'case.baselineNoNeed') : `${p.done}/${p.total}`,
          next: next === undefined ? t(ctx, 'list.nonePlanned') : meetingWhen(ctx, next),
        }),
        overdue: late === '' ? '' : t(ctx, 'list.overdue', { what: late }),
      };
    })],
  });
}

/**
 * A request to the viewer, as the request itself says it: the code and who asks, nothing about
 * the person (not even the case's initials) before consent.
 */
function requestRow(ctx: CaseCardContext, c: CaseState, first: boolean) {
  const request = c.colleagueRequest;
  if (request === undefined) return [];
  const from = requesterText(ctx, c, request);
  return [
    {
      section: first ? t(ctx, 'request.listHeading') : '',
      code: c.code,
      heading: t(ctx, 'case.title', { code: c.code }),
      line: t(ctx, 'request.listLine', { from, status: t(ctx, request.status === 'accepted' ? 'request.listAccepted' : 'request.listPending') }),
      overdue: '',
    },
  ];
}
