import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASELINE_ITEMS, CASE_KINDS, type BaselineItem, type BaselineItemId, type CaseState, type TargetGroup } from '../../src/domain/case-model';
import {
  accessOf,
  baselineProgress,
  CASE_CODE,
  trainingMissing,
  itemOpen,
  normaliseCaseCode,
  otherPrincipal,
  assignedCaseCode,
  targetGroupMet,
} from '../../src/domain/case-rules';
import { ANNA, BJORN, MET, OUTSIDER, sampleCase } from '../support/sample-case';

const CHAT = '19:abc123@thread.v2';
const OTHER_CHAT = '19:def456@thread.v2';

/** The sample case with some baseline items set directly (the rules do not care how they got there). */
function withBaseline(need: 'yes' | 'no' | undefined, statuses: Partial<Record<BaselineItemId, BaselineItem['status']>>): CaseState {
  const c = sampleCase('VSS-2026-0001');
  const items = { ...c.baseline.items };
  for (const [id, status] of Object.entries(statuses) as [BaselineItemId, BaselineItem['status']][]) {
    items[id] = { status, rev: 1, ...(status === 'notApplicable' ? { reason: 'Skäl' } : {}) };
  }
  return { ...c, baseline: { need, items } };
}

describe('normaliseCaseCode', () => {
  it('upper-cases and trims a typed code', () => {
    expect(normaliseCaseCode('vss-2026-0042')).toBe('VSS-2026-0042');
    expect(normaliseCaseCode('  Vss-2026-0042 \n')).toBe('VSS-2026-0042');
    expect(normaliseCaseCode('ABC')).toBe('ABC');
    expect(normaliseCaseCode('123')).toBe('123');
  });

  it('NFKC-normalises full-width characters typed on some keyboards', () => {
    expect(normaliseCaseCode('ｖｓｓ－２０２６－００４２')).toBe('VSS-2026-0042');
  });

  it('refuses what cannot be a code', () => {
    expect(normaliseCaseCode('')).toBeUndefined();
    expect(normaliseCaseCode('   ')).toBeUndefined();
    expect(normaliseCaseCode('ab')).toBeUndefined(); // too short: three characters at least
    expect(normaliseCaseCode('-ABC')).toBeUndefined(); // must start with a letter or digit
    expect(normaliseCaseCode('VSS 2026')).toBeUndefined(); // no spaces inside
    expect(normaliseCaseCode('VSS_2026')).toBeUndefined();
    expect(normaliseCaseCode('ÅÄÖ-1')).toBeUndefined(); // A–Z only
    expect(normaliseCaseCode('VSS/2026')).toBeUndefined();
  });

  it('accepts up to 24 characters', () => {
    expect(normaliseCaseCode('A'.repeat(24))).toBe('A'.repeat(24));
    expect(normaliseCaseCode('A'.repeat(25))).toBeUndefined();
  });

  it('returns either undefined or a code that matches CASE_CODE and is a fixed point', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        const code = normaliseCaseCode(typed);
        if (code === undefined) return;
        expect(code).toMatch(CASE_CODE);
        expect(normaliseCaseCode(code)).toBe(code);
      }),
    );
  });
});

describe('assignedCaseCode', () => {
  it('pads the running number to four digits', () => {
    expect(assignedCaseCode('vss', 2026, 42)).toBe('VSS-2026-0042');
    expect(assignedCaseCode('vss', 2026, 1)).toBe('VSS-2026-0001');
    expect(assignedCaseCode('vss', 2027, 1234)).toBe('VSS-2027-1234');
  });

  it('says the kind of case: SIP- for a SIP case, VSS- for vård- och stödsamordning', () => {
    expect(assignedCaseCode('sip', 2026, 1)).toBe('SIP-2026-0001');
    expect(assignedCaseCode('vss', 2026, 1)).toBe('VSS-2026-0001');
  });

  it('does not truncate a number above 9999', () => {
    expect(assignedCaseCode('vss', 2026, 12345)).toBe('VSS-2026-12345');
  });

  it('is always a valid case code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_KINDS), fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 99_999 }), (kind, year, n) => {
        const code = assignedCaseCode(kind, year, n);
        expect(normaliseCaseCode(code)).toBe(code);
      }),
    );
  });
});

