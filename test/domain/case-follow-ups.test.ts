import { describe, expect, it } from 'vitest';
import { addCoordinator, answerNeed, createCase, linkChat, markCoordinatorNotified, setReminderPreferences, type NewCaseInput } from '../../src/domain/case-commands';
import { followUpOf } from '../../src/domain/case-follow-ups';
import type { CaseState } from '../../src/domain/case-model';
import { acceptInvite, inviteColleague } from '../../src/domain/colleague-invite';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { applied, ok } from '../support/domain-helpers';
import { ANNA, BJORN, CLOCK, LATER, MET, TENANT, clockAt } from '../support/sample-case';

/*
 * followUpOf says what a case write leaves to do outside the case's partition, and so whether the
 * write leaves an outbox row at all. The states are the ones the real commands make, so a command
 * that starts to change what a write implies shows up here.
 */

const S = DEFAULT_REMINDER_SETTINGS;
const CHAT = '19:abc123@thread.v2';
const OTHER_CHAT = '19:def456@thread.v2';
const FORM = { id: 'form-7f3a', creator: ANNA.aadObjectId };
/** Tuesday 24 November 2026, 10:00 in Stockholm: the day after the case was made. */
const NEXT_DAY = clockAt('2026-11-24T09:00:00.000Z');

function input(patch: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    tenantId: TENANT,
    code: 'VSS-2026-0042',
    nickname: 'AB',
    creator: { ...ANNA, principal: 'region', trained: true },
    colleague: { aadObjectId: BJORN.aadObjectId, name: BJORN.name, trained: false },
    targetGroup: MET,
    consent: { status: 'given', form: 'written', scope: 'SIP med region och kommun', validUntil: '2027-06-30' },
    ...patch,
  };
}

function created(patch: Partial<NewCaseInput> = {}): CaseState {
  const result = createCase(input(patch), CLOCK);
  if (!result.ok) throw new Error(`expected the case to be created, got ${JSON.stringify(result.problems)}`);
  return result.state;
}

/** Made by Anna alone, on Monday: Björn is added later, from the case card. */
const alone = (): CaseState => created({ colleague: undefined });

describe('followUpOf a new case', () => {
  it('reschedules, indexes, notifies the colleague named in the form and records the form', () => {
    expect(followUpOf(undefined, created(), S, FORM)).toEqual({ reschedule: true, index: true, notify: true, form: FORM });
  });

  it('owes no notice when no coordinator waits for one, and has no form when the caller gave none', () => {
    expect(followUpOf(undefined, alone(), S)).toEqual({ reschedule: true, index: true });
  });

  it('reschedules a case made without consent too: "nothing for 30 days" holds for every new case', () => {
    expect(followUpOf(undefined, created({ colleague: undefined, consent: { status: 'notYet' } }), S)).toEqual({ reschedule: true, index: true });
  });
});

