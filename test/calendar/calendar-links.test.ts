import { describe, expect, it } from 'vitest';
import { CALENDAR_LINK_SECONDS, CalendarLinks } from '../../src/calendar/calendar-links';

const KEY = 'k'.repeat(40);
const NOW = new Date('2026-11-30T10:00:00.000Z');
const CLAIMS = { tenantId: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c', code: 'VSS-2026-0001', meetingId: 'M2', viewer: '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41' };
const links = new CalendarLinks(KEY, () => 'https://sip.region.se/');

/** The token part of a link: /api/calendar/<token>/<file>. */
const tokenOf = (url: string): string => url.split('/api/calendar/')[1]!.split('/')[0]!;

describe('calendar links', () => {
  it('names the case and meeting in the file name, and reads back what was signed until it expires', () => {
    const url = links.urlFor(CLAIMS, NOW)!;
    expect(url).toMatch(/^https:\/\/sip\.region\.se\/api\/calendar\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\/SIP-VSS-2026-0001-M2\.ics$/);
    expect(links.verify(tokenOf(url), NOW)).toEqual({ ...CLAIMS, expiresAt: NOW.getTime() / 1000 + CALENDAR_LINK_SECONDS });
    expect(links.verify(tokenOf(url), new Date(NOW.getTime() + CALENDAR_LINK_SECONDS * 1000 - 1000))).toMatchObject(CLAIMS);
    expect(links.verify(tokenOf(url), new Date(NOW.getTime() + CALENDAR_LINK_SECONDS * 1000))).toBe('expired');
  });

  it('refuses a link changed in any way, signed with another key, or not a link at all', () => {
    const token = tokenOf(links.urlFor(CLAIMS, NOW)!);
    const [payload, signature] = token.split('.') as [string, string];
    const otherCase = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: 'VSS-2026-0002' })).toString('base64url');
    for (const bad of [`${otherCase}.${signature}`, `${payload}.${signature.slice(0, -2)}AA`, `${payload}.`, payload, `${token}.x`, '', '..', 'a.b']) {
      expect(links.verify(bad, NOW), bad).toBeUndefined();
    }
    expect(new CalendarLinks('x'.repeat(40), () => 'https://sip.region.se').verify(token, NOW)).toBeUndefined();
    // Without a configured key each process signs with its own: another process cannot read its links.
    const own = new CalendarLinks(undefined, () => 'https://sip.region.se');
    expect(new CalendarLinks(undefined, () => 'https://sip.region.se').verify(tokenOf(own.urlFor(CLAIMS, NOW)!), NOW)).toBeUndefined();
    expect(own.verify(tokenOf(own.urlFor(CLAIMS, NOW)!), NOW)).toMatchObject(CLAIMS);
  });

  it('carries the group chat the card was shown in, and stays within what the router takes', () => {
    const chat = `19:${'a'.repeat(140)}@thread.v2`;
    const url = links.urlFor({ ...CLAIMS, chat }, NOW)!;
    expect(links.verify(tokenOf(url), NOW)).toEqual({ ...CLAIMS, chat, expiresAt: NOW.getTime() / 1000 + CALENDAR_LINK_SECONDS });
    // restify's router refuses a path segment over maxParamLength (512, src/http/server.ts).
    expect(tokenOf(url).length).toBeLessThanOrEqual(512);
  });

  it('makes no link when the bot has no public address', () => {
    expect(new CalendarLinks(KEY, () => undefined).urlFor(CLAIMS, NOW)).toBeUndefined();
  });
});
