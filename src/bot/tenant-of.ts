import type { Activity } from 'botbuilder';

/** The tenant an activity comes from, wherever the channel put it, in lower case. */
export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
  return id === undefined || id === '' ? undefined : id.toLowerCase();
}