describe('followUpOf an update', () => {
  it('is undefined for a write that changes nothing elsewhere: a checklist answer or a nickname on the same day', () => {
    const before = created();
    expect(followUpOf(before, ok(answerNeed(before, { need: 'yes', rev: 0 }, ANNA, LATER)), S)).toBeUndefined();
    expect(followUpOf(before, { ...before, nickname: 'CD', updatedAt: LATER.now.toISOString(), version: before.version + 1 }, S)).toBeUndefined();
  });

  it('reschedules, and only that, for the same kind of write a day later: "nothing for 30 days" moves', () => {
    const before = created();
    expect(followUpOf(before, ok(answerNeed(before, { need: 'yes', rev: 0 }, ANNA, NEXT_DAY)), S)).toEqual({ reschedule: true });
  });

  it('passes the caller\'s form through on a write that implies nothing else', () => {
    const before = created();
    expect(followUpOf(before, ok(answerNeed(before, { need: 'yes', rev: 0 }, ANNA, LATER)), S, FORM)).toEqual({ form: FORM });
  });

  it('indexes, notifies and reschedules when a colleague is added: they wait for a notice and get the reminders too', () => {
    const before = alone();
    const after = ok(addCoordinator(before, { aadObjectId: BJORN.aadObjectId, name: BJORN.name, trained: false }, ANNA, LATER));
    expect(after.coordinators[1]?.noticePending).toBe(true);
    expect(followUpOf(before, after, S)).toEqual({ reschedule: true, index: true, notify: true });
  });

  it('only indexes when a chat is linked on the same day: the reminders stay as they were', () => {
    const before = created();
    expect(followUpOf(before, ok(linkChat(before, CHAT, ANNA, LATER)), S)).toEqual({ index: true });
  });

  it('indexes a second linked chat too, and reschedules when the link is made on another day', () => {
    const linked = ok(linkChat(created(), CHAT, ANNA, LATER));
    expect(followUpOf(linked, ok(linkChat(linked, OTHER_CHAT, BJORN, LATER)), S)).toEqual({ index: true });
    expect(followUpOf(linked, ok(linkChat(linked, OTHER_CHAT, BJORN, NEXT_DAY)), S)).toEqual({ reschedule: true, index: true });
  });

  it('owes nothing when the colleague has been told: a pending notice that clears is not a new one', () => {
    const before = created();
    const after = ok(markCoordinatorNotified(before, BJORN, LATER));
    expect(before.coordinators[1]?.noticePending).toBe(true);
    expect(after.coordinators[1]?.noticePending).toBe(false);
    expect(followUpOf(before, after, S)).toBeUndefined();
  });

  it('does not notify again when a colleague already waiting for a notice stays waiting across another write', () => {
    const before = created();
    const answered = ok(answerNeed(before, { need: 'yes', rev: 0 }, ANNA, LATER));
    expect(answered.coordinators[1]?.noticePending).toBe(true);
    expect(followUpOf(before, answered, S)).toBeUndefined();
    // A write that implies other work still leaves the notice to the write that made it owed.
    expect(followUpOf(before, ok(linkChat(before, CHAT, ANNA, LATER)), S)).toEqual({ index: true });
  });

  it('reschedules without indexing when a coordinator mutes the case: the recipients change, the owners do not', () => {
    const before = created();
    const { state } = applied(setReminderPreferences(before, { muted: true, delivery: 'personal' }, BJORN, LATER));
    expect(followUpOf(before, state, S)).toEqual({ reschedule: true });
  });
});

describe('followUpOf a colleague invited by address', () => {
  const EMAIL = 'eva.ek@kommun-b.se';
  const EVA = { aadObjectId: 'e7a1c3d5-2b4f-4a6e-9c8d-1f2e3a4b5c6d', tenantId: '8d3c2b1a-6f5e-4d4c-9b3a-2e1f0a9b8c7d', userId: '29:eva', name: 'Eva Ek' };
  const invitedCase = (c: CaseState = alone()): CaseState => ok(inviteColleague(c, EMAIL, true, ANNA, LATER));

  it('indexes the case under the address when the invite is new: the only work of the write', () => {
    const before = alone();
    expect(followUpOf(before, invitedCase(before), S)).toEqual({ index: true });
  });

  it('indexes again when the invite changes its address', () => {
    const before = invitedCase();
    expect(followUpOf(before, ok(inviteColleague(before, 'eva@kommun-b.se', true, ANNA, LATER)), S)).toEqual({ index: true });
  });

  it('indexes nothing when a write keeps the same invite, or invites the same address again', () => {
    const before = invitedCase();
    expect(followUpOf(before, ok(answerNeed(before, { need: 'yes', rev: 0 }, ANNA, LATER)), S)).toBeUndefined();
    const again = ok(inviteColleague(before, EMAIL, false, ANNA, LATER));
    expect(again.colleagueInvite?.trained).toBe(false);
    expect(followUpOf(before, again, S)).toBeUndefined();
  });

  it('indexes a case opened with an invite (as every new case: its creator is new)', () => {
    const result = createCase(input({ colleague: undefined, colleagueInvite: { email: EMAIL, trained: true } }), CLOCK);
    if (!result.ok) throw new Error('expected the case to be created');
    expect(result.state.colleagueInvite?.email).toBe(EMAIL);
    expect(followUpOf(undefined, result.state, S)).toEqual({ reschedule: true, index: true });
  });

  it('indexes the invitee asked on accepting, with consent in place, and owes no delivery: they are in the turn', () => {
    const before = invitedCase();
    const after = ok(acceptInvite(before, EVA, EMAIL, LATER)!);
    expect(after.colleagueRequest?.colleague.aadObjectId).toBe(EVA.aadObjectId);
    expect(followUpOf(before, after, S)).toEqual({ index: true });
  });

  it('indexes the invitee asked on accepting without consent, and owes no delivery of the request', () => {
    const before = invitedCase(created({ colleague: undefined, consent: { status: 'notYet' } }));
    const after = ok(acceptInvite(before, EVA, EMAIL, LATER)!);
    expect(after.colleagueRequest?.status).toBe('pending');
    expect(followUpOf(before, after, S)).toEqual({ index: true });
  });
});
