import { newInvite } from './colleague-invite';
import { isIsoDate, localDate } from './calendar-date';
import {
  BASELINE_ITEMS,
  EARLY_CLOSE_REASONS,
  PHASES,
  type Actor,
  type AuditAction,
  type AuditEvent,
  type BaselineItem,
  type BaselineItemId,
  type CaseKind,
  type CaseState,
  type Closure,
  type Consent,
  type Coordinator,
  type Phase,
  type Principal,
  type SipAfterClosing,
  type TargetGroup,
  type ViewAction,
} from './case-model';
import { closingCheck } from './closing';
import { colleagueCoordinator } from './appointment';
import { newRequest, requestOutstanding } from './colleague-request';
import { cancelledWithSip } from './sip-commands';
import { sipHolder, sipWritableBy } from './sip-holder';
import { caseKind, itemOpen, normaliseCaseCode, otherPrincipal, targetGroupMet } from './case-rules';
import { consentProblems, consentValid, givenConsent } from './consent';
import { actorOf, changed, event, tenantField, textProblem } from './case-change-parts';
import { cleanFreeText } from './free-text';
import { chosenUnit, type UnitCatalogue } from './units';

/** Limits of the free-text fields, in characters. */
export const TEXT_LIMITS = { nickname: 20, unit: 80, reason: 500, consentScope: 500 } as const;

/** Why a change was refused; the bot turns each into a Swedish message. */
/** invalidField: a filled-in field is wrong (the problem says which and how); reasonRequired is the reason's. */
export type CaseError = 'caseClosed' | 'stale' | 'itemNotOpen' | 'reasonRequired' | 'invalidField' | 'notNextPhase' | 'notCoordinator' | 'noConsent' | 'noPhases' | 'noEvaluation';

export type FieldProblem =
  | { readonly field: CaseFormField; readonly kind: 'personnummer' }
  | { readonly field: CaseFormField; readonly kind: 'tooLong'; readonly limit: number }
  | { readonly field: CaseFormField; readonly kind: 'required' | 'invalid' | 'past' | 'future' | 'sameAsCreator' | 'alreadyCoordinator' | 'colleagueTwice' | 'samePrincipal' }
  /** A unit not on the principal's list (notListed), or one given where the principal has no list (noUnitList). */
  | { readonly field: 'unit'; readonly kind: 'notListed' | 'noUnitList' };

export type CaseFormField = 'code' | 'principal' | 'nickname' | 'unit' | 'colleague' | 'colleagueEmail' | 'notMetReason' | 'consentForm' | 'consentScope' | 'consentValidUntil' | 'consentWithdrawnOn' | 'reason' | 'earlyReason' | 'sipHolder' | 'sipEndReason' | 'declineReason' | 'evaluationConsent' | 'evaluationWithdrawnOn';

export type Change = { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[] } | { readonly ok: false; readonly error: CaseError; readonly problem?: FieldProblem };

export interface Clock {
  readonly now: Date;
  readonly timeZone: string;
}

/** What the "nytt ärende" form gives: everything of a new case but its code. */
export interface NewCaseForm {
  readonly tenantId: string;
  readonly nickname?: string | undefined;
  readonly creator: Actor & { readonly principal: Principal; readonly unit?: string | undefined; readonly trained: boolean };
  /** The colleague's unit is theirs to fill in, not the creator's to guess. */
  readonly colleague?: PickedColleague | undefined;
  /** Instead of a colleague: one in another tenant who has not added the bot, by e-mail address (lower case). */
  readonly colleagueInvite?: { readonly email: string; readonly trained: boolean } | undefined;
  /** Absent: a VoSS case, as every case was before SIP cases. */
  readonly kind?: CaseKind | undefined;
  /** VoSS only, by the deployment's routine; absent where it has none (TARGET_GROUP=none). */
  readonly targetGroup?: TargetGroup | undefined;
  readonly consent: Consent;
}

/**
 * A colleague as picked: `principal` is known only for one of another tenant of the deployment
 * (their organisation's), and must then be the other principal: the case has one coordinator from
 * each (003:88, "en från vardera part").
 */
