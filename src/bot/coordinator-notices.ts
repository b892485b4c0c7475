import { nameOf, t } from '../cards/case-card-parts';
import { noticeCard } from '../cards/notice-card';
import { markCoordinatorNotified } from '../domain/case-commands';
import type { Actor, CaseState, Coordinator } from '../domain/case-model';
import { principalKey } from '../i18n/case-texts';
import type { Locale } from '../i18n/locale';
import { updateCase } from '../storage/case-updater';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, clockOf, tenantOf } from './case-access';
import { replyWithCard } from './reply';

function addedNotice(locale: Locale, timeZone: string, c: CaseState, who: Coordinator, addedBy: Actor = c.createdBy) {
  const cardCtx = { locale, timeZone };
  return noticeCard(locale, {
    title: t(cardCtx, 'notice.addedTitle'),
    body: t(cardCtx, 'notice.addedBody', { name: addedBy.name === undefined ? t(cardCtx, 'notice.aColleague') : nameOf(cardCtx, addedBy), principal: t(cardCtx, principalKey(who.principal)), code: c.code }),
    openCode: c.code,
  });
}

/**
 * Tells the colleague added to a new case, in their own 1:1 chat. Returns false when the bot
 * cannot reach them yet; the notice then waits until they add the bot.
 */
export async function notifyAddedColleague(ctx: HandlerContext, c: CaseState): Promise<boolean> {
  // The person pressing the button is the one who added the colleague, at creation or later.
  const addedBy = actorOf(ctx);
  const colleague = c.coordinators.find((x) => x.noticePending === true);
  if (colleague === undefined) return true;
  const tenant = tenantOf(ctx);
  const address = await ctx.services.conversations.find(tenant, { kind: 'user', aadObjectId: colleague.aadObjectId });
  if (address === undefined) return false;
  const locale = ctx.services.localeFor(address.locale);
  try {
    await ctx.services.messenger.sendCard(tenant, { kind: 'user', aadObjectId: colleague.aadObjectId }, addedNotice(locale, ctx.services.timeZone, c, colleague, addedBy));
  } catch (err) {
    ctx.services.logger.warn({ err }, 'could not deliver the added-coordinator notice; it stays pending');
    return false;
  }
  const who = { aadObjectId: colleague.aadObjectId, userId: address.userId, name: address.userName };
  await updateCase(ctx.services.cases, tenant, c.code, (state) => markCoordinatorNotified(state, who, clockOf(ctx)));
  return true;
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
    if (outcome.kind === 'changed') await replyWithCard(ctx.turn, addedNotice(ctx.locale, ctx.services.timeZone, stored.state, mine));
  }
}

/** The note the creator sees on the new case: whether the colleague was told. */
export function colleagueNoticeText(ctx: HandlerContext, told: boolean): string {
  return t(cardContext(ctx), told ? 'notice.colleagueTold' : 'notice.colleagueUnreachable');
}
