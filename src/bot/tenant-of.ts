import type { Activity } from 'botbuilder';

/**
 * The tenant an activity comes from, wherever the channel put it, in lower case. The HTTP edge
 * has checked that both places are text and agree; the type checks keep this safe for
 * activities that did not come through it.
 */
export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData: unknown = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation: unknown = activity.conversation?.tenantId;
  const id = typeof fromConversation === 'string' && fromConversation !== '' ? fromConversation : fromChannelData;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : undefined;
}
