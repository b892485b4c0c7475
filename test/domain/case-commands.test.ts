import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASELINE_ITEMS, PHASES, type Actor, type BaselineItemId, type CaseState, type Phase, type TargetGroup } from '../../src/domain/case-model';
import {
  advancePhase,
  answerNeed,
  closeCase,
  createCase,
  linkChat,
  markCoordinatorNotified,
  newCaseProblems,
  setBaselineItem,
  TEXT_LIMITS,
  viewed,
  type CaseError,
  type Change,
  type Clock,
  type CreateResult,
  type FieldProblem,
  type NewCaseInput,
} from '../../src/domain/case-commands';
import { baselineProgress } from '../../src/domain/case-rules';
import { actorOnly, applied, closed, expectNoText, stringsIn, yesCase } from '../support/domain-helpers';
import { ANNA, BJORN, TENANT, PNR, clockAt, CLOCK, LATER, MET, OUTSIDER } from '../support/sample-case';

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

const CHAT = '19:abc123@thread.v2';
const OTHER_CHAT = '19:def456@thread.v2';

const CREATOR = { ...ANNA, principal: 'region' as const, unit: '  Psykiatriska mottagningen  ', trained: true };
/** Picked from the directory: known by AAD id and name, no Teams user id until they use the bot. */
const COLLEAGUE = { aadObjectId: BJORN.aadObjectId, name: BJORN.name, trained: false };

const NOT_MET: TargetGroup = { ...MET, highConsumer: false };

function input(patch: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    tenantId: TENANT,
    code: 'VSS-2026-0042',
    nickname: 'AB',
    creator: CREATOR,
    colleague: COLLEAGUE,
    targetGroup: MET,
    consent: { status: 'given', form: 'written', scope: 'SIP med region och kommun', validUntil: '2027-06-30' },
    ...patch,
  };
}

function created(result: CreateResult): CaseState {
  if (!result.ok) throw new Error(`expected the case to be created, got ${JSON.stringify(result.problems)}`);
  return result.state;
}

function problemsOf(result: CreateResult): readonly FieldProblem[] {
  if (result.ok) throw new Error('expected createCase to refuse the input');
  expect(result).not.toHaveProperty('state');
  return result.problems;
}

function problemFor(result: CreateResult, field: FieldProblem['field']): FieldProblem | undefined {
  return problemsOf(result).find((p) => p.field === field);
}

/** A case as createCase makes it, with Anna (region) and Björn (kommun, not yet told). */
function newCase(): CaseState {
  return created(createCase(input(), CLOCK));
}

/** A case where B1 says the other principal is needed, so B2–B8 are open. */
const openCase = (): CaseState => yesCase(newCase());

const closedCase = (): CaseState => closed(openCase());

/** What an audit event's detail may be: a fixed code, never typed text. */
const FIXED_DETAIL = /^(B[1-8]:(notStarted|done|notApplicable)|B1:(yes|no)|kartlaggning|resursgrupp|uppfoljning|declines|moves|died|other)$/;

// ---------------------------------------------------------------------------------------------
// createCase
// ---------------------------------------------------------------------------------------------

