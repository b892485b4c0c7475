import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { StatisticsCounter, medianOf, monthsUpTo, type FigureId, type StatisticsTally, type TallyCell } from '../../src/domain/statistics';
import { workingDaysBetween } from '../../src/domain/working-days';
import { SEED_NOW, SEED_TENANT, SEED_UNITS, seededCases } from '../support/statistics-seed';

const SETTINGS = { months: 12, units: SEED_UNITS, reminders: DEFAULT_REMINDER_SETTINGS };

function tally(tenantId = SEED_TENANT): StatisticsTally {
  const counter = new StatisticsCounter(SETTINGS, SEED_NOW);
  for (const c of seededCases()) if (c.tenantId === tenantId) counter.add(c);
  return counter.result();
}

function cell(t: StatisticsTally, group: string, figure: FigureId, month: string): TallyCell | null {
  const g = t.groups.find((x) => `${x.principal}|${x.unit ?? ''}` === group);
  if (g === undefined) throw new Error(`no group ${group}`);
  const i = t.months.indexOf(month);
  if (i < 0) throw new Error(`no month ${month}`);
  return g.cells[figure][i]!;
}

describe('the months and working days the figures use', () => {
  it('counts twelve months back from the current one, across a new year', () => {
    expect(monthsUpTo('2026-11-25', 12)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(monthsUpTo('2027-01-03', 3)).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('counts working days after the first day up to and with the last, skipping weekends and holidays', () => {
    // Monday 5 October to Wednesday 7 October: Tuesday and Wednesday.
    expect(workingDaysBetween('2026-10-05', '2026-10-07')).toBe(2);
    // Friday 9 October to Monday 12 October: the weekend does not count.
    expect(workingDaysBetween('2026-10-09', '2026-10-12')).toBe(1);
    // 6 October to 2 November: 18 October working days after the 6th, and Monday 2 November.
    expect(workingDaysBetween('2026-10-06', '2026-11-02')).toBe(19);
    // Christmas: 23 December to 28 December 2026 has julafton, juldagen and annandag jul off, then a weekend.
    expect(workingDaysBetween('2026-12-23', '2026-12-28')).toBe(1);
    expect(workingDaysBetween('2026-10-07', '2026-10-07')).toBe(0);
    expect(workingDaysBetween('2026-10-07', '2026-10-01')).toBe(0);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([1, 2, 2, 3, 4, 5])).toBe(2.5);
  });
});

describe('the hand-counted set (test/support/statistics-seed.ts)', () => {
  const t = tally();
  const both = ['region|', 'region|Psykiatri Väst', 'kommun|', 'kommun|Socialpsykiatri'];

  it('lists every listed unit, and övrigt for a unit typed before the list', () => {
    expect(t.groups.map((g) => `${g.principal}|${g.unit ?? ''}`)).toEqual(['region|', 'region|Psykiatri Väst', 'region|Vårdcentral Norr', 'kommun|', 'kommun|Socialpsykiatri', 'kommun|övrigt']);
  });

  it('counts cases opened by month and kind, with each principal under its coordinator’s unit', () => {
    // Eight open SIP cases and one closed in November, all opened 5 October; the one closed in 2025 is left out.
    for (const g of both) expect(cell(t, g, 'openedSip', '2026-10')).toEqual({ n: 9 });
    expect(cell(t, 'region|', 'openedVss', '2026-09')).toEqual({ n: 3 });
    expect(cell(t, 'region|Vårdcentral Norr', 'openedVss', '2026-09')).toEqual({ n: 3 });
    expect(cell(t, 'kommun|övrigt', 'openedVss', '2026-09')).toEqual({ n: 3 });
    expect(cell(t, 'region|Psykiatri Väst', 'openedVss', '2026-09')).toBeNull();
    expect(cell(t, 'region|', 'openedSip', '2025-12')).toBeNull();
  });

  it('counts B1 answered among the cases opened in the month', () => {
    // Six of the eight open ones and the closed one.
    for (const g of both) expect(cell(t, g, 'b1Answered', '2026-10')).toEqual({ n: 9, x: 7 });
    expect(cell(t, 'region|', 'b1Answered', '2026-09')).toEqual({ n: 3, x: 1 });
  });

  it('takes the median working days to consent, in the month consent was recorded', () => {
    // 6, 7, 7, 8, 9 and 12 October after Monday 5 October: 1, 2, 2, 3, 4 and 5 working days.
    expect(cell(t, 'region|', 'daysToConsent', '2026-10')).toEqual({ n: 6, median: 2.5 });
  });

  it('takes the median working days from consent to the first SIP meeting, in the month it was held', () => {
    // To Monday 2 November: 19, 18, 18, 17, 16 and 15 working days.
    expect(cell(t, 'kommun|Socialpsykiatri', 'daysConsentToFirstMeeting', '2026-11')).toEqual({ n: 6, median: 17.5 });
  });

  it('counts kallelser to the other principal sent at least ten working days before held meetings', () => {
    // Nine held meetings in November: M1 of six cases (deadline 19 October; five sent the 16th, one the
    // 28th) and M2 of three (deadline 5 November, sent the 2nd).
    expect(cell(t, 'region|', 'invitationsOnTime', '2026-11')).toEqual({ n: 9, x: 8 });
  });

  it('counts upprättade plans by the case, in the month of its first SIP meeting', () => {
    // Six first meetings on 2 November; five cases have a plan upprättad. M2, which three cases
    // held without a new version being needed, counts for nothing.
    expect(cell(t, 'region|', 'planComplete', '2026-11')).toEqual({ n: 6, x: 5 });
  });

  it('counts the working days to the first yes, not to a later change of the consent', () => {
    // Case 1 (yes on 6 October, first meeting 2 November) has its consent extended on 20 November.
    const cases = seededCases().filter((c) => c.tenantId === SEED_TENANT);
    const first = cases[0]!;
    const extended = { ...first, consent: { ...first.consent, validUntil: '2029-06-30', recordedAt: '2026-11-20T09:00:00.000Z', firstGivenAt: first.consent.recordedAt } };
    const counter = new StatisticsCounter(SETTINGS, SEED_NOW);
    for (const c of [extended, ...cases.slice(1)]) counter.add(c);
    const again = counter.result();
    expect(cell(again, 'region|', 'daysToConsent', '2026-10')).toEqual({ n: 6, median: 2.5 });
    expect(cell(again, 'region|', 'daysToConsent', '2026-11')).toBeNull();
    expect(cell(again, 'region|', 'daysConsentToFirstMeeting', '2026-11')).toEqual({ n: 6, median: 17.5 });
  });

  it('counts follow-up dates met by a held meeting, once due, in the month of the date', () => {
    // Five plans set 20 November: three were followed up on the 19th, two not by the 25th. M2's date is in 2027.
    expect(cell(t, 'region|', 'followedUpOnTime', '2026-11')).toEqual({ n: 5, x: 3 });
    expect(t.months).not.toContain('2027-03');
  });

  it('counts crisis plans among cases whose first SIP meeting was held in the month', () => {
    expect(cell(t, 'region|', 'crisisPlanInPlace', '2026-11')).toEqual({ n: 6, x: 6 });
  });

  it('counts crisis plan reviews, on time or late, in the month the review was due', () => {
    // Five reviewed on the 13th for the 16th; one due the 10th never reviewed.
    expect(cell(t, 'region|', 'crisisReviewedOnTime', '2026-11')).toEqual({ n: 6, x: 5 });
  });

  it('counts open cases with something overdue today, in the current month only', () => {
    // Cases 4 and 5 missed the follow-up on 20 November; case 6 has no follow-up date since M1 on
    // 2 November. The three VoSS cases have nothing due yet, the closed one is not open.
    expect(cell(t, 'region|', 'overdue', '2026-11')).toEqual({ n: 11, x: 3 });
    expect(cell(t, 'region|Psykiatri Väst', 'overdue', '2026-11')).toEqual({ n: 8, x: 3 });
    expect(cell(t, 'region|Vårdcentral Norr', 'overdue', '2026-11')).toEqual({ n: 3, x: 0 });
    expect(cell(t, 'region|', 'overdue', '2026-10')).toBeNull();
  });

  it('counts evaluation points done on time (the local grace of ten working days), in the month of the point, while the consent held', () => {
    // Six VoSS cases said yes on Monday 2 March: P0 falls that day, on time through Monday 16 March.
    // Five were done on the 2nd, one on the 20th: 5 of 6.
    for (const g of both) expect(cell(t, g, 'evaluationsOnTime', '2026-03')).toEqual({ n: 6, x: 5 });
    // P6 falls on Wednesday 2 September, on time through the 16th. Four done on the 10th; one never
    // done, its grace over before VoSS closed on 10 November: late. The sixth withdrew its consent
    // on 3 August, before P6, which is not counted: 4 of 5.
    expect(cell(t, 'region|', 'evaluationsOnTime', '2026-09')).toEqual({ n: 5, x: 4 });
    // P12 (2 March 2027) falls after VoSS closed; no other month has a point, and SIP cases have none.
    expect(t.groups.flatMap((g) => g.cells.evaluationsOnTime.map((c, i) => (c === null ? [] : [t.months[i]]))).flat().sort()).toEqual(
      [...Array(4).fill('2026-03'), ...Array(4).fill('2026-09')].sort(),
    );
    // Closed, they have nothing overdue today: the November figures above are as they were.
    expect(cell(t, 'region|', 'openedVss', '2026-03')).toEqual({ n: 6 });
  });

    it('puts what happened late in the evening in the month of the Stockholm day, in winter and summer time', () => {
    const base = seededCases().find((c) => c.code === 'SIP-2026-0007')!;
    // 23:30 on 31 October (winter time, 22:30Z) and on 30 June (summer time, 21:30Z): UTC is still
    // that day too; 00:30 on 1 November (23:30Z on 31 October) is November's.
    const at = (iso: string, code: string) => ({ ...base, code, createdAt: iso, updatedAt: iso });
    const counter = new StatisticsCounter(SETTINGS, SEED_NOW);
    for (const c of [at('2026-10-31T22:30:00.000Z', 'A'), at('2026-06-30T21:30:00.000Z', 'B'), at('2026-10-31T23:30:00.000Z', 'C'), at('2026-06-30T22:30:00.000Z', 'D')]) counter.add(c);
    const t2 = counter.result();
    expect(cell(t2, 'region|', 'openedSip', '2026-10')).toEqual({ n: 1 });
    expect(cell(t2, 'region|', 'openedSip', '2026-11')).toEqual({ n: 1 });
    // 00:30 on 1 July in summer time is 22:30Z on 30 June.
    expect(cell(t2, 'region|', 'openedSip', '2026-06')).toEqual({ n: 1 });
    expect(cell(t2, 'region|', 'openedSip', '2026-07')).toEqual({ n: 1 });
  });

  it('keeps each tenant to its own cases', () => {
    const other = tally('9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4');
    expect(cell(other, 'region|', 'openedSip', '2026-10')).toEqual({ n: 6 });
  });
});
