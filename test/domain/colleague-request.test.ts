import { describe, expect, it } from 'vitest';
import { addCoordinator, closeCase, createCase, type CreateResult, type NewCaseInput } from '../../src/domain/case-commands';
import type { CaseState } from '../../src/domain/case-model';
import { followUpOf } from '../../src/domain/case-follow-ups';
import { acceptRequest, declineRequest, markDeclineTold, markRequestDelivered, openRequestFor, requestOutstanding } from '../../src/domain/colleague-request';
import { consentRev, recordConsent, withdrawConsent } from '../../src/domain/consent';
import { NO_UNITS } from '../../src/domain/units';
import { DEFAULT_REMINDER_SETTINGS, remindersFor } from '../../src/domain/reminder-rules';
import { planMeeting } from '../../src/domain/sip-commands';
import { actorOnly, applied, ev, ok } from '../support/domain-helpers';
import { ANNA, BJORN, CLOCK, LATER, MET, OUTSIDER, PNR, TENANT, clockAt } from '../support/sample-case';

// 003:86–88: the principals agree on the coordination, the person is asked, and both
// coordinators are appointed once the person has said yes.

const EVA = { aadObjectId: 'e7a1c3d5-2b4f-4a6e-9c8d-1f2e3a4b5c6d', userId: '29:eva', name: 'Eva Ek' };

function input(consent: NewCaseInput['consent']): NewCaseInput {
  return {
    tenantId: TENANT,
    code: 'VSS-2026-0042',
    nickname: 'AB',
    creator: { ...ANNA, principal: 'region', unit: 'Psykiatrimottagning Väst', trained: true },
    colleague: { ...BJORN, trained: false },
    targetGroup: { ...MET },
    consent,
  };
}