export type PickedColleague = Actor & { readonly trained: boolean; readonly principal?: Principal | undefined };

export interface NewCaseInput extends NewCaseForm {
  /** The code the tenant's numbering gave the case (see assignedCaseCode); never typed by a user. */
  readonly code: string;
}

export type CreateResult = { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[] } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** Every typed value goes through here, so what is checked is what is stored. */
const blank = cleanFreeText;

/**
 * Everything wrong with a filled-in form, field by field in the order the form shows them; empty
 * when a case may be opened from it. Checked before the case is given a number, so a refused form
 * uses none up.
 */
export function newCaseProblems(input: NewCaseForm, clock: Clock): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const push = (p: FieldProblem | undefined) => p !== undefined && problems.push(p);
  push(textProblem('nickname', blank(input.nickname), TEXT_LIMITS.nickname));
  push(textProblem('unit', blank(input.creator.unit), TEXT_LIMITS.unit));
  if (input.colleague !== undefined && input.colleague.aadObjectId === input.creator.aadObjectId) push({ field: 'colleague', kind: 'sameAsCreator' });
  if (input.colleague?.principal === input.creator.principal) push({ field: 'colleague', kind: 'samePrincipal' });
  // One colleague: picked, or invited by address, not both.
  if (input.colleague !== undefined && input.colleagueInvite !== undefined) push({ field: 'colleagueEmail', kind: 'colleagueTwice' });

  const targetGroup = targetGroupOf(input);
  if (targetGroup !== undefined) {
    const notMetReason = blank(targetGroup.notMetReason);
    if (!targetGroupMet(targetGroup) && notMetReason === undefined) push({ field: 'notMetReason', kind: 'required' });
    push(textProblem('notMetReason', notMetReason, TEXT_LIMITS.reason));
  }

  const consent = input.consent;
  if (consent.status === 'given') problems.push(...consentProblems(consent, clock));
  else push(textProblem('consentScope', blank(consent.scope), TEXT_LIMITS.consentScope));
  return dedupe(problems);
}

/**
 * Opens a case. Every problem with the input is reported at once, field by field, and nothing is
 * created while any remains. The target group may be unmet, but then a reason is required.
 */
export function createCase(input: NewCaseInput, clock: Clock): CreateResult {
  const problems: FieldProblem[] = [];
  const push = (p: FieldProblem | undefined) => p !== undefined && problems.push(p);

  const code = normaliseCaseCode(input.code);
  if (blank(input.code) === undefined) push({ field: 'code', kind: 'required' });
  else if (code === undefined) push({ field: 'code', kind: 'invalid' });
  // A code is free text too: a personnummer that reached here as a code must not become a key.
  push(textProblem('code', input.code, 24));
  problems.push(...newCaseProblems(input, clock));

  if (problems.length > 0 || code === undefined) return { ok: false, problems: dedupe(problems) };
  const kind = caseKind(input);
  const targetGroup = targetGroupOf(input);
  const consent = input.consent;

  const at = clock.now.toISOString();
  const creator: Coordinator = {
    aadObjectId: input.creator.aadObjectId,
    ...tenantField(input.creator),
    userId: input.creator.userId,
    name: input.creator.name,
    principal: input.creator.principal,
    unit: blank(input.creator.unit),
    // A SIP case has no training rule, so nothing is asked about training.
    trained: kind === 'vss' && input.creator.trained,
    addedAt: at,
  };
  const coordinators: Coordinator[] = [creator];
  const by = actorOf(input.creator);
  // Without the person's consent the colleague is asked, not appointed (003:86–88).
  const colleague = input.colleague === undefined ? undefined : { ...input.colleague, trained: kind === 'vss' && input.colleague.trained };
  const request = colleague !== undefined && consent.status !== 'given' ? newRequest(colleague, otherPrincipal(input.creator.principal), by, at) : undefined;
  if (colleague !== undefined && request === undefined) coordinators.push(colleagueCoordinator({ ...colleague, principal: otherPrincipal(input.creator.principal) }, at, true));
  const state: CaseState = {
    tenantId: input.tenantId,
    code,
    nickname: blank(input.nickname),
    phase: 'initiering',
    createdAt: at,
    createdBy: by,
    coordinators,
    kind,
    ...(targetGroup === undefined ? {} : { targetGroup: { ...targetGroup, notMetReason: targetGroupMet(targetGroup) ? undefined : blank(targetGroup.notMetReason) } }),
    consent: consent.status === 'given' ? givenConsent(consent, 1, by, clock) : { status: 'notYet' },
    baseline: { items: Object.fromEntries(BASELINE_ITEMS.map((id) => [id, { status: 'notStarted', rev: 0 }])) as Record<BaselineItemId, BaselineItem> },
    linkedChatIds: [],
    ...(request === undefined ? {} : { colleagueRequest: request }),
    ...(input.colleagueInvite === undefined || colleague !== undefined
      ? {}
      : { colleagueInvite: newInvite(input.colleagueInvite.email, kind === 'vss' && input.colleagueInvite.trained, otherPrincipal(input.creator.principal), by, at) }),
    updatedAt: at,
    version: 1,
  };
  const audit = [
    event('case.created', by, clock),
    ...(request === undefined ? [] : [event('case.colleagueRequested', by, clock, request.colleague.principal)]),
    ...(input.colleagueInvite === undefined || colleague !== undefined ? [] : [event('case.colleagueInvited', by, clock, otherPrincipal(input.creator.principal))]),
  ];
  return { ok: true, state, audit };
}

