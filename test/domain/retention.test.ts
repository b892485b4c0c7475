import { describe, expect, it } from 'vitest';
import { endSip } from '../../src/domain/case-commands';
import { caseDueForRemoval, currentRun, finishedAt, retentionCutoffs, runDueAt, type RetentionRules } from '../../src/domain/retention';
import { closed, newCase, ok } from '../support/domain-helpers';
import { BJORN, TZ, clockAt } from '../support/sample-case';

const RULES: RetentionRules = { caseLogYears: 5, closedCaseDays: 365, runAt: '02:30', timeZone: TZ };

describe('retention cut-offs', () => {
  it('keeps log rows five calendar years back to a local midnight, whenever in the day the run is', () => {
    // 03:10 in Stockholm on 15 March 2031 (winter time, UTC+1).
    const cut = retentionCutoffs(RULES, new Date('2031-03-15T02:10:00.000Z'));
    expect(cut.logBefore).toBe('2026-03-14T23:00:00.000Z');
    // Late the same local day: the same cut-off, so two runs of one day remove the same rows.
    expect(retentionCutoffs(RULES, new Date('2031-03-15T22:50:00.000Z')).logBefore).toBe(cut.logBefore);
    // Midsummer, summer time (UTC+2).
    expect(retentionCutoffs(RULES, new Date('2031-06-20T10:00:00.000Z')).logBefore).toBe('2026-06-19T22:00:00.000Z');
    expect(retentionCutoffs({ ...RULES, caseLogYears: 10 }, new Date('2031-06-20T10:00:00.000Z')).logBefore).toBe('2021-06-19T22:00:00.000Z');
  });

  it('counts a leap day back to 28 February, keeping a day more rather than less', () => {
    expect(retentionCutoffs(RULES, new Date('2032-02-29T12:00:00.000Z')).logBefore).toBe('2027-02-27T23:00:00.000Z');
  });

  it('removes a closed case closedCaseDays after the local day it finished', () => {
    const cut = retentionCutoffs(RULES, new Date('2027-11-24T02:30:00.000Z'));
    // 24 Nov 2027 less 365 days is 24 Nov 2026, local midnight.
    expect(cut.closedBefore).toBe('2026-11-23T23:00:00.000Z');
    expect(retentionCutoffs({ ...RULES, closedCaseDays: 30 }, new Date('2027-11-24T02:30:00.000Z')).closedBefore).toBe('2027-10-24T22:00:00.000Z');
  });
});

describe('when a case finished', () => {
  const cut = retentionCutoffs(RULES, new Date('2027-11-24T02:30:00.000Z'));

  it('is never for an open case, however old', () => {
    const open = newCase();
    expect(finishedAt(open)).toBeUndefined();
    expect(caseDueForRemoval(open, retentionCutoffs(RULES, new Date('2090-01-01T00:00:00.000Z')))).toBe(false);
  });

  it('is when VoSS closed with nothing going on', () => {
    const c = closed(newCase());
    expect(finishedAt(c)).toBe(c.closure!.at);
    expect(caseDueForRemoval(c, cut)).toBe(true);
    expect(caseDueForRemoval(c, retentionCutoffs(RULES, new Date('2027-11-23T02:30:00.000Z')))).toBe(false);
  });

  it('waits for a SIP that goes on after VoSS closed, and counts from when it ended', () => {
    const vossClosed = closed(newCase());
    // As closing leaves a case whose SIP has a meeting or follow-up still to come (closing.test.ts).
    const c = { ...vossClosed, closure: { ...vossClosed.closure!, sip: { kind: 'continues' as const, holder: BJORN } } };
    expect(finishedAt(c)).toBeUndefined();
    expect(caseDueForRemoval(c, retentionCutoffs(RULES, new Date('2090-01-01T00:00:00.000Z')))).toBe(false);
    const ended = ok(endSip(c, { reason: 'Personen har flyttat' }, BJORN, clockAt('2027-03-01T10:00:00.000Z')));
    expect(finishedAt(ended)).toBe('2027-03-01T10:00:00.000Z');
    expect(caseDueForRemoval(ended, cut)).toBe(false);
    expect(caseDueForRemoval(ended, retentionCutoffs(RULES, new Date('2028-03-02T02:30:00.000Z')))).toBe(true);
  });

  it('counts from a later write of a finished case, so such a write only keeps it longer', () => {
    const c = { ...closed(newCase()), updatedAt: '2027-06-01T00:00:00.000Z' };
    expect(finishedAt(c)).toBe('2027-06-01T00:00:00.000Z');
    expect(caseDueForRemoval(c, cut)).toBe(false);
  });
});

describe('when the daily run falls due', () => {
  it("is the day's runAt in local time, summer and winter", () => {
    expect(runDueAt(RULES, '2026-11-30')).toBe('2026-11-30T01:30:00.000Z');
    expect(runDueAt(RULES, '2026-07-01')).toBe('2026-07-01T00:30:00.000Z');
  });

  it('moves a runAt in the hour skipped when summer time begins forward by that hour', () => {
    // 29 March 2026: 02:00 becomes 03:00 in Stockholm, so 02:30 is 03:30 summer time.
    expect(runDueAt(RULES, '2026-03-29')).toBe('2026-03-29T01:30:00.000Z');
    expect(runDueAt(RULES, '2026-03-28')).toBe('2026-03-28T01:30:00.000Z');
    expect(runDueAt(RULES, '2026-03-30')).toBe('2026-03-30T00:30:00.000Z');
  });

  it('runs once on the night summer time ends, when 02:30 happens twice: at the later one', () => {
    // 25 October 2026: 03:00 summer time becomes 02:00 winter time, so 02:30 comes at 00:30 and 01:30 UTC.
    expect(runDueAt(RULES, '2026-10-25')).toBe('2026-10-25T01:30:00.000Z');
    expect(currentRun(RULES, new Date('2026-10-25T00:30:00.000Z')).day).toBe('2026-10-24');
    const due = { day: '2026-10-25', dueAt: '2026-10-25T01:30:00.000Z' };
    expect(currentRun(RULES, new Date('2026-10-25T01:30:00.000Z'))).toEqual(due);
    // Every check later that day names the same run, which the store lets happen once.
    expect(currentRun(RULES, new Date('2026-10-25T22:59:59.000Z'))).toEqual(due);
  });

  it("is yesterday's run before today's time comes, today's from then on", () => {
    expect(currentRun(RULES, new Date('2026-11-30T01:29:59.999Z'))).toEqual({ day: '2026-11-29', dueAt: '2026-11-29T01:30:00.000Z' });
    expect(currentRun(RULES, new Date('2026-11-30T01:30:00.000Z'))).toEqual({ day: '2026-11-30', dueAt: '2026-11-30T01:30:00.000Z' });
    // Late in the evening UTC is already the next local day.
    expect(currentRun(RULES, new Date('2026-11-30T23:30:00.000Z'))).toEqual({ day: '2026-11-30', dueAt: '2026-11-30T01:30:00.000Z' });
    // Across the night summer time begins: 03:00 summer time (01:00 UTC) is before that day's 03:30.
    expect(currentRun(RULES, new Date('2026-03-29T01:00:00.000Z'))).toEqual({ day: '2026-03-28', dueAt: '2026-03-28T01:30:00.000Z' });
    expect(currentRun(RULES, new Date('2026-03-29T01:30:00.000Z')).day).toBe('2026-03-29');
  });
});
