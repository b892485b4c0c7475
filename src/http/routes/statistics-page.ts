import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../project-root';

export interface StatisticsPageDeps {
  /**
   * Origins besides Teams that may show the page in a frame: the Agents Playground in local mode,
   * none in production.
   */
  readonly extraFrameAncestors: readonly string[];
}

/** The Teams and Microsoft 365 hosts that frame a tab (learn.microsoft.com: tab requirements). */
const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
];

/**
 * TeamsJS fetches Microsoft's current list of Teams hosts from here to check the origin of the
 * frame it talks to (falling back to the list it was built with); the exact file, nothing else there.
 */
const TEAMS_VALID_ORIGINS = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

interface PageFile {
  readonly route: string;
  readonly file: string;
  readonly type: string;
}

/**
 * Every file the tab is made of, each at a fixed route. Nothing from the URL becomes a file name,
 * so no path can reach a file that is not in this list.
 */
function pageFiles(): PageFile[] {
  const web = path.join(projectRoot(), 'web', 'statistik');
  // Resolved the way Node finds the packages, so a hoisted or nested node_modules both work.
  const chartJs = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  const teamsJs = path.join(path.dirname(require.resolve('@microsoft/teams-js')), 'MicrosoftTeams.min.js');
  return [
    { route: '/statistik', file: path.join(web, 'index.html'), type: HTML },
    { route: '/statistik/konfigurera', file: path.join(web, 'konfigurera.html'), type: HTML },
    { route: '/statistik/app.js', file: path.join(web, 'app.js'), type: JS },
    { route: '/statistik/konfigurera.js', file: path.join(web, 'konfigurera.js'), type: JS },
    { route: '/statistik/app.css', file: path.join(web, 'app.css'), type: CSS },
    { route: '/statistik/vendor/chart.umd.min.js', file: chartJs, type: JS },
    { route: '/statistik/vendor/MicrosoftTeams.min.js', file: teamsJs, type: JS },
  ];
}

/**
 * The page may run only its own scripts and styles and talk only to its own server; Teams may
 * frame it, and nothing else may (a framing site could otherwise overlay it and steer clicks).
 */
export function statisticsPagePolicy(extraFrameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${TEAMS_VALID_ORIGINS}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${[...TEAMS_FRAME_ANCESTORS, ...extraFrameAncestors].join(' ')}`,
  ].join('; ');
}

/**
 * GET /statistik (the Statistik tab), /statistik/konfigurera (the page Teams shows when the tab is
 * added to a chat or channel) and their scripts, style sheet and the two libraries they use. The
 * files are read once, at start: a deployment without them fails to start instead of serving
 * broken tabs. The figures come from /api/statistik, with the user's Teams sign-in.
 */
export function registerStatisticsPageRoutes(server: Server, deps: StatisticsPageDeps): void {
  const policy = statisticsPagePolicy(deps.extraFrameAncestors);
  for (const page of pageFiles()) {
    let body: Buffer;
    try {
      body = readFileSync(page.file);
    } catch (err) {
      throw new Error(`The statistics tab's file ${page.file} could not be read; it must be deployed with the bot.`, { cause: err });
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    server.get(page.route, async (req: Request, res: Response) => {
      // Checked again on every use, so an updated deployment shows at once; unchanged files cost a 304.
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('ETag', etag);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      if (page.type === HTML) res.setHeader('Content-Security-Policy', policy);
      if (req.headers['if-none-match'] === etag) {
        res.sendRaw(304, '');
        return;
      }
      res.setHeader('Content-Type', page.type);
      res.sendRaw(200, body);
    });
  }
}

/** The Agents Playground's pages (yours and the colleague's, on the next port), for local mode. */
export function playgroundOrigins(playgroundPort: number): string[] {
  // Port 0 lets the playground pick any port, which cannot be named here.
  if (playgroundPort === 0) return [];
  const ports = playgroundPort < 65535 ? [playgroundPort, playgroundPort + 1] : [playgroundPort];
  return ports.flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
}
