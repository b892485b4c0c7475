import { samePerson } from '../../domain/case-rules';
import { rememberUnit } from '../coordinator-unit';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/card-template';
import { nameOf, t } from '../../cards/case-card-parts';
import { colleagueRequestCard } from '../../cards/colleague-request-card';
import { noticeCard } from '../../cards/notice-card';
import { keepTyped, markInputs } from '../../cards/scrub-typed';
import type { Change } from '../../domain/case-commands';
import type { CaseState } from '../../domain/case-model';
import { acceptRequest, declineRequest, openRequestFor } from '../../domain/colleague-request';
import { UserError } from '../../i18n/errors';
import { defineAction } from '../action-router';
import type { HandlerContext } from '../bot-context';
import { accessTo, actorOf, cardContext, clockOf, requireCode, tenantOf } from '../case-access';
import { problemsAtInputs, refusalText, updateInTurn } from '../case-change';
import { hubRenderer } from '../case-views';
import { rev } from './card-fields';
import { codeData } from './case-view-action';

/**
 * "Jag tar uppdraget", with the unit picked from the colleague's principal's list: with consent in
 * place the colleague gets the hub at once, otherwise the request again, accepted.
 */
export const requestAcceptAction = defineAction({
  verb: 'case.request.accept',
  data: codeData.extend({ rev, unit: z.string().max(5000).optional() }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await answerRequest(
      ctx,
      requireCode(data.code),
      (state) => acceptRequest(state, { rev: data.rev, unit: data.unit, units: ctx.services.units }, actorOf(ctx), clockOf(ctx)),
      'request.appointed',
      data,
    ),
  }),
});

/** "Avböj", with the reason the one who asked is told (from the write's outbox). */
export const requestDeclineAction = defineAction({
  verb: 'case.request.decline',
  data: codeData.extend({ rev, declineReason: z.string().max(5000).optional() }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await answerRequest(ctx, requireCode(data.code), (state) => declineRequest(state, { rev: data.rev, reason: data.declineReason }, actorOf(ctx), clockOf(ctx)), undefined, data),
  }),
});

/**
 * Answers a request as the colleague it was sent to. Anyone else (and a code not in use) gets the
 * same "no such case" as for a case they cannot see: a request says nothing to outsiders.
 */
async function answerRequest(ctx: HandlerContext, code: string, apply: (state: CaseState) => Change, appointedNotice: 'request.appointed' | undefined, typed?: Readonly<Record<string, unknown>>): Promise<AdaptiveCard> {
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx);
  const stored = await ctx.services.cases.get(tenant, code);
  if (stored === undefined || ((stored.state.colleagueRequest === undefined || !samePerson(stored.state, stored.state.colleagueRequest.colleague, me)) && accessTo(ctx, stored.state) === 'none')) throw new UserError('caseNotFound');
  const outcome = await updateInTurn<Extract<Change, { ok: false }>>(ctx, code, apply, stored);
  const state = outcome.stored.state;
  if (outcome.kind === 'changed' && appointedNotice !== undefined) await rememberUnit(ctx, state);
  const refused = outcome.kind === 'refused' ? refusalText(cardContext(ctx), outcome.change) : undefined;
  // Appointed by this answer (consent was in place): the case itself, as a coordinator sees it.
  if (accessTo(ctx, state) !== 'none') return hubRenderer(ctx)(cardContext(ctx, refused ?? (appointedNotice === undefined ? undefined : t(cardContext(ctx), appointedNotice)), refused === undefined ? 'done' : undefined), state);
  const request = openRequestFor(state, me);
  if (request !== undefined) {
    const card = colleagueRequestCard(cardContext(ctx, refused), state, request, ctx.services.units);
    return outcome.kind === 'refused' ? markInputs(keepTyped(card, typed), problemsAtInputs(cardContext(ctx), outcome.change)) : card;
  }
  // Declined: nothing of the case is theirs to see any more, only that the answer went.
  const asker = state.colleagueRequest?.requestedBy;
  const cardCtx = cardContext(ctx);
  return noticeCard(ctx.locale, { title: t(cardCtx, 'request.title', { code }), body: refused ?? t(cardCtx, 'request.declined', { name: nameOf(cardCtx, asker) }) });
}
