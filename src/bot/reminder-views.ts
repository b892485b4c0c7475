import type { AdaptiveCard } from '../cards/card-template';
import { reminderListCard } from '../cards/reminder-list-card';
import type { CaseState } from '../domain/case-model';
import { worksOn } from '../domain/sip-holder';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, tenantOf } from './case-access';

/** The viewer's open cases, and closed ones whose SIP they hold, with their coming reminders and settings. */
export async function showReminderList(ctx: HandlerContext, notice?: string, tone?: 'done'): Promise<AdaptiveCard> {
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx);
  const codes = await ctx.services.caseIndex.list(tenant, { kind: 'user', aadObjectId: me.aadObjectId });
  const cases = (await Promise.all(codes.map((code) => ctx.services.cases.get(tenant, code))))
    .map((s) => s?.state)
    .filter((c): c is CaseState => c !== undefined && worksOn(c, me.aadObjectId));
  return reminderListCard(cardContext(ctx, notice, tone), cases, me, ctx.services.reminderSettings, ctx.services.clock());
}
