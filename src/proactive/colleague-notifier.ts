import { tenantField } from '../domain/case-change-parts';
import { nameOf, t } from '../cards/case-card-parts';
import type { AdaptiveCard } from '../cards/card-template';
import { noticeCard } from '../cards/notice-card';
import { colleagueRequestCard } from '../cards/colleague-request-card';
import { literalSentence } from '../cards/literal-text';
import { markCoordinatorNotified, markHolderTold } from '../domain/case-commands';
import { markDeclineTold, markRequestDelivered } from '../domain/colleague-request';
import type { Actor, CaseState, ColleagueRequest, Coordinator } from '../domain/case-model';
import { principalDefKey, principalKey } from '../i18n/case-texts';
import { caseKind } from '../domain/case-rules';
import type { Locale, LocaleResolver } from '../i18n/locale';
import type { Logger } from '../logging/logger';
import type { CaseRepository } from '../storage/case-repository';
import { updateCase } from '../storage/case-updater';
import type { ConversationAddress, ConversationReferenceRepository } from '../storage/conversation-reference-repository';
import type { ProactiveMessenger } from './proactive-messenger';
import type { UnitCatalogue } from '../domain/units';

/**
 * "You are a coordinator in a new case", for a coordinator added to a case. The one who added
 * them is the case's other coordinator: a case has one from each principal.
 */
export function addedNoticeCard(locale: Locale, timeZone: string, c: CaseState, who: Coordinator): AdaptiveCard {
  const ctx = { locale, timeZone };
  const addedBy = c.coordinators.find((x) => x.aadObjectId !== who.aadObjectId) ?? c.createdBy;
  return noticeCard(locale, {
    title: t(ctx, 'notice.addedTitle'),
    body: t(ctx, caseKind(c) === 'sip' ? 'notice.addedBodySip' : 'notice.addedBody', { name: addedBy.name === undefined ? t(ctx, 'notice.aColleague') : nameOf(ctx, addedBy), principal: t(ctx, principalDefKey(who.principal)), code: c.code }),
    openCode: c.code,
  });
}

/** "Your colleague declined", for the one who asked, with the reason and the way on. */
export function declinedNoticeCard(locale: Locale, timeZone: string, c: CaseState, request: ColleagueRequest): AdaptiveCard {
  const ctx = { locale, timeZone };
  return noticeCard(locale, {
    title: t(ctx, 'request.declineNoticeTitle'),
    body: t(ctx, 'request.declineNoticeBody', {
      name: nameOf(ctx, request.colleague),
      principal: t(ctx, principalKey(request.colleague.principal)),
      code: c.code,
      reason: literalSentence(request.declineReason ?? ''),
    }),
    openCode: c.code,
  });
}

/** "The SIP goes on with you", for the coordinator chosen to hold it when the colleague closed VoSS. */
export function holderNoticeCard(locale: Locale, timeZone: string, c: CaseState): AdaptiveCard {
  const ctx = { locale, timeZone };
  return noticeCard(locale, {
    title: t(ctx, 'notice.holderTitle'),
    body: t(ctx, 'notice.holderBody', { name: nameOf(ctx, c.closure?.by), code: c.code }),
    openCode: c.code,
  });
}

export interface ColleagueNotifierDeps {
  /** The bare case repository: marking a notice given changes nothing else that follows a write. */
  readonly cases: CaseRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly messenger: ProactiveMessenger;
  readonly localeFor: LocaleResolver;
  readonly timeZone: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The units the colleague picks from when they accept a request. */
  readonly units: UnitCatalogue;
}

/**
 * Sends the notices a case owes its coordinators, after the write that added them (from the
 * outbox), so the answer to the one who added them never waits for, nor fails with, the colleague's
 * chat. A coordinator the bot cannot reach yet is told when they add the bot.
 */
export class ColleagueNotifier {
  constructor(private readonly deps: ColleagueNotifierDeps) {}

