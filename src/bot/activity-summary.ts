import type { Activity } from 'botbuilder';
import { ACTION_ROUTES } from './routes';
import { tenantIdOf } from './tenant-of';

/**
 * The only view of an activity that may be logged: kinds and ids, never text, values,
 * attachments or names. A verb is client data, so it is logged only when it is one of ours.
 */
export function activitySummary(activity: Partial<Activity>): Record<string, unknown> {
  const value = activity.value as { action?: { verb?: unknown } } | undefined;
  const sent = activity.name === 'adaptiveCard/action' ? value?.action?.verb : undefined;
  const verb = typeof sent === 'string' ? (ACTION_ROUTES.has(sent) ? sent : '[unknown]') : undefined;
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