describe('targetGroupMet', () => {
  it.each<[string, Partial<TargetGroup>, boolean]>([
    ['all three required and high consumer', {}, true],
    ['only repeated inpatient stays as the extra criterion', { highConsumer: false, repeatedInpatientStays: true }, true],
    ['only breaks off contacts as the extra criterion', { highConsumer: false, breaksOffContacts: true }, true],
    ['all six', { repeatedInpatientStays: true, breaksOffContacts: true }, true],
    ['no extra criterion', { highConsumer: false }, false],
    ['not adult', { adult: false }, false],
    ['no extensive disability', { extensiveDisability: false }, false],
    ['ordinary cooperation suffices', { ordinaryCooperationInsufficient: false }, false],
  ])('%s → %s', (_name, patch, expected) => {
    expect(targetGroupMet({ ...MET, ...patch })).toBe(expected);
  });

  it('is met exactly when all of the first three and at least one of the last three hold (all 64 combinations)', () => {
    let metCount = 0;
    for (let bits = 0; bits < 64; bits++) {
      const flag = (i: number) => (bits & (1 << i)) !== 0;
      const t: TargetGroup = {
        adult: flag(0),
        extensiveDisability: flag(1),
        ordinaryCooperationInsufficient: flag(2),
        highConsumer: flag(3),
        repeatedInpatientStays: flag(4),
        breaksOffContacts: flag(5),
      };
      const expected = flag(0) && flag(1) && flag(2) && (flag(3) || flag(4) || flag(5));
      expect(targetGroupMet(t), JSON.stringify(t)).toBe(expected);
      if (expected) metCount++;
    }
    expect(metCount).toBe(7); // 1 × 1 × 1 × (2³ − 1)
  });

  it('Göteborg (000:72): met exactly when both psykisk funktionsnedsättning/missbruk and needs from both principals hold', () => {
    const goteborg = (disabilityOrAddiction: boolean, needsBothPrincipals: boolean): TargetGroup => ({ profile: 'goteborg', disabilityOrAddiction, needsBothPrincipals });
    expect(targetGroupMet(goteborg(true, true))).toBe(true);
    expect(targetGroupMet(goteborg(true, false))).toBe(false);
    expect(targetGroupMet(goteborg(false, true))).toBe(false);
    // Uppsala's criteria say nothing under Göteborg's routine.
    expect(targetGroupMet({ ...MET, profile: 'goteborg' })).toBe(false);
  });

  it('a target group stored before profiles is Uppsala\'s', () => {
    expect(targetGroupMet({ ...MET })).toBe(true);
    expect(targetGroupMet({ ...MET, profile: 'uppsala' })).toBe(true);
    expect(targetGroupMet({ disabilityOrAddiction: true, needsBothPrincipals: true })).toBe(false);
  });

  it('does not depend on the reason for going on', () => {
    expect(targetGroupMet({ ...MET, highConsumer: false, notMetReason: 'Skäl' })).toBe(false);
    expect(targetGroupMet({ ...MET, notMetReason: 'Skäl' })).toBe(true);
  });
});

describe('otherPrincipal and trainingMissing', () => {
  it('swaps region and kommun', () => {
    expect(otherPrincipal('region')).toBe('kommun');
    expect(otherPrincipal('kommun')).toBe('region');
  });

  it('a VoSS case misses training only when no coordinator is trained', () => {
    const c = sampleCase('VSS-2026-0001');
    expect(trainingMissing(c)).toBe(false);
    expect(trainingMissing({ ...c, coordinators: c.coordinators.map((x) => ({ ...x, trained: false })) })).toBe(true);
  });

  it('a SIP case has no training rule', () => {
    const c: CaseState = { ...sampleCase('SIP-2026-0001'), kind: 'sip' };
    expect(trainingMissing({ ...c, coordinators: c.coordinators.map((x) => ({ ...x, trained: false })) })).toBe(false);
  });
});

