import restify, { type Server } from 'restify';
import type { Logger } from '../logging/logger';
import { readJsonBody } from './json-body';
import { registerHealthRoutes, type HealthRouteDeps } from './routes/health';
import { registerDispatchRoute, type DispatchRouteDeps } from './routes/dispatch';
import { registerMessagesRoute, type MessagesRouteDeps } from './routes/messages';
import { registerCalendarRoute, type CalendarRouteDeps } from './routes/calendar';
import { registerAccessLogRoute, type AccessLogRouteDeps } from './routes/access-log';
import { registerStatisticsRoutes, type StatisticsRouteDeps } from './routes/statistics';
import { registerStatisticsPageRoutes, type StatisticsPageDeps } from './routes/statistics-page';

/** How often Node looks for requests over their time; its default of 30 s would double a short limit. */
const TIMEOUT_CHECK_MS = 1_000;

export type HttpServerDeps = MessagesRouteDeps &
  HealthRouteDeps & {
    readonly logger: Logger;
    readonly dispatch: DispatchRouteDeps;
    readonly calendar: CalendarRouteDeps;
    readonly accessLog: AccessLogRouteDeps;
    readonly statistics: StatisticsRouteDeps;
    readonly statisticsPage: StatisticsPageDeps;
    /** How long a request's headers and body may take to arrive, in seconds. */
    readonly requestTimeoutSeconds: number;
  };

/** Wires HTTP to the adapter, the probes and the other routes; nothing else happens here. */
export function createHttpServer(deps: HttpServerDeps): Server {
  // 100 Continue is sent by the body reader, only once the headers have passed its checks.
  // The router refuses a path segment over 100 characters by default; a signed calendar link's
  // token is about 250, and up to about 450 with the group chat's id.
  const server = restify.createServer({ name: 'samordningsboten', handleUncaughtExceptions: false, noWriteContinue: true, maxParamLength: 512 });
  limitRequestTime(server, deps.requestTimeoutSeconds);

  // Our own reader instead of restify's bodyParser, which inflates gzip without a cap, writes
  // multipart uploads to the temp folder and takes forms as activities, all before authentication.
  // Each route that takes a body puts the reader in its own chain, where it belongs in its order
  // (the dispatch route checks its key first); routes without one never read a body.
  const readBody = readJsonBody(deps.logger);
  registerMessagesRoute(server, deps, readBody);
  registerHealthRoutes(server, deps);
  registerDispatchRoute(server, deps.dispatch, readBody);
  registerCalendarRoute(server, deps.calendar);
  registerAccessLogRoute(server, deps.accessLog);
  registerStatisticsRoutes(server, deps.statistics);
  registerStatisticsPageRoutes(server, deps.statisticsPage);

  server.on('after', (req: restify.Request, res: restify.Response) => {
    // Method, route and status only: URLs and bodies can carry ids and text.
    deps.logger.debug({ method: req.method, route: req.getRoute()?.path, status: res.statusCode }, 'http request');
  });
  return server;
}

/**
 * A request whose headers or body have not arrived in time gets 408 from Node and its
 * connection closed, so a slow sender cannot hold a connection (Node's default is 300 s).
 */
function limitRequestTime(server: Server, seconds: number): void {
  const node = server.server;
  node.requestTimeout = seconds * 1000;
  node.headersTimeout = Math.min(seconds * 1000, 60_000);
  // Read by Node when the server starts listening; not in @types/node.
  (node as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(TIMEOUT_CHECK_MS, seconds * 250);
}
