import type { AdaptiveCard } from '../cards/card-template';
import { crisisPlanCard } from '../cards/crisis-plan-card';
import { planCard } from '../cards/plan-card';
import { viewed } from '../domain/case-commands';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, clockOf, loadAccessibleCase, tenantOf } from './case-access';
import type { CaseRenderer } from './case-change';

export const planRenderer: CaseRenderer = (cardCtx, state) => planCard(cardCtx, state);

/** The SIP plan card; opening it is audited. */
export async function showPlan(ctx: HandlerContext, code: string, opts: { audit: boolean; notice?: string }): Promise<AdaptiveCard> {
  const { stored } = await loadAccessibleCase(ctx, code);
  if (opts.audit) await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed('plan.viewed', actorOf(ctx), clockOf(ctx))]);
  return planCard(cardContext(ctx, opts.notice), stored.state);
}

/** The crisis plan card; opening it is audited. */
export async function showCrisisPlan(ctx: HandlerContext, code: string, opts: { audit: boolean; notice?: string }): Promise<AdaptiveCard> {
  const { stored } = await loadAccessibleCase(ctx, code);
  if (opts.audit) await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed('crisis.viewed', actorOf(ctx), clockOf(ctx))]);
  return crisisPlanCard(cardContext(ctx, opts.notice), stored.state);
}