export interface SetItemInput {
  readonly item: Exclude<BaselineItemId, 'B1'>;
  readonly status: 'notStarted' | 'done' | 'notApplicable';
  readonly reason?: string | undefined;
  /** The item's rev on the card the user pressed. */
  readonly rev: number;
}

/**
 * Sets one baseline item (B2–B8). Refused when the card showed an older state of this item, so
 * an out-of-date card never overwrites a colleague's newer answer; changes to other items since
 * do not matter, which lets two coordinators tick different items at once.
 */
export function setBaselineItem(c: CaseState, input: SetItemInput, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  const current = c.baseline.items[input.item];
  if (current.rev !== input.rev) return { ok: false, error: 'stale' };
  if (!itemOpen(c, input.item)) return { ok: false, error: 'itemNotOpen' };
  // B2 is the work towards a SIP the person consents to: it is done only when they have.
  if (input.item === 'B2' && input.status === 'done' && !consentValid(c, clock)) return { ok: false, error: 'noConsent' };
  const reason = input.status === 'notApplicable' ? blank(input.reason) : undefined;
  if (input.status === 'notApplicable' && reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } };
  const problem = textProblem('reason', reason, TEXT_LIMITS.reason);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  if (current.status === input.status && current.reason === reason) return { ok: true, state: c, audit: [] };

  // B8's answer stays with the period between SIP meetings it was asked for.
  const item: BaselineItem = { status: input.status, reason, by: actorOf(actor), at: clock.now.toISOString(), rev: current.rev + 1, ...(current.period === undefined ? {} : { period: current.period }) };
  return changed(c, { baseline: { ...c.baseline, items: { ...c.baseline.items, [input.item]: item } } }, event('baseline.itemSet', actor, clock, `${input.item}:${input.status}`), clock);
}

/** B1: does the person need efforts from the other principal? "No" needs a reason and completes the checklist. */
export function answerNeed(c: CaseState, input: { readonly need: 'yes' | 'no'; readonly reason?: string | undefined; readonly rev: number }, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  const current = c.baseline.items.B1;
  if (current.rev !== input.rev) return { ok: false, error: 'stale' };
  const reason = input.need === 'no' ? blank(input.reason) : undefined;
  if (input.need === 'no' && reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } };
  const problem = textProblem('reason', reason, TEXT_LIMITS.reason);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  if (c.baseline.need === input.need && current.reason === reason) return { ok: true, state: c, audit: [] };

  const item: BaselineItem = { status: 'done', reason, by: actorOf(actor), at: clock.now.toISOString(), rev: current.rev + 1 };
  return changed(c, { baseline: { ...c.baseline, need: input.need, items: { ...c.baseline.items, B1: item } } }, event('baseline.needAnswered', actor, clock, `B1:${input.need}`), clock);
}

