import { beforeAll, describe, expect, it } from 'vitest';
import { meetingCalendar, meetingCalendarFileName } from '../../src/calendar/meeting-calendar';
import type { SipMeeting } from '../../src/domain/sip-model';
import { sampleCase } from '../support/sample-case';

const c = sampleCase('VSS-2026-0042');
const M: SipMeeting = {
  id: 'M1',
  // 10:00 in Stockholm (winter time, UTC+1)
  startsAt: '2026-12-14T09:00:00.000Z',
  durationMinutes: 90,
  form: 'teams',
  place: 'Rum 3, Vårdcentralen Norr',
  link: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
  purpose: 'Samordna insatser för Kalle Anka',
  questions: 'Vem gör vad för Kalle?',
  invited: [{ role: 'personen' }, { role: 'region' }, { role: 'kommun' }],
  status: 'planned',
  moves: [],
  createdAt: c.createdAt,
  plannedBy: { aadObjectId: 'x', principal: 'region' },
  rev: 0,
};
const NOW = new Date('2026-11-30T10:00:00.000Z');

// ical.js is an ES module only; the tests are compiled as CommonJS, so it is loaded with import().
type Ical = (typeof import('ical.js', { with: { 'resolution-mode': 'import' } }))['default'];
let ICAL: Ical;
beforeAll(async () => {
  ICAL = (await import('ical.js')).default;
});

/** The file as a calendar program reads it, through ical.js. */
function eventOf(ics: string): InstanceType<Ical['Event']> {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (vevent === null) throw new Error('no VEVENT');
  return new ICAL.Event(vevent);
}

describe('the meeting as a calendar file', () => {
  it('holds the meeting in Stockholm time with its time zone, the place and link, and names only the case code', () => {
    const ics = meetingCalendar(c, M, { timeZone: 'Europe/Stockholm', now: NOW });
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Stockholm');
    const e = eventOf(ics);
    expect(e.startDate.zone?.tzid).toBe('Europe/Stockholm');
    expect(e.startDate.toString()).toBe('2026-12-14T10:00:00');
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-12-14T09:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-12-14T10:30:00.000Z');
    expect(e.summary).toBe('SIP-möte M1, ärende VSS-2026-0042');
    expect(e.location).toBe('Rum 3, Vårdcentralen Norr');
    expect(e.component.getFirstPropertyValue('url')).toBe(M.link);
    expect(e.description).toContain(`Länk: ${M.link}`);
    expect(e.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(e.uid).toMatch(/^M1\.VSS-2026-0042\.[0-9a-f]{12}@samordningsboten$/);
    // The purpose and questions may name the person: they stay in the kallelse.
    expect(ics).not.toContain('Kalle');
    expect(meetingCalendarFileName(c, M)).toBe('SIP-VSS-2026-0042-M1.ics');
  });

  it('keeps its UID through a move with a higher sequence, so a calendar updates it; a cancelled one says so; summer time is UTC+2', () => {
    const first = eventOf(meetingCalendar(c, M, { timeZone: 'Europe/Stockholm', now: NOW }));
    const moved = { ...M, startsAt: '2027-06-14T08:00:00.000Z', moves: [{ from: M.startsAt, to: '2027-06-14T08:00:00.000Z', at: NOW.toISOString(), byAadObjectId: 'x' }] };
    const again = eventOf(meetingCalendar(c, moved, { timeZone: 'Europe/Stockholm', now: NOW }));
    expect(again.uid).toBe(first.uid);
    expect(again.sequence).toBe(first.sequence + 1);
    expect(again.startDate.toString()).toBe('2027-06-14T10:00:00');
    const cancelled = eventOf(meetingCalendar(c, { ...moved, status: 'cancelled' }, { timeZone: 'Europe/Stockholm', now: NOW }));
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.sequence).toBe(again.sequence + 1);
    // Another tenant's case with the same code is another event.
    expect(eventOf(meetingCalendar(sampleCase('VSS-2026-0042', '11111111-2222-4333-8444-555555555555'), M, { timeZone: 'Europe/Stockholm', now: NOW })).uid).not.toBe(first.uid);
  });

  it('without a place or link, says the form of the meeting', () => {
    const e = eventOf(meetingCalendar(c, { ...M, place: undefined, link: undefined, form: 'telefon' }, { timeZone: 'Europe/Stockholm', now: NOW }));
    expect(e.location).toBe('Telefon');
    expect(e.component.getFirstPropertyValue('url')).toBeNull();
  });
});
