import { describe, expect, it } from 'vitest';
import { addCoordinator, createCase, newCaseProblems, type Clock, type CreateResult, type NewCaseInput } from '../../src/domain/case-commands';
import type { Actor, AuditEvent, CaseState, ColleagueRequest, Coordinator } from '../../src/domain/case-model';
import { acceptInvite, inviteColleague, inviteEmail, newInvite } from '../../src/domain/colleague-invite';
import { acceptRequest, declineRequest } from '../../src/domain/colleague-request';
import { NO_UNITS } from '../../src/domain/units';
import { actorOnly, applied, closed, ev, newCase, ok } from '../support/domain-helpers';
import { ANNA, BJORN, CLOCK, LATER, MET, OUTSIDER, PNR, TENANT, clockAt } from '../support/sample-case';

/*
 * A colleague of the other principal in another tenant of the deployment, who has not added the
 * bot and so cannot be picked, is invited by e-mail address. Whoever adds the bot with that
 * address is asked, as if picked before consent, and becomes the colleague only by taking the
 * assignment: nobody sees or joins a case by an address alone.
 */

const TENANT_B = '8d3c2b1a-6f5e-4d4c-9b3a-2e1f0a9b8c7d';
/** Eva, kommun, in tenant B: the colleague Anna (region, tenant A) invites by address. */
const EVA: Actor = { aadObjectId: 'e7a1c3d5-2b4f-4a6e-9c8d-1f2e3a4b5c6d', tenantId: TENANT_B, userId: '29:eva', name: 'Eva Ek' };
const EMAIL = 'eva.ek@kommun-b.se';
const OTHER_EMAIL = 'eva.ek@region-b.se';
/** When Eva adds the bot: later the same day. */
const INSTALL = clockAt('2026-11-23T14:30:00.000Z');
const CONSENT = { status: 'given' as const, form: 'written' as const, scope: 'SIP med region och kommun', validUntil: '2027-06-30' };

/** How an audit entry keeps a person: actor fields only, the tenant only when set. */
const byOf = (a: Actor): Actor => ({ ...actorOnly(a), ...(a.tenantId === undefined ? {} : { tenantId: a.tenantId }) });
const evt = (action: AuditEvent['action'], actor: Actor, clock: Clock, detail?: string): AuditEvent => ({ action, at: clock.now.toISOString(), by: byOf(actor), detail });

function input(patch: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    tenantId: TENANT,
    code: 'VSS-2026-0042',
    nickname: 'AB',
    creator: { ...ANNA, principal: 'region', unit: 'Psykiatrimottagning Väst', trained: true },
    targetGroup: { ...MET },
    consent: CONSENT,
    ...patch,
  };
}