/** Moves the case one phase forward; closing is its own step. `from` is the phase the card showed. */
export function advancePhase(c: CaseState, input: { readonly from: Phase; readonly to: Phase }, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  if (caseKind(c) === 'sip') return { ok: false, error: 'noPhases' };
  if (c.phase !== input.from) return { ok: false, error: 'stale' };
  const next = PHASES[PHASES.indexOf(c.phase) + 1];
  if (next === undefined || next === 'avslutat' || input.to !== next) return { ok: false, error: 'notNextPhase' };
  return changed(c, { phase: next }, event('case.phaseChanged', actor, clock, next), clock);
}

/**
 * Moves the case back to an earlier phase, with a reason: phases are not a one-way street, and a
 * relapse means mapping again. Only a coordinator may; `from` is the phase the card showed.
 */
export function returnToPhase(c: CaseState, input: { readonly from: Phase; readonly to: Phase; readonly reason: string | undefined }, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  if (!c.coordinators.some((x) => x.aadObjectId === actor.aadObjectId)) return { ok: false, error: 'notCoordinator' };
  if (caseKind(c) === 'sip') return { ok: false, error: 'noPhases' };
  if (c.phase !== input.from) return { ok: false, error: 'stale' };
  if (input.to === 'avslutat' || PHASES.indexOf(input.to) >= PHASES.indexOf(c.phase)) return { ok: false, error: 'notNextPhase' };
  const reason = blank(input.reason);
  if (reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } };
  const problem = textProblem('reason', reason, TEXT_LIMITS.reason);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  const step = { from: c.phase, to: input.to, reason, at: clock.now.toISOString(), by: actorOf(actor) };
  return changed(c, { phase: input.to, phaseReturns: [...(c.phaseReturns ?? []), step] }, event('case.phaseReturned', actor, clock, input.to), clock);
}

/** What the closing form sends; which parts are needed depends on closingCheck. */
export interface CloseInput {
  /** In the coordinator's words; needed when VoSS closes early for another reason. */
  readonly reason: string | undefined;
  /** Why VoSS closes before 003:114's condition is met. */
  readonly early?: string | undefined;
  /** When the SIP lives on: the coordinator who holds it from now on, or SIP_ENDS. */
  readonly sipHolder?: string | undefined;
  /** Why the SIP ends too. */
  readonly sipEndReason?: string | undefined;
}

/** The closing form's choice for "SIP:en avslutas också". */
export const SIP_ENDS = 'ended';

/**
 * Closes VoSS. 003:114: "Arbetet enligt modellen kan avslutas när man har genomfört momenten i
 * modellen och det finns en fungerande planering kring mål och insatser. Den fortsatta samverkan
 * sker därefter utifrån de behov som finns." Without an upprättad plan and a held meeting it
 * closes early, with the reason; a SIP with a follow-up date or a planned meeting goes on with one
 * of the coordinators or is ended too, with why. Only a coordinator may close.
 */
