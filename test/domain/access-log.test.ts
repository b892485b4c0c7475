import { describe, expect, it } from 'vitest';
import { askedUnit, logPeriod } from '../../src/domain/access-log';

const TZ = 'Europe/Stockholm';

describe('an access-log period', () => {
  it('runs from the first local day’s midnight to the midnight after the last, in summer and winter time', () => {
    expect(logPeriod('2026-11-01', '2026-11-30', TZ)).toEqual({ from: '2026-10-31T23:00:00.000Z', until: '2026-11-30T23:00:00.000Z' });
    // Summer time ends on 25 October 2026: the period starts at UTC+2 and ends at UTC+1.
    expect(logPeriod('2026-10-01', '2026-10-31', TZ)).toEqual({ from: '2026-09-30T22:00:00.000Z', until: '2026-10-31T23:00:00.000Z' });
    expect(logPeriod('2026-12-01', '2026-12-01', TZ)).toEqual({ from: '2026-11-30T23:00:00.000Z', until: '2026-12-01T23:00:00.000Z' });
  });

  it('is at most 366 days, and its days must be real and in order', () => {
    expect(logPeriod('2028-01-01', '2028-12-31', TZ)).not.toBeTypeOf('string');
    expect(logPeriod('2026-01-01', '2027-01-01', TZ)).not.toBeTypeOf('string');
    expect(logPeriod('2026-01-01', '2027-01-02', TZ)).toBe('tooLong');
    expect(logPeriod('2026-11-30', '2026-11-29', TZ)).toBe('invalid');
    expect(logPeriod('2026-02-29', '2026-03-01', TZ)).toBe('invalid');
    expect(logPeriod('2026-1-01', '2026-03-01', TZ)).toBe('invalid');
  });
});

describe('the unit an export asks for', () => {
  const units = { region: ['Psykiatrisk öppenvård'], kommun: ['LSS'] };
  it('is a listed unit of the principal in the list’s spelling, or övrigt; nothing else', () => {
    expect(askedUnit(units, 'region', ' PSYKIATRISK ÖPPENVÅRD ')).toBe('Psykiatrisk öppenvård');
    expect(askedUnit(units, 'region', 'Övrigt')).toBe('övrigt');
    expect(askedUnit(units, 'region', 'LSS')).toBeUndefined();
    expect(askedUnit(units, 'kommun', 'Hemtjänst')).toBeUndefined();
  });
});