function created(result: CreateResult): Extract<CreateResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected the case to be created, got ${JSON.stringify(result.problems)}`);
  return result;
}
const withoutConsent = (): CaseState => created(createCase(input({ status: 'notYet' }), CLOCK)).state;
const consent = { form: 'written' as const, scope: 'SIP med region och kommun', validUntil: '2027-06-30' };
const record = (c: CaseState, clock = LATER): CaseState => ok(recordConsent(c, { ...consent, rev: consentRev(c) }, ANNA, clock));
const rev = (c: CaseState): number => c.colleagueRequest?.rev ?? -1;

describe('a case opened without consent', () => {
  it('asks the colleague instead of appointing them, audited without names', () => {
    const { state, audit } = created(createCase(input({ status: 'notYet' }), CLOCK));
    expect(state.coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId]);
    expect(state.colleagueRequest).toEqual({
      colleague: { aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name, principal: 'kommun', trained: false },
      requestedBy: actorOnly(ANNA),
      at: CLOCK.now.toISOString(),
      status: 'pending',
      deliveryPending: true,
      rev: 0,
    });
    expect(audit).toEqual([ev('case.created', ANNA, CLOCK), ev('case.colleagueRequested', ANNA, CLOCK, 'kommun')]);
    // The request goes out after the answer, and the colleague finds it through their index.
    expect(followUpOf(undefined, state, DEFAULT_REMINDER_SETTINGS)).toMatchObject({ notify: true, index: true });
  });

  it('appoints the colleague at once when consent was given at creation, as before', () => {
    const state = created(createCase(input({ status: 'given', ...consent }), CLOCK)).state;
    expect(state.coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId, BJORN.aadObjectId]);
    expect(state.colleagueRequest).toBeUndefined();
  });

  it('gives the asked colleague no reminders and no coordinator rights', () => {
    const c = withoutConsent();
    for (const r of remindersFor(c, DEFAULT_REMINDER_SETTINGS)) expect(r.recipients).toEqual([ANNA.aadObjectId]);
    expect(recordConsent(c, { ...consent, rev: 0 }, BJORN, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
  });
});

describe('answering the request', () => {
  it('accepts: the colleague waits for consent, then is appointed and told when it is recorded', () => {
    const c = withoutConsent();
    const accepted = applied(acceptRequest(c, { rev: rev(c), unit: undefined, units: NO_UNITS }, BJORN, LATER));
    expect(accepted.state.colleagueRequest).toMatchObject({ status: 'accepted', answeredAt: LATER.now.toISOString(), rev: 1 });
    expect(accepted.state.coordinators).toHaveLength(1);
    expect(accepted.audit).toEqual([ev('case.requestAccepted', BJORN, LATER, 'kommun')]);
    expect(openRequestFor(accepted.state, BJORN)?.status).toBe('accepted');
    expect(requestOutstanding(accepted.state)).toBe(true);

    const at = clockAt('2026-11-30T13:00:00.000Z');
    const recorded = applied(recordConsent(accepted.state, { ...consent, rev: 0 }, ANNA, at));
    expect(recorded.state.colleagueRequest).toBeUndefined();
    expect(recorded.state.coordinators[1]).toEqual({ ...BJORN, principal: 'kommun', trained: false, addedAt: at.now.toISOString(), noticePending: true });
    expect(recorded.audit).toEqual([ev('consent.recorded', ANNA, at, 'written'), ev('case.coordinatorAdded', ANNA, at, 'kommun')]);
    expect(followUpOf(accepted.state, recorded.state, DEFAULT_REMINDER_SETTINGS)).toMatchObject({ notify: true, index: true });
  });

  it('accepts with consent already recorded: appointed at once, and not told what they just did', () => {
    const c = record(withoutConsent());
    const { state, audit } = applied(acceptRequest(c, { rev: rev(c), unit: undefined, units: NO_UNITS }, BJORN, LATER));
    expect(state.coordinators[1]).toMatchObject({ aadObjectId: BJORN.aadObjectId, principal: 'kommun' });
    expect(state.coordinators[1]?.noticePending).toBeUndefined();
    expect(state.colleagueRequest).toBeUndefined();
    expect(audit.map((e) => e.action)).toEqual(['case.requestAccepted', 'case.appointed']);
  });

  it('declines with a reason, guarded; the one who asked is told, and may ask someone else', () => {
    const c = withoutConsent();
    expect(declineRequest(c, { rev: 0, reason: '  ' }, BJORN, LATER)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'declineReason', kind: 'required' } });
    expect(declineRequest(c, { rev: 0, reason: `Gäller ${PNR}` }, BJORN, LATER)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'declineReason', kind: 'personnummer' } });
    const { state, audit } = applied(declineRequest(c, { rev: 0, reason: ' Jag har inte utrymme just nu ' }, BJORN, LATER));
    expect(state.colleagueRequest).toMatchObject({ status: 'declined', declineReason: 'Jag har inte utrymme just nu', declineNoticePending: true, rev: 1 });
    expect(audit).toEqual([ev('case.requestDeclined', BJORN, LATER, 'kommun')]);
    expect(JSON.stringify(audit)).not.toContain('utrymme');
    expect(openRequestFor(state, BJORN)).toBeUndefined();
    expect(followUpOf(c, state, DEFAULT_REMINDER_SETTINGS)).toMatchObject({ notify: true });
    // Anna asks Eva instead: a new request.
    const again = applied(addCoordinator(state, { ...EVA, trained: true }, ANNA, LATER));
    // Its rev goes on from the declined one's, so a card of that one stays out of date.
    expect(again.state.colleagueRequest).toMatchObject({ colleague: { aadObjectId: EVA.aadObjectId, principal: 'kommun' }, status: 'pending', rev: 2 });
    expect(again.audit).toEqual([ev('case.colleagueRequested', ANNA, LATER, 'kommun')]);
    // With consent recorded, a colleague is added at once and the declined request is done with.
    const consented = record(state);
    const added = ok(addCoordinator(consented, { ...EVA, trained: true }, ANNA, LATER));
    expect(added.coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId, EVA.aadObjectId]);
    expect(added.colleagueRequest).toBeUndefined();
  });

  it('is refused to anyone else, on a stale card, twice, and on a closed case', () => {
    const c = withoutConsent();
    expect(acceptRequest(c, { rev: 0, unit: undefined, units: NO_UNITS }, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    // A coordinator of the case cannot answer for the colleague: to them it is an out-of-date card.
    expect(acceptRequest(c, { rev: 0, unit: undefined, units: NO_UNITS }, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    expect(acceptRequest(c, { rev: 1, unit: undefined, units: NO_UNITS }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
    const accepted = ok(acceptRequest(c, { rev: 0, unit: undefined, units: NO_UNITS }, BJORN, LATER));
    expect(acceptRequest(accepted, { rev: 1, unit: undefined, units: NO_UNITS }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
    expect(declineRequest(accepted, { rev: 1, reason: 'Ångrar mig' }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
    const closedCase: CaseState = { ...c, closure: { reason: '', at: LATER.now.toISOString(), by: ANNA } };
    expect(acceptRequest(closedCase, { rev: 0, unit: undefined, units: NO_UNITS }, BJORN, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });

  it('takes the unit the colleague picks from their principal\'s list, in its spelling, and makes it theirs once appointed', () => {
    const units = { region: ['Psykiatrimottagning Väst'], kommun: ['Socialpsykiatrin', 'Boendestöd'] };
    const c = withoutConsent();
    const accepted = applied(acceptRequest(c, { rev: 0, unit: ' socialpsykiatrin ', units }, BJORN, LATER)).state;
    expect(accepted.colleagueRequest?.colleague.unit).toBe('Socialpsykiatrin');
    const recorded = ok(recordConsent(accepted, { ...consent, rev: 0 }, ANNA, LATER));
    expect(recorded.coordinators[1]).toMatchObject({ aadObjectId: BJORN.aadObjectId, principal: 'kommun', unit: 'Socialpsykiatrin' });
    // With consent in place, appointed at once with it.
    expect(ok(acceptRequest(record(c), { rev: 0, unit: 'Boendestöd', units }, BJORN, LATER)).coordinators[1]?.unit).toBe('Boendestöd');
  });

  it('refuses a unit not on the colleague\'s principal\'s list, none where there is a list, and any where there is none; nothing changes', () => {
    const c = withoutConsent();
    const units = { region: ['Psykiatrimottagning Väst'], kommun: ['Socialpsykiatrin'] };
    // The other principal's unit is not the colleague's to pick.
    expect(acceptRequest(c, { rev: 0, unit: 'Psykiatrimottagning Väst', units }, BJORN, LATER)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'unit', kind: 'notListed' } });
    expect(acceptRequest(c, { rev: 0, unit: ' ', units }, BJORN, LATER)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'unit', kind: 'required' } });
    expect(acceptRequest(c, { rev: 0, unit: 'Socialpsykiatrin', units: NO_UNITS }, BJORN, LATER)).toEqual({ ok: false, error: 'invalidField', problem: { field: 'unit', kind: 'noUnitList' } });
    // Without a list no unit is asked, and the colleague has none: it counts as övrigt.
    expect(ok(acceptRequest(record(c), { rev: 0, unit: undefined, units: NO_UNITS }, BJORN, LATER)).coordinators[1]?.unit).toBeUndefined();
    // An out-of-date card says so first: the unit is not what is wrong with it.
    expect(acceptRequest(c, { rev: 5, unit: 'Fel', units }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
  });

  it('keeps another colleague out while one is asked and has not declined', () => {
    const c = withoutConsent();
    expect(addCoordinator(c, { ...EVA, trained: true }, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
  });
});

describe('closing the case while a colleague is asked', () => {
  it('withdraws the request, audited, so nobody can take on a closed case', () => {
    const c = ok(acceptRequest(withoutConsent(), { rev: 0, unit: undefined, units: NO_UNITS }, BJORN, LATER));
    const { state, audit } = applied(closeCase(c, { reason: undefined, early: 'declines' }, ANNA, LATER));
    expect(state.colleagueRequest).toBeUndefined();
    expect(audit).toContainEqual(ev('case.requestCancelled', ANNA, LATER, 'kommun'));
    expect(openRequestFor(state, BJORN)).toBeUndefined();
    // Consent recorded after closing (by no one who could) appoints nobody.
    expect(recordConsent(state, { ...consent, rev: 0 }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });
});

describe('asking when the case exists', () => {
  it('asks rather than adds while there is no valid consent (none yet, or withdrawn)', () => {
    const alone: CaseState = { ...withoutConsent(), colleagueRequest: undefined };
    expect(applied(addCoordinator(alone, { ...BJORN, trained: true }, ANNA, LATER)).state.colleagueRequest?.status).toBe('pending');
    const consented = record(alone);
    const withdrawn = ok(withdrawConsent(consented, { rev: consentRev(consented), date: '2026-11-23' }, ANNA, LATER));
    expect(applied(addCoordinator(withdrawn, { ...BJORN, trained: true }, ANNA, LATER)).state.colleagueRequest?.status).toBe('pending');
    // With consent the colleague is added, as before.
    expect(applied(addCoordinator(consented, { ...BJORN, trained: true }, ANNA, LATER)).state.coordinators).toHaveLength(2);
  });
});

describe('delivering the request and the decline', () => {
  it('clears each flag once, with the name Teams gives', () => {
    const c = withoutConsent();
    const shown = applied(markRequestDelivered(c, { ...BJORN, name: 'Björn B' }, LATER));
    expect(shown.state.colleagueRequest).toMatchObject({ deliveryPending: undefined, colleague: { name: 'Björn B' } });
    expect(shown.audit).toEqual([ev('case.requestDelivered', { ...BJORN, name: 'Björn B' }, LATER)]);
    expect(markRequestDelivered(shown.state, BJORN, LATER)).toEqual({ ok: true, state: shown.state, audit: [] });
    expect(markRequestDelivered(c, OUTSIDER, LATER)).toEqual({ ok: true, state: c, audit: [] });

    const declined = ok(declineRequest(shown.state, { rev: rev(shown.state), reason: 'Inte min målgrupp' }, BJORN, LATER));
    const told = applied(markDeclineTold(declined, LATER));
    expect(told.state.colleagueRequest?.declineNoticePending).toBeUndefined();
    expect(told.audit).toEqual([ev('case.declineDelivered', ANNA, LATER)]);
    expect(markDeclineTold(told.state, LATER)).toEqual({ ok: true, state: told.state, audit: [] });
  });
});

describe('a stored case from before requests', () => {
  it('has no request, and planning and consent work as before', () => {
    const c: CaseState = { ...record({ ...withoutConsent(), colleagueRequest: undefined }) };
    expect(openRequestFor(c, BJORN)).toBeUndefined();
    expect(requestOutstanding(c)).toBe(false);
    expect(planMeeting(c, { date: '2026-12-14', time: '10:00', durationMinutes: 90, form: 'teams', purpose: 'Samordna', invited: ['personen', 'region', 'kommun'] }, ANNA, LATER).ok).toBe(true);
  });
});