export function closeCase(c: CaseState, input: CloseInput, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  if (!c.coordinators.some((x) => x.aadObjectId === actor.aadObjectId)) return { ok: false, error: 'notCoordinator' };
  if (caseKind(c) === 'sip') return closeSipCase(c, input, actor, clock);
  const check = closingCheck(c, clock.timeZone);
  const early = check.conditionMet ? undefined : EARLY_CLOSE_REASONS.find((r) => r === input.early);
  if (!check.conditionMet && early === undefined) {
    return { ok: false, error: 'reasonRequired', problem: { field: 'earlyReason', kind: blank(input.early) === undefined ? 'required' : 'invalid' } };
  }
  const reason = blank(input.reason);
  if (early === 'other' && reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } };
  const problem = textProblem('reason', reason, TEXT_LIMITS.reason);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  let sip: SipAfterClosing | undefined;
  if (check.sipLivesOn) {
    const choice = blank(input.sipHolder);
    if (choice === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'sipHolder', kind: 'required' } };
    if (choice === SIP_ENDS) {
      const why = blank(input.sipEndReason);
      if (why === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'sipEndReason', kind: 'required' } };
      const whyProblem = textProblem('sipEndReason', why, TEXT_LIMITS.reason);
      if (whyProblem !== undefined) return { ok: false, error: 'reasonRequired', problem: whyProblem };
      sip = { kind: 'ended', reason: why };
    } else {
      const holder = c.coordinators.find((x) => x.aadObjectId === choice);
      // A SIP cannot go on for a person who has died: it ends with VoSS.
      if (holder === undefined || early === 'died') return { ok: false, error: 'invalidField', problem: { field: 'sipHolder', kind: 'invalid' } };
      // Chosen by the colleague who closes: they are told, as a coordinator added is.
      sip = { kind: 'continues', holder: actorOf(holder), ...(holder.aadObjectId === actor.aadObjectId ? {} : { noticePending: true as const }) };
    }
  }
  const closure: Closure = { reason: reason ?? '', at: clock.now.toISOString(), by: actorOf(actor), conditionMet: check.conditionMet, early, sip };
  // A colleague asked and not yet appointed is asked no more: nothing of the case is left to take on.
  const request = c.colleagueRequest;
  // A SIP that ends with VoSS leaves no meeting planned.
  const cancelled = sip?.kind === 'ended' ? cancelledWithSip(c, sip.reason, actor, clock) : { sipMeetings: c.sipMeetings, audit: [] };
  const closed = changed(c, { phase: 'avslutat', closure, colleagueRequest: undefined, colleagueInvite: undefined, sipMeetings: cancelled.sipMeetings }, event(early === undefined ? 'case.closed' : 'case.closedEarly', actor, clock, early), clock);
  if (!closed.ok) return closed;
  const audit = [
    ...closed.audit,
    ...(request === undefined || request.status === 'declined' ? [] : [event('case.requestCancelled', actor, clock, request.colleague.principal)]),
    ...(sip === undefined ? [] : [event(sip.kind === 'continues' ? 'sip.continuesAfterClosing' : 'sip.ended', actor, clock, sip.kind === 'continues' ? holderPrincipal(c, sip.holder) : undefined)]),
    ...cancelled.audit,
  ];
  return { ...closed, audit };
}

/**
 * Closes a SIP case, which is the SIP: there is no VoSS condition to meet and nothing goes on
 * after it, so it takes why it ends and cancels the meetings still planned.
 */
function closeSipCase(c: CaseState, input: CloseInput, actor: Actor, clock: Clock): Change {
  const reason = blank(input.reason);
  if (reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'reason', kind: 'required' } };
  const problem = textProblem('reason', reason, TEXT_LIMITS.reason);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  const request = c.colleagueRequest;
  const cancelled = cancelledWithSip(c, reason, actor, clock);
  const closure: Closure = { reason, at: clock.now.toISOString(), by: actorOf(actor) };
  const closed = changed(c, { phase: 'avslutat', closure, colleagueRequest: undefined, colleagueInvite: undefined, sipMeetings: cancelled.sipMeetings }, event('case.closed', actor, clock), clock);
  if (!closed.ok) return closed;
  const asked = request === undefined || request.status === 'declined' ? [] : [event('case.requestCancelled', actor, clock, request.colleague.principal)];
  return { ...closed, audit: [...closed.audit, ...asked, ...cancelled.audit] };
}

/** The target group a new case is checked against: VoSS only, and only where the deployment has one. */
function targetGroupOf(input: NewCaseForm): TargetGroup | undefined {
  return caseKind(input) === 'vss' ? input.targetGroup : undefined;
}

/**
 * Ends a SIP that went on after VoSS closed, with why; only the coordinator who holds it may.
 * Its reminders stop, and the case is then read-only for everyone.
 */
