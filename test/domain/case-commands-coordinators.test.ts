import { describe, expect, it } from 'vitest';
import { addCoordinator, setReminderPreferences } from '../../src/domain/case-commands';
import type { CaseState, Coordinator, Principal } from '../../src/domain/case-model';
import { actorOnly, applied, closed, newCase } from '../support/domain-helpers';
import { ANNA, BJORN, CLOCK, LATER, OUTSIDER } from '../support/sample-case';

/*
 * The coordinator commands the bot's "add colleague" and reminder-settings cards run:
 * addCoordinator and setReminderPreferences. Pure: cases as plain data in, changes out.
 */

/** Björn, picked from the directory: known by AAD id and name, not yet by Teams user id. */
const COLLEAGUE = { aadObjectId: BJORN.aadObjectId, name: BJORN.name, trained: false };
const CECILIA = { aadObjectId: '5e2d8f1a-4b7c-4d9e-a3f6-8c1b2d3e4f5a', name: 'Cecilia Ek', trained: true };

/** The sample case with only its first coordinator (Anna) left, as that coordinator's principal. */
function aloneCase(principal: Principal = 'region'): CaseState {
  const c = newCase();
  const [anna] = c.coordinators;
  if (anna === undefined) throw new Error('the sample case has no coordinator');
  return { ...c, coordinators: [{ ...anna, principal }] };
}

/** The sample case with its coordinators' reminder settings patched, Anna first and Björn second. */
function withPrefs(anna: Partial<Coordinator>, bjorn: Partial<Coordinator> = {}): CaseState {
  const c = newCase();
  const [a, b] = c.coordinators;
  if (a === undefined || b === undefined) throw new Error('the sample case has two coordinators');
  return { ...c, coordinators: [{ ...a, ...anna }, { ...b, ...bjorn }] };
}

// ---------------------------------------------------------------------------------------------
// addCoordinator
// ---------------------------------------------------------------------------------------------

