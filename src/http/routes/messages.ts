import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging/logger';
import { activityBodyProblem } from '../activity-body';

export interface MessagesRouteDeps {
  readonly adapter: CloudAdapter;
  readonly logic: (turn: TurnContext) => Promise<void>;
  readonly logger: Logger;
}

/** POST /api/messages: the Bot Framework endpoint. */
export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    const problem = activityBodyProblem(req.body);
    if (problem !== undefined) {
      res.send(400, { error: 'BadRequest', message: problem });
      return;
    }
    try {
      await deps.adapter.process(req, res, deps.logic);
    } catch (err) {
      // Only reached for faults outside a turn; turn errors are answered by onTurnError.
      deps.logger.error({ err }, 'processing an activity failed');
      if (!res.headersSent) res.send(500, { error: 'InternalError', message: 'the activity could not be processed' });
    }
  });
}
