import { t } from '../cards/case-card-parts';
import { markCoordinatorNotified } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import { addedNoticeCard } from '../proactive/colleague-notifier';
import { updateCase } from '../storage/case-updater';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, clockOf, tenantOf } from './case-access';
import { replyWithCard } from './reply';

/**
 * The case as the one who added a colleague sees it in the answer: a colleague the bot can reach
 * is being told right after it (from the outbox), so the hub does not say they are waiting to add
 * the bot; the stored flag clears when the notice has gone.
 */
export function asSeenByAdder(c: CaseState, colleagueId: string, reachable: boolean): CaseState {
  if (!reachable) return c;
  return { ...c, coordinators: c.coordinators.map((x) => (x.aadObjectId === colleagueId ? { ...x, noticePending: false } : x)) };
}

/**
 * Delivers notices that waited for this user to add the bot: run when the bot is installed in
 * their personal chat, where this turn can answer directly.
 */
export async function deliverPendingNotices(ctx: HandlerContext): Promise<void> {
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx);
  const codes = await ctx.services.caseIndex.list(tenant, { kind: 'user', aadObjectId: me.aadObjectId });
  for (const code of codes) {
    const stored = await ctx.services.cases.get(tenant, code);
    const mine = stored?.state.coordinators.find((x) => x.aadObjectId === me.aadObjectId);
    if (stored === undefined || mine?.noticePending !== true || stored.state.closure !== undefined) continue;
    const outcome = await updateCase(ctx.services.cases, tenant, code, (state) => markCoordinatorNotified(state, me, clockOf(ctx)));
    // Only the turn that cleared the flag tells the user, so a notice is never given twice.
    if (outcome.kind === 'changed') await replyWithCard(ctx.turn, addedNoticeCard(ctx.locale, ctx.services.timeZone, stored.state, mine));
  }
}

/** The note the one who added a colleague sees: whether the colleague is being told now or when they add the bot. */
export function colleagueNoticeText(ctx: HandlerContext, reachable: boolean): string {
  return t(cardContext(ctx), reachable ? 'notice.colleagueTold' : 'notice.colleagueUnreachable');
}