function created(result: CreateResult): Extract<CreateResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected the case to be created, got ${JSON.stringify(result.problems)}`);
  return result;
}

/** Anna's case, made alone: with consent unless told otherwise. */
const alone = (patch: Partial<NewCaseInput> = {}): CaseState => created(createCase(input(patch), CLOCK)).state;
/** Anna's case with Eva invited by address (trained as told). */
const invited = (patch: Partial<NewCaseInput> = {}, trained = true): CaseState => ok(inviteColleague(alone(patch), EMAIL, trained, ANNA, LATER));

// ---------------------------------------------------------------------------------------------
// inviteEmail
// ---------------------------------------------------------------------------------------------

describe('inviteEmail', () => {
  it('is no address at all when nothing, or only blanks, was typed', () => {
    expect(inviteEmail(undefined)).toEqual({ ok: true, email: undefined });
    expect(inviteEmail('')).toEqual({ ok: true, email: undefined });
    expect(inviteEmail('  \t ')).toEqual({ ok: true, email: undefined });
  });

  it('trims and lower-cases an address, as Teams reports it for the user who adds the bot', () => {
    expect(inviteEmail('  Eva.Ek@Kommun-B.SE ')).toEqual({ ok: true, email: EMAIL });
    expect(inviteEmail('eva@sub.kommun-b.se')).toEqual({ ok: true, email: 'eva@sub.kommun-b.se' });
    expect(inviteEmail('eva+sip@kommun-b.se')).toEqual({ ok: true, email: 'eva+sip@kommun-b.se' });
  });

  it('refuses a personnummer typed into the address, as one', () => {
    expect(inviteEmail(`${PNR}@kommun-b.se`)).toEqual({ ok: false, problem: { field: 'colleagueEmail', kind: 'personnummer' } });
    expect(inviteEmail(`${PNR.replace('-', '')}@kommun-b.se`)).toEqual({ ok: false, problem: { field: 'colleagueEmail', kind: 'personnummer' } });
    // Even when the address would be too long and badly shaped too: the personnummer is what is said.
    expect(inviteEmail(`${PNR} ${'x'.repeat(260)}`)).toEqual({ ok: false, problem: { field: 'colleagueEmail', kind: 'personnummer' } });
  });

  it('takes 254 characters (RFC 5321) and refuses 255, counted after trimming', () => {
    const domain = '@kommun-b.se';
    const at254 = `${'a'.repeat(254 - domain.length)}${domain}`;
    expect(at254).toHaveLength(254);
    expect(inviteEmail(at254)).toEqual({ ok: true, email: at254 });
    expect(inviteEmail(`   ${at254}   `)).toEqual({ ok: true, email: at254 });
    expect(inviteEmail(`a${at254}`)).toEqual({ ok: false, problem: { field: 'colleagueEmail', kind: 'tooLong', limit: 254 } });
  });

  it('refuses what is not shaped like a work address', () => {
    for (const typed of ['eva', 'eva@kommun', 'eva@@kommun.se', 'eva ek@kommun.se', '@kommun.se', 'eva@', 'eva@kommun.', 'eva@.se', 'eva@kommun..se', 'eva@kom mun.se', 'eva@kommun.se@x.se']) {
      expect(inviteEmail(typed), typed).toEqual({ ok: false, problem: { field: 'colleagueEmail', kind: 'invalid' } });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// newInvite
// ---------------------------------------------------------------------------------------------

describe('newInvite', () => {
  it('keeps only the inviter’s actor fields, with their tenant when it is set', () => {
    const coordinator: Coordinator = { ...ANNA, tenantId: TENANT_B, principal: 'region', unit: 'Psykiatrimottagning Väst', trained: true, addedAt: CLOCK.now.toISOString(), noticePending: true };
    expect(newInvite(EMAIL, false, 'kommun', coordinator, '2026-11-23T10:15:00.000Z')).toEqual({
      email: EMAIL,
      principal: 'kommun',
      trained: false,
      invitedBy: { aadObjectId: ANNA.aadObjectId, tenantId: TENANT_B, userId: ANNA.userId, name: ANNA.name },
      at: '2026-11-23T10:15:00.000Z',
    });
    expect(newInvite(EMAIL, true, 'region', ANNA, 'x').invitedBy).not.toHaveProperty('tenantId');
  });
});

// ---------------------------------------------------------------------------------------------
// inviteColleague
// ---------------------------------------------------------------------------------------------

describe('inviteColleague', () => {
  it('invites the other principal’s colleague by address, audited with the principal only', () => {
    const before = alone();
    const { state, audit } = applied(inviteColleague(before, EMAIL, true, ANNA, LATER));
    expect(state.colleagueInvite).toEqual({ email: EMAIL, principal: 'kommun', trained: true, invitedBy: actorOnly(ANNA), at: LATER.now.toISOString() });
    expect(state.coordinators).toEqual(before.coordinators);
    expect(state.colleagueRequest).toBeUndefined();
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(LATER.now.toISOString());
    expect(audit).toEqual([ev('case.colleagueInvited', ANNA, LATER, 'kommun')]);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
  });

  it('invites for region when the one inviting is from kommun', () => {
    const c = alone({ creator: { ...ANNA, principal: 'kommun', trained: false } });
    const { state, audit } = applied(inviteColleague(c, EMAIL, false, ANNA, LATER));
    expect(state.colleagueInvite).toMatchObject({ principal: 'region', trained: false });
    expect(audit.map((e) => e.detail)).toEqual(['region']);
  });

  it('keeps what the inviter said about training in a VoSS case, and never marks anyone trained in a SIP case', () => {
    expect(invited({}, false).colleagueInvite?.trained).toBe(false);
    expect(invited({}, true).colleagueInvite?.trained).toBe(true);
    const sip = alone({ kind: 'sip', code: 'SIP-2026-0001', targetGroup: undefined });
    expect(ok(inviteColleague(sip, EMAIL, true, ANNA, LATER)).colleagueInvite?.trained).toBe(false);
  });

  it('refuses on a closed case, before asking who invites', () => {
    const c = closed(alone());
    expect(inviteColleague(c, EMAIL, true, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
    expect(inviteColleague(c, EMAIL, true, OUTSIDER, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });

  it('refuses anyone who is not a coordinator', () => {
    expect(inviteColleague(alone(), EMAIL, true, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    expect(inviteColleague(alone(), EMAIL, true, BJORN, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
  });

  it('knows a coordinator by tenant and object id: the same object id in another tenant is someone else', () => {
    // Anna is stored without a tenant: she is of the case's own tenant.
    const c = alone();
    expect(inviteColleague(c, EMAIL, true, { ...ANNA, tenantId: TENANT_B }, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    // The case's own tenant named explicitly is still the case's own tenant.
    expect(applied(inviteColleague(c, EMAIL, true, { ...ANNA, tenantId: TENANT }, LATER)).state.colleagueInvite?.principal).toBe('kommun');

    // Björn (kommun) from tenant B is the only coordinator; an actor with his object id and no
    // tenant (so the case's tenant) is not him.
    const base = newCase();
    const bjornInB: Coordinator = { ...BJORN, tenantId: TENANT_B, principal: 'kommun', trained: false, addedAt: base.createdAt };
    const fromB: CaseState = { ...base, coordinators: [bjornInB] };
    expect(inviteColleague(fromB, EMAIL, true, BJORN, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    const { state, audit } = applied(inviteColleague(fromB, EMAIL, true, { ...BJORN, tenantId: TENANT_B }, LATER));
    expect(state.colleagueInvite).toEqual({ email: EMAIL, principal: 'region', trained: true, invitedBy: byOf({ ...BJORN, tenantId: TENANT_B }), at: LATER.now.toISOString() });
    expect(audit).toEqual([evt('case.colleagueInvited', { ...BJORN, tenantId: TENANT_B }, LATER, 'region')]);
  });

  it('is stale when the other principal already has a coordinator', () => {
    expect(inviteColleague(newCase(), EMAIL, true, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    expect(inviteColleague(newCase(), EMAIL, true, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
  });

  it('is stale while a colleague request waits for an answer or for consent, not once it is declined', () => {
    // Björn was picked on a case without consent: he is asked.
    const asked = alone({ colleague: { ...BJORN, trained: false }, consent: { status: 'notYet' } });
    expect(asked.colleagueRequest?.status).toBe('pending');
    expect(inviteColleague(asked, EMAIL, true, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    const accepted: CaseState = { ...asked, colleagueRequest: { ...(asked.colleagueRequest as ColleagueRequest), status: 'accepted' } };
    expect(inviteColleague(accepted, EMAIL, true, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    const declined = ok(declineRequest(asked, { rev: 0, reason: 'Inte min enhet' }, BJORN, LATER));
    const { state } = applied(inviteColleague(declined, EMAIL, true, ANNA, LATER));
    expect(state.colleagueInvite?.email).toBe(EMAIL);
    // The declined request stays, for the one who asked to be told.
    expect(state.colleagueRequest).toEqual(declined.colleagueRequest);
  });

  it('replaces an earlier invite: the latest address is the one waited for', () => {
    const c = invited();
    const { state } = applied(inviteColleague(c, OTHER_EMAIL, false, ANNA, INSTALL));
    expect(state.colleagueInvite).toEqual({ email: OTHER_EMAIL, principal: 'kommun', trained: false, invitedBy: actorOnly(ANNA), at: INSTALL.now.toISOString() });
  });

  it('does not change the state it was given', () => {
    const before = alone();
    const snapshot = structuredClone(before);
    applied(inviteColleague(before, EMAIL, true, ANNA, LATER));
    expect(before).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------
// acceptInvite
// ---------------------------------------------------------------------------------------------

describe('acceptInvite, when the case does not wait for this address', () => {
  it('is undefined on a closed case, on one without an invite, and for another address', () => {
    expect(acceptInvite(closed(invited()), EVA, EMAIL, INSTALL)).toBeUndefined();
    expect(acceptInvite(alone(), EVA, EMAIL, INSTALL)).toBeUndefined();
    expect(acceptInvite(invited(), EVA, OTHER_EMAIL, INSTALL)).toBeUndefined();
    // The caller lower-cases what Teams reports; the address is compared as given.
    expect(acceptInvite(invited(), EVA, EMAIL.toUpperCase(), INSTALL)).toBeUndefined();
  });

  it('is undefined when the principal has a coordinator meanwhile (a case stored so; a pick clears the invite)', () => {
    const c = invited();
    const bjorn: Coordinator = { ...BJORN, principal: 'kommun', trained: false, addedAt: LATER.now.toISOString() };
    expect(acceptInvite({ ...c, coordinators: [...c.coordinators, bjorn] }, EVA, EMAIL, INSTALL)).toBeUndefined();
    // Only the invite's principal counts: another region coordinator leaves kommun's place free.
    const cecilia: Coordinator = { aadObjectId: '5e2d8f1a-4b7c-4d9e-a3f6-8c1b2d3e4f5a', name: 'Cecilia Ek', principal: 'region', trained: true, addedAt: LATER.now.toISOString() };
    expect(acceptInvite({ ...c, coordinators: [...c.coordinators, cecilia] }, EVA, EMAIL, INSTALL)?.ok).toBe(true);
  });

  it('is undefined while a colleague request is pending or accepted', () => {
    const c = invited({ consent: { status: 'notYet' } });
    const request: ColleagueRequest = { colleague: { ...actorOnly(BJORN), principal: 'kommun', trained: false }, requestedBy: actorOnly(ANNA), at: LATER.now.toISOString(), status: 'pending', rev: 3 };
    expect(acceptInvite({ ...c, colleagueRequest: request }, EVA, EMAIL, INSTALL)).toBeUndefined();
    expect(acceptInvite({ ...c, colleagueRequest: { ...request, status: 'accepted' } }, EVA, EMAIL, INSTALL)).toBeUndefined();
  });

  it('is undefined for someone already a coordinator of the case: their own case is not theirs to be asked in', () => {
    // Anna adds the bot with the address she typed herself.
    expect(acceptInvite(invited(), ANNA, EMAIL, INSTALL)).toBeUndefined();
    expect(acceptInvite(invited(), { ...ANNA, tenantId: TENANT }, EMAIL, INSTALL)).toBeUndefined();
  });
});

describe('acceptInvite, when the case waits for this address', () => {
  it('asks the invitee, as if picked: the request is from the inviter and waits for no delivery', () => {
    const c = invited({ consent: { status: 'notYet' } });
    const { state, audit } = applied(acceptInvite(c, EVA, EMAIL, INSTALL)!);
    expect(state.colleagueInvite).toBeUndefined();
    expect(state.coordinators).toEqual(c.coordinators);
    expect(state.colleagueRequest).toEqual({
      colleague: { aadObjectId: EVA.aadObjectId, tenantId: TENANT_B, userId: EVA.userId, name: EVA.name, principal: 'kommun', trained: true },
      requestedBy: actorOnly(ANNA),
      at: INSTALL.now.toISOString(),
      status: 'pending',
      rev: 0,
    });
    // They are in the turn: the request is shown there, nothing waits to be delivered.
    expect(state.colleagueRequest?.deliveryPending).toBeUndefined();
    expect(state.version).toBe(c.version + 1);
    expect(state.updatedAt).toBe(INSTALL.now.toISOString());
    expect(audit).toEqual([evt('case.inviteAccepted', EVA, INSTALL, 'kommun')]);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
  });

  it('leaves the request to be delivered when the invitee is not in the turn (they had the bot already)', () => {
    const c = invited({ consent: { status: 'notYet' } });
    const { state } = applied(acceptInvite(c, EVA, EMAIL, INSTALL, false)!);
    expect(state.colleagueRequest).toMatchObject({ status: 'pending', deliveryPending: true, colleague: { aadObjectId: EVA.aadObjectId } });
    expect(state.colleagueInvite).toBeUndefined();
  });

  it('only asks with consent in place too: nobody becomes a coordinator by an address alone', () => {
    const c = invited();
    expect(c.consent.status).toBe('given');
    const { state } = applied(acceptInvite(c, EVA, EMAIL, INSTALL)!);
    expect(state.coordinators).toEqual(c.coordinators);
    expect(state.colleagueRequest).toMatchObject({ colleague: { aadObjectId: EVA.aadObjectId, tenantId: TENANT_B, principal: 'kommun' }, status: 'pending' });
    expect(state.colleagueInvite).toBeUndefined();
  });

  it('makes the invitee the colleague when they take the assignment, with consent in place', () => {
    const asked = ok(acceptInvite(invited(), EVA, EMAIL, INSTALL)!);
    const at = clockAt('2026-11-23T14:35:00.000Z');
    const { state } = applied(acceptRequest(asked, { rev: asked.colleagueRequest!.rev, unit: undefined, units: NO_UNITS }, EVA, at));
    expect(state.coordinators[1]).toEqual({ aadObjectId: EVA.aadObjectId, tenantId: TENANT_B, userId: EVA.userId, name: EVA.name, principal: 'kommun', trained: true, addedAt: at.now.toISOString() });
    expect(state.colleagueRequest).toBeUndefined();
    // Someone with Eva's object id in the case's own tenant is not Eva, and may not answer for her.
    expect(acceptRequest(asked, { rev: asked.colleagueRequest!.rev, unit: undefined, units: NO_UNITS }, { ...EVA, tenantId: undefined }, at)).toEqual({ ok: false, error: 'notCoordinator' });
  });

  it('keeps no tenant on the request for an invitee of the case’s own tenant', () => {
    const { state } = applied(acceptInvite(invited(), BJORN, EMAIL, INSTALL)!);
    expect(state.colleagueRequest?.colleague).toEqual({ ...actorOnly(BJORN), principal: 'kommun', trained: true });
    expect(state.colleagueRequest?.colleague).not.toHaveProperty('tenantId');
  });

  it('takes someone with a coordinator’s object id in another tenant for another person, and asks them', () => {
    const annaInB: Actor = { ...ANNA, tenantId: TENANT_B };
    const { state } = applied(acceptInvite(invited(), annaInB, EMAIL, INSTALL)!);
    expect(state.colleagueRequest?.colleague).toMatchObject({ aadObjectId: ANNA.aadObjectId, tenantId: TENANT_B, principal: 'kommun' });
  });

  it('takes training from the invite, and a SIP case’s invitee is never trained', () => {
    expect(applied(acceptInvite(invited({}, false), EVA, EMAIL, INSTALL)!).state.colleagueRequest?.colleague.trained).toBe(false);
    expect(applied(acceptInvite(invited({}, true), EVA, EMAIL, INSTALL)!).state.colleagueRequest?.colleague.trained).toBe(true);
    const sip = ok(inviteColleague(alone({ kind: 'sip', code: 'SIP-2026-0001', targetGroup: undefined }), EMAIL, true, ANNA, LATER));
    expect(applied(acceptInvite(sip, EVA, EMAIL, INSTALL)!).state.colleagueRequest?.colleague.trained).toBe(false);
  });

  it('asks for the principal of the invite: region when kommun invited', () => {
    const c = ok(inviteColleague(alone({ creator: { ...ANNA, principal: 'kommun', trained: true } }), EMAIL, true, ANNA, LATER));
    const { state, audit } = applied(acceptInvite(c, EVA, EMAIL, INSTALL)!);
    expect(state.colleagueRequest?.colleague.principal).toBe('region');
    expect(audit.map((e) => e.detail)).toEqual(['region']);
  });

  it('goes on from the rev of a request declined earlier, so its card stays out of date', () => {
    const asked = alone({ colleague: { ...BJORN, trained: false }, consent: { status: 'notYet' } });
    const declined = ok(declineRequest(asked, { rev: 0, reason: 'Inte min enhet' }, BJORN, LATER));
    expect(declined.colleagueRequest?.rev).toBe(1);
    const c = ok(inviteColleague(declined, EMAIL, false, ANNA, LATER));
    const { state } = applied(acceptInvite(c, EVA, EMAIL, INSTALL)!);
    expect(state.colleagueRequest).toMatchObject({ colleague: { aadObjectId: EVA.aadObjectId, trained: false }, status: 'pending', rev: 2 });
    expect(state.colleagueRequest?.declineReason).toBeUndefined();
    expect(state.colleagueRequest?.declineNoticePending).toBeUndefined();
  });

  it('is undefined a second time: the invite has done its work', () => {
    const once = ok(acceptInvite(invited(), EVA, EMAIL, INSTALL)!);
    expect(acceptInvite(once, EVA, EMAIL, INSTALL)).toBeUndefined();
  });

  it('does not change the state it was given', () => {
    const before = invited();
    const snapshot = structuredClone(before);
    applied(acceptInvite(before, EVA, EMAIL, INSTALL)!);
    expect(before).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------
// createCase with an invite, and addCoordinator after one
// ---------------------------------------------------------------------------------------------

describe('createCase with a colleague invited by address', () => {
  it('opens the case waiting for the invitee, audited with the principal only', () => {
    const { state, audit } = created(createCase(input({ colleagueInvite: { email: EMAIL, trained: true } }), CLOCK));
    expect(state.colleagueInvite).toEqual({ email: EMAIL, principal: 'kommun', trained: true, invitedBy: actorOnly(ANNA), at: CLOCK.now.toISOString() });
    expect(state.coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId]);
    expect(state).not.toHaveProperty('colleagueRequest');
    expect(audit).toEqual([ev('case.created', ANNA, CLOCK), ev('case.colleagueInvited', ANNA, CLOCK, 'kommun')]);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
  });

  it('invites region for a kommun creator, keeps the creator’s tenant, and never marks a SIP invitee trained', () => {
    const kommunInB = { ...ANNA, tenantId: TENANT_B, principal: 'kommun' as const, trained: true };
    const fromB = created(createCase(input({ creator: kommunInB, colleagueInvite: { email: EMAIL, trained: true } }), CLOCK));
    expect(fromB.state.colleagueInvite).toMatchObject({ principal: 'region', trained: true, invitedBy: byOf({ ...ANNA, tenantId: TENANT_B }) });
    expect(fromB.audit[1]).toEqual(evt('case.colleagueInvited', { ...ANNA, tenantId: TENANT_B }, CLOCK, 'region'));
    const sip = created(createCase(input({ kind: 'sip', code: 'SIP-2026-0001', targetGroup: undefined, colleagueInvite: { email: EMAIL, trained: true } }), CLOCK));
    expect(sip.state.colleagueInvite?.trained).toBe(false);
  });

  it('invites without consent too: the invitee is asked when they come', () => {
    const { state } = created(createCase(input({ consent: { status: 'notYet' }, colleagueInvite: { email: EMAIL, trained: false } }), CLOCK));
    expect(state.colleagueInvite?.email).toBe(EMAIL);
    expect(state.colleagueRequest).toBeUndefined();
    expect(applied(acceptInvite(state, EVA, EMAIL, INSTALL)!).state.colleagueRequest?.status).toBe('pending');
  });

  it('refuses a form with both a picked colleague and an invite, on the e-mail field', () => {
    const both = input({ colleague: { ...BJORN, trained: false }, colleagueInvite: { email: EMAIL, trained: true } });
    expect(newCaseProblems(both, CLOCK)).toContainEqual({ field: 'colleagueEmail', kind: 'colleagueTwice' });
    const result = createCase(both, CLOCK);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual({ field: 'colleagueEmail', kind: 'colleagueTwice' });
    // Either one alone is fine.
    expect(newCaseProblems(input({ colleague: { ...BJORN, trained: false } }), CLOCK)).toEqual([]);
    expect(newCaseProblems(input({ colleagueInvite: { email: EMAIL, trained: true } }), CLOCK)).toEqual([]);
  });
});

describe('addCoordinator on a case with an invite', () => {
  it('clears the invite when the colleague is picked after all, with consent', () => {
    const { state } = applied(addCoordinator(invited(), { ...BJORN, trained: false }, ANNA, INSTALL));
    expect(state.coordinators.map((x) => x.aadObjectId)).toEqual([ANNA.aadObjectId, BJORN.aadObjectId]);
    expect(state.colleagueInvite).toBeUndefined();
    expect(acceptInvite(state, EVA, EMAIL, INSTALL)).toBeUndefined();
  });

  it('clears the invite when the colleague picked is asked, without consent', () => {
    const c = invited({ consent: { status: 'notYet' } });
    expect(c.colleagueInvite).toBeDefined();
    const { state } = applied(addCoordinator(c, { ...BJORN, trained: false }, ANNA, INSTALL));
    expect(state.colleagueRequest?.colleague.aadObjectId).toBe(BJORN.aadObjectId);
    expect(state.colleagueInvite).toBeUndefined();
  });
});
