import { z } from 'zod';

const channelAccount = z.looseObject({ id: z.string().min(1).max(1024) });

/**
 * The least an incoming body must be for the adapter to process it and reply. Anything else is
 * a 400 with a short reason, before authentication or the bot see it. Extra fields pass through.
 */
export const activityBodySchema = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  from: channelAccount,
  recipient: channelAccount,
});

/** A short reason naming the field, without echoing its value. */
export function activityBodyProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON activity object';
  const result = activityBodySchema.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return `invalid activity: ${field} is missing or malformed`;
}
