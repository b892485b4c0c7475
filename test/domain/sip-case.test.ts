import { describe, expect, it } from 'vitest';
import { addCoordinator, advancePhase, closeCase, createCase, newCaseProblems, returnToPhase, type CreateResult, type NewCaseInput } from '../../src/domain/case-commands';
import type { CaseState, TargetGroup } from '../../src/domain/case-model';
import { caseKind, trainingMissing } from '../../src/domain/case-rules';
import { planMeeting } from '../../src/domain/sip-commands';
import { actorOnly, applied, ev, expectNoText, ok } from '../support/domain-helpers';
import { ANNA, BJORN, CLOCK, LATER, MET, PNR, TENANT } from '../support/sample-case';

// Basnivå i samverkan is what every unit of both principals always does once a need exists
// (000:22-35); vård- och stödsamordning is an optional layer on top (000:48). A SIP case is the
// first without the second: no target group, no training rule, no phases.

const CREATOR = { ...ANNA, principal: 'region' as const, unit: 'Vårdcentralen Norr', trained: true };
const COLLEAGUE = { aadObjectId: BJORN.aadObjectId, name: BJORN.name, trained: true };
const CONSENT = { status: 'given' as const, form: 'written' as const, scope: 'SIP med region och kommun', validUntil: '2027-06-30' };
const NOT_MET: TargetGroup = { ...MET, highConsumer: false };

function input(patch: Partial<NewCaseInput> = {}): NewCaseInput {
  return { tenantId: TENANT, code: 'SIP-2026-0001', kind: 'sip', creator: CREATOR, colleague: COLLEAGUE, consent: CONSENT, ...patch };
}

function created(result: CreateResult): CaseState {
  if (!result.ok) throw new Error(`expected a case, got ${JSON.stringify(result.problems)}`);
  return result.state;
}

const sipCase = (): CaseState => created(createCase(input(), CLOCK));

describe('a SIP case', () => {
  it('is stored as a SIP case, with no target group and no one marked trained', () => {
    const c = sipCase();
    expect(c.kind).toBe('sip');
    expect(caseKind(c)).toBe('sip');
    expect(c).not.toHaveProperty('targetGroup');
    expect(c.coordinators.map((x) => x.trained)).toEqual([false, false]);
    expect(trainingMissing(c)).toBe(false);
  });

  it('asks nothing about the target group: criteria a form sent are neither checked nor kept', () => {
    expect(newCaseProblems(input({ targetGroup: NOT_MET }), CLOCK)).toEqual([]);
    expect(created(createCase(input({ targetGroup: { ...NOT_MET, notMetReason: `Skäl ${PNR}` } }), CLOCK))).not.toHaveProperty('targetGroup');
  });

  it('has no phases: moving on or back is refused and changes nothing', () => {
    const c = sipCase();
    expect(advancePhase(c, { from: 'initiering', to: 'kartlaggning' }, ANNA, LATER)).toEqual({ ok: false, error: 'noPhases' });
    expect(returnToPhase({ ...c, phase: 'kartlaggning' }, { from: 'kartlaggning', to: 'initiering', reason: 'Återfall' }, ANNA, LATER)).toEqual({ ok: false, error: 'noPhases' });
  });

  it('closes with why the SIP ends, and cancels the meetings still planned', () => {
    const c = ok(planMeeting(sipCase(), { date: '2026-12-14', time: '13:00', durationMinutes: 60, form: 'teams', purpose: 'Samordna insatser', invited: ['personen', 'region', 'kommun'] }, ANNA, CLOCK));
    const { state, audit } = applied(closeCase(c, { reason: '  Insatserna är avslutade  ' }, BJORN, LATER));
    expect(state.phase).toBe('avslutat');
    // No VoSS condition (003:114) and no one to hand the SIP to: the case is the SIP.
    expect(state.closure).toEqual({ reason: 'Insatserna är avslutade', at: LATER.now.toISOString(), by: actorOnly(BJORN) });
    expect(state.sipMeetings?.map((m) => [m.id, m.status, m.cancelReason])).toEqual([['M1', 'cancelled', 'Insatserna är avslutade']]);
    expect(audit).toEqual([ev('case.closed', BJORN, LATER), ev('sip.meetingCancelled', BJORN, LATER, 'M1')]);
    expectNoText(audit, 'Insatserna');
  });

  it.each([undefined, '', '  '])('will not close without why the SIP ends (%j)', (reason) => {
    expect(closeCase(sipCase(), { reason }, ANNA, LATER)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } });
  });

  it('checks the reason for a personnummer', () => {
    expect(closeCase(sipCase(), { reason: `Avslut ${PNR}` }, ANNA, LATER)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'personnummer' } });
  });

  it('a VoSS early reason sent with it is not asked and not kept', () => {
    const { state } = applied(closeCase(sipCase(), { reason: 'Personen flyttar', early: 'moves' }, ANNA, LATER));
    expect(state.closure).not.toHaveProperty('early');
  });
});