export function endSip(c: CaseState, input: { readonly reason: string | undefined }, actor: Actor, clock: Clock): Change {
  if (c.closure === undefined) return { ok: false, error: 'stale' };
  if (sipHolder(c)?.aadObjectId !== actor.aadObjectId) return { ok: false, error: 'caseClosed' };
  const reason = blank(input.reason);
  if (reason === undefined) return { ok: false, error: 'reasonRequired', problem: { field: 'sipEndReason', kind: 'required' } };
  const problem = textProblem('sipEndReason', reason, TEXT_LIMITS.reason);
  if (problem !== undefined) return { ok: false, error: 'reasonRequired', problem };
  const sip: SipAfterClosing = { kind: 'ended', reason, at: clock.now.toISOString(), by: actorOf(actor) };
  const cancelled = cancelledWithSip(c, reason, actor, clock);
  const ended = changed(c, { closure: { ...c.closure, sip }, sipMeetings: cancelled.sipMeetings }, event('sip.ended', actor, clock), clock);
  return ended.ok ? { ...ended, audit: [...ended.audit, ...cancelled.audit] } : ended;
}

/** Records that the coordinator holding the SIP after VoSS closed has been told so. */
export function markHolderTold(c: CaseState, clock: Clock): Change {
  const sip = c.closure?.sip;
  if (c.closure === undefined || sip?.kind !== 'continues' || sip.noticePending !== true) return { ok: true, state: c, audit: [] };
  return changed(c, { closure: { ...c.closure, sip: { kind: 'continues', holder: sip.holder } } }, event('case.coordinatorNotified', sip.holder, clock, 'sip'), clock);
}

/** The principal of the coordinator who holds the SIP: the audit says which, never who by name. */
function holderPrincipal(c: CaseState, holder: Actor): string | undefined {
  return c.coordinators.find((x) => x.aadObjectId === holder.aadObjectId)?.principal;
}

/** Links a group chat, where the case card becomes the shared view. Only a coordinator may. */
export function linkChat(c: CaseState, chatId: string, actor: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  if (!c.coordinators.some((x) => x.aadObjectId === actor.aadObjectId)) return { ok: false, error: 'notCoordinator' };
  if (c.linkedChatIds.includes(chatId)) return { ok: true, state: c, audit: [] };
  return changed(c, { linkedChatIds: [...c.linkedChatIds, chatId] }, event('case.chatLinked', actor, clock), clock);
}

/**
 * Adds the coordinator from the principal the case still lacks, when the colleague was not known
 * at creation. They are told as soon as the bot can reach them.
 */
export function addCoordinator(c: CaseState, picked: PickedColleague, actor: Actor, clock: Clock): Change {
  // A SIP case has no training rule: whatever a card sent, no one is marked trained in it.
  const colleague = { ...picked, trained: caseKind(c) === 'vss' && picked.trained };
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  const me = c.coordinators.find((x) => x.aadObjectId === actor.aadObjectId);
  if (me === undefined) return { ok: false, error: 'notCoordinator' };
  // Picking oneself and picking the colleague already on the case are told apart: "not yourself"
  // would puzzle someone who picked the other coordinator again.
  if (colleague.aadObjectId === actor.aadObjectId) return { ok: false, error: 'stale', problem: { field: 'colleague', kind: 'sameAsCreator' } };
  if (colleague.principal === me.principal) return { ok: false, error: 'stale', problem: { field: 'colleague', kind: 'samePrincipal' } };
  if (c.coordinators.some((x) => x.aadObjectId === colleague.aadObjectId)) return { ok: false, error: 'stale', problem: { field: 'colleague', kind: 'alreadyCoordinator' } };
  const principal = otherPrincipal(me.principal);
  // Two coordinators, one from each principal: a case that has both is out of date on the card,
  // and so is one where a colleague was asked and has not declined.
  if (c.coordinators.some((x) => x.principal === principal) || requestOutstanding(c)) return { ok: false, error: 'stale' };
  // Without the person's consent the colleague is asked, not appointed (003:86–88).
  if (!consentValid(c, clock)) {
    const request = newRequest(colleague, principal, actor, clock.now.toISOString(), c.colleagueRequest);
    return changed(c, { colleagueRequest: request, colleagueInvite: undefined }, event('case.colleagueRequested', actor, clock, principal), clock);
  }
  const added = colleagueCoordinator({ ...colleague, principal }, clock.now.toISOString(), true);
  // A request declined earlier is answered by this: the hub no longer asks for someone else. So
  // is an invite by address: the colleague was found after all.
  return changed(c, { coordinators: [...c.coordinators, added], colleagueRequest: undefined, colleagueInvite: undefined }, event('case.coordinatorAdded', actor, clock, principal), clock);
}

