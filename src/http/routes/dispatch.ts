import { timingSafeEqual } from 'node:crypto';
import type { Next, Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../../logging/logger';
import type { DispatchResult } from '../../reminders/reminder-dispatcher';
import { answerAndClose, type BodyReader } from '../json-body';

const DISPATCH_ROUTE = '/api/reminders/dispatch';

export interface DispatchRouteDeps {
  readonly mode: 'local' | 'production';
  readonly dispatchKey: string | undefined;
  readonly dispatch: (now: Date) => Promise<DispatchResult>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

const body = z.object({ now: z.iso.datetime({ offset: true }).optional() }).strict();

/**
 * POST /api/reminders/dispatch: one dispatch tick for an external timer (for example an Azure
 * Function on a schedule). With an app id configured it needs `Authorization: Bearer
 * $DISPATCH_KEY`; in local mode it also takes {"now": "<ISO time>"} to simulate the clock.
 */
export function registerDispatchRoute(server: Server, deps: DispatchRouteDeps, readBody: BodyReader): void {
  // The key is checked before a byte of the body is read: an unauthenticated caller costs nothing.
  const authorise = (req: Request, res: Response, next: Next) => {
    if (deps.mode === 'production') {
      if (deps.dispatchKey === undefined) {
        answerAndClose(req, res, 503, { error: 'NotConfigured', message: 'DISPATCH_KEY is not set' });
        next(false);
        return;
      }
      if (!bearerMatches(req.headers.authorization, deps.dispatchKey)) {
        answerAndClose(req, res, 401, { error: 'Unauthorized', message: 'a valid dispatch key is required' });
        next(false);
        return;
      }
    }
    next();
  };

  server.post(DISPATCH_ROUTE, authorise, readBody, async (req: Request, res: Response) => {
    const parsed = body.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.send(400, { error: 'BadRequest', message: 'body must be {} or {"now": "<ISO time>"}' });
      return;
    }
    if (parsed.data.now !== undefined && deps.mode === 'production') {
      res.send(400, { error: 'BadRequest', message: 'a simulated clock is only accepted in local mode' });
      return;
    }
    try {
      const result = await deps.dispatch(parsed.data.now === undefined ? deps.clock() : new Date(parsed.data.now));
      res.send(200, result);
    } catch (err) {
      deps.logger.error({ err }, 'reminder dispatch failed');
      res.send(500, { error: 'InternalError', message: 'the dispatch failed; it is safe to call again' });
    }
  });
}

/** Constant-time comparison, so the key cannot be guessed from response times. */
function bearerMatches(header: string | undefined, key: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (match === null) return false;
  const given = Buffer.from(match[1]!, 'utf8');
  const expected = Buffer.from(key, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
