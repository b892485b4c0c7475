import type { CaseState, ColleagueRequest } from '../domain/case-model';
import { principalDefKey, principalKey } from '../i18n/case-texts';
import { caseKind } from '../domain/case-rules';
import { listedUnit, type UnitCatalogue } from '../domain/units';
import { expandCard, type AdaptiveCard } from './card-template';
import { literalText } from './literal-text';
import { nameOf, t, type CaseCardContext } from './case-card-parts';

/**
 * The request as the colleague asked sees it, before they are a coordinator: who asks, from which
 * unit, for which principal and case code, and nothing about the person (003:86–88: appointed
 * only once the principals agree and the person has consented). Taking it on, they pick their own
 * unit from their principal's list; the one who asked could not know it.
 */
export function colleagueRequestCard(ctx: CaseCardContext, c: CaseState, request: ColleagueRequest, units: UnitCatalogue): AdaptiveCard {
  const from = requesterText(ctx, c, request);
  const principal = request.colleague.principal;
  // Not required on the card: "Avböj" sits in a ShowCard below and would be held up by it. The
  // server asks for the unit when there is a list.
  const unitChoices = units[principal].map((unit) => ({ title: unit, value: unit }));
  return expandCard('colleague-request', {
    notice: ctx.notice ?? '',
    code: c.code,
    rev: request.rev,
    title: t(ctx, 'request.title', { code: c.code }),
    body: t(ctx, caseKind(c) === 'sip' ? 'request.bodySip' : 'request.body', { from, principal: t(ctx, principalDefKey(request.colleague.principal)), code: c.code }),
    status: t(ctx, request.status === 'accepted' ? 'request.accepted' : 'request.pending'),
    privacy: t(ctx, 'request.privacy'),
    canAnswer: request.status === 'pending',
    unitChoices,
    unit: listedUnit(units, principal, request.colleague.unit) ?? '',
    labels: {
      unit: t(ctx, 'request.unit', { principal: t(ctx, principalDefKey(principal)) }),
      unitPlaceholder: t(ctx, 'form.unitPlaceholder'),
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
