import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging/logger';

export interface HealthRouteDeps {
  /** Resolves when the table store answers. */
  readonly storePing: () => Promise<void>;
  readonly logger: Logger;
}

/** GET /healthz (the process is up) and GET /readyz (it can reach its store). */
export function registerHealthRoutes(server: Server, deps: HealthRouteDeps): void {
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await deps.storePing();
      res.send(200, { status: 'ready' });
    } catch (err) {
      deps.logger.warn({ err }, 'readiness check: table storage did not answer');
      res.send(503, { status: 'unavailable', reason: 'table storage did not answer' });
    }
  });
}
