import type { Activity } from 'botbuilder';
import { ACTION_ROUTES } from './routes';
import { tenantIdOf } from './tenant-of';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORDS = /^[A-Za-z]{1,40}(?:\/[A-Za-z]{1,40}){0,3}$/;
const CONVERSATION_TYPES = new Set(['personal', 'groupChat', 'channel']);

/** A client-sent string kept only when it has the shape its field should have. */
const shaped = (value: unknown, shape: RegExp): string | undefined =>
  typeof value !== 'string' ? undefined : shape.test(value) ? value : '[other]';

/**
 * The only view of an activity that may be logged: kinds and ids, never text, values,
 * attachments or names. Every field is client data, so each is logged only in the shape it
 * should have (a verb only when it is one of ours), and anything else as "[other]".
 */
export function activitySummary(activity: Partial<Activity>): Record<string, unknown> {
  const value = activity.value as { action?: { verb?: unknown } } | undefined;
  const sent = activity.name === 'adaptiveCard/action' ? value?.action?.verb : undefined;
  const verb = typeof sent === 'string' ? (ACTION_ROUTES.has(sent) ? sent : '[unknown]') : undefined;
  const conversationType = activity.conversation?.conversationType;
  return {
    activityType: shaped(activity.type, WORDS),
    activityName: shaped(activity.name, WORDS),
    verb,
    channelId: shaped(activity.channelId, WORDS),
    conversationType: typeof conversationType !== 'string' ? undefined : CONVERSATION_TYPES.has(conversationType) ? conversationType : '[other]',
    tenantId: shaped(tenantIdOf(activity), GUID),
    userAadObjectId: shaped(activity.from?.aadObjectId, GUID),
  };
}
