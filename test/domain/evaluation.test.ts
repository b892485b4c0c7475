import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../src/domain/case-model';
import {
  DEFAULT_EVALUATION_SETTINGS,
  EVALUATION_CODE,
  addMonths,
  countedPoints,
  evaluationCodeFrom,
  evaluationPoints,
  markEvaluationDone,
  pointsToRemind,
  recordEvaluationConsent,
  undoEvaluationDone,
  withdrawEvaluationConsent,
} from '../../src/domain/evaluation';
import { closed, ev, newCase, ok } from '../support/domain-helpers';
import { ANNA, BJORN, OUTSIDER, TZ, clockAt } from '../support/sample-case';

/** Monday 30 November 2026, 10:00 in Stockholm: the person says yes at the förmöte. */
const FORMOTE = clockAt('2026-11-30T09:00:00.000Z');
const CODE_A = 'U-7KQ4-M9TX';
const CODE_B = 'U-2222-3333';
const S = DEFAULT_EVALUATION_SETTINGS;

const yes = (c: CaseState = newCase(), clock = FORMOTE, rev = 0, newCode = CODE_A) => recordEvaluationConsent(c, { answer: 'given', rev, newCode }, ANNA, clock);
const given = (): CaseState => ok(yes());

describe('the evaluation code', () => {
  it('is written U-XXXX-XXXX from 32 unambiguous characters, whatever the bytes', () => {
    expect(evaluationCodeFrom(new Uint8Array([0, 1, 2, 3, 31, 32, 255, 128]))).toBe('U-2345-Z2Z2');
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: 8 }, () => Math.floor(Math.random() * 256));
      expect(evaluationCodeFrom(bytes)).toMatch(EVALUATION_CODE);
    }
    expect(evaluationCodeFrom(new Uint8Array(8))).not.toMatch(/[01IO]/);
    expect(() => evaluationCodeFrom(new Uint8Array(7))).toThrow(RangeError);
  });

  it('never comes from the case: the domain only takes the one it is given', () => {
    const c = given();
    expect(c.evaluation?.code).toBe(CODE_A);
    expect(c.evaluation?.code).not.toContain(c.code);
  });
});

