import type { AdaptiveCard } from '../cards/card-template';
import type { CaseCardContext } from '../cards/case-card-parts';
import { fieldProblemText, t } from '../cards/case-card-parts';
import type { Change } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import type { CaseTextKey } from '../i18n/case-texts';
import { UserError } from '../i18n/errors';
import { CaseBusyError, updateCase } from '../storage/case-updater';
import type { HandlerContext } from './bot-context';
import { accessTo, cardContext, loadAccessibleCase, tenantOf } from './case-access';

/** Renders a case card from state, with an optional note at the top. */
export type CaseRenderer = (cardCtx: CaseCardContext, state: CaseState) => AdaptiveCard;

/**
 * Runs one change of a case from a card and answers with the card rebuilt from what is stored.
 * A refused change (stale card, closed case, missing reason…) stores nothing and shows the
 * current state with a note saying why.
 */
export async function changeCase(ctx: HandlerContext, code: string, apply: (state: CaseState) => Change, render: CaseRenderer): Promise<AdaptiveCard> {
  await loadAccessibleCase(ctx, code);
  let outcome;
  try {
    outcome = await updateCase(ctx.services.cases, tenantOf(ctx), code, (state) =>
      // Access is checked again on the state being written, not only on the first read.
      accessTo(ctx, state) === 'none' ? ({ ok: false, error: 'notCoordinator' } as const) : apply(state),
    );
  } catch (err) {
    if (err instanceof CaseBusyError) throw new UserError('caseBusy');
    throw err;
  }
  if (outcome.kind === 'missing') throw new UserError('caseNotFound');
  if (outcome.kind === 'refused') {
    const cardCtx = cardContext(ctx);
    return render(cardContext(ctx, refusalText(cardCtx, outcome.change)), outcome.stored.state);
  }
  return render(cardContext(ctx), outcome.stored.state);
}

function refusalText(cardCtx: CaseCardContext, change: Extract<Change, { ok: false }>): string {
  if (change.problem !== undefined) return fieldProblemText(cardCtx, change.problem);
  const key: Record<typeof change.error, CaseTextKey> = {
    stale: 'case.changed',
    notNextPhase: 'case.changed',
    caseClosed: 'case.closedRefused',
    itemNotOpen: 'case.answerB1First',
    reasonRequired: 'problem.required',
    notCoordinator: 'case.onlyCoordinators',
  };
  return t(cardCtx, key[change.error], { field: t(cardCtx, 'field.reason') });
}
