import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';
import { addressOf, ownerOf } from '../proactive/conversation-address';
import type { ConversationReferenceRepository } from '../storage/conversation-reference-repository';
import { turnDeadlineOf } from './turn-deadline';
import type { DeploymentTenants } from '../config/deployment-tenants';

const MAX_REMEMBERED = 10_000;

/**
 * Keeps each user's and group chat's conversation address current, so reminders and notices can
 * reach them later. Runs on every activity because Teams may move a conversation to another
 * serviceUrl; a write happens only when what would be stored has changed since this instance
 * last wrote it.
 */
export class ConversationTracker implements Middleware {
  private readonly lastWritten = new Map<string, string>();

  constructor(
    private readonly conversations: ConversationReferenceRepository,
    private readonly tenants: DeploymentTenants,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    await this.track(turn);
    await next();
  }

  private async track(turn: TurnContext): Promise<void> {
    const { activity } = turn;
    // The bot's own proactive turns (continueConversationAsync) carry the stored address back with
    // the user's name left out: nothing new about the conversation, and saving it would blank the name.
    if (activity.type === ActivityTypes.Event && activity.name === ActivityEventNames.ContinueConversation) return;
    const owner = ownerOf(activity);
    const address = addressOf(activity, this.clock());
    if (owner === undefined || address === undefined) return;
    const storeTenant = this.tenants.storeTenantOf(address.tenantId);
    const key = `${address.tenantId}|${owner.kind}|${owner.kind === 'user' ? owner.aadObjectId : owner.conversationId}`;
    const deadline = turnDeadlineOf(activity);
    const conversations = deadline === undefined ? this.conversations : this.conversations.forTurn(deadline);

    if (activity.type === 'installationUpdate' && activity.action?.startsWith('remove') === true) {
      // After an uninstall the bot may no longer write there; a reinstall stores it anew.
      this.lastWritten.delete(key);
      await conversations.remove(storeTenant, owner).catch((err: unknown) => {
        this.logger.warn({ err, ownerKind: owner.kind }, 'could not remove conversation reference');
      });
      return;
    }

    const fingerprint = [address.serviceUrl, address.conversationId, address.botId, address.locale ?? '', address.userId ?? '', address.userName ?? ''].join('|');
    if (this.lastWritten.get(key) === fingerprint) return;
    try {
      await conversations.save(storeTenant, owner, address);
      if (this.lastWritten.size >= MAX_REMEMBERED) this.lastWritten.clear();
      this.lastWritten.set(key, fingerprint);
    } catch (err) {
      // Failing to remember an address must not cost the user their answer.
      this.logger.warn({ err, ownerKind: owner.kind }, 'could not store conversation reference');
    }
  }
}
