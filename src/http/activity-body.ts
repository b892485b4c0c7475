import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** Optional fields may be absent or null (some channels write null); both reach the bot as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const text = (max: number) => z.string().max(max);
const id = z.string().min(1).max(1024);

const channelAccount = z.looseObject({
  id,
  name: optional(text(512)),
  aadObjectId: optional(text(128)),
  role: optional(text(32)),
});

const entity = z.looseObject({
  type: optional(text(128)),
  text: optional(z.string()),
  mentioned: optional(z.looseObject({ id: optional(text(1024)), name: optional(text(512)) })),
});

/**
 * Every field of an incoming activity that the bot, or botbuilder on its behalf, reads, with the
 * type it must have. Anything else is a 400 naming the field, before authentication or the bot
 * see it, so no handler meets a number where it expects text. Fields nobody reads pass through
 * untouched. Text lengths are bounded by the body limit; ids and names by what Teams sends.
 */
export const activityBodySchema = z
  .looseObject({
    type: z.string().min(1).max(64),
    id: optional(text(1024)),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    text: optional(z.string()),
    locale: optional(text(64)),
    name: optional(text(256)),
    replyToId: optional(text(1024)),
    action: optional(text(64)),
    value: optional(z.looseObject({})),
    from: channelAccount,
    recipient: channelAccount,
    conversation: z.looseObject({
      id,
      tenantId: optional(text(128)),
      conversationType: optional(text(64)),
      isGroup: optional(z.boolean()),
      name: optional(text(512)),
    }),
    channelData: optional(
      z.looseObject({
        tenant: optional(z.looseObject({ id: optional(text(128)) })),
        eventType: optional(text(128)),
      }),
    ),
    membersAdded: optional(z.array(channelAccount).max(1000)),
    membersRemoved: optional(z.array(channelAccount).max(1000)),
    entities: optional(z.array(entity).max(256)),
  })
  .superRefine((activity, ctx) => {
    // Which tenant an activity is from decides whose cases it reaches and whether it is served
    // at all; Teams sends the same id in both places, so two different ids mean a forgery.
    const inConversation = activity.conversation.tenantId;
    const inChannelData = activity.channelData?.tenant?.id;
    if (inConversation && inChannelData && inConversation.toLowerCase() !== inChannelData.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['channelData', 'tenant', 'id'], message: TENANT_MISMATCH });
    }
  });

const TENANT_MISMATCH = 'tenant-mismatch';

export type ActivityBodyResult =
  | { readonly ok: true; readonly activity: Activity }
  | { readonly ok: false; readonly reason: 'malformed' | 'tenant-mismatch'; readonly field: string; readonly message: string };

/**
 * The activity as the bot may read it, or why it is refused: the field's path and a short
 * reason, never its value (paths are this schema's names and array indexes, not client keys).
 */
export function readActivityBody(body: unknown): ActivityBodyResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'malformed', field: 'body', message: 'body must be a JSON activity object' };
  }
  const result = activityBodySchema.safeParse(body);
  if (result.success) return { ok: true, activity: result.data as unknown as Activity };
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  if (issue.code === 'custom' && issue.message === TENANT_MISMATCH) {
    return { ok: false, reason: 'tenant-mismatch', field, message: 'invalid activity: conversation.tenantId and channelData.tenant.id name different tenants' };
  }
  return { ok: false, reason: 'malformed', field, message: `invalid activity: ${field} is missing or malformed` };
}
