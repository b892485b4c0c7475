import type { CaseState, ColleagueRequest } from '../domain/case-model';
import { principalDefKey, principalKey } from '../i18n/case-texts';
import { caseKind } from '../domain/case-rules';
import { expandCard, type AdaptiveCard } from './card-template';
import { literalText } from './literal-text';
import { nameOf, t, type CaseCardContext } from './case-card-parts';

/**
 * The request as the colleague asked sees it, before they are a coordinator: who asks, from which
 * unit, for which principal and case code, and nothing about the person (003:86–88: appointed
 * only once the principals agree and the person has consented).
 */
export function colleagueRequestCard(ctx: CaseCardContext, c: CaseState, request: ColleagueRequest): AdaptiveCard {
  const from = requesterText(ctx, c, request);
  return expandCard('colleague-request', {
    notice: ctx.notice ?? '',
    code: c.code,
    rev: request.rev,
    title: t(ctx, 'request.title', { code: c.code }),
    body: t(ctx, caseKind(c) === 'sip' ? 'request.bodySip' : 'request.body', { from, principal: t(ctx, principalDefKey(request.colleague.principal)), code: c.code }),
    status: t(ctx, request.status === 'accepted' ? 'request.accepted' : 'request.pending'),
    privacy: t(ctx, 'request.privacy'),
    canAnswer: request.status === 'pending',
    labels: {
      accept: t(ctx, 'request.accept'),
      decline: t(ctx, 'request.decline'),
      declineReason: t(ctx, 'request.declineReason'),
      declineReasonRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.declineReason') }),
      declineConfirm: t(ctx, 'request.declineConfirm'),
    },
  });
}

/** Who asks: "Anna Lind (region, Psykiatrimottagning Väst)", the request's only facts besides the code. */
export function requesterText(ctx: CaseCardContext, c: CaseState, request: ColleagueRequest): string {
  const asker = c.coordinators.find((x) => x.aadObjectId === request.requestedBy.aadObjectId);
  if (asker === undefined) return nameOf(ctx, request.requestedBy);
  return `${nameOf(ctx, asker)} (${t(ctx, principalKey(asker.principal))}${asker.unit === undefined ? '' : `, ${literalText(asker.unit)}`})`;
}