describe('a VoSS case', () => {
  const vss = (patch: Partial<NewCaseInput> = {}) => createCase(input({ code: 'VSS-2026-0001', kind: 'vss', targetGroup: MET, ...patch }), CLOCK);

  it('keeps its kind, target group and training', () => {
    const c = created(vss());
    expect(c.kind).toBe('vss');
    expect(c.targetGroup).toEqual(MET);
    expect(c.coordinators.map((x) => x.trained)).toEqual([true, true]);
  });

  it('is what a case stored before SIP cases is', () => {
    const { kind: _kind, ...old } = created(vss());
    expect(caseKind(old as CaseState)).toBe('vss');
    expect(advancePhase(old, { from: 'initiering', to: 'kartlaggning' }, ANNA, LATER).ok).toBe(true);
  });

  it('under Göteborg\'s routine (000:72) asks for a reason unless both criteria hold', () => {
    const goteborg = (disabilityOrAddiction: boolean, needsBothPrincipals: boolean): TargetGroup => ({ profile: 'goteborg', disabilityOrAddiction, needsBothPrincipals });
    expect(newCaseProblems(input({ kind: 'vss', targetGroup: goteborg(true, true) }), CLOCK)).toEqual([]);
    expect(newCaseProblems(input({ kind: 'vss', targetGroup: goteborg(true, false) }), CLOCK)).toEqual([{ field: 'notMetReason', kind: 'required' }]);
    const c = created(vss({ targetGroup: { ...goteborg(false, true), notMetReason: 'Behoven är stora ändå' } }));
    expect(c.targetGroup).toEqual({ profile: 'goteborg', disabilityOrAddiction: false, needsBothPrincipals: true, notMetReason: 'Behoven är stora ändå' });
  });

  it('where the deployment has no target group (none), opens with none', () => {
    const c = created(vss({ targetGroup: undefined }));
    expect(c).not.toHaveProperty('targetGroup');
    expect(c.kind).toBe('vss');
  });

  it('with the target group not met still needs the reason', () => {
    expect(newCaseProblems(input({ kind: 'vss', targetGroup: NOT_MET }), CLOCK)).toEqual([{ field: 'notMetReason', kind: 'required' }]);
  });
});

describe('no one is marked trained in a SIP case', () => {
  it('not a colleague asked before consent, nor one added later with the toggle on', () => {
    const asked = created(createCase(input({ consent: { status: 'notYet' } }), CLOCK));
    expect(asked.colleagueRequest?.colleague.trained).toBe(false);
    const alone = created(createCase(input({ colleague: undefined }), CLOCK));
    const added = ok(addCoordinator(alone, { aadObjectId: BJORN.aadObjectId, name: BJORN.name, trained: true }, ANNA, LATER));
    expect(added.coordinators.map((x) => x.trained)).toEqual([false, false]);
  });
});
