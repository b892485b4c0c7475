import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from '../../src/domain/date-formatters';

describe('dateTimeFormat', () => {
  const at = new Date('2026-11-29T17:30:00.000Z');

  it('gives each locale, style and zone its own formatter, and the same one again for the same', () => {
    const day = dateTimeFormat('sv-SE', 'isoDate', 'Europe/Stockholm');
    const time = dateTimeFormat('sv-SE', 'time', 'Europe/Stockholm');
    const english = dateTimeFormat('en-GB', 'isoDate', 'Europe/Stockholm');
    const tokyo = dateTimeFormat('sv-SE', 'isoDate', 'Asia/Tokyo');
    // 17:30 UTC is 18:30 in Stockholm (winter time) and already 30 November in Tokyo.
    expect([day.format(at), time.format(at), english.format(at), tokyo.format(at)]).toEqual(['2026-11-29', '18:30', '29/11/2026', '2026-11-30']);
    expect(dateTimeFormat('sv-SE', 'time', 'Europe/Stockholm')).toBe(time);
  });

  it('writes each named style as the cards expect', () => {
    const zone = 'Europe/Stockholm';
    expect(dateTimeFormat('sv-SE', 'dateTime', zone).format(at)).toBe('29 nov. 2026 18:30');
    expect(dateTimeFormat('sv-SE', 'longDate', zone).format(at)).toBe('29 november 2026');
    expect(dateTimeFormat('sv-SE', 'weekdayDate', zone).format(at)).toBe('sön 29 nov. 2026');
  });
});
