import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from '../../src/domain/date-formatters';

describe('dateTimeFormat', () => {
  const at = new Date('2026-11-29T17:30:00.000Z');

  it('gives each locale and set of options its own formatter, and the same one again for the same', () => {
    const day = dateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
    const time = dateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });
    const english = dateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
    const tokyo = dateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
    // 17:30 UTC is 18:30 in Stockholm (winter time) and already 30 November in Tokyo.
    expect([day.format(at), time.format(at), english.format(at), tokyo.format(at)]).toEqual(['2026-11-29', '18:30', '29/11/2026', '2026-11-30']);
    expect(dateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' })).toBe(time);
  });
});
