import { describe, expect, it } from 'vitest';
import { StatisticsCounter } from '../../src/domain/statistics';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { statisticsCsv, statisticsView, viewCell } from '../../src/statistics/statistics-view-model';

describe('what a cell shows', () => {
  it('hides a count under five, and shows five', () => {
    expect(viewCell('openedSip', { n: 4 }, 'sv')).toEqual({ kind: 'suppressed', text: 'färre än 5' });
    expect(viewCell('openedSip', { n: 5 }, 'sv')).toEqual({ kind: 'shown', value: 5, n: 5, text: '5' });
    expect(viewCell('openedSip', null, 'sv')).toEqual({ kind: 'none', text: '–' });
  });

  it('hides how many of a share met it when they are under five, and the share with them', () => {
    expect(viewCell('b1Answered', { n: 12, x: 4 }, 'sv')).toEqual({ kind: 'suppressed', text: 'färre än 5 av 12' });
    expect(viewCell('b1Answered', { n: 12, x: 0 }, 'en')).toEqual({ kind: 'suppressed', text: 'fewer than 5 of 12' });
    expect(viewCell('b1Answered', { n: 12, x: 5 }, 'sv')).toEqual({ kind: 'shown', value: 42, n: 12, x: 5, text: '5 av 12 (42 %)' });
    expect(viewCell('b1Answered', { n: 4, x: 4 }, 'sv')).toEqual({ kind: 'suppressed', text: 'färre än 5' });
  });

  it('shows a median with its n, with a decimal comma in Swedish', () => {
    expect(viewCell('daysToConsent', { n: 6, median: 2.5 }, 'sv').text).toBe('median 2,5 (n = 6)');
    expect(viewCell('daysToConsent', { n: 6, median: 2.5 }, 'en').text).toBe('median 2.5 (n = 6)');
    expect(viewCell('daysToConsent', { n: 3, median: 9 }, 'sv')).toEqual({ kind: 'suppressed', text: 'färre än 5' });
  });
});

describe('the CSV', () => {
  it('never hands a spreadsheet a cell it would run as a formula', () => {
    const units = { region: ['=HYPERLINK("https://evil.example")', '-Akuten', '@Mottagningen'], kommun: ['+Boendestöd'] };
    const tally = new StatisticsCounter({ months: 2, units, reminders: DEFAULT_REMINDER_SETTINGS }, new Date('2026-11-25T10:00:00Z')).result();
    const view = statisticsView(tally, true, { locale: 'sv', timeZone: 'Europe/Stockholm', lateWorkingDays: 10, evaluationGraceWorkingDays: 10, viewer: 'Chef', local: false, accessLogExport: false, accessLogPrincipals: ['region', 'kommun'], units });
    const csv = statisticsCsv(view, 'sv');
    const units2 = csv.split('\r\n').slice(1, -1).map((row) => row.split(';')[1]);
    expect(new Set(units2)).toEqual(new Set(['alla enheter', `"'=HYPERLINK(""https://evil.example"")"`, "'-Akuten", "'@Mottagningen", "'+Boendestöd"]));
    expect(csv.startsWith('\uFEFFHuvudman;Enhet;Mått;Förklaring;okt 2026;nov 2026\r\n')).toBe(true);
  });
});