/**
 * A coordinator's own unit, picked from their principal's list: one appointed when consent was
 * already given could not pick it (the colleague who added them cannot know it), and one typed
 * before the list counts as övrigt in the statistics until it is picked.
 */
export function setOwnUnit(c: CaseState, input: { readonly unit: string | undefined; readonly units: UnitCatalogue }, actor: Actor, clock: Clock): Change {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  const me = c.coordinators.find((x) => x.aadObjectId === actor.aadObjectId);
  if (me === undefined) return { ok: false, error: 'notCoordinator' };
  const choice = chosenUnit(input.units, me.principal, input.unit);
  if (!choice.ok) return { ok: false, error: 'invalidField', problem: choice.problem };
  if (choice.unit === me.unit) return { ok: true, state: c, audit: [] };
  const coordinators = c.coordinators.map((x) => (x.aadObjectId === actor.aadObjectId ? { ...x, unit: choice.unit } : x));
  return changed(c, { coordinators }, event('case.unitSet', actor, clock, me.principal), clock);
}

/** A coordinator's own reminder settings for the case: mute, and 1:1 chat or the linked group chat. */
export function setReminderPreferences(c: CaseState, prefs: { readonly muted: boolean; readonly delivery: 'personal' | 'groupChat' }, actor: Actor, clock: Clock): Change {
  // After VoSS closed, the one holding the SIP still gets its reminders, and so may set them.
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  const me = c.coordinators.find((x) => x.aadObjectId === actor.aadObjectId);
  if (me === undefined) return { ok: false, error: 'notCoordinator' };
  if ((me.remindersMuted ?? false) === prefs.muted && (me.reminderDelivery ?? 'personal') === prefs.delivery) return { ok: true, state: c, audit: [] };
  const coordinators = c.coordinators.map((x) => (x.aadObjectId === actor.aadObjectId ? { ...x, remindersMuted: prefs.muted, reminderDelivery: prefs.delivery } : x));
  return changed(c, { coordinators }, event('reminders.preferencesChanged', actor, clock, `${prefs.muted ? 'muted' : 'on'}:${prefs.delivery}`), clock);
}

/** Records that a coordinator has been told they were added, and fills in how to reach them. */
export function markCoordinatorNotified(c: CaseState, who: Actor, clock: Clock): Change {
  if (c.closure !== undefined) return { ok: false, error: 'caseClosed' };
  const target = c.coordinators.find((x) => x.aadObjectId === who.aadObjectId);
  if (target === undefined || target.noticePending !== true) return { ok: true, state: c, audit: [] };
  const coordinators = c.coordinators.map((x) =>
    x.aadObjectId === who.aadObjectId ? { ...x, noticePending: false, userId: who.userId ?? x.userId, name: who.name ?? x.name } : x,
  );
  return changed(c, { coordinators }, event('case.coordinatorNotified', who, clock), clock);
}

/** An audit entry for looking at a case, its checklist or its history. */
export function viewed(action: ViewAction, actor: Actor, clock: Clock): AuditEvent {
  return event(action, actor, clock);
}

/** One upprättad version of the plan read back as text: which one, as a fixed code ("v2"). */
export function versionExported(version: number, actor: Actor, clock: Clock): AuditEvent {
  return event('plan.exported', actor, clock, `v${version}`);
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
}
