import type { AdaptiveCard } from '../cards/card-template';
import type { CaseCardContext } from '../cards/case-card-parts';
import { fieldProblemText, t } from '../cards/case-card-parts';
import { sipProblemText } from '../cards/sip-card-parts';
import type { Change } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import type { SipChange } from '../domain/sip-commands';
import type { CaseTextKey } from '../i18n/case-texts';
import { UserError } from '../i18n/errors';
import { CaseBusyError, updateCase, type UpdateOutcome } from '../storage/case-updater';
import type { HandlerContext } from './bot-context';
import { accessTo, cardContext, loadAccessibleCase, tenantOf } from './case-access';

/** Renders a case card from state, with an optional note at the top. */
export type CaseRenderer = (cardCtx: CaseCardContext, state: CaseState) => AdaptiveCard;

type AnyChange = Change | SipChange;
export type Refusal = Extract<AnyChange, { ok: false }>;

/**
 * Runs one change of a case for the turn's user: access is checked on the first read and again
 * on the state being written; a case that keeps changing under us becomes "try again".
 */
export async function runCaseChange(ctx: HandlerContext, code: string, apply: (state: CaseState) => AnyChange): Promise<Exclude<UpdateOutcome<Refusal>, { kind: 'missing' }>> {
  await loadAccessibleCase(ctx, code);
  let outcome: UpdateOutcome<Refusal>;
  try {
    outcome = await updateCase<Refusal>(ctx.services.cases, tenantOf(ctx), code, (state) =>
      accessTo(ctx, state) === 'none' ? ({ ok: false, error: 'notCoordinator' } as const) : apply(state),
    );
  } catch (err) {
    if (err instanceof CaseBusyError) throw new UserError('caseBusy');
    throw err;
  }
  if (outcome.kind === 'missing') throw new UserError('caseNotFound');
  return outcome;
}

/**
 * Runs one change of a case from a card and answers with the card rebuilt from what is stored.
 * A refused change (stale card, closed case, missing reason…) stores nothing and shows the
 * current state with a note saying why.
 */
export async function changeCase(ctx: HandlerContext, code: string, apply: (state: CaseState) => AnyChange, render: CaseRenderer): Promise<AdaptiveCard> {
  const outcome = await runCaseChange(ctx, code, apply);
  if (outcome.kind === 'refused') return render(cardContext(ctx, refusalText(cardContext(ctx), outcome.change)), outcome.stored.state);
  return render(cardContext(ctx), outcome.stored.state);
}

/** Why a change was refused, in words. */
export function refusalText(cardCtx: CaseCardContext, change: Refusal): string {
  if ('problems' in change) return change.problems.map((p) => sipProblemText(cardCtx, p)).join(' ');
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