describe('addCoordinator', () => {
  it('adds the colleague from the other principal, with a pending notice, one version up', () => {
    const before = aloneCase('region');
    const { state, audit } = applied(addCoordinator(before, COLLEAGUE, ANNA, LATER));
    expect(state.coordinators).toEqual([
      before.coordinators[0],
      { aadObjectId: BJORN.aadObjectId, userId: undefined, name: BJORN.name, principal: 'kommun', trained: false, addedAt: LATER.now.toISOString(), noticePending: true },
    ]);
    expect(state.coordinators[0]).toBe(before.coordinators[0]);
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(LATER.now.toISOString());
    // The detail is the principal added, a fixed code; never the colleague's name.
    expect(audit).toEqual([{ action: 'case.coordinatorAdded', at: LATER.now.toISOString(), by: actorOnly(ANNA), detail: 'kommun' }]);
  });

  it('gives the colleague region when the one coordinator is from kommun', () => {
    const { state, audit } = applied(addCoordinator(aloneCase('kommun'), { ...CECILIA, userId: '29:cecilia' }, ANNA, LATER));
    expect(state.coordinators[1]).toEqual({
      aadObjectId: CECILIA.aadObjectId,
      userId: '29:cecilia',
      name: CECILIA.name,
      principal: 'region',
      trained: true,
      addedAt: LATER.now.toISOString(),
      noticePending: true,
    });
    expect(audit.map((e) => e.detail)).toEqual(['region']);
  });

  it('does not change the state it was given', () => {
    const before = aloneCase();
    const snapshot = structuredClone(before);
    applied(addCoordinator(before, COLLEAGUE, ANNA, LATER));
    expect(before).toEqual(snapshot);
  });

  it('refuses on a closed case, even one that still lacks the other principal', () => {
    const c = closed(aloneCase());
    expect(addCoordinator(c, COLLEAGUE, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });

  it('refuses someone who is not a coordinator', () => {
    expect(addCoordinator(aloneCase(), COLLEAGUE, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    // Björn is known to the directory but not (yet) on this case: he cannot add himself.
    expect(addCoordinator(aloneCase(), COLLEAGUE, BJORN, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
  });

  it('refuses a colleague whose organisation is of the same principal, pointing at the colleague field', () => {
    const fromRegion = { aadObjectId: 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b', tenantId: '7b1e2d3c-4a5f-4e6d-8c7b-1a2b3c4d5e6f', principal: 'region' as const, trained: false };
    expect(addCoordinator(aloneCase(), fromRegion, ANNA, LATER)).toEqual({ ok: false, error: 'stale', problem: { field: 'colleague', kind: 'samePrincipal' } });
    expect(addCoordinator(aloneCase(), { ...fromRegion, principal: 'kommun' }, ANNA, LATER).ok).toBe(true);
  });

  it('refuses a colleague who is already a coordinator, pointing at the colleague field', () => {
    // Anna alone picks herself.
    expect(addCoordinator(aloneCase(), { ...ANNA, trained: true }, ANNA, LATER)).toEqual({
      ok: false,
      error: 'stale',
      problem: { field: 'colleague', kind: 'sameAsCreator' },
    });
    // Both principals present and Anna picks Björn again: he is the one already on it, the second
    // of two, and it is he the problem is about, not the missing principal (nor Anna herself).
    expect(addCoordinator(newCase(), COLLEAGUE, ANNA, LATER)).toEqual({
      ok: false,
      error: 'stale',
      problem: { field: 'colleague', kind: 'alreadyCoordinator' },
    });
  });

  it('refuses a third coordinator when both principals are already there: the card was out of date', () => {
    expect(addCoordinator(newCase(), CECILIA, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    expect(addCoordinator(newCase(), CECILIA, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
  });

  it('takes the principal from the coordinator who adds, not from whoever is listed first', () => {
    // Björn (kommun) is the only coordinator, listed first; the colleague he adds is from region.
    const c = newCase();
    const bjornOnly: CaseState = { ...c, coordinators: c.coordinators.filter((x) => x.aadObjectId === BJORN.aadObjectId) };
    const { state } = applied(addCoordinator(bjornOnly, CECILIA, BJORN, LATER));
    expect(state.coordinators.map((x) => [x.aadObjectId, x.principal])).toEqual([
      [BJORN.aadObjectId, 'kommun'],
      [CECILIA.aadObjectId, 'region'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// setReminderPreferences
// ---------------------------------------------------------------------------------------------

describe('setReminderPreferences', () => {
  it('mutes one coordinator and sends to the group chat, leaving the colleague as they were', () => {
    const before = newCase();
    const { state, audit } = applied(setReminderPreferences(before, { muted: true, delivery: 'groupChat' }, BJORN, LATER));
    expect(state.coordinators).toEqual([before.coordinators[0], { ...before.coordinators[1], remindersMuted: true, reminderDelivery: 'groupChat' }]);
    expect(state.coordinators[0]).toBe(before.coordinators[0]);
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(LATER.now.toISOString());
    expect(audit).toEqual([{ action: 'reminders.preferencesChanged', at: LATER.now.toISOString(), by: actorOnly(BJORN), detail: 'muted:groupChat' }]);
  });

  it('turns reminders back on in the 1:1 chat', () => {
    const before = withPrefs({ remindersMuted: true, reminderDelivery: 'groupChat' });
    const { state, audit } = applied(setReminderPreferences(before, { muted: false, delivery: 'personal' }, ANNA, LATER));
    expect(state.coordinators[0]).toEqual({ ...before.coordinators[0], remindersMuted: false, reminderDelivery: 'personal' });
    expect(state.coordinators[1]).toBe(before.coordinators[1]);
    expect(audit.map((e) => e.detail)).toEqual(['on:personal']);
  });

  it('is a change when only the muting differs', () => {
    const before = newCase(); // no settings yet: on, in the 1:1 chat
    const { state, audit } = applied(setReminderPreferences(before, { muted: true, delivery: 'personal' }, ANNA, LATER));
    expect(state.coordinators[0]).toMatchObject({ remindersMuted: true, reminderDelivery: 'personal' });
    expect(audit.map((e) => e.detail)).toEqual(['muted:personal']);
  });

  it('is a change when only the delivery differs', () => {
    const { state, audit } = applied(setReminderPreferences(newCase(), { muted: false, delivery: 'groupChat' }, ANNA, LATER));
    expect(state.coordinators[0]).toMatchObject({ remindersMuted: false, reminderDelivery: 'groupChat' });
    expect(audit.map((e) => e.detail)).toEqual(['on:groupChat']);
  });

  it('is a no-op when nothing was set and the defaults are chosen: on, in the 1:1 chat', () => {
    const c = newCase();
    expect(c.coordinators[0]?.remindersMuted).toBeUndefined();
    expect(c.coordinators[0]?.reminderDelivery).toBeUndefined();
    expect(setReminderPreferences(c, { muted: false, delivery: 'personal' }, ANNA, LATER)).toEqual({ ok: true, state: c, audit: [] });
    expect(applied(setReminderPreferences(c, { muted: false, delivery: 'personal' }, ANNA, LATER)).state).toBe(c);
  });

  it('is a no-op when the same settings are chosen again', () => {
    const c = withPrefs({ remindersMuted: true, reminderDelivery: 'groupChat' });
    expect(setReminderPreferences(c, { muted: true, delivery: 'groupChat' }, ANNA, LATER)).toEqual({ ok: true, state: c, audit: [] });
  });

  it("compares with the actor's own settings, not a colleague's", () => {
    // Anna muted in the group chat, Björn on the defaults. Anna choosing the defaults is a change
    // for her; Björn choosing Anna's settings is one for him.
    const c = withPrefs({ remindersMuted: true, reminderDelivery: 'groupChat' });
    const anna = applied(setReminderPreferences(c, { muted: false, delivery: 'personal' }, ANNA, LATER));
    expect(anna.state.coordinators[0]).toMatchObject({ remindersMuted: false, reminderDelivery: 'personal' });
    expect(anna.audit).toHaveLength(1);
    const bjorn = applied(setReminderPreferences(c, { muted: true, delivery: 'groupChat' }, BJORN, LATER));
    expect(bjorn.state.coordinators[1]).toMatchObject({ remindersMuted: true, reminderDelivery: 'groupChat' });
    expect(bjorn.state.coordinators[0]).toBe(c.coordinators[0]);
    expect(bjorn.audit).toHaveLength(1);
  });

  it('refuses someone who is not a coordinator, changing nobody', () => {
    expect(setReminderPreferences(newCase(), { muted: true, delivery: 'groupChat' }, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
  });

  it('refuses on a closed case', () => {
    expect(setReminderPreferences(closed(newCase()), { muted: true, delivery: 'groupChat' }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });

  it('does not change the state it was given', () => {
    const before = newCase();
    const snapshot = structuredClone(before);
    applied(setReminderPreferences(before, { muted: true, delivery: 'groupChat' }, ANNA, CLOCK));
    expect(before).toEqual(snapshot);
  });
});
