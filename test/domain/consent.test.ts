import { describe, expect, it } from 'vitest';
import { setBaselineItem } from '../../src/domain/case-commands';
import type { CaseState } from '../../src/domain/case-model';
import { consentFirstGivenAt, consentRecordedAt, consentRev, consentStanding, consentValid, recordConsent, withdrawConsent, type ConsentInput } from '../../src/domain/consent';
import { establishPlan } from '../../src/domain/plan-commands';
import { DEFAULT_REMINDER_SETTINGS, remindersFor } from '../../src/domain/reminder-rules';
import { markInvitationSent, planMeeting, type MeetingInput } from '../../src/domain/sip-commands';
import { closed, newCase, ok, yesCase } from '../support/domain-helpers';
import { ANNA, BJORN, OUTSIDER, PNR, clockAt } from '../support/sample-case';
import { oracleAddWorkingDays } from '../support/swedish-calendar';

/** Monday 30 November 2026, 10:00 in Stockholm: a week after the sample case was opened. */
const FORMOTE = clockAt('2026-11-30T09:00:00.000Z');

/** The sample case as it is before the person has said yes. */
const withoutConsent = (c: CaseState = newCase()): CaseState => ({ ...c, consent: { status: 'notYet' } });

const written = (patch: Partial<ConsentInput> = {}): ConsentInput => ({ form: 'written', scope: 'Uppgifter om boende och insatser, med kommun och region', validUntil: '2027-11-30', rev: 0, ...patch });

const meeting: MeetingInput = { date: '2026-12-14', time: '10:00', durationMinutes: 90, form: 'teams', purpose: 'Samordna insatser', invited: ['personen', 'region', 'kommun'] };

