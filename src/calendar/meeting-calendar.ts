import { createHash } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { CaseState } from '../domain/case-model';
import type { SipMeeting } from '../domain/sip-model';
import { fill } from '../i18n/format';
import { sipText } from '../i18n/sip-texts';

/**
 * A SIP meeting as an iCalendar file (RFC 5545) for parties outside Teams to put in their calendar:
 * the time in the deployment's time zone with its VTIMEZONE, the place or link, and nothing about
 * the person but the case code. The purpose and questions stay in the kallelse, which goes through
 * a secure channel; a calendar entry is seen by whoever sees the calendar.
 */
export function meetingCalendar(c: CaseState, m: SipMeeting, opts: { timeZone: string; now: Date }): string {
  const calendar = ical({
    prodId: { company: 'Samordningsboten', product: 'SIP', language: 'SV' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: opts.timeZone, generator: getVtimezoneComponent },
  });
  const start = DateTime.fromISO(m.startsAt, { zone: 'utc' }).setZone(opts.timeZone);
  calendar.createEvent({
    // Stable through moves, so a calendar that has the meeting updates it instead of adding one.
    id: `${m.id}.${c.code}.${tenantTag(c.tenantId)}@samordningsboten`,
    sequence: m.moves.length + (m.status === 'cancelled' ? 1 : 0),
    stamp: DateTime.fromJSDate(opts.now, { zone: 'utc' }),
    start,
    end: start.plus({ minutes: m.durationMinutes }),
    timezone: opts.timeZone,
    summary: fill(sipText(LOCALE, 'ics.summary'), { id: m.id, code: c.code }),
    description: [fill(sipText(LOCALE, 'ics.description'), { code: c.code }), ...(m.link === undefined ? [] : [fill(sipText(LOCALE, 'sip.linkLine'), { link: m.link })])].join('\n'),
    location: m.place ?? m.link ?? sipText(LOCALE, `sip.form.${m.form}`),
    ...(m.link === undefined ? {} : { url: m.link }),
    status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}

/** The file goes to parties outside Teams, whose language the bot does not know: Swedish, as the kallelse. */
const LOCALE = 'sv';

/** Case codes are unique within a tenant: a short hash of the tenant keeps the UID unique across regions. */
function tenantTag(tenantId: string): string {
  return createHash('sha256').update(tenantId).digest('hex').slice(0, 12);
}

/** The file's name: the case and the meeting, nothing else. */
export function meetingCalendarFileName(c: CaseState, m: SipMeeting): string {
  return `SIP-${c.code}-${m.id}.ics`;
}
