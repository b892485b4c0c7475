import type { Request, Response, Server } from 'restify';
import type { CalendarLinks } from '../../calendar/calendar-links';
import { meetingCalendar, meetingCalendarFileName } from '../../calendar/meeting-calendar';
import { accessOf } from '../../domain/case-rules';
import { meetingsOf } from '../../domain/sip-commands';
import type { Logger } from '../../logging/logger';
import type { CaseRepository } from '../../storage/case-repository';

export interface CalendarRouteDeps {
  readonly links: CalendarLinks;
  readonly cases: Pick<CaseRepository, 'get' | 'appendAudit'>;
  readonly timeZone: string;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** What a browser shows for a link that does not (or no longer) lead to a file: plain Swedish, then English. */
const GONE =
  'Länken till kalenderfilen har gått ut. Öppna kallelsen i Teams igen och hämta filen därifrån.\n\nThe link to the calendar file has expired. Open the invitation in Teams again and get the file from there.\n';
const UNAVAILABLE =
  'Kalenderfilen kunde inte hämtas just nu. Försök igen om en stund.\n\nThe calendar file could not be fetched just now. Try again in a while.\n';
const NOT_FOUND =
  'Länken leder inte till någon kalenderfil. Öppna kallelsen i Teams och hämta filen därifrån.\n\nThe link does not lead to a calendar file. Open the invitation in Teams and get the file from there.\n';

/**
 * GET /api/calendar/:token/:file — a meeting's calendar file (.ics), for the link on the kallelse
 * card. The signed token is the permission (a browser brings no Teams sign-in); the user it was
 * made for must still have access to the case, and the download is audited as theirs.
 */
export function registerCalendarRoute(server: Server, deps: CalendarRouteDeps): void {
  server.get('/api/calendar/:token/:file', async (req: Request, res: Response) => {
    // Neither a proxy nor the browser keeps it, and the link does not travel on as a referrer.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const token = typeof req.params['token'] === 'string' ? req.params['token'] : '';
    const now = deps.clock();
    const claims = deps.links.verify(token, now);
    if (claims === 'expired') return plain(res, 410, GONE);
    if (claims === undefined) return plain(res, 404, NOT_FOUND);
    try {
      const stored = await deps.cases.get(claims.tenantId, claims.code);
      const meeting = stored === undefined ? undefined : meetingsOf(stored.state).find((m) => m.id === claims.meetingId);
      // Whoever may see the case in Teams now, by the same rule as every card: a coordinator, or the chat it is linked to.
      // The viewer is the (tenant, object id) pair the link was made for.
      const viewer = { aadObjectId: claims.viewer, ...(claims.viewerTenant === undefined ? {} : { tenantId: claims.viewerTenant }) };
      if (stored === undefined || meeting === undefined || accessOf(stored.state, viewer, claims.chat) === 'none') return plain(res, 404, NOT_FOUND);
      const ics = meetingCalendar(stored.state, meeting, { timeZone: deps.timeZone, now });
      await deps.cases.appendAudit(claims.tenantId, claims.code, [{ action: 'sip.calendarDownloaded', at: now.toISOString(), by: viewer, detail: meeting.id }]);
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      // The name is made of the case code and meeting id, both checked formats: nothing to escape.
      res.setHeader('Content-Disposition', `attachment; filename="${meetingCalendarFileName(stored.state, meeting)}"`);
      res.sendRaw(200, ics);
    } catch (err) {
      // The store's own words (partition keys among them) stay in the log, without the link.
      deps.logger.error({ err }, 'calendar file: the store did not answer');
      plain(res, 503, UNAVAILABLE);
    }
  });
}

function plain(res: Response, status: number, text: string): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.sendRaw(status, text);
}
