import { TARGET_GROUP_CRITERIA, type Actor, type BaselineItemId, type CaseKind, type CaseState, type Principal, type TargetGroup } from './case-model';

/** A case code: letters, digits and dashes, like VSS-2026-0042; stored in upper case. */
export const CASE_CODE = /^[A-Z0-9][A-Z0-9-]{2,23}$/;

/** Upper-cases and trims a typed code; undefined when it cannot be a code at all. */
export function normaliseCaseCode(typed: string): string | undefined {
  const code = typed.normalize('NFKC').trim().toUpperCase();
  return CASE_CODE.test(code) ? code : undefined;
}

/** What kind of case: a case stored before SIP cases existed is a VoSS case. */
export function caseKind(c: Pick<CaseState, 'kind'>): CaseKind {
  return c.kind ?? 'vss';
}

/**
 * The code of the n-th case of its kind in a year in a tenant: SIP-2026-0001, VSS-2026-0042, so
 * the code says which kind it is. The bot gives it when the case is created, so a code says
 * nothing about whether another case exists.
 */
export function assignedCaseCode(kind: CaseKind, year: number, n: number): string {
  return `${kind.toUpperCase()}-${year}-${String(n).padStart(4, '0')}`;
}

/**
 * True when the routine's criteria are met. Uppsala (003:62-72): all of the first three and at
 * least one of the last three. Göteborg (000:72): psykisk funktionsnedsättning and/or missbruk,
 * with needs from both principals.
 */
export function targetGroupMet(t: TargetGroup): boolean {
  const yes = (k: keyof TargetGroup) => t[k] === true;
  if (t.profile === 'goteborg') return TARGET_GROUP_CRITERIA.goteborg.every(yes);
  return yes('adult') && yes('extensiveDisability') && yes('ordinaryCooperationInsufficient') && (yes('highConsumer') || yes('repeatedInpatientStays') || yes('breaksOffContacts'));
}

/** The VoSS routine requires at least one coordinator trained in the method; a SIP case has no such rule. */
export function trainingMissing(c: CaseState): boolean {
  return caseKind(c) === 'vss' && !c.coordinators.some((x) => x.trained);
}

export function otherPrincipal(p: Principal): Principal {
  return p === 'region' ? 'kommun' : 'region';
}

export type CaseAccess = 'coordinator' | 'linkedChat' | 'none';

/**
 * Whether two mentions of a person in a case are the same person: the same object id in the same
 * tenant, where a missing tenant is the case's own. Object ids are unique within a tenant only as
 * far as the method here may assume, so a coordinator from tenant B never passes for one from A.
 */
export function samePerson(c: CaseState, a: Actor, b: Actor): boolean {
  return a.aadObjectId === b.aadObjectId && (a.tenantId ?? c.tenantId) === (b.tenantId ?? c.tenantId);
}

/**
 * Who may see and change a case: its coordinators anywhere, and anyone in a group chat the case
 * is linked to, while they are in that chat.
 */
export function accessOf(c: CaseState, actor: Actor, conversationId: string | undefined): CaseAccess {
  if (c.coordinators.some((x) => samePerson(c, x, actor))) return 'coordinator';
  if (conversationId !== undefined && c.linkedChatIds.includes(conversationId)) return 'linkedChat';
  return 'none';
}

export interface BaselineProgress {
  readonly done: number;
  readonly total: number;
  /** B1 answered "no": the checklist is complete with "inget behov". */
  readonly noNeed: boolean;
  readonly complete: boolean;
}

/**
 * Items that are done count. An item left undone with a reason (the person declines, no consent)
 * is an open matter, not a handled one: basnivå is what every unit always does (000:22-35).
 */
export function baselineProgress(c: CaseState): BaselineProgress {
  const items = Object.values(c.baseline.items);
  const handled = items.filter((i) => i.status === 'done').length;
  const noNeed = c.baseline.need === 'no';
  return { done: noNeed ? items.length : handled, total: items.length, noNeed, complete: noNeed || handled === items.length };
}

/** B2–B8 apply only once B1 says the other principal's efforts are needed. */
export function itemOpen(c: CaseState, item: BaselineItemId): boolean {
  return item === 'B1' || c.baseline.need === 'yes';
}