describe('accessOf', () => {
  const linked: CaseState = { ...sampleCase('VSS-2026-0001'), linkedChatIds: [CHAT] };

  it('gives a coordinator access anywhere: in a 1:1 chat, a linked chat or an unrelated chat', () => {
    for (const conversationId of [undefined, CHAT, OTHER_CHAT]) {
      expect(accessOf(linked, ANNA, conversationId)).toBe('coordinator');
      expect(accessOf(linked, BJORN, conversationId)).toBe('coordinator');
    }
  });

  it('recognises a coordinator by AAD object id alone', () => {
    expect(accessOf(linked, { aadObjectId: ANNA.aadObjectId }, undefined)).toBe('coordinator');
    expect(accessOf(linked, { ...OUTSIDER, name: ANNA.name, userId: ANNA.userId }, undefined)).toBe('none');
  });

  it('gives someone else access only inside a chat the case is linked to', () => {
    expect(accessOf(linked, OUTSIDER, CHAT)).toBe('linkedChat');
    expect(accessOf(linked, OUTSIDER, OTHER_CHAT)).toBe('none');
    expect(accessOf(linked, OUTSIDER, undefined)).toBe('none');
  });

  it('gives an outsider nothing when no chat is linked', () => {
    const c = sampleCase('VSS-2026-0001');
    expect(accessOf(c, OUTSIDER, CHAT)).toBe('none');
    expect(accessOf(c, OUTSIDER, undefined)).toBe('none');
  });
});

describe('baselineProgress', () => {
  it('starts at 0/8', () => {
    expect(baselineProgress(sampleCase('VSS-2026-0001'))).toEqual({ done: 0, total: 8, noNeed: false, complete: false });
  });

  it('counts done items; one left undone with a reason is an open matter, not a handled one', () => {
    const c = withBaseline('yes', { B1: 'done', B3: 'done', B4: 'notApplicable' });
    expect(baselineProgress(c)).toEqual({ done: 2, total: 8, noNeed: false, complete: false });
  });

  it('is complete only when every item is done', () => {
    const all = Object.fromEntries(BASELINE_ITEMS.map((id) => [id, 'done'])) as Record<BaselineItemId, BaselineItem['status']>;
    expect(baselineProgress(withBaseline('yes', all))).toEqual({ done: 8, total: 8, noNeed: false, complete: true });
    const oneUndone = Object.fromEntries(BASELINE_ITEMS.map((id) => [id, id === 'B8' ? 'notApplicable' : 'done'])) as Record<BaselineItemId, BaselineItem['status']>;
    expect(baselineProgress(withBaseline('yes', oneUndone))).toEqual({ done: 7, total: 8, noNeed: false, complete: false });
  });

  it('is complete as "inget behov" once B1 says no, whatever the other items say', () => {
    expect(baselineProgress(withBaseline('no', { B1: 'done' }))).toEqual({ done: 8, total: 8, noNeed: true, complete: true });
    expect(baselineProgress(withBaseline('no', { B1: 'done', B3: 'done' }))).toEqual({ done: 8, total: 8, noNeed: true, complete: true });
  });

  it('does not treat B1 = yes as complete', () => {
    expect(baselineProgress(withBaseline('yes', { B1: 'done' }))).toEqual({ done: 1, total: 8, noNeed: false, complete: false });
  });
});

describe('itemOpen', () => {
  const rest = BASELINE_ITEMS.filter((id) => id !== 'B1');

  it('always opens B1', () => {
    for (const need of [undefined, 'yes', 'no'] as const) expect(itemOpen(withBaseline(need, {}), 'B1')).toBe(true);
  });

  it('opens B2–B8 only when B1 says the other principal is needed', () => {
    for (const id of rest) {
      expect(itemOpen(withBaseline(undefined, {}), id)).toBe(false);
      expect(itemOpen(withBaseline('no', {}), id)).toBe(false);
      expect(itemOpen(withBaseline('yes', {}), id)).toBe(true);
    }
  });
});
