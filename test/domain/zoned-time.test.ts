import { describe, expect, it } from 'vitest';
import { utcToZoned, zonedToUtc } from '../../src/domain/zoned-time';

const TZ = 'Europe/Stockholm';

describe('wall-clock time in Europe/Stockholm', () => {
  it('converts winter (UTC+1) and summer (UTC+2) times', () => {
    expect(zonedToUtc('2026-12-07', '13:00', TZ)).toBe('2026-12-07T12:00:00.000Z');
    expect(zonedToUtc('2026-06-15', '13:00', TZ)).toBe('2026-06-15T11:00:00.000Z');
  });

  it('handles the daylight-saving change days', () => {
    // 29 March 2026: 02:00 → 03:00. 01:30 is still winter time; 03:30 already summer time.
    expect(zonedToUtc('2026-03-29', '01:30', TZ)).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedToUtc('2026-03-29', '03:30', TZ)).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 does not exist that night; it is moved forward an hour.
    expect(zonedToUtc('2026-03-29', '02:30', TZ)).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 → 02:00.
    expect(zonedToUtc('2026-10-25', '12:00', TZ)).toBe('2026-10-25T11:00:00.000Z');
  });

  it('refuses what is not a date or a time', () => {
    expect(zonedToUtc('2026-02-30', '10:00', TZ)).toBeUndefined();
    expect(zonedToUtc('2026-11-23', '25:00', TZ)).toBeUndefined();
    expect(zonedToUtc('23/11/2026', '10:00', TZ)).toBeUndefined();
    expect(zonedToUtc('2026-11-23', '10.00', TZ)).toBeUndefined();
  });

  it('converts back for display', () => {
    expect(utcToZoned('2026-06-15T11:00:00.000Z', TZ)).toEqual({ date: '2026-06-15', time: '13:00' });
    expect(utcToZoned('2026-12-31T23:30:00.000Z', TZ)).toEqual({ date: '2027-01-01', time: '00:30' });
  });
});