describe('createCase', () => {
  describe('a valid case', () => {
    it('normalises the code to upper case and trims the texts', () => {
      const c = created(createCase(input({ code: '  vss-2026-0042 ', nickname: '  AB  ' }), CLOCK));
      expect(c.code).toBe('VSS-2026-0042');
      expect(c.nickname).toBe('AB');
      expect(c.tenantId).toBe(TENANT);
    });

    it('starts in initiering at version 1 with an untouched baseline', () => {
      const c = newCase();
      expect(c.phase).toBe('initiering');
      expect(c.version).toBe(1);
      expect(c.createdAt).toBe(CLOCK.now.toISOString());
      expect(c.updatedAt).toBe(CLOCK.now.toISOString());
      expect(c.createdBy).toEqual(actorOnly(ANNA));
      expect(c.linkedChatIds).toEqual([]);
      expect(c.closure).toBeUndefined();
      expect(c.baseline.need).toBeUndefined();
      expect(Object.keys(c.baseline.items).sort()).toEqual([...BASELINE_ITEMS]);
      for (const id of BASELINE_ITEMS) expect(c.baseline.items[id]).toEqual({ status: 'notStarted', rev: 0 });
      expect(baselineProgress(c)).toEqual({ done: 0, total: 8, noNeed: false, complete: false });
    });

    it('adds the creator and the colleague, who gets the other principal and a pending notice', () => {
      const c = newCase();
      expect(c.coordinators).toHaveLength(2);
      const [creator, colleague] = c.coordinators;
      expect(creator).toEqual({
        aadObjectId: ANNA.aadObjectId,
        userId: ANNA.userId,
        name: ANNA.name,
        principal: 'region',
        unit: 'Psykiatriska mottagningen',
        trained: true,
        addedAt: CLOCK.now.toISOString(),
      });
      expect(creator?.noticePending).toBeUndefined();
      expect(colleague).toEqual({
        aadObjectId: BJORN.aadObjectId,
        userId: undefined,
        name: BJORN.name,
        principal: 'kommun',
        unit: undefined,
        trained: false,
        addedAt: CLOCK.now.toISOString(),
        noticePending: true,
      });
    });

    it('gives the colleague region when the creator is from kommun', () => {
      const c = created(createCase(input({ creator: { ...CREATOR, principal: 'kommun' } }), CLOCK));
      expect(c.coordinators.map((x) => x.principal)).toEqual(['kommun', 'region']);
    });

    it('may be created without a colleague, nickname or unit', () => {
      const c = created(createCase(input({ colleague: undefined, nickname: '   ', creator: { ...CREATOR, unit: '' } }), CLOCK));
      expect(c.coordinators).toHaveLength(1);
      expect(c.nickname).toBeUndefined();
      expect(c.coordinators[0]?.unit).toBeUndefined();
    });

    it('records one case.created event by the creator with no free text in it', () => {
      const result = createCase(
        input({
          nickname: 'Smeknamnet',
          creator: { ...CREATOR, unit: 'Enhetsnamnet' },
          targetGroup: { ...NOT_MET, notMetReason: 'Skälet att gå vidare' },
          consent: { status: 'given', form: 'oral', scope: 'Omfattningen av samtycket', validUntil: '2027-06-30' },
        }),
        CLOCK,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.audit).toEqual([{ action: 'case.created', at: CLOCK.now.toISOString(), by: actorOnly(ANNA), detail: undefined }]);
      // Only the actor's identity: not principal, unit or training.
      expect(Object.keys(result.audit[0]?.by ?? {}).sort()).toEqual(['aadObjectId', 'name', 'userId']);
      expectNoText(result.audit, 'Smeknamnet', 'Enhetsnamnet', 'Skälet att gå vidare', 'Omfattningen av samtycket', 'VSS-2026-0042');
    });

    it('copies the consent when given, trimmed', () => {
      const c = created(createCase(input({ consent: { status: 'given', form: 'oral', scope: '  Delning med kommunen ', validUntil: ' 2027-01-31 ' } }), CLOCK));
      // Recorded by the creator, when the case was opened: the first rev of the consent.
      const recordedBy = { aadObjectId: CREATOR.aadObjectId, userId: CREATOR.userId, name: CREATOR.name };
      expect(c.consent).toEqual({ status: 'given', form: 'oral', scope: 'Delning med kommunen', validUntil: '2027-01-31', rev: 1, recordedAt: CLOCK.now.toISOString(), recordedBy });
    });
  });

  describe('code', () => {
    it.each(['', '   '])('is required (%j)', (code) => {
      expect(problemsOf(createCase(input({ code }), CLOCK))).toEqual([{ field: 'code', kind: 'required' }]);
    });

    it.each(['ab', '-ABC', 'VSS 2026', 'VSS_2026', 'Å-2026', 'A'.repeat(25)])('refuses an invalid code %j with one problem', (code) => {
      expect(problemsOf(createCase(input({ code }), CLOCK))).toEqual([{ field: 'code', kind: 'invalid' }]);
    });

    it.each([PNR, '191212121212', '121212-1212', '1212121212', 'vss-19121212-1212'])('refuses a personnummer as a code (%s)', (code) => {
      expect(problemsOf(createCase(input({ code }), CLOCK))).toEqual([{ field: 'code', kind: 'personnummer' }]);
    });

    it('refuses a personnummer written with "+" as a code (reported as invalid, since "+" cannot be in a code)', () => {
      const problems = problemsOf(createCase(input({ code: '121212+1212' }), CLOCK));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe('code');
      expect(['invalid', 'personnummer']).toContain(problems[0]?.kind);
    });

    it('refuses a personnummer typed with full-width digits, which would normalise into a valid code', () => {
      expect(problemsOf(createCase(input({ code: '１９１２１２１２－１２１２' }), CLOCK))).toEqual([{ field: 'code', kind: 'personnummer' }]);
    });
  });

  describe('nickname and unit', () => {
    it('refuses a nickname with a personnummer', () => {
      expect(problemsOf(createCase(input({ nickname: `AB ${PNR}`.slice(0, 20) }), CLOCK))).toEqual([{ field: 'nickname', kind: 'personnummer' }]);
      expect(problemsOf(createCase(input({ nickname: '1212121212' }), CLOCK))).toEqual([{ field: 'nickname', kind: 'personnummer' }]);
    });

    it(`allows a nickname up to ${TEXT_LIMITS.nickname} characters`, () => {
      const atLimit = 'å'.repeat(TEXT_LIMITS.nickname);
      expect(created(createCase(input({ nickname: ` ${atLimit} ` }), CLOCK)).nickname).toBe(atLimit);
      expect(problemsOf(createCase(input({ nickname: `${atLimit}x` }), CLOCK))).toEqual([{ field: 'nickname', kind: 'tooLong', limit: TEXT_LIMITS.nickname }]);
    });

    it(`allows a unit up to ${TEXT_LIMITS.unit} characters`, () => {
      const atLimit = 'u'.repeat(TEXT_LIMITS.unit);
      expect(created(createCase(input({ creator: { ...CREATOR, unit: atLimit } }), CLOCK)).coordinators[0]?.unit).toBe(atLimit);
      expect(problemsOf(createCase(input({ creator: { ...CREATOR, unit: `${atLimit}u` } }), CLOCK))).toEqual([{ field: 'unit', kind: 'tooLong', limit: TEXT_LIMITS.unit }]);
    });

    it('refuses a unit with a personnummer', () => {
      expect(problemsOf(createCase(input({ creator: { ...CREATOR, unit: `Enhet ${PNR}` } }), CLOCK))).toEqual([{ field: 'unit', kind: 'personnummer' }]);
    });
  });

  describe('colleague', () => {
    it('must be someone other than the creator', () => {
      const colleague = { aadObjectId: ANNA.aadObjectId, name: 'Anna igen', trained: true };
      expect(problemsOf(createCase(input({ colleague }), CLOCK))).toEqual([{ field: 'colleague', kind: 'sameAsCreator' }]);
    });

    it('must be of the other principal when their organisation says which they are (one from each, 003:88)', () => {
      const region = { aadObjectId: 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b', tenantId: '7b1e2d3c-4a5f-4e6d-8c7b-1a2b3c4d5e6f', trained: false };
      const creator = input().creator;
      expect(problemsOf(createCase(input({ colleague: { ...region, principal: creator.principal } }), CLOCK))).toEqual([{ field: 'colleague', kind: 'samePrincipal' }]);
      expect(createCase(input({ colleague: { ...region, principal: creator.principal === 'region' ? 'kommun' : 'region' } }), CLOCK).ok).toBe(true);
    });
  });

  describe('target group', () => {
    it('needs a reason when the criteria are not met', () => {
      expect(problemsOf(createCase(input({ targetGroup: NOT_MET }), CLOCK))).toEqual([{ field: 'notMetReason', kind: 'required' }]);
      expect(problemsOf(createCase(input({ targetGroup: { ...NOT_MET, notMetReason: '  \n ' } }), CLOCK))).toEqual([{ field: 'notMetReason', kind: 'required' }]);
    });

    it('keeps the reason, trimmed, when the criteria are not met', () => {
      const c = created(createCase(input({ targetGroup: { ...NOT_MET, notMetReason: '  Stort behov ändå  ' } }), CLOCK));
      expect(c.targetGroup).toEqual({ ...NOT_MET, notMetReason: 'Stort behov ändå' });
    });

    it('drops the reason when the criteria are met', () => {
      const c = created(createCase(input({ targetGroup: { ...MET, notMetReason: 'Överbliven text' } }), CLOCK));
      expect(c.targetGroup?.notMetReason).toBeUndefined();
      expect(c.targetGroup).toEqual(MET);
    });

    it('checks the reason for a personnummer and its length', () => {
      expect(problemFor(createCase(input({ targetGroup: { ...NOT_MET, notMetReason: `Gäller ${PNR}` } }), CLOCK), 'notMetReason')).toEqual({
        field: 'notMetReason',
        kind: 'personnummer',
      });
      expect(problemFor(createCase(input({ targetGroup: { ...NOT_MET, notMetReason: 'x'.repeat(TEXT_LIMITS.reason + 1) } }), CLOCK), 'notMetReason')).toEqual({
        field: 'notMetReason',
        kind: 'tooLong',
        limit: TEXT_LIMITS.reason,
      });
      expect(created(createCase(input({ targetGroup: { ...NOT_MET, notMetReason: 'x'.repeat(TEXT_LIMITS.reason) } }), CLOCK)).targetGroup?.notMetReason).toHaveLength(
        TEXT_LIMITS.reason,
      );
    });
  });

  describe('consent', () => {
    it('needs form, scope and validUntil when given', () => {
      expect(problemsOf(createCase(input({ consent: { status: 'given' } }), CLOCK))).toEqual([
        { field: 'consentForm', kind: 'required' },
        { field: 'consentScope', kind: 'required' },
        { field: 'consentValidUntil', kind: 'required' },
      ]);
      expect(problemsOf(createCase(input({ consent: { status: 'given', form: 'oral', scope: '  ', validUntil: ' ' } }), CLOCK))).toEqual([
        { field: 'consentScope', kind: 'required' },
        { field: 'consentValidUntil', kind: 'required' },
      ]);
    });

    it.each(['2026-02-30', '2027-02-29', '2027-13-01', '2027-00-10', '2027-6-30', '30/6 2027', '2027-06-30T00:00:00Z', 'snart'])(
      'refuses validUntil %j as invalid',
      (validUntil) => {
        const result = createCase(input({ consent: { status: 'given', form: 'written', scope: 'SIP', validUntil } }), CLOCK);
        expect(problemsOf(result)).toEqual([{ field: 'consentValidUntil', kind: 'invalid' }]);
      },
    );

    it('accepts a leap day', () => {
      const c = created(createCase(input({ consent: { status: 'given', form: 'written', scope: 'SIP', validUntil: '2028-02-29' } }), CLOCK));
      expect(c.consent.validUntil).toBe('2028-02-29');
    });

    const untilAt = (validUntil: string, now: string) =>
      createCase(input({ consent: { status: 'given', form: 'written', scope: 'SIP', validUntil } }), clockAt(now));

    it('refuses a validUntil in the past and accepts today', () => {
      expect(problemsOf(untilAt('2026-11-22', '2026-11-23T09:00:00Z'))).toEqual([{ field: 'consentValidUntil', kind: 'past' }]);
      expect(untilAt('2026-11-23', '2026-11-23T09:00:00Z').ok).toBe(true);
      expect(untilAt('2026-11-24', '2026-11-23T09:00:00Z').ok).toBe(true);
    });

    it('judges "past" by the date in Stockholm, not in UTC (winter, UTC+1)', () => {
      // 23:30 UTC on 23 November is already 00:30 on 24 November in Stockholm.
      expect(problemsOf(untilAt('2026-11-23', '2026-11-23T23:30:00Z'))).toEqual([{ field: 'consentValidUntil', kind: 'past' }]);
      expect(untilAt('2026-11-24', '2026-11-23T23:30:00Z').ok).toBe(true);
      // One second before midnight in Stockholm it is still the 23rd.
      expect(untilAt('2026-11-23', '2026-11-23T22:59:59Z').ok).toBe(true);
      expect(untilAt('2026-11-23', '2026-11-23T23:00:00Z').ok).toBe(false);
    });

    it('judges "past" by the date in Stockholm in summer time too (UTC+2)', () => {
      expect(untilAt('2026-06-30', '2026-06-30T21:59:59Z').ok).toBe(true);
      expect(problemsOf(untilAt('2026-06-30', '2026-06-30T22:00:00Z'))).toEqual([{ field: 'consentValidUntil', kind: 'past' }]);
    });

    it('checks the scope for a personnummer and its length', () => {
      const scoped = (scope: string) => createCase(input({ consent: { status: 'given', form: 'written', scope, validUntil: '2027-06-30' } }), CLOCK);
      expect(problemsOf(scoped(`Delning om ${PNR}`))).toEqual([{ field: 'consentScope', kind: 'personnummer' }]);
      expect(problemsOf(scoped('s'.repeat(TEXT_LIMITS.consentScope + 1)))).toEqual([{ field: 'consentScope', kind: 'tooLong', limit: TEXT_LIMITS.consentScope }]);
      expect(scoped('s'.repeat(TEXT_LIMITS.consentScope)).ok).toBe(true);
    });

    it('drops form, scope and validUntil when consent is not yet given, and does not judge the date', () => {
      const c = created(createCase(input({ consent: { status: 'notYet', form: 'oral', scope: 'Något', validUntil: '2020-01-01' } }), CLOCK));
      expect(c.consent).toEqual({ status: 'notYet' });
      expect(Object.keys(c.consent)).toEqual(['status']);
    });
  });

  it('checks a form without a code as createCase checks it with one, so a refused form needs no number', () => {
    const { code: _code, ...form } = input({ nickname: `X ${PNR}`, targetGroup: NOT_MET, consent: { status: 'given', form: 'oral', scope: 'SIP', validUntil: '2026-11-22' } });
    expect(newCaseProblems(form, CLOCK)).toEqual(problemsOf(createCase(input({ ...form }), CLOCK)));
    expect(newCaseProblems(form, CLOCK).map((p) => p.field)).toEqual(['nickname', 'notMetReason', 'consentValidUntil']);
    const { code: _c, ...good } = input();
    expect(newCaseProblems(good, CLOCK)).toEqual([]);
  });

  it('reports every problem at once, one per field, in the order of the form', () => {
    const result = createCase(
      {
        tenantId: TENANT,
        code: 'ab',
        nickname: `X ${PNR}`,
        creator: { ...CREATOR, unit: 'u'.repeat(TEXT_LIMITS.unit + 1) },
        colleague: { aadObjectId: CREATOR.aadObjectId, trained: false },
        targetGroup: { ...MET, adult: false },
        consent: { status: 'given' },
      },
      CLOCK,
    );
    expect(problemsOf(result)).toEqual([
      { field: 'code', kind: 'invalid' },
      { field: 'nickname', kind: 'personnummer' },
      { field: 'unit', kind: 'tooLong', limit: TEXT_LIMITS.unit },
      { field: 'colleague', kind: 'sameAsCreator' },
      { field: 'notMetReason', kind: 'required' },
      { field: 'consentForm', kind: 'required' },
      { field: 'consentScope', kind: 'required' },
      { field: 'consentValidUntil', kind: 'required' },
    ]);
  });

  it('reports a personnummer code, a past date and an invalid date alongside other problems', () => {
    expect(problemsOf(createCase(input({ code: PNR, nickname: 'n'.repeat(21), consent: { status: 'given', form: 'oral', scope: 'SIP', validUntil: '2026-11-22' } }), CLOCK))).toEqual([
      { field: 'code', kind: 'personnummer' },
      { field: 'nickname', kind: 'tooLong', limit: TEXT_LIMITS.nickname },
      { field: 'consentValidUntil', kind: 'past' },
    ]);
    expect(problemsOf(createCase(input({ code: '', consent: { status: 'given', form: 'oral', scope: 'SIP', validUntil: '2026-02-30' } }), CLOCK))).toEqual([
      { field: 'code', kind: 'required' },
      { field: 'consentValidUntil', kind: 'invalid' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// setBaselineItem
// ---------------------------------------------------------------------------------------------

describe('setBaselineItem', () => {
  it('marks an item done: rev and version go up by one, with an audit code and no text', () => {
    const before = openCase();
    const { state, audit } = applied(setBaselineItem(before, { item: 'B3', status: 'done', rev: 0 }, BJORN, LATER));
    expect(state.baseline.items.B3).toEqual({ status: 'done', reason: undefined, by: actorOnly(BJORN), at: LATER.now.toISOString(), rev: 1 });
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(LATER.now.toISOString());
    expect(audit).toEqual([{ action: 'baseline.itemSet', at: LATER.now.toISOString(), by: actorOnly(BJORN), detail: 'B3:done' }]);
    // Nothing else changed.
    expect({ ...state, baseline: undefined, version: 0, updatedAt: '' }).toEqual({ ...before, baseline: undefined, version: 0, updatedAt: '' });
    for (const id of BASELINE_ITEMS.filter((x) => x !== 'B3')) expect(state.baseline.items[id]).toBe(before.baseline.items[id]);
    expect(state.baseline.need).toBe('yes');
  });

  it('does not change the state it was given', () => {
    const before = openCase();
    const snapshot = structuredClone(before);
    applied(setBaselineItem(before, { item: 'B3', status: 'done', rev: 0 }, BJORN, LATER));
    expect(before).toEqual(snapshot);
  });

  it('stores only the actor identity on the item', () => {
    const coordinatorAsActor: Actor = openCase().coordinators[0] as Actor; // carries principal, unit, trained
    const { state } = applied(setBaselineItem(openCase(), { item: 'B2', status: 'done', rev: 0 }, coordinatorAsActor, LATER));
    expect(Object.keys(state.baseline.items.B2.by ?? {}).sort()).toEqual(['aadObjectId', 'name', 'userId']);
  });

  it('ignores a reason for a done item', () => {
    const { state, audit } = applied(setBaselineItem(openCase(), { item: 'B5', status: 'done', reason: 'Onödig text', rev: 0 }, ANNA, LATER));
    expect(state.baseline.items.B5.reason).toBeUndefined();
    expectNoText(audit, 'Onödig text');
  });

  describe('not applicable', () => {
    it('stores the reason trimmed and keeps it out of the audit', () => {
      const reason = '  Personen har redan en fungerande SIP  ';
      const { state, audit } = applied(setBaselineItem(openCase(), { item: 'B4', status: 'notApplicable', reason, rev: 0 }, ANNA, LATER));
      expect(state.baseline.items.B4).toMatchObject({ status: 'notApplicable', reason: 'Personen har redan en fungerande SIP', rev: 1 });
      expect(audit.map((e) => e.detail)).toEqual(['B4:notApplicable']);
      expectNoText(audit, 'Personen har redan en fungerande SIP', 'fungerande');
    });

    it.each([undefined, '', '   \n'])('requires a reason (%j)', (reason) => {
      expect(setBaselineItem(openCase(), { item: 'B4', status: 'notApplicable', reason, rev: 0 }, ANNA, LATER)).toEqual({
        ok: false,
        error: 'reasonRequired',
        problem: { field: 'reason', kind: 'required' },
      });
    });

    it('refuses a reason with a personnummer', () => {
      expect(setBaselineItem(openCase(), { item: 'B4', status: 'notApplicable', reason: `Gäller ${PNR}`, rev: 0 }, ANNA, LATER)).toEqual({
        ok: false,
        error: 'reasonRequired',
        problem: { field: 'reason', kind: 'personnummer' },
      });
    });

    it(`refuses a reason over ${TEXT_LIMITS.reason} characters`, () => {
      const atLimit = 'r'.repeat(TEXT_LIMITS.reason);
      expect(setBaselineItem(openCase(), { item: 'B4', status: 'notApplicable', reason: `${atLimit}r`, rev: 0 }, ANNA, LATER)).toEqual({
        ok: false,
        error: 'reasonRequired',
        problem: { field: 'reason', kind: 'tooLong', limit: TEXT_LIMITS.reason },
      });
      expect(applied(setBaselineItem(openCase(), { item: 'B4', status: 'notApplicable', reason: atLimit, rev: 0 }, ANNA, LATER)).state.baseline.items.B4.reason).toBe(atLimit);
    });

    it('is a new change when the reason changes', () => {
      const first = applied(setBaselineItem(openCase(), { item: 'B4', status: 'notApplicable', reason: 'Skäl ett', rev: 0 }, ANNA, LATER)).state;
      const second = applied(setBaselineItem(first, { item: 'B4', status: 'notApplicable', reason: 'Skäl två', rev: 1 }, ANNA, LATER));
      expect(second.state.baseline.items.B4).toMatchObject({ reason: 'Skäl två', rev: 2 });
      expect(second.state.version).toBe(first.version + 1);
      expect(second.audit).toHaveLength(1);
    });
  });

  describe('no-op', () => {
    it('setting the same status again succeeds without an audit event or a new version', () => {
      const once = applied(setBaselineItem(openCase(), { item: 'B3', status: 'done', rev: 0 }, ANNA, LATER)).state;
      const again = setBaselineItem(once, { item: 'B3', status: 'done', rev: 1 }, BJORN, LATER);
      expect(again).toEqual({ ok: true, state: once, audit: [] });
      expect(applied(again).state).toBe(once);
    });

    it('setting notStarted on an untouched item is a no-op', () => {
      const c = openCase();
      expect(applied(setBaselineItem(c, { item: 'B6', status: 'notStarted', rev: 0 }, ANNA, LATER))).toEqual({ ok: true, state: c, audit: [] });
    });

    it('the same reason with other surrounding whitespace is a no-op', () => {
      const once = applied(setBaselineItem(openCase(), { item: 'B7', status: 'notApplicable', reason: 'Skäl', rev: 0 }, ANNA, LATER)).state;
      const again = applied(setBaselineItem(once, { item: 'B7', status: 'notApplicable', reason: '  Skäl \n', rev: 1 }, ANNA, LATER));
      expect(again.state).toBe(once);
      expect(again.audit).toEqual([]);
    });
  });

  it('can undo an item back to notStarted, as a new rev', () => {
    const once = applied(setBaselineItem(openCase(), { item: 'B3', status: 'done', rev: 0 }, ANNA, LATER)).state;
    const undone = applied(setBaselineItem(once, { item: 'B3', status: 'notStarted', rev: 1 }, ANNA, LATER));
    expect(undone.state.baseline.items.B3).toMatchObject({ status: 'notStarted', rev: 2 });
    expect(undone.audit.map((e) => e.detail)).toEqual(['B3:notStarted']);
    expect(undone.state.version).toBe(once.version + 1);
  });

  it('refuses a card that shows an older rev of the item', () => {
    const c = openCase();
    expect(setBaselineItem(c, { item: 'B3', status: 'done', rev: 1 }, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    const once = applied(setBaselineItem(c, { item: 'B3', status: 'done', rev: 0 }, ANNA, LATER)).state;
    // Björn's card still shows rev 0: it must not overwrite Anna's answer.
    expect(setBaselineItem(once, { item: 'B3', status: 'notApplicable', reason: 'Skäl', rev: 0 }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
    expect(setBaselineItem(once, { item: 'B3', status: 'done', rev: 0 }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
  });

  it('lets two coordinators tick different items from the same card: a change to B3 does not make B4 stale', () => {
    const card = openCase(); // both coordinators look at this state: every rev 0 except B1
    const afterAnna = applied(setBaselineItem(card, { item: 'B3', status: 'done', rev: card.baseline.items.B3.rev }, ANNA, LATER)).state;
    const afterBjorn = applied(setBaselineItem(afterAnna, { item: 'B4', status: 'done', rev: card.baseline.items.B4.rev }, BJORN, LATER));
    expect(afterBjorn.state.baseline.items.B3).toMatchObject({ status: 'done', rev: 1, by: actorOnly(ANNA) });
    expect(afterBjorn.state.baseline.items.B4).toMatchObject({ status: 'done', rev: 1, by: actorOnly(BJORN) });
    expect(afterBjorn.state.version).toBe(card.version + 2);
  });

  it.each(BASELINE_ITEMS.filter((id) => id !== 'B1') as Exclude<BaselineItemId, 'B1'>[])('refuses %s until B1 says the other principal is needed', (item) => {
    const fresh = newCase();
    expect(setBaselineItem(fresh, { item, status: 'done', rev: 0 }, ANNA, LATER)).toEqual({ ok: false, error: 'itemNotOpen' });
    const noNeed = applied(answerNeed(fresh, { need: 'no', reason: 'Bara regionen behövs', rev: 0 }, ANNA, LATER)).state;
    expect(setBaselineItem(noNeed, { item, status: 'done', rev: 0 }, ANNA, LATER)).toEqual({ ok: false, error: 'itemNotOpen' });
    const need = applied(answerNeed(fresh, { need: 'yes', rev: 0 }, ANNA, LATER)).state;
    expect(applied(setBaselineItem(need, { item, status: 'done', rev: 0 }, ANNA, LATER)).audit.map((e) => e.detail)).toEqual([`${item}:done`]);
  });

  it('refuses any change on a closed case', () => {
    const c = closedCase();
    expect(setBaselineItem(c, { item: 'B3', status: 'done', rev: 0 }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });
});

// ---------------------------------------------------------------------------------------------
// answerNeed (B1)
// ---------------------------------------------------------------------------------------------

describe('answerNeed', () => {
  it('"yes" marks B1 done and opens B2–B8', () => {
    const before = newCase();
    const { state, audit } = applied(answerNeed(before, { need: 'yes', reason: 'ignoreras', rev: 0 }, BJORN, LATER));
    expect(state.baseline.need).toBe('yes');
    expect(state.baseline.items.B1).toEqual({ status: 'done', reason: undefined, by: actorOnly(BJORN), at: LATER.now.toISOString(), rev: 1 });
    expect(state.version).toBe(before.version + 1);
    expect(audit).toEqual([{ action: 'baseline.needAnswered', at: LATER.now.toISOString(), by: actorOnly(BJORN), detail: 'B1:yes' }]);
    expect(baselineProgress(state)).toEqual({ done: 1, total: 8, noNeed: false, complete: false });
    expect(setBaselineItem(state, { item: 'B2', status: 'done', rev: 0 }, ANNA, LATER).ok).toBe(true);
  });

  it.each([undefined, '', '  '])('"no" requires a reason (%j)', (reason) => {
    expect(answerNeed(newCase(), { need: 'no', reason, rev: 0 }, ANNA, LATER)).toEqual({
      ok: false,
      error: 'reasonRequired',
      problem: { field: 'reason', kind: 'required' },
    });
  });

  it('"no" with a reason completes the checklist, keeps the reason out of the audit and leaves B2–B8 closed', () => {
    const { state, audit } = applied(answerNeed(newCase(), { need: 'no', reason: '  Kommunens insatser räcker  ', rev: 0 }, ANNA, LATER));
    expect(state.baseline.need).toBe('no');
    expect(state.baseline.items.B1).toMatchObject({ status: 'done', reason: 'Kommunens insatser räcker', rev: 1 });
    expect(audit.map((e) => e.detail)).toEqual(['B1:no']);
    expectNoText(audit, 'Kommunens insatser räcker', 'räcker');
    expect(baselineProgress(state)).toEqual({ done: 8, total: 8, noNeed: true, complete: true });
    expect(setBaselineItem(state, { item: 'B2', status: 'done', rev: 0 }, ANNA, LATER)).toEqual({ ok: false, error: 'itemNotOpen' });
  });

  it('checks the reason for a personnummer and its length', () => {
    expect(answerNeed(newCase(), { need: 'no', reason: `Se ${PNR}`, rev: 0 }, ANNA, LATER)).toEqual({
      ok: false,
      error: 'reasonRequired',
      problem: { field: 'reason', kind: 'personnummer' },
    });
    expect(answerNeed(newCase(), { need: 'no', reason: 'x'.repeat(TEXT_LIMITS.reason + 1), rev: 0 }, ANNA, LATER)).toEqual({
      ok: false,
      error: 'reasonRequired',
      problem: { field: 'reason', kind: 'tooLong', limit: TEXT_LIMITS.reason },
    });
  });

  it('refuses a stale rev of B1', () => {
    expect(answerNeed(newCase(), { need: 'yes', rev: 1 }, ANNA, LATER)).toEqual({ ok: false, error: 'stale' });
    const answered = openCase();
    expect(answerNeed(answered, { need: 'no', reason: 'Skäl', rev: 0 }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
  });

  it('the same answer again is a no-op', () => {
    const answered = openCase();
    expect(answerNeed(answered, { need: 'yes', rev: 1 }, BJORN, LATER)).toEqual({ ok: true, state: answered, audit: [] });
    const no = applied(answerNeed(newCase(), { need: 'no', reason: 'Skäl', rev: 0 }, ANNA, LATER)).state;
    expect(answerNeed(no, { need: 'no', reason: ' Skäl ', rev: 1 }, ANNA, LATER)).toEqual({ ok: true, state: no, audit: [] });
  });

  it('a new reason for "no" is a change, though the answer is the same', () => {
    const no = applied(answerNeed(newCase(), { need: 'no', reason: 'Skäl ett', rev: 0 }, ANNA, LATER)).state;
    const { state, audit } = applied(answerNeed(no, { need: 'no', reason: 'Skäl två', rev: 1 }, BJORN, LATER));
    expect(state.baseline.items.B1).toMatchObject({ status: 'done', reason: 'Skäl två', by: actorOnly(BJORN), rev: 2 });
    expect(state.version).toBe(no.version + 1);
    expect(audit.map((e) => e.detail)).toEqual(['B1:no']);
  });

  it('can change its mind: "no" then "yes" clears the reason and opens the items', () => {
    const no = applied(answerNeed(newCase(), { need: 'no', reason: 'Skäl', rev: 0 }, ANNA, LATER)).state;
    const { state } = applied(answerNeed(no, { need: 'yes', rev: 1 }, ANNA, LATER));
    expect(state.baseline.need).toBe('yes');
    expect(state.baseline.items.B1).toMatchObject({ status: 'done', reason: undefined, rev: 2 });
    expect(state.version).toBe(no.version + 1);
    expect(setBaselineItem(state, { item: 'B8', status: 'done', rev: 0 }, ANNA, LATER).ok).toBe(true);
  });

  it('refuses on a closed case', () => {
    expect(answerNeed(closedCase(), { need: 'no', reason: 'Skäl', rev: 1 }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });
});

// ---------------------------------------------------------------------------------------------
// advancePhase
// ---------------------------------------------------------------------------------------------

describe('advancePhase', () => {
  it('moves one phase at a time through the routine, recording the new phase', () => {
    let c = newCase();
    for (const [from, to] of [
      ['initiering', 'kartlaggning'],
      ['kartlaggning', 'resursgrupp'],
      ['resursgrupp', 'uppfoljning'],
    ] as const) {
      const change = applied(advancePhase(c, { from, to }, ANNA, LATER));
      expect(change.state.phase).toBe(to);
      expect(change.state.version).toBe(c.version + 1);
      expect(change.audit).toEqual([{ action: 'case.phaseChanged', at: LATER.now.toISOString(), by: actorOnly(ANNA), detail: to }]);
      c = change.state;
    }
    expect(c.version).toBe(4);
  });

  it('never moves to avslutat: closing is its own step', () => {
    const c = { ...newCase(), phase: 'uppfoljning' as const };
    expect(advancePhase(c, { from: 'uppfoljning', to: 'avslutat' }, ANNA, LATER)).toEqual({ ok: false, error: 'notNextPhase' });
    expect(advancePhase(newCase(), { from: 'initiering', to: 'avslutat' }, ANNA, LATER)).toEqual({ ok: false, error: 'notNextPhase' });
  });

  it.each<[Phase, Phase]>([
    ['initiering', 'resursgrupp'],
    ['initiering', 'uppfoljning'],
    ['initiering', 'initiering'],
  ])('refuses %s → %s', (from, to) => {
    expect(advancePhase(newCase(), { from, to }, ANNA, LATER)).toEqual({ ok: false, error: 'notNextPhase' });
  });

  it('refuses going back', () => {
    const c = applied(advancePhase(newCase(), { from: 'initiering', to: 'kartlaggning' }, ANNA, LATER)).state;
    expect(advancePhase(c, { from: 'kartlaggning', to: 'initiering' }, ANNA, LATER)).toEqual({ ok: false, error: 'notNextPhase' });
  });

  it('refuses a card that shows another phase, so a double press does not skip a phase', () => {
    const c = applied(advancePhase(newCase(), { from: 'initiering', to: 'kartlaggning' }, ANNA, LATER)).state;
    expect(advancePhase(c, { from: 'initiering', to: 'kartlaggning' }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
    expect(advancePhase(c, { from: 'resursgrupp', to: 'uppfoljning' }, BJORN, LATER)).toEqual({ ok: false, error: 'stale' });
  });

  it('refuses on a closed case', () => {
    expect(advancePhase(closedCase(), { from: 'avslutat', to: 'avslutat' }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
    expect(advancePhase(closedCase(), { from: 'initiering', to: 'kartlaggning' }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });
});

// ---------------------------------------------------------------------------------------------
// closeCase
// ---------------------------------------------------------------------------------------------

describe('closeCase', () => {
  it.each([undefined, '', ' \t '])('closing early for another reason requires it in words (%j)', (reason) => {
    expect(closeCase(openCase(), { reason, early: 'other' }, ANNA, LATER)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } });
  });

  it('checks the reason for a personnummer and its length', () => {
    expect(closeCase(openCase(), { reason: `Avslut för ${PNR}`, early: 'moves' }, ANNA, LATER)).toEqual({
      ok: false,
      error: 'reasonRequired',
      problem: { field: 'reason', kind: 'personnummer' },
    });
    expect(closeCase(openCase(), { reason: 'x'.repeat(TEXT_LIMITS.reason + 1), early: 'moves' }, ANNA, LATER)).toEqual({
      ok: false,
      error: 'reasonRequired',
      problem: { field: 'reason', kind: 'tooLong', limit: TEXT_LIMITS.reason },
    });
  });

  it('moves the case to avslutat and records the closure, but not the reason in the audit', () => {
    const before = applied(advancePhase(openCase(), { from: 'initiering', to: 'kartlaggning' }, ANNA, CLOCK)).state;
    const { state, audit } = applied(closeCase(before, { reason: '  Personen vill vänta  ', early: 'declines' }, BJORN, LATER));
    expect(state.phase).toBe('avslutat');
    expect(state.closure).toEqual({ reason: 'Personen vill vänta', at: LATER.now.toISOString(), by: actorOnly(BJORN), conditionMet: false, early: 'declines', sip: undefined });
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(LATER.now.toISOString());
    expect(audit).toEqual([{ action: 'case.closedEarly', at: LATER.now.toISOString(), by: actorOnly(BJORN), detail: 'declines' }]);
    expectNoText(audit, 'Personen vill vänta', 'vänta');
  });

  it('can close from any open phase', () => {
    for (const phase of PHASES.filter((p) => p !== 'avslutat')) {
      expect(applied(closeCase({ ...newCase(), phase }, { reason: 'Skäl', early: 'other' }, ANNA, LATER)).state.phase).toBe('avslutat');
    }
  });

  it('refuses to close twice, keeping the first closure', () => {
    const c = closedCase();
    expect(closeCase(c, { reason: 'Ett annat skäl' }, BJORN, LATER)).toEqual({ ok: false, error: 'caseClosed' });
    expect(c.closure?.reason).toBe('Personen vill inte längre ha samordning');
  });

  describe('a closed case is read-only', () => {
    const c = closedCase();
    const commands: [string, () => Change][] = [
      ['setBaselineItem', () => setBaselineItem(c, { item: 'B2', status: 'done', rev: c.baseline.items.B2.rev }, ANNA, LATER)],
      ['setBaselineItem notApplicable', () => setBaselineItem(c, { item: 'B5', status: 'notApplicable', reason: 'Skäl', rev: 0 }, ANNA, LATER)],
      ['answerNeed', () => answerNeed(c, { need: 'no', reason: 'Skäl', rev: c.baseline.items.B1.rev }, ANNA, LATER)],
      ['advancePhase', () => advancePhase(c, { from: c.phase, to: 'avslutat' }, ANNA, LATER)],
      ['closeCase', () => closeCase(c, { reason: 'Igen' }, ANNA, LATER)],
      ['linkChat', () => linkChat(c, CHAT, ANNA, LATER)],
    ];

    it.each(commands)('%s is refused with caseClosed', (_name, run) => {
      const snapshot = structuredClone(c);
      expect(run()).toEqual({ ok: false, error: 'caseClosed' });
      expect(c).toEqual(snapshot);
    });

    // A closed case is read-only for every command, including the notice bookkeeping.
    it('markCoordinatorNotified is refused with caseClosed too', () => {
      expect(c.coordinators[1]?.noticePending).toBe(true);
      expect(markCoordinatorNotified(c, BJORN, LATER)).toEqual({ ok: false, error: 'caseClosed' });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// linkChat
// ---------------------------------------------------------------------------------------------

describe('linkChat', () => {
  it('lets a coordinator link a chat, without the chat id in the audit', () => {
    const before = newCase();
    const { state, audit } = applied(linkChat(before, CHAT, BJORN, LATER));
    expect(state.linkedChatIds).toEqual([CHAT]);
    expect(state.version).toBe(before.version + 1);
    expect(audit).toEqual([{ action: 'case.chatLinked', at: LATER.now.toISOString(), by: actorOnly(BJORN), detail: undefined }]);
  });

  it('is idempotent: linking the same chat again changes nothing', () => {
    const once = applied(linkChat(newCase(), CHAT, ANNA, LATER)).state;
    expect(linkChat(once, CHAT, BJORN, LATER)).toEqual({ ok: true, state: once, audit: [] });
  });

  it('adds a second chat after the first', () => {
    const once = applied(linkChat(newCase(), CHAT, ANNA, LATER)).state;
    expect(applied(linkChat(once, OTHER_CHAT, ANNA, LATER)).state.linkedChatIds).toEqual([CHAT, OTHER_CHAT]);
  });

  it('refuses someone who is not a coordinator, even from inside a linked chat', () => {
    const linked = applied(linkChat(newCase(), CHAT, ANNA, LATER)).state;
    expect(linkChat(newCase(), CHAT, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    expect(linkChat(linked, OTHER_CHAT, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
    expect(linkChat(linked, CHAT, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
  });

  it('refuses on a closed case', () => {
    expect(linkChat(closedCase(), CHAT, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
  });
});

// ---------------------------------------------------------------------------------------------
// markCoordinatorNotified
// ---------------------------------------------------------------------------------------------

describe('markCoordinatorNotified', () => {
  it('clears the pending notice and fills in how to reach the colleague', () => {
    const before = newCase();
    const who = { aadObjectId: BJORN.aadObjectId, userId: '29:bjorn-nytt', name: 'Björn Berg (Socialtjänsten)' };
    const { state, audit } = applied(markCoordinatorNotified(before, who, LATER));
    expect(state.coordinators[1]).toMatchObject({ aadObjectId: BJORN.aadObjectId, noticePending: false, userId: '29:bjorn-nytt', name: 'Björn Berg (Socialtjänsten)', principal: 'kommun' });
    expect(state.coordinators[0]).toBe(before.coordinators[0]);
    expect(state.version).toBe(before.version + 1);
    expect(audit).toEqual([{ action: 'case.coordinatorNotified', at: LATER.now.toISOString(), by: actorOnly(who), detail: undefined }]);
  });

  it('keeps the known userId and name when the notice does not carry them', () => {
    const before = created(createCase(input({ colleague: { ...COLLEAGUE, userId: '29:bjorn' } }), CLOCK));
    const { state } = applied(markCoordinatorNotified(before, { aadObjectId: BJORN.aadObjectId }, LATER));
    expect(state.coordinators[1]).toMatchObject({ noticePending: false, userId: '29:bjorn', name: BJORN.name });
  });

  it('is a no-op when no notice is pending', () => {
    const c = newCase();
    expect(markCoordinatorNotified(c, ANNA, LATER)).toEqual({ ok: true, state: c, audit: [] }); // the creator was never pending
    expect(markCoordinatorNotified(c, OUTSIDER, LATER)).toEqual({ ok: true, state: c, audit: [] }); // not a coordinator
    const told = applied(markCoordinatorNotified(c, BJORN, LATER)).state;
    const again = applied(markCoordinatorNotified(told, BJORN, LATER));
    expect(again.state).toBe(told);
    expect(again.audit).toEqual([]);
  });
});

describe('viewed', () => {
  it('makes an audit event with no detail', () => {
    expect(viewed('history.viewed', { ...ANNA }, CLOCK)).toEqual({ action: 'history.viewed', at: CLOCK.now.toISOString(), by: actorOnly(ANNA), detail: undefined });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random command sequences
// ---------------------------------------------------------------------------------------------

type Rev = 'current' | number;
type Command =
  | { readonly kind: 'setItem'; readonly item: Exclude<BaselineItemId, 'B1'>; readonly status: 'notStarted' | 'done' | 'notApplicable'; readonly reason: string | undefined; readonly rev: Rev; readonly actor: Actor }
  | { readonly kind: 'answerNeed'; readonly need: 'yes' | 'no'; readonly reason: string | undefined; readonly rev: Rev; readonly actor: Actor }
  | { readonly kind: 'advancePhase'; readonly from: Phase | 'current'; readonly to: Phase | 'next'; readonly actor: Actor }
  | { readonly kind: 'closeCase'; readonly reason: string | undefined; readonly actor: Actor }
  | { readonly kind: 'linkChat'; readonly chat: string; readonly actor: Actor }
  | { readonly kind: 'notify'; readonly who: Actor };

/** Reasons are marked with "Skäl:" so that finding one in an audit event can never be a coincidence. */
const reasonArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', '   '),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `Skäl: ${s}`),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `  Skäl: ${s}\n`),
  fc.constant(`Skäl: gäller ${PNR}`),
  fc.constant(`Skäl: ${'x'.repeat(TEXT_LIMITS.reason)}`),
);
const revArb: fc.Arbitrary<Rev> = fc.oneof({ arbitrary: fc.constant('current' as const), weight: 3 }, { arbitrary: fc.nat({ max: 4 }), weight: 1 });
const actorArb: fc.Arbitrary<Actor> = fc.constantFrom(ANNA, BJORN, OUTSIDER);
const itemArb = fc.constantFrom(...(BASELINE_ITEMS.filter((id) => id !== 'B1') as Exclude<BaselineItemId, 'B1'>[]));

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('setItem' as const), item: itemArb, status: fc.constantFrom('notStarted' as const, 'done' as const, 'notApplicable' as const), reason: reasonArb, rev: revArb, actor: actorArb }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('answerNeed' as const), need: fc.constantFrom('yes' as const, 'no' as const), reason: reasonArb, rev: revArb, actor: actorArb }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('advancePhase' as const),
      from: fc.oneof(fc.constant('current' as const), fc.constantFrom(...PHASES)),
      to: fc.oneof(fc.constant('next' as const), fc.constantFrom(...PHASES)),
      actor: actorArb,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('closeCase' as const), reason: reasonArb, actor: actorArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('linkChat' as const), chat: fc.constantFrom(CHAT, OTHER_CHAT), actor: actorArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('notify' as const), who: fc.constantFrom<Actor>({ ...BJORN, userId: '29:bjorn-nytt' }, ANNA, OUTSIDER) }), weight: 1 },
);

function run(c: CaseState, cmd: Command, clock: Clock): { readonly change: Change; readonly reason: string | undefined } {
  const rev = (r: Rev, id: BaselineItemId) => (r === 'current' ? c.baseline.items[id].rev : r);
  switch (cmd.kind) {
    case 'setItem':
      return { change: setBaselineItem(c, { item: cmd.item, status: cmd.status, reason: cmd.reason, rev: rev(cmd.rev, cmd.item) }, cmd.actor, clock), reason: cmd.reason };
    case 'answerNeed':
      return { change: answerNeed(c, { need: cmd.need, reason: cmd.reason, rev: rev(cmd.rev, 'B1') }, cmd.actor, clock), reason: cmd.reason };
    case 'advancePhase': {
      const from = cmd.from === 'current' ? c.phase : cmd.from;
      const to = cmd.to === 'next' ? (PHASES[PHASES.indexOf(c.phase) + 1] ?? 'avslutat') : cmd.to;
      return { change: advancePhase(c, { from, to }, cmd.actor, clock), reason: undefined };
    }
    case 'closeCase':
      return { change: closeCase(c, { reason: cmd.reason, early: 'other' }, cmd.actor, clock), reason: cmd.reason };
    case 'linkChat':
      return { change: linkChat(c, cmd.chat, cmd.actor, clock), reason: undefined };
    case 'notify':
      return { change: markCoordinatorNotified(c, cmd.who, clock), reason: undefined };
  }
}

const ERRORS: readonly CaseError[] = ['caseClosed', 'stale', 'itemNotOpen', 'reasonRequired', 'notNextPhase', 'notCoordinator'];

describe('any sequence of commands', () => {
  it('never lowers the version, bumps it by exactly one per audited change, and never audits a reason', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 40 }), (commands) => {
        let c = newCase();
        let audited = 0;
        commands.forEach((cmd, i) => {
          const clock = clockAt(new Date(LATER.now.getTime() + i * 60_000).toISOString());
          const before = c;
          const { change, reason } = run(before, cmd, clock);

          if (!change.ok) {
            expect(ERRORS).toContain(change.error);
            if (before.closure !== undefined && cmd.kind !== 'notify') expect(change.error).toBe('caseClosed');
            return;
          }
          expect(change.audit.length).toBeLessThanOrEqual(1);
          if (change.audit.length === 0) {
            // A no-op hands back the very same state.
            expect(change.state).toBe(before);
          } else {
            expect(before.closure === undefined || cmd.kind === 'notify').toBe(true);
            expect(change.state.version).toBe(before.version + 1);
            expect(change.state.updatedAt).toBe(clock.now.toISOString());
            audited++;
          }
          expect(change.state.version).toBeGreaterThanOrEqual(before.version);

          for (const event of change.audit) {
            expect(event.at).toBe(clock.now.toISOString());
            if (event.detail !== undefined) expect(event.detail).toMatch(FIXED_DETAIL);
            const typed = reason?.trim();
            if (typed !== undefined && typed !== '') for (const s of stringsIn(event)) expect(s).not.toContain(typed);
          }

          // Item revs only go up, and a closure, once made, stays as it was.
          for (const id of BASELINE_ITEMS) expect(change.state.baseline.items[id].rev).toBeGreaterThanOrEqual(before.baseline.items[id].rev);
          if (before.closure !== undefined) expect(change.state.closure).toBe(before.closure);
          c = change.state;
        });
        expect(c.version).toBe(1 + audited);
      }),
      { numRuns: 300 },
    );
  });
});

describe('closeCase by someone who is not a coordinator', () => {
  it('is refused, even from a linked chat: closing is for the coordinators', () => {
    const linked = linkChat(newCase(), 'chat-1', ANNA, LATER);
    expect(linked.ok).toBe(true);
    const c = linked.ok ? linked.state : newCase();
    expect(closeCase(c, { reason: 'Skäl' }, OUTSIDER, LATER)).toEqual({ ok: false, error: 'notCoordinator' });
  });
});
