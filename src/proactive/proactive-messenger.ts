import { CardFactory, MessageFactory, type CloudAdapter } from 'botbuilder';
import type { AdaptiveCard } from '../cards/card-template';
import type { Logger } from '../logging/logger';
import type { ConversationAddress, ConversationOwner, ConversationReferenceRepository } from '../storage/conversation-reference-repository';
import { referenceOf } from './conversation-address';
import type { DeploymentTenants } from '../config/deployment-tenants';

export type ProactiveOutcome = 'sent' | 'no-conversation';

/**
 * The one place that knows how to reach a person or a group chat outside a turn: look up the
 * stored address and continue that conversation.
 */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** Which registration reaches each tenant ('' in local mode, as botbuilder expects). */
    private readonly tenants: DeploymentTenants,
    private readonly conversations: ConversationReferenceRepository,
    private readonly logger: Logger,
  ) {}

  /** Sends a card; 'no-conversation' when the bot has never been installed there. */
  async sendCard(storeTenant: string, owner: ConversationOwner, card: AdaptiveCard | ((locale: string | undefined) => AdaptiveCard)): Promise<ProactiveOutcome> {
    const address = await this.conversations.find(storeTenant, owner);
    if (address === undefined) return 'no-conversation';
    await this.sendCardTo(address, card);
    return 'sent';
  }

  /** Sends a card to an address the caller has just looked up (and needs for more than the send). */
  async sendCardTo(address: ConversationAddress, card: AdaptiveCard | ((locale: string | undefined) => AdaptiveCard)): Promise<void> {
    // A card built per recipient speaks the language their client last used.
    if (typeof card === 'function') card = card(address.locale);
    const attachment = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    // The adapter hands errors inside the turn to its turn-error handler; the caller needs them
    // (403 means the bot was removed, 5xx means try later), so they are carried out of the turn.
    let failure: unknown;
    // The registration of the conversation's own tenant: tenant B's chats are reached by B's bot.
    await this.adapter.continueConversationAsync(this.tenants.appIdFor(address.tenantId), referenceOf(address), async (turn) => {
      try {
        await turn.sendActivity(attachment);
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== undefined) throw failure;
    this.logger.debug({ conversationType: address.conversationType, tenantId: address.tenantId }, 'proactive message sent');
  }
}
