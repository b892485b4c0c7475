import { nameOf, t } from '../cards/case-card-parts';
import { literalText } from '../cards/literal-text';
import { markCoordinatorNotified, markHolderTold } from '../domain/case-commands';
import type { Actor, CaseState, Principal } from '../domain/case-model';
import { addedNoticeCard, declinedNoticeCard, holderNoticeCard } from '../proactive/colleague-notifier';
import { colleagueRequestCard } from '../cards/colleague-request-card';
import { markDeclineTold, markRequestDelivered } from '../domain/colleague-request';
import { updateCase } from '../storage/case-updater';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, clockOf, tenantOf } from './case-access';
import { replyWithCard } from './reply';
import { TeamsInfo } from 'botbuilder';
import { acceptInvite } from '../domain/colleague-invite';
import { tenantIdOf } from './tenant-of';

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
 * tells the bot the addresses of whoever adds it (their member record), and each waiting case asks
 * them, as if picked; they become the colleague when they take the assignment. Only someone of the
 * organisation the invitation was for is asked. The request is written to the case before it is
 * shown here, so an answer that fails to arrive leaves it waiting in "mina ärenden".
 */
async function acceptInvites(ctx: HandlerContext): Promise<void> {
  if (!ctx.services.tenants.shared) return;
  let addresses: string[];
  try {
    const member = await TeamsInfo.getMember(ctx.turn, ctx.turn.activity.from.id);
    addresses = [...new Set([member.email, member.userPrincipalName].map((a) => a?.trim().toLowerCase()).filter((a): a is string => a !== undefined && a !== '' && !a.includes('#ext#')))];
  } catch (err) {
    // No address, no invitation found; the inviter can still pick them from the list now.
    ctx.services.logger.warn({ err, errorType: err instanceof Error ? err.name : undefined }, 'could not read the new user’s member record for invitations');
    return;
  }
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx);
  // A guest of the other principal in the home tenant is not asked by address: the inviter there
  // finds them with the people picker, as anyone of the home tenant's directory.
  const principal = ctx.services.tenants.organisationOf(tenantIdOf(ctx.turn.activity))?.principal;
  for (const email of addresses) {
    // Kept, so that an invitation made later by this address reaches them at once (askKnownInvitee).
    await ctx.services.conversations.saveMail(tenant, email, { aadObjectId: me.aadObjectId, tenantId: tenantIdOf(ctx.turn.activity) ?? tenant }).catch((err: unknown) => {
      ctx.services.logger.warn({ err }, 'could not keep the new user’s address for invitations');
    });
    for (const code of await ctx.services.caseIndex.list(tenant, { kind: 'invite', email })) {
      try {
        const asked = await askInvitee(ctx, code, email, me, principal, true);
        const request = asked?.colleagueRequest;
        if (asked !== undefined && request !== undefined) await replyWithCard(ctx.turn, colleagueRequestCard(cardContext(ctx), asked, request, ctx.services.units));
      } catch (err) {
        // One case's trouble must not keep the others' requests from this user.
        ctx.services.logger.warn({ err }, 'could not ask an invited colleague in one case');
      }
    }
  }
}

/**
 * An invitation just saved, to an address Teams reported for someone who already has the bot (see
 * acceptInvites): they are asked now, the request delivered after the write like any other. The
 * person, if asked; undefined when the invitation waits for the address to add the bot.
 */
async function askKnownInvitee(ctx: HandlerContext, code: string, email: string): Promise<{ readonly person: Actor; readonly state: CaseState } | undefined> {
  try {
    return await askKnown(ctx, code, email);
  } catch (err) {
    // The invitation is saved and waits as any other: the one who invited is not told of a failure.
    ctx.services.logger.warn({ err }, 'could not ask an invited colleague who already has the bot');
    return undefined;
  }
}

async function askKnown(ctx: HandlerContext, code: string, email: string): Promise<{ readonly person: Actor; readonly state: CaseState } | undefined> {
  const tenant = tenantOf(ctx);
  const known = await ctx.services.conversations.findMail(tenant, email);
  if (known === undefined) return undefined;
  const principal = ctx.services.tenants.organisationOf(known.tenantId)?.principal;
  const invitee: Actor = { aadObjectId: known.aadObjectId, ...(known.tenantId === tenant ? {} : { tenantId: known.tenantId }) };
  const address = await ctx.services.conversations.find(tenant, { kind: 'user', aadObjectId: known.aadObjectId, tenantId: known.tenantId });
  const person: Actor = { ...invitee, userId: address?.userId, name: address?.userName };
  const state = await askInvitee(ctx, code, email, person, principal, false);
  return state === undefined ? undefined : { person, state };
}

/**
 * What the one who invited by address is shown once the invitation is written (`invited`): the
 * request sent, if the address is of someone who already has the bot, else the invitation saved.
 */
export async function inviteAnswer(ctx: HandlerContext, invited: CaseState, email: string): Promise<{ readonly shown: CaseState; readonly notice: string }> {
  const cardCtx = cardContext(ctx);
  const asked = await askKnownInvitee(ctx, invited.code, email);
  if (asked === undefined) return { shown: invited, notice: t(cardCtx, 'notice.colleagueInvited', { email: literalText(email) }) };
  return { shown: asSeenByAdder(asked.state, asked.person.aadObjectId, true), notice: t(cardCtx, 'request.sent', { name: nameOf(cardCtx, asked.person) }) };
}

/**
 * Turns a case's invitation to `email` into a request to `invitee`, if the case still waits for it
 * and the invitee's organisation is the invited principal (`principal`: theirs, when known). The
 * case as written, or undefined when it did not wait for them. `shownNow`: they are in this turn.
 */
async function askInvitee(ctx: HandlerContext, code: string, email: string, invitee: Actor, principal: Principal | undefined, shownNow: boolean): Promise<CaseState | undefined> {
  const tenant = tenantOf(ctx);
  const outcome = await updateCase(ctx.services.cases, tenant, code, (state) =>
    principal !== undefined && state.colleagueInvite?.principal !== principal ? { ok: false as const, error: 'stale' as const } : (acceptInvite(state, invitee, email, clockOf(ctx), shownNow) ?? { ok: false as const, error: 'stale' as const }),
  );
  if (outcome.kind !== 'changed') return undefined;
  // The address has done its work: it is not kept in a key any longer than needed.
  await ctx.services.caseIndex.remove(tenant, { kind: 'invite', email }, code);
  return outcome.stored.state;
}