describe('recording consent', () => {
  it('records it at the förmöte, a week after the case was opened: who, when, the form, what it covers, through when', () => {
    const change = recordConsent(withoutConsent(), written({ form: 'oral' }), BJORN, FORMOTE);
    expect(change.ok).toBe(true);
    const c = ok(change);
    expect(c.consent).toEqual({
      status: 'given',
      form: 'oral',
      scope: 'Uppgifter om boende och insatser, med kommun och region',
      validUntil: '2027-11-30',
      rev: 1,
      recordedAt: FORMOTE.now.toISOString(),
      recordedBy: { aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name },
      firstGivenAt: FORMOTE.now.toISOString(),
    });
    expect(change.ok && change.audit).toEqual([{ action: 'consent.recorded', at: FORMOTE.now.toISOString(), by: { aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name }, detail: 'oral' }]);
    expect(c.version).toBe(2);
    expect(consentRecordedAt(c)).toBe(FORMOTE.now.toISOString());
  });

  it('changes it: a new rev and "consent.changed"; the same values again change nothing', () => {
    const first = ok(recordConsent(withoutConsent(), written(), ANNA, FORMOTE));
    const change = recordConsent(first, written({ rev: 1, validUntil: '2028-05-31' }), BJORN, FORMOTE);
    expect(change.ok && change.audit.map((e) => e.action)).toEqual(['consent.changed']);
    expect(ok(change).consent).toMatchObject({ rev: 2, validUntil: '2028-05-31' });
    // Not a new yes: the day the person first said yes stays, for the statistics.
    expect(consentFirstGivenAt(ok(change))).toBe(first.consent.recordedAt);
    const same = recordConsent(ok(change), written({ rev: 2, validUntil: '2028-05-31' }), ANNA, FORMOTE);
    expect(same).toEqual({ ok: true, state: ok(change), audit: [] });
  });

  it('refuses a stale card, someone who is not a coordinator and a closed case', () => {
    const c = ok(recordConsent(withoutConsent(), written(), ANNA, FORMOTE));
    expect(recordConsent(c, written({ rev: 0 }), BJORN, FORMOTE)).toEqual({ ok: false, error: 'stale' });
    expect(recordConsent(withoutConsent(), written(), OUTSIDER, FORMOTE)).toEqual({ ok: false, error: 'notCoordinator' });
    expect(recordConsent(closed(withoutConsent()), written(), ANNA, FORMOTE)).toEqual({ ok: false, error: 'caseClosed' });
  });

  it.each([
    ['no form', { form: undefined }, { field: 'consentForm', kind: 'required' }],
    ['no scope', { scope: '   ' }, { field: 'consentScope', kind: 'required' }],
    ['no end date', { validUntil: '' }, { field: 'consentValidUntil', kind: 'required' }],
    ['an impossible date', { validUntil: '2027-02-30' }, { field: 'consentValidUntil', kind: 'invalid' }],
    ['an end date in the past', { validUntil: '2026-11-29' }, { field: 'consentValidUntil', kind: 'past' }],
    ['a personnummer in the scope', { scope: `Gäller ${PNR}` }, { field: 'consentScope', kind: 'personnummer' }],
    ['a scope over 500 characters', { scope: 'x'.repeat(501) }, { field: 'consentScope', kind: 'tooLong', limit: 500 }],
  ] as const)('refuses %s and changes nothing', (_label, patch, problem) => {
    expect(recordConsent(withoutConsent(), written(patch), ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalidField', problem });
  });

  it('keeps the end day itself: valid through validUntil, expired the day after', () => {
    const c = ok(recordConsent(withoutConsent(), written({ validUntil: '2026-12-31' }), ANNA, FORMOTE));
    expect(consentStanding(c, '2026-12-31')).toBe('valid');
    expect(consentStanding(c, '2027-01-01')).toBe('expired');
    expect(consentValid(c, clockAt('2026-12-31T22:59:00.000Z'))).toBe(true); // 23:59 in Stockholm
    expect(consentValid(c, clockAt('2026-12-31T23:00:00.000Z'))).toBe(false); // 00:00 on New Year's Day
  });
});

describe('withdrawing consent', () => {
  const given = () => ok(recordConsent(withoutConsent(), written(), ANNA, FORMOTE));

  it('records the day and who recorded it, keeps what was given, and is audited', () => {
    const change = withdrawConsent(given(), { rev: 1, date: '2026-11-30' }, BJORN, FORMOTE);
    const c = ok(change);
    expect(c.consent).toMatchObject({ status: 'withdrawn', rev: 2, withdrawnOn: '2026-11-30', scope: 'Uppgifter om boende och insatser, med kommun och region', validUntil: '2027-11-30' });
    expect(change.ok && change.audit.map((e) => [e.action, e.detail])).toEqual([['consent.withdrawn', undefined]]);
    expect(consentStanding(c, '2026-11-30')).toBe('withdrawn');
  });

  it('refuses a missing, impossible or future date, a consent not given, and a stale card', () => {
    expect(withdrawConsent(given(), { rev: 1, date: '' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'consentWithdrawnOn', kind: 'required' } });
    expect(withdrawConsent(given(), { rev: 1, date: '2026-11-31' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'consentWithdrawnOn', kind: 'invalid' } });
    expect(withdrawConsent(given(), { rev: 1, date: '2026-12-01' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'consentWithdrawnOn', kind: 'future' } });
    expect(withdrawConsent(withoutConsent(), { rev: 0, date: '2026-11-30' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
    expect(withdrawConsent(given(), { rev: 0, date: '2026-11-30' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
  });

  it('can be followed by a new consent, recorded as such', () => {
    const withdrawn = ok(withdrawConsent(given(), { rev: 1, date: '2026-11-30' }, ANNA, FORMOTE));
    const again = recordConsent(withdrawn, written({ rev: 2 }), ANNA, clockAt('2026-12-07T09:00:00.000Z'));
    expect(again.ok && again.audit.map((e) => e.action)).toEqual(['consent.recorded']);
    expect(ok(again).consent).toMatchObject({ status: 'given', rev: 3, recordedAt: '2026-12-07T09:00:00.000Z' });
    expect(ok(again).consent.withdrawnOn).toBeUndefined();
  });
});

describe('consent gates the SIP (000:262)', () => {
  const yes = (c: CaseState) => yesCase(c);
  const withMeeting = () => ok(planMeeting(yes(ok(recordConsent(withoutConsent(), written(), ANNA, FORMOTE))), meeting, ANNA, FORMOTE));
  const withdrawnWithMeeting = () => {
    const c = withMeeting();
    return ok(withdrawConsent(c, { rev: consentRev(c), date: '2026-11-30' }, ANNA, FORMOTE));
  };

  it('refuses to plan a SIP meeting without consent, after a withdrawal and after it ran out', () => {
    expect(planMeeting(withoutConsent(), meeting, ANNA, FORMOTE)).toEqual({ ok: false, error: 'noConsent' });
    expect(planMeeting(withdrawnWithMeeting(), meeting, ANNA, FORMOTE)).toEqual({ ok: false, error: 'noConsent' });
    const short = ok(recordConsent(withoutConsent(), written({ validUntil: '2026-12-04' }), ANNA, FORMOTE));
    expect(planMeeting(short, meeting, ANNA, clockAt('2026-12-04T09:00:00.000Z')).ok).toBe(true);
    expect(planMeeting(short, meeting, ANNA, clockAt('2026-12-07T09:00:00.000Z'))).toEqual({ ok: false, error: 'noConsent' });
  });

  it('refuses to mark a kallelse sent and to establish the plan without it', () => {
    const c = withdrawnWithMeeting();
    const m = c.sipMeetings![0]!;
    expect(markInvitationSent(c, { meetingId: m.id, rev: m.rev, party: 'kommun' }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'noConsent' });
    expect(markInvitationSent(withMeeting(), { meetingId: m.id, rev: m.rev, party: 'kommun' }, ANNA, FORMOTE).ok).toBe(true);
    expect(establishPlan(c, { rev: 0 }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'noConsent' });
  });

  it('lets B2 be klar only with it, and lets it be undone or left undone with a reason without it', () => {
    const open = yes(withoutConsent());
    expect(setBaselineItem(open, { item: 'B2', status: 'done', rev: 0 }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'noConsent' });
    expect(setBaselineItem(open, { item: 'B2', status: 'notApplicable', reason: 'Personen avböjer', rev: 0 }, ANNA, FORMOTE).ok).toBe(true);
    expect(setBaselineItem(open, { item: 'B3', status: 'done', rev: 0 }, ANNA, FORMOTE).ok).toBe(true);
    const consented = ok(recordConsent(open, written(), ANNA, FORMOTE));
    expect(setBaselineItem(consented, { item: 'B2', status: 'done', rev: 0 }, ANNA, FORMOTE).ok).toBe(true);
  });
});

describe('a case stored before consent could change', () => {
  // The sample case is such a row: consent given at creation, with no rev, no recordedAt, no recordedBy.
  it('counts its consent as rev 0, recorded when the case was opened, and valid', () => {
    const c = newCase();
    expect(c.consent).not.toHaveProperty('rev');
    expect(consentRev(c)).toBe(0);
    expect(consentRecordedAt(c)).toBe(c.createdAt);
    expect(consentValid(c, FORMOTE)).toBe(true);
  });

  it('is changed and withdrawn from rev 0', () => {
    const changed = ok(recordConsent(newCase(), written(), ANNA, FORMOTE));
    expect(changed.consent).toMatchObject({ rev: 1, recordedAt: FORMOTE.now.toISOString() });
    expect(ok(withdrawConsent(newCase(), { rev: 0, date: '2026-11-30' }, ANNA, FORMOTE)).consent).toMatchObject({ status: 'withdrawn', rev: 1 });
  });
});

describe('the consent reminders', () => {
  const S = DEFAULT_REMINDER_SETTINGS;
  const kinds = (c: CaseState) => remindersFor(c, S).map((r) => [r.key, r.dueDate] as const);

  it('count "plan the first meeting" from the day consent was recorded, not the day the case was opened', () => {
    const opened = withoutConsent();
    expect(kinds(opened).map(([key]) => key)).not.toContain('firstMeeting');
    // Recorded Monday 30 November: two working days on is Wednesday 2 December.
    const c = ok(recordConsent(opened, written(), ANNA, FORMOTE));
    expect(kinds(c)).toContainEqual(['firstMeeting', '2026-12-02']);
    // The sample row, stored with consent from its creation on Monday 23 November: Wednesday 25.
    expect(kinds(newCase())).toContainEqual(['firstMeeting', '2026-11-25']);
  });

  it('say ten working days before consent runs out, counted across Christmas and New Year', () => {
    // Through Friday 8 January 2027. Back: Thu 7 (1), Tue 5 (2; trettondedag jul on Wed 6), Mon 4
    // (3; nyårsdagen and nyårsafton before), Wed 30 (4), Tue 29 (5), Mon 28 (6; annandag jul,
    // juldagen and julafton before), Wed 23 (7), Tue 22 (8), Mon 21 (9), Fri 18 December (10).
    const c = ok(recordConsent(withoutConsent(), written({ validUntil: '2027-01-08' }), ANNA, FORMOTE));
    expect(oracleAddWorkingDays('2027-01-08', -10)).toBe('2026-12-18');
    const ending = remindersFor(c, S).filter((r) => r.kind === 'consentEnding');
    expect(ending).toEqual([
      { key: 'consentEnding:2027-01-08', kind: 'consentEnding', meetingId: undefined, dueDate: '2026-12-18', deliverAt: '2026-12-18T07:00:00.000Z', recipients: [ANNA.aadObjectId, BJORN.aadObjectId] },
    ]);
    // The setting moves it: three working days before is Monday 4 January.
    expect(remindersFor(c, { ...S, consentEndingWorkingDaysBefore: 3 }).find((r) => r.kind === 'consentEnding')?.dueDate).toBe('2027-01-04');
  });

  it('say nothing of an end closer than the setting when consent is recorded, nor of a withdrawn consent', () => {
    const close = ok(recordConsent(withoutConsent(), written({ validUntil: '2026-12-04' }), ANNA, FORMOTE));
    expect(kinds(close).map(([key]) => key)).not.toContain('consentEnding:2026-12-04');
    const c = ok(recordConsent(withoutConsent(), written(), ANNA, FORMOTE));
    const withdrawn = ok(withdrawConsent(c, { rev: 1, date: '2026-11-30' }, ANNA, FORMOTE));
    expect(kinds(withdrawn).map(([key]) => key.split(':')[0])).toEqual(['inactive']);
  });

  it('ask for no first meeting or förmöte on a day after the consent has run out', () => {
    // Recorded Monday 30 November through Tuesday 1 December: the first meeting would be due
    // Wednesday 2 and the förmöte Thursday 3 December, both after the consent ends.
    const short = ok(recordConsent(withoutConsent(), written({ validUntil: '2026-12-01' }), ANNA, FORMOTE));
    expect(kinds(short).map(([key]) => key.split(':')[0])).toEqual(['inactive']);
    // Through Wednesday 2 December: the first meeting still, the förmöte not.
    const twoDays = ok(recordConsent(withoutConsent(), written({ validUntil: '2026-12-02' }), ANNA, FORMOTE));
    expect(kinds(twoDays).map(([key]) => key.split(':')[0])).toEqual(['firstMeeting', 'inactive']);
  });

  it('move "runs out" when the consent is extended, so the old one is never sent', () => {
    const c = ok(recordConsent(withoutConsent(), written({ validUntil: '2027-11-30' }), ANNA, FORMOTE));
    const extended = ok(recordConsent(c, written({ rev: 1, validUntil: '2028-11-30' }), ANNA, clockAt('2027-11-01T09:00:00.000Z')));
    expect(kinds(extended).filter(([key]) => key.startsWith('consentEnding'))).toEqual([['consentEnding:2028-11-30', oracleAddWorkingDays('2028-11-30', -10)]]);
  });
});
