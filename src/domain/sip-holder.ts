import type { Actor, CaseState } from './case-model';

/*
 * Who may still work on the SIP after VoSS closed (closing.ts). A leaf module: the SIP, plan and
 * consent commands ask it, and closing.ts reads their accessors.
 */

/** The coordinator who holds the SIP after VoSS closed, if it goes on. */
export function sipHolder(c: CaseState): Actor | undefined {
  const sip = c.closure?.sip;
  return sip?.kind === 'continues' ? sip.holder : undefined;
}

/**
 * Whether a coordinator may still change the SIP (meetings, the plan, the crisis plan, consent):
 * anyone of them while the case is open; after VoSS closed, only the one who holds the SIP.
 */
export function sipWritableBy(c: CaseState, aadObjectId: string): boolean {
  return c.closure === undefined || sipHolder(c)?.aadObjectId === aadObjectId;
}

/** Nothing more happens in the case: VoSS closed and no SIP goes on. */
export function finished(c: CaseState): boolean {
  return c.closure !== undefined && sipHolder(c) === undefined;
}

/**
 * Whether a case is still part of a coordinator's work ("mina ärenden", their reminders): an open
 * case of theirs, or a closed one whose SIP they hold.
 */
export function worksOn(c: CaseState, aadObjectId: string): boolean {
  return c.coordinators.some((x) => x.aadObjectId === aadObjectId) && sipWritableBy(c, aadObjectId);
}