  /** 'retry' when a send failed in a way that may pass; the notice then stays owed. */
  async notifyPending(tenantId: string, code: string): Promise<'done' | 'retry'> {
    const { cases, localeFor, timeZone, clock } = this.deps;
    const stored = await cases.get(tenantId, code);
    if (stored === undefined) return 'done';
    // After VoSS closed, the only notice left to give is to the one who holds the SIP.
    if (stored.state.closure !== undefined) return this.tellHolder(tenantId, stored.state);
    let outcome: 'done' | 'retry' = 'done';
    for (const who of stored.state.coordinators.filter((x) => x.noticePending === true)) {
      // Not installed yet: the notice is given when they add the bot (deliverPendingNotices).
      const sent = await this.send(tenantId, stored.state, who, (l) => addedNoticeCard(localeFor(l), timeZone, stored.state, who));
      if (sent === 'retry') outcome = 'retry';
      if (sent === 'retry' || sent === 'unreachable') continue;
      // The address the notice went to names the colleague as Teams knows them.
      const notified = { aadObjectId: who.aadObjectId, ...tenantField(who), userId: sent.userId, name: sent.userName };
      await updateCase(cases, tenantId, code, (state) => markCoordinatorNotified(state, notified, { now: clock(), timeZone }));
    }
    const request = stored.state.colleagueRequest;
    if (request?.deliveryPending === true) {
      const sent = await this.send(tenantId, stored.state, request.colleague, (l) => colleagueRequestCard({ locale: localeFor(l), timeZone }, stored.state, request, this.deps.units));
      if (sent === 'retry') outcome = 'retry';
      else if (sent !== 'unreachable') {
        const shown = { aadObjectId: request.colleague.aadObjectId, ...tenantField(request.colleague), userId: sent.userId, name: sent.userName };
        await updateCase(cases, tenantId, code, (state) => markRequestDelivered(state, shown, { now: clock(), timeZone }));
      }
    }
    if (request?.declineNoticePending === true) {
      const sent = await this.send(tenantId, stored.state, request.requestedBy, (l) => declinedNoticeCard(localeFor(l), timeZone, stored.state, request));
      if (sent === 'retry') outcome = 'retry';
      else if (sent !== 'unreachable') await updateCase(cases, tenantId, code, (state) => markDeclineTold(state, { now: clock(), timeZone }));
    }
    return outcome;
  }

  private async tellHolder(tenantId: string, c: CaseState): Promise<'done' | 'retry'> {
    const { cases, localeFor, timeZone, clock } = this.deps;
    const sip = c.closure?.sip;
    if (sip?.kind !== 'continues' || sip.noticePending !== true) return 'done';
    const sent = await this.send(tenantId, c, sip.holder, (l) => holderNoticeCard(localeFor(l), timeZone, c));
    if (sent === 'retry') return 'retry';
    if (sent !== 'unreachable') await updateCase(cases, tenantId, c.code, (state) => markHolderTold(state, { now: clock(), timeZone }));
    return 'done';
  }

  /**
   * Sends one card to a user's 1:1 chat: where it went, 'unreachable' when the bot cannot reach
   * them yet (given when they add it), or 'retry' for a failure that may pass.
   */
  private async send(tenantId: string, c: CaseState, person: Actor, card: (locale: string | undefined) => AdaptiveCard): Promise<ConversationAddress | 'unreachable' | 'retry'> {
    const { conversations, messenger, logger } = this.deps;
    // The person's own tenant: the address kept for their object id must be in it.
    const address = await conversations.find(tenantId, { kind: 'user', aadObjectId: person.aadObjectId, tenantId: person.tenantId ?? c.tenantId });
    if (address === undefined) return 'unreachable';
    try {
      await messenger.sendCardTo(address, card);
      return address;
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      logger.warn({ err, tenantId }, 'could not deliver a notice to a coordinator or a colleague asked; it stays owed');
      // 403/404: the bot was removed from their chat; adding it again delivers it.
      return status === 403 || status === 404 ? 'unreachable' : 'retry';
    }
  }
}
