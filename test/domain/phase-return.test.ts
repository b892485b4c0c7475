import { describe, expect, it } from 'vitest';
import { advancePhase, returnToPhase } from '../../src/domain/case-commands';
import type { CaseState } from '../../src/domain/case-model';
import { closed, newCase, ok } from '../support/domain-helpers';
import { ANNA, BJORN, CLOCK, LATER, OUTSIDER, PNR } from '../support/sample-case';

/** The sample case moved forward to uppföljning. */
function inFollowUp(): CaseState {
  let c = newCase();
  for (const [from, to] of [['initiering', 'kartlaggning'], ['kartlaggning', 'resursgrupp'], ['resursgrupp', 'uppfoljning']] as const) c = ok(advancePhase(c, { from, to }, ANNA, CLOCK));
  return c;
}

describe('going back to an earlier phase (relapse means mapping again)', () => {
  it('moves the case back with the reason kept, audited with the phase only', () => {
    const change = returnToPhase(inFollowUp(), { from: 'uppfoljning', to: 'kartlaggning', reason: '  Återfall: kartläggningen görs om ' }, BJORN, LATER);
    const c = ok(change);
    expect(c.phase).toBe('kartlaggning');
    expect(c.phaseReturns).toEqual([{ from: 'uppfoljning', to: 'kartlaggning', reason: 'Återfall: kartläggningen görs om', at: LATER.now.toISOString(), by: { aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name } }]);
    expect(change.ok && change.audit.map((e) => [e.action, e.detail])).toEqual([['case.phaseReturned', 'kartlaggning']]);
    // And forward again from there, as before.
    expect(ok(advancePhase(c, { from: 'kartlaggning', to: 'resursgrupp' }, ANNA, LATER)).phase).toBe('resursgrupp');
  });

  it('refuses the same or a later phase, avslutat, a stale card, no reason, a personnummer, a closed case and a non-coordinator', () => {
    const c = inFollowUp();
    const back = (patch: Partial<{ from: CaseState['phase']; to: CaseState['phase']; reason: string | undefined }>, actor = ANNA) =>
      returnToPhase(c, { from: 'uppfoljning', to: 'kartlaggning', reason: 'Återfall', ...patch }, actor, LATER);
    expect(back({ to: 'uppfoljning' })).toEqual({ ok: false, error: 'notNextPhase' });
    expect(back({ to: 'avslutat' })).toEqual({ ok: false, error: 'notNextPhase' });
    expect(back({ from: 'resursgrupp' })).toEqual({ ok: false, error: 'stale' });
    expect(back({ reason: '  ' })).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } });
    expect(back({ reason: `Gäller ${PNR}` })).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'personnummer' } });
    expect(back({}, OUTSIDER)).toEqual({ ok: false, error: 'notCoordinator' });
    expect(returnToPhase(closed(c), { from: 'avslutat', to: 'kartlaggning', reason: 'x' }, ANNA, LATER)).toEqual({ ok: false, error: 'caseClosed' });
    expect(returnToPhase(newCase(), { from: 'initiering', to: 'initiering', reason: 'x' }, ANNA, LATER)).toEqual({ ok: false, error: 'notNextPhase' });
  });
});
