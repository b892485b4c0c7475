import { nameOf, t } from '../cards/case-card-parts';
import { markCoordinatorNotified, markHolderTold } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import { addedNoticeCard, declinedNoticeCard, holderNoticeCard } from '../proactive/colleague-notifier';
import { colleagueRequestCard } from '../cards/colleague-request-card';
import { markDeclineTold, markRequestDelivered } from '../domain/colleague-request';
import { updateCase } from '../storage/case-updater';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, clockOf, tenantOf } from './case-access';
import { replyWithCard } from './reply';
import { TeamsInfo } from 'botbuilder';
import { acceptInvite } from '../domain/colleague-invite';
import { samePerson } from '../domain/case-rules';

/**
 * The case as the one who added a colleague sees it in the answer: a colleague the bot can reach
 * is being told right after it (from the outbox), so the hub does not say they are waiting to add
 * the bot; the stored flag clears when the notice has gone.
 */
export function asSeenByAdder(c: CaseState, colleagueId: string, reachable: boolean): CaseState {
  if (!reachable) return c;
  const request = c.colleagueRequest;
  return {
    ...c,
    coordinators: c.coordinators.map((x) => (x.aadObjectId === colleagueId ? { ...x, noticePending: false } : x)),
    ...(request?.colleague.aadObjectId === colleagueId ? { colleagueRequest: { ...request, deliveryPending: undefined } } : {}),
  };
}

/**
 * Delivers notices that waited for this user to add the bot: run when the bot is installed in
 * their personal chat, where this turn can answer directly.
 */
export async function deliverPendingNotices(ctx: HandlerContext): Promise<void> {
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx);
  await acceptInvites(ctx);
  const codes = await ctx.services.caseIndex.list(tenant, { kind: 'user', aadObjectId: me.aadObjectId });
  for (const code of codes) {
    const stored = await ctx.services.cases.get(tenant, code);
    if (stored === undefined) continue;
    const sip = stored.state.closure?.sip;
    if (sip?.kind === 'continues' && sip.noticePending === true && sip.holder.aadObjectId === me.aadObjectId) {
      const outcome = await updateCase(ctx.services.cases, tenant, code, (state) => markHolderTold(state, clockOf(ctx)));
      if (outcome.kind === 'changed') await replyWithCard(ctx.turn, holderNoticeCard(ctx.locale, ctx.services.timeZone, stored.state));
    }
    if (stored.state.closure !== undefined) continue;
    const mine = stored.state.coordinators.find((x) => x.aadObjectId === me.aadObjectId);
    // Only the turn that cleared a flag tells the user, so a notice is never given twice.
    if (mine?.noticePending === true) {
      const outcome = await updateCase(ctx.services.cases, tenant, code, (state) => markCoordinatorNotified(state, me, clockOf(ctx)));
      if (outcome.kind === 'changed') await replyWithCard(ctx.turn, addedNoticeCard(ctx.locale, ctx.services.timeZone, stored.state, mine));
    }
    const request = stored.state.colleagueRequest;
    if (request?.deliveryPending === true && request.colleague.aadObjectId === me.aadObjectId) {
      const outcome = await updateCase(ctx.services.cases, tenant, code, (state) => markRequestDelivered(state, me, clockOf(ctx)));
      if (outcome.kind === 'changed' && outcome.stored.state.colleagueRequest !== undefined) {
        await replyWithCard(ctx.turn, colleagueRequestCard(cardContext(ctx), outcome.stored.state, outcome.stored.state.colleagueRequest, ctx.services.units));
      }
    }
    if (request?.declineNoticePending === true && request.requestedBy.aadObjectId === me.aadObjectId) {
      const outcome = await updateCase(ctx.services.cases, tenant, code, (state) => markDeclineTold(state, clockOf(ctx)));
      if (outcome.kind === 'changed') await replyWithCard(ctx.turn, declinedNoticeCard(ctx.locale, ctx.services.timeZone, stored.state, request));
    }
  }
}

/**
 * The note the one who added a colleague sees: that the colleague was asked (no consent yet) or
 * added, and whether they are being told now or when they add the bot.
 */
export function colleagueNoticeText(ctx: HandlerContext, c: CaseState, colleagueId: string, reachable: boolean): string {
  const cardCtx = cardContext(ctx);
  const request = c.colleagueRequest;
  // A Playground mock user is reached in their own Playground, not by adding the app in Teams.
  const unreachable = ctx.services.localPeople?.(colleagueId) === undefined ? 'notice.colleagueUnreachable' : 'notice.colleagueUnreachableLocal';
  const told = t(cardCtx, reachable ? 'notice.colleagueTold' : unreachable);
  if (request?.colleague.aadObjectId !== colleagueId || request.status !== 'pending') return told;
  return `${t(cardCtx, 'request.sent', { name: nameOf(cardCtx, request.colleague) })} ${reachable ? '' : t(cardCtx, unreachable)}`.trim();
}

/**
 * Cases that invited this user's e-mail address, in a deployment serving several tenants: Teams
 * tells the bot the address of whoever adds it (their member record), and each waiting case takes
 * them as its colleague, appointed or asked as if picked. Told here, in the install's answer.
 */
async function acceptInvites(ctx: HandlerContext): Promise<void> {
  if (!ctx.services.tenants.shared) return;
  let email: string | undefined;
  try {
    const member = await TeamsInfo.getMember(ctx.turn, ctx.turn.activity.from.id);
    email = (member.email ?? undefined)?.trim().toLowerCase();
  } catch (err) {
    // No address, no invitation found; the user can still be picked from the list now.
    ctx.services.logger.warn({ err, errorType: err instanceof Error ? err.name : undefined }, 'could not read the new user’s member record for invitations');
    return;
  }
  if (email === undefined || email === '') return;
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx);
  for (const code of await ctx.services.caseIndex.list(tenant, { kind: 'invite', email })) {
    const outcome = await updateCase(ctx.services.cases, tenant, code, (state) => acceptInvite(state, me, email, clockOf(ctx)) ?? { ok: false as const, error: 'stale' as const });
    if (outcome.kind !== 'changed') continue;
    const state = outcome.stored.state;
    const mine = state.coordinators.find((x) => samePerson(state, x, me));
    const request = state.colleagueRequest;
    if (mine !== undefined) await replyWithCard(ctx.turn, addedNoticeCard(ctx.locale, ctx.services.timeZone, state, mine));
    else if (request !== undefined && samePerson(state, request.colleague, me)) await replyWithCard(ctx.turn, colleagueRequestCard(cardContext(ctx), state, request, ctx.services.units));
  }
}
