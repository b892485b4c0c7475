import type { TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging/logger';
import type { BotAdapter } from '../../bot/adapter';
import { RequestNotAuthenticated } from '../../bot/bot-authentication';
import { startTurnDeadline } from '../../bot/turn-deadline';
import { recordTurn, turnTelemetryOf } from '../../telemetry/turn-telemetry';
import { readActivityBody } from '../activity-body';
import type { BodyReader } from '../json-body';

export interface MessagesRouteDeps {
  readonly adapter: BotAdapter;
  readonly logic: (turn: TurnContext) => Promise<void>;
  /** All table calls of one activity together, middleware included, get this long. */
  readonly storageTurnBudgetMs: number;
  readonly logger: Logger;
}

/** What a refused token gets: the same for every reason, so a forger learns nothing. */
const NOT_AUTHENTICATED = { error: 'Unauthorized', message: 'the request is not authenticated' } as const;

/** POST /api/messages: the Bot Framework endpoint. */
export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps, readBody: BodyReader): void {
  server.post('/api/messages', readBody, async (req: Request, res: Response) => {
    const body = readActivityBody(req.body);
    if (!body.ok) {
      // The field's path only: its value is client data and may be anything.
      if (body.reason === 'tenant-mismatch') deps.logger.warn({ field: body.field }, 'activity refused: conversation.tenantId and channelData.tenant.id disagree');
      else deps.logger.warn({ field: body.field }, 'activity refused: a field is missing or has the wrong type');
      res.send(400, { error: 'BadRequest', message: body.message });
      return;
    }
    const authorization = req.headers.authorization;
    try {
      startTurnDeadline(body.activity, deps.storageTurnBudgetMs);
      const activity = body.activity;
      const invokeResponse = await recordTurn(activity, async () => {
        try {
          return await deps.adapter.handle(typeof authorization === 'string' ? authorization : '', activity, deps.logic);
        } catch (err) {
          if (err instanceof RequestNotAuthenticated) turnTelemetryOf(activity).ended({ kind: 'unauthenticated' });
          throw err;
        }
      });
      if (invokeResponse?.body === undefined) res.send(invokeResponse?.status ?? 200);
      else res.send(invokeResponse.status, invokeResponse.body);
    } catch (err) {
      if (err instanceof RequestNotAuthenticated) {
        res.send(401, NOT_AUTHENTICATED);
        return;
      }
      // Only reached for faults outside a turn; turn errors are answered by onTurnError.
      deps.logger.error({ err }, 'processing an activity failed');
      if (!res.headersSent) res.send(500, { error: 'InternalError', message: 'the activity could not be processed' });
    }
  });
}
