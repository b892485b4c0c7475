import type { Activity, ConversationReference } from 'botbuilder';
import type { ConversationAddress, ConversationOwner } from '../storage/conversation-reference-repository';
import { tenantIdOf } from '../bot/tenant-of';

/** Stand-in tenant for channels without one (local clients); keeps keys well-formed. */
export const NO_TENANT = 'no-tenant';

/**
 * Whose conversation an activity belongs to: a user's 1:1 chat (keyed by their AAD object id,
 * which is the same in every tenant app) or a group chat. Channels are not a supported scope.
 */
export function ownerOf(activity: Partial<Activity>): ConversationOwner | undefined {
  const type = activity.conversation?.conversationType ?? 'personal';
  const conversationId = activity.conversation?.id;
  if (conversationId === undefined || conversationId === '') return undefined;
  if (type === 'groupChat') return { kind: 'chat', conversationId };
  if (type !== 'personal') return undefined;
  // Local clients may not send an AAD object id; their channel user id is stable enough there.
  const userKey = activity.from?.aadObjectId ?? activity.from?.id;
  return userKey === undefined || userKey === '' ? undefined : { kind: 'user', aadObjectId: userKey };
}

/** The storable address of the conversation an incoming activity came from. */
export function addressOf(activity: Partial<Activity>, now: Date): ConversationAddress | undefined {
  const { serviceUrl, channelId, conversation, recipient, from } = activity;
  if (serviceUrl === undefined || channelId === undefined || conversation?.id === undefined || recipient?.id === undefined) return undefined;
  const type = conversation.conversationType === 'groupChat' || conversation.conversationType === 'channel' ? conversation.conversationType : 'personal';
  return {
    tenantId: tenantIdOf(activity) ?? NO_TENANT,
    channelId,
    serviceUrl,
    conversationId: conversation.id,
    conversationType: type,
    botId: recipient.id,
    botName: recipient.name,
    userId: type === 'personal' ? from?.id : undefined,
    aadObjectId: type === 'personal' ? from?.aadObjectId : undefined,
    userName: type === 'personal' ? from?.name : undefined,
    locale: activity.locale,
    updatedAt: now.toISOString(),
  };
}

/** The botbuilder reference for a stored address, for continueConversationAsync. */
export function referenceOf(address: ConversationAddress): Partial<ConversationReference> {
  return {
    channelId: address.channelId,
    serviceUrl: address.serviceUrl,
    locale: address.locale,
    bot: { id: address.botId, name: address.botName ?? '' },
    conversation: {
      id: address.conversationId,
      conversationType: address.conversationType,
      isGroup: address.conversationType !== 'personal',
      tenantId: address.tenantId === NO_TENANT ? undefined : address.tenantId,
      name: '',
    },
    user: address.userId === undefined ? undefined : { id: address.userId, name: '', aadObjectId: address.aadObjectId },
  };
}
