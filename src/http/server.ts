import restify, { type Server } from 'restify';
import type { Logger } from '../logging/logger';
import { registerHealthRoutes, type HealthRouteDeps } from './routes/health';
import { registerDispatchRoute, type DispatchRouteDeps } from './routes/dispatch';
import { registerMessagesRoute, type MessagesRouteDeps } from './routes/messages';

/** Teams activities are small; a larger body is refused before it is parsed. */
const MAX_BODY_BYTES = 512 * 1024;

export type HttpServerDeps = MessagesRouteDeps & HealthRouteDeps & { readonly logger: Logger; readonly dispatch: DispatchRouteDeps };

/** Wires HTTP to the adapter and the probes; nothing else happens here. */
export function createHttpServer(deps: HttpServerDeps): Server {
  const server = restify.createServer({ name: 'samordningsboten', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  registerMessagesRoute(server, deps);
  registerHealthRoutes(server, deps);
  registerDispatchRoute(server, deps.dispatch);

  server.on('after', (req: restify.Request, res: restify.Response) => {
    // Method, route and status only: URLs and bodies can carry ids and text.
    deps.logger.debug({ method: req.method, route: req.getRoute()?.path, status: res.statusCode }, 'http request');
  });
  return server;
}
