import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, nextWorkingDayOnOrAfter } from '../../src/domain/working-days';

describe('Swedish working days', () => {
  it.each([
    ['2026-11-23', true, 'an ordinary Monday'],
    ['2026-11-28', false, 'Saturday'],
    ['2026-11-29', false, 'Sunday'],
    ['2026-12-24', false, 'julafton'],
    ['2026-12-25', false, 'juldagen'],
    ['2026-12-31', false, 'nyårsafton'],
    ['2027-01-06', false, 'trettondedag jul'],
    ['2026-06-19', false, 'midsommarafton'],
    ['2026-06-06', false, 'nationaldagen (a Saturday anyway)'],
    ['2027-06-07', true, 'the Monday after nationaldagen 2027 (no substitute day in Sweden)'],
    ['2026-04-03', false, 'långfredagen'],
    ['2026-04-06', false, 'annandag påsk'],
    ['2026-05-14', false, 'Kristi himmelsfärdsdag'],
    ['2026-04-30', true, 'valborgsmässoafton is a working day'],
    ['2026-01-05', true, 'trettondagsafton is a working day'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('counts working days forward and backward across weekends and holidays', () => {
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-12-07', -10)).toBe('2026-11-23');
    // 23 Dec + 1 skips julafton, juldagen, annandag and the weekend.
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-30', 1)).toBe('2027-01-04');
    expect(addWorkingDays('2027-01-04', -1)).toBe('2026-12-30');
  });

  it('finds the next working day', () => {
    expect(nextWorkingDayOnOrAfter('2026-12-24')).toBe('2026-12-28');
    expect(nextWorkingDayOnOrAfter('2026-11-23')).toBe('2026-11-23');
  });
});
