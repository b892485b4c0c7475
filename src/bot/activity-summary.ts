import type { Activity } from 'botbuilder';

/**
 * The only view of an activity that may be logged: kinds and ids, never text, values,
 * attachments or names. Verbs are fixed strings chosen by us, so they are safe to log.
 */
export function activitySummary(activity: Partial<Activity>): Record<string, unknown> {
  const value = activity.value as { action?: { verb?: unknown } } | undefined;
  const verb = activity.name === 'adaptiveCard/action' && typeof value?.action?.verb === 'string' ? value.action.verb.slice(0, 64) : undefined;
  return {
    activityType: activity.type,
    activityName: activity.name,
    verb,
    channelId: activity.channelId,
    conversationType: activity.conversation?.conversationType,
    tenantId: tenantIdOf(activity),
    userAadObjectId: activity.from?.aadObjectId,
  };
}

/** The tenant an activity comes from, wherever the channel put it. */
export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
  return id === undefined || id === '' ? undefined : id.toLowerCase();
}
