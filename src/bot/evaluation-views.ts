import { randomBytes } from 'node:crypto';
import type { AdaptiveCard } from '../cards/card-template';
import type { CaseCardContext } from '../cards/case-card-parts';
import { evaluationCard } from '../cards/evaluation-card';
import { viewed } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import { evaluationCodeFrom } from '../domain/evaluation';
import type { HandlerContext } from './bot-context';
import { accessTo, actorOf, cardContext, clockOf, loadAccessibleCase, tenantOf } from './case-access';
import type { CaseRenderer } from './case-change';

/** The evaluation card for whoever looks, with the region's instruments; used after changes too. */
export function evaluationRenderer(ctx: HandlerContext, typedAnswer?: string): CaseRenderer {
  return (cardCtx: CaseCardContext, state: CaseState) => evaluationCard(cardCtx, state, accessTo(ctx, state), clockOf(ctx).now, { instruments: ctx.services.evaluationInstruments, typedAnswer });
}

/** The evaluation card; opening it is audited, as it shows the person's evaluation code. */
export async function showEvaluation(ctx: HandlerContext, code: string, opts: { audit: boolean; notice?: string }): Promise<AdaptiveCard> {
  const { stored } = await loadAccessibleCase(ctx, code);
  if (opts.audit) await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed('evaluation.viewed', actorOf(ctx), clockOf(ctx))]);
  return evaluationRenderer(ctx)(cardContext(ctx, opts.notice), stored.state);
}

/**
 * A new evaluation code, drawn here so the domain stays pure: random bytes from the operating
 * system, nothing of the case, so the code cannot lead back to it (003:120: anonymous but coded).
 */
export function newEvaluationCode(): string {
  return evaluationCodeFrom(randomBytes(8));
}
