import type { InvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { AdaptiveCard } from '../cards/card-template';
import { asUserError } from './user-error-of';
import type { HandlerContext } from './bot-context';
import { cardResponse, errorResponse, messageResponse } from './invoke-response';
import { turnTelemetryOf } from '../telemetry/turn-telemetry';

export type ActionResult = { readonly kind: 'card'; readonly card: AdaptiveCard } | { readonly kind: 'message'; readonly text: string };

/** One Action.Execute verb: the shape of its data and what it does. */
export interface ActionRoute<Schema extends z.ZodType = z.ZodType> {
  readonly verb: string;
  readonly data: Schema;
  handle(ctx: HandlerContext, data: z.output<Schema>): Promise<ActionResult>;
}

/** Keeps each route's data type tied to its schema. */
export function defineAction<Schema extends z.ZodType>(route: ActionRoute<Schema>): ActionRoute<Schema> {
  return route;
}

/** The invoke value Teams sends for Action.Execute; anything else is refused before routing. */
const invokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/**
 * Routes an `adaptiveCard/action` invoke to its verb. Every outcome is an invoke response: a
 * card, a message, or an error from the catalogue; a handler that throws unexpectedly yields the
 * internal error, and the turn error handler never sees it.
 */
export async function routeAction(ctx: HandlerContext, routes: ReadonlyMap<string, ActionRoute>, rawValue: unknown): Promise<InvokeResponse> {
  const telemetry = turnTelemetryOf(ctx.turn.activity);
  const refused = (code: 'invalidActionData' | 'unknownAction') => {
    telemetry.ended({ kind: 'userError', code });
    return errorResponse(code, ctx.locale);
  };
  const value = invokeValueSchema.safeParse(rawValue);
  if (!value.success) return refused('invalidActionData');

  const route = routes.get(value.data.action.verb);
  // The verb is client data: only one of ours names the turn.
  telemetry.named(route?.verb ?? 'unknown');
  if (route === undefined) return refused('unknownAction');

  const data = route.data.safeParse(value.data.action.data ?? {});
  if (!data.success) return refused('invalidActionData');

  try {
    const result = await route.handle(ctx, data.data);
    return result.kind === 'card' ? cardResponse(result.card) : messageResponse(result.text);
  } catch (err) {
    const userError = asUserError(err);
    if (userError !== undefined) {
      telemetry.ended({ kind: 'userError', code: userError.code });
      if (userError.code === 'storageUnavailable') ctx.services.logger.warn({ err, verb: route.verb }, 'table storage did not answer during an action');
      return errorResponse(userError.code, ctx.locale);
    }
    ctx.services.logger.error({ err, verb: route.verb }, 'action handler failed');
    telemetry.ended({ kind: 'internal' });
    return errorResponse('internal', ctx.locale);
  }
}

/** Builds the verb table and refuses two routes with one verb at start-up. */
export function actionTable(routes: readonly ActionRoute[]): ReadonlyMap<string, ActionRoute> {
  const table = new Map<string, ActionRoute>();
  for (const route of routes) {
    if (table.has(route.verb)) throw new Error(`Duplicate action verb: ${route.verb}`);
    table.set(route.verb, route);
  }
  return table;
}