describe('recording the consent to evaluation', () => {
  it('records a yes: who, when, the code, the start; one audit entry with a fixed detail', () => {
    const change = yes();
    const c = ok(change);
    expect(c.evaluation).toEqual({
      consent: { status: 'given', recordedAt: FORMOTE.now.toISOString(), recordedBy: { aadObjectId: ANNA.aadObjectId, userId: ANNA.userId, name: ANNA.name } },
      code: CODE_A,
      startedOn: '2026-11-30',
      rev: 1,
    });
    expect(change.ok && change.audit).toEqual([ev('evaluation.consentRecorded', ANNA, FORMOTE, 'given')]);
    expect(c.version).toBe(newCase().version + 1);
    // Separate from the SIP's consent, which is untouched.
    expect(c.consent).toEqual(newCase().consent);
  });

  it('records a no without a code; a yes later gives one and starts the points then', () => {
    const no = ok(recordEvaluationConsent(newCase(), { answer: 'declined', rev: 0, newCode: CODE_A }, ANNA, FORMOTE));
    expect(no.evaluation).toMatchObject({ consent: { status: 'declined' }, rev: 1 });
    expect(no.evaluation?.code).toBeUndefined();
    expect(evaluationPoints(no, S, TZ, '2026-12-01')).toEqual([]);
    const later = clockAt('2027-01-11T09:00:00.000Z');
    const c = ok(yes(no, later, 1, CODE_B));
    expect(c.evaluation).toMatchObject({ consent: { status: 'given' }, code: CODE_B, startedOn: '2027-01-11', rev: 2 });
  });

  it('changes nothing for the same answer again, and a yes in force is ended by a withdrawal, not by a no', () => {
    const c = given();
    expect(yes(c, FORMOTE, 1, CODE_B)).toEqual({ ok: true, state: c, audit: [] });
    expect(recordEvaluationConsent(c, { answer: 'declined', rev: 1, newCode: CODE_B }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
  });

  it('refuses a missing answer, a stale card, someone who is not a coordinator, a closed case and a SIP case', () => {
    expect(recordEvaluationConsent(newCase(), { answer: undefined, rev: 0, newCode: CODE_A }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'evaluationConsent', kind: 'required' } });
    expect(yes(given(), FORMOTE, 0)).toEqual({ ok: false, error: 'stale' });
    expect(recordEvaluationConsent(newCase(), { answer: 'given', rev: 0, newCode: CODE_A }, OUTSIDER, FORMOTE)).toEqual({ ok: false, error: 'notCoordinator' });
    expect(yes(closed(newCase()))).toEqual({ ok: false, error: 'caseClosed' });
    // 003:118: the evaluation is the VoSS routine's; a SIP case has none.
    const sip: CaseState = { ...newCase(), kind: 'sip' };
    expect(yes(sip)).toEqual({ ok: false, error: 'noEvaluation' });
    expect(markEvaluationDone({ ...given(), kind: 'sip' }, { point: 'P0', rev: 1 }, ANNA, FORMOTE, S)).toEqual({ ok: false, error: 'noEvaluation' });
    expect(evaluationPoints({ ...given(), kind: 'sip' }, S, TZ, '2026-12-01')).toEqual([]);
  });
});

describe('withdrawing the consent to evaluation', () => {
  it('records the day and who; the code and the points done stay, and a new yes keeps both', () => {
    const done = ok(markEvaluationDone(given(), { point: 'P0', rev: 1 }, BJORN, FORMOTE, S));
    const at = clockAt('2027-02-01T09:00:00.000Z');
    const change = withdrawEvaluationConsent(done, { rev: 2, date: '2027-01-29' }, ANNA, at);
    const w = ok(change);
    expect(w.evaluation).toMatchObject({ consent: { status: 'withdrawn', withdrawnOn: '2027-01-29', withdrawnBy: { aadObjectId: ANNA.aadObjectId } }, code: CODE_A, startedOn: '2026-11-30', rev: 3 });
    expect(w.evaluation?.done?.['P0']?.doneOn).toBe('2026-11-30');
    expect(change.ok && change.audit).toEqual([ev('evaluation.consentWithdrawn', ANNA, at)]);
    const again = ok(yes(w, clockAt('2027-03-01T09:00:00.000Z'), 3, CODE_B));
    expect(again.evaluation).toMatchObject({ consent: { status: 'given' }, code: CODE_A, startedOn: '2026-11-30', rev: 4 });
    expect(again.evaluation?.consent.withdrawnOn).toBeUndefined();
  });

  it.each([
    ['no date', undefined, { field: 'evaluationWithdrawnOn', kind: 'required' }],
    ['an impossible date', '2027-02-30', { field: 'evaluationWithdrawnOn', kind: 'invalid' }],
    ['a day to come', '2026-12-01', { field: 'evaluationWithdrawnOn', kind: 'future' }],
  ] as const)('refuses %s', (_label, date, problem) => {
    expect(withdrawEvaluationConsent(given(), { rev: 1, date }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalidField', problem });
  });

  it('refuses a withdrawal with no yes in force, and a stale card', () => {
    expect(withdrawEvaluationConsent(newCase(), { rev: 0, date: '2026-11-30' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
    expect(withdrawEvaluationConsent(given(), { rev: 0, date: '2026-11-30' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
  });
});

describe('the evaluation points', () => {
  it('fall on the months of the setting after the first yes, a missing day being the month’s last', () => {
    const points = evaluationPoints(given(), S, TZ, '2026-11-30');
    expect(points.map((p) => [p.id, p.date, p.status])).toEqual([
      ['P0', '2026-11-30', 'due'],
      ['P6', '2027-05-30', 'upcoming'],
      ['P12', '2027-11-30', 'upcoming'],
    ]);
    // Ten working days after the date, as the local setting says.
    expect(points[0]!.onTimeUntil).toBe('2026-12-14');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    const other = evaluationPoints(given(), { evaluationPointsMonths: [3, 0, 3, 24], evaluationGraceWorkingDays: 0 }, TZ, '2026-11-30');
    expect(other.map((p) => [p.id, p.date, p.onTimeUntil])).toEqual([
      ['P0', '2026-11-30', '2026-11-30'],
      ['P3', '2027-02-28', '2027-03-01'],
      ['P24', '2028-11-30', '2028-11-30'],
    ]);
  });

  it('are due from their date through the grace, then late', () => {
    const status = (today: string) => evaluationPoints(given(), S, TZ, today)[1]!.status;
    expect(status('2027-05-28')).toBe('upcoming');
    expect(status('2027-05-31')).toBe('due');
    expect(status('2027-06-14')).toBe('due');
    expect(status('2027-06-15')).toBe('late');
  });

  it('are marked done once, today, by a coordinator; a mark can be taken back', () => {
    const at = clockAt('2027-06-02T08:00:00.000Z');
    const change = markEvaluationDone(given(), { point: 'P6', rev: 1 }, BJORN, at, S);
    const c = ok(change);
    expect(c.evaluation?.done).toEqual({ P6: { doneOn: '2027-06-02', by: { aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name } } });
    expect(change.ok && change.audit).toEqual([ev('evaluation.pointDone', BJORN, at, 'P6')]);
    expect(evaluationPoints(c, S, TZ, '2027-06-02')[1]).toMatchObject({ status: 'done', done: { doneOn: '2027-06-02' } });
    expect(markEvaluationDone(c, { point: 'P6', rev: 2 }, ANNA, at, S)).toEqual({ ok: false, error: 'stale' });
    expect(markEvaluationDone(c, { point: 'P6', rev: 1 }, ANNA, at, S)).toEqual({ ok: false, error: 'stale' });
    const undone = undoEvaluationDone(c, { point: 'P6', rev: 2 }, ANNA, at);
    expect(ok(undone).evaluation?.done).toBeUndefined();
    expect(undone.ok && undone.audit).toEqual([ev('evaluation.pointUndone', ANNA, at, 'P6')]);
    expect(undoEvaluationDone(c, { point: 'P0', rev: 2 }, ANNA, at)).toEqual({ ok: false, error: 'stale' });
  });

  it('are not marked without a yes in force, nor a point the settings do not have', () => {
    expect(markEvaluationDone(newCase(), { point: 'P0', rev: 0 }, ANNA, FORMOTE, S)).toEqual({ ok: false, error: 'stale' });
    expect(markEvaluationDone(given(), { point: 'P7', rev: 1 }, ANNA, FORMOTE, S)).toEqual({ ok: false, error: 'stale' });
    const w = ok(withdrawEvaluationConsent(given(), { rev: 1, date: '2026-11-30' }, ANNA, FORMOTE));
    expect(markEvaluationDone(w, { point: 'P0', rev: 2 }, ANNA, FORMOTE, S)).toEqual({ ok: false, error: 'stale' });
  });

  it('after a withdrawal: those after it are not asked for, and none are reminded of', () => {
    const w = ok(withdrawEvaluationConsent(given(), { rev: 1, date: '2027-03-01' }, ANNA, clockAt('2027-03-01T09:00:00.000Z')));
    expect(evaluationPoints(w, S, TZ, '2027-07-01').map((p) => p.status)).toEqual(['late', 'notAsked', 'notAsked']);
    expect(pointsToRemind(w, S, TZ)).toEqual([]);
  });

  it('are reminded of while the yes holds and VoSS goes on, except those done', () => {
    const c = ok(markEvaluationDone(given(), { point: 'P0', rev: 1 }, ANNA, FORMOTE, S));
    expect(pointsToRemind(c, S, TZ).map((p) => p.id)).toEqual(['P6', 'P12']);
    expect(pointsToRemind(closed(c), S, TZ)).toEqual([]);
    expect(pointsToRemind(newCase(), S, TZ)).toEqual([]);
  });
});

describe('the points the statistics count', () => {
  it('counts a point done, on time or not, and one whose grace ran out undone; not one still in its grace', () => {
    // P0 done two days late but within the grace; P6 never done.
    const c = ok(markEvaluationDone(given(), { point: 'P0', rev: 1 }, ANNA, clockAt('2026-12-02T09:00:00.000Z'), S));
    expect(countedPoints(c, S, TZ, '2027-06-01')).toEqual([{ date: '2026-11-30', onTime: true }]);
    expect(countedPoints(c, S, TZ, '2027-06-15')).toEqual([
      { date: '2026-11-30', onTime: true },
      { date: '2027-05-30', onTime: false },
    ]);
    const lateDone = ok(markEvaluationDone(given(), { point: 'P0', rev: 1 }, ANNA, clockAt('2026-12-15T09:00:00.000Z'), S));
    expect(countedPoints(lateDone, S, TZ, '2026-12-15')).toEqual([{ date: '2026-11-30', onTime: false }]);
  });

  it('leaves out points after a withdrawal, and a point still in its grace when the consent was withdrawn', () => {
    const w = ok(withdrawEvaluationConsent(given(), { rev: 1, date: '2026-12-10' }, ANNA, clockAt('2026-12-10T09:00:00.000Z')));
    expect(countedPoints(w, S, TZ, '2028-01-01')).toEqual([]);
    const late = ok(withdrawEvaluationConsent(given(), { rev: 1, date: '2027-01-04' }, ANNA, clockAt('2027-01-04T09:00:00.000Z')));
    expect(countedPoints(late, S, TZ, '2028-01-01')).toEqual([{ date: '2026-11-30', onTime: false }]);
  });

  it('counts nothing for a no, or a case never asked', () => {
    const no = ok(recordEvaluationConsent(newCase(), { answer: 'declined', rev: 0, newCode: CODE_A }, ANNA, FORMOTE));
    expect(countedPoints(no, S, TZ, '2028-01-01')).toEqual([]);
    expect(countedPoints(newCase(), S, TZ, '2028-01-01')).toEqual([]);
  });
});
