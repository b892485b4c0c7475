import { BASELINE_ITEMS, EARLY_CLOSE_REASONS, PHASES, type Actor, type CaseState, type ColleagueRequest } from '../domain/case-model';
import { requestOutstanding } from '../domain/colleague-request';
import { SIP_ENDS } from '../domain/case-commands';
import { closingCheck } from '../domain/closing';
import { baselineProgress, caseKind, itemOpen, trainingMissing, type CaseAccess } from '../domain/case-rules';
import { phaseKey, principalDefKey, principalKey } from '../i18n/case-texts';
import { localDate } from '../domain/calendar-date';
import { formatDate } from '../i18n/dates';
import { consentRev, consentStanding } from '../domain/consent';
import { consentStatusText } from './consent-card';
import { nextMeeting } from '../domain/sip-commands';
import { expandCard, type AdaptiveCard } from './card-template';
import { listedUnit, NO_UNITS, type UnitCatalogue } from '../domain/units';
import { sipHolder, sipWritableBy } from '../domain/sip-holder';
import { meetingWhen } from './sip-card-parts';
import { literalSentence, literalText } from './literal-text';
import { caseTitle, closedBanner, nameOf, noticeColor, overdueText, refreshUserIds, sipEditable, t, type CaseCardContext } from './case-card-parts';

/** The case hub: coordinators, consent, phase, baseline progress and the way to everything else. */
export function caseHubCard(ctx: CaseCardContext, c: CaseState, viewer: Actor, access: CaseAccess, now: Date, units: UnitCatalogue = NO_UNITS): AdaptiveCard {
  const next = nextMeeting(c, now);
  const progress = baselineProgress(c);
  const open = c.closure === undefined;
  // After VoSS closed, the coordinator holding the SIP keeps the consent in order.
  const sipOpen = sipEditable(ctx, c) && access === 'coordinator';
  // A SIP case has no phases: they belong to vård- och stödsamordning.
  const vss = caseKind(c) === 'vss';
  const following = PHASES[PHASES.indexOf(c.phase) + 1];
  const nextPhase = vss && open && following !== undefined && following !== 'avslutat' ? following : '';
  const today = localDate(now, ctx.timeZone);
  const consentHolds = consentStanding(c, today) === 'valid';
  return expandCard('case-hub', {
    code: c.code,
    phase: c.phase,
    nextPhase,
    userIds: refreshUserIds(c, viewer),
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: caseTitle(ctx, c),
    closedBanner: closedBanner(ctx, c),
    facts: [
      { title: t(ctx, 'case.kind'), value: t(ctx, vss ? 'kind.vss' : 'kind.sip') },
      ...(vss ? [{ title: t(ctx, 'case.phase'), value: t(ctx, phaseKey(c.phase)) }] : []),
      { title: t(ctx, 'case.coordinators'), value: c.coordinators.map((x) => `${nameOf(ctx, x)} (${t(ctx, principalKey(x.principal))}${x.unit ? `, ${literalText(x.unit)}` : ''})`).join(', ') },
      { title: t(ctx, 'case.consent'), value: consentStatusText(ctx, c, today) },
      { title: t(ctx, 'case.baseline'), value: progress.noNeed ? t(ctx, 'case.baselineNoNeed') : t(ctx, 'case.baselineProgress', { done: progress.done, total: progress.total }) },
      { title: t(ctx, 'case.nextMeeting'), value: next === undefined ? t(ctx, 'case.nonePlanned') : `${next.id}: ${meetingWhen(ctx, next)}` },
      { title: t(ctx, 'case.overdue'), value: overdueText(ctx, c, now) || t(ctx, 'case.none') },
    ],
    warnings: warnings(ctx, c),
    phaseInfo: vss ? t(ctx, `phaseInfo.${c.phase}`) : open ? t(ctx, 'kindInfo.sip') : '',
    phaseReturnLine: phaseReturnLine(ctx, c),
    // Back to any earlier phase but the one it is in, by a coordinator, while the case is open.
    earlierPhases: vss && open && access === 'coordinator' ? PHASES.slice(0, PHASES.indexOf(c.phase)).map((p) => ({ title: t(ctx, phaseKey(p)), value: p })) : [],
    today,
    consentRev: consentRev(c),
    consentActions: sipOpen,
    canWithdrawConsent: sipOpen && c.consent.status === 'given',
    // The evaluation is the VoSS routine's (003:118); a SIP case has none.
    evaluation: vss,
    canSeeHistory: access === 'coordinator',
    canClose: open && access === 'coordinator',
    closing: open && access === 'coordinator' ? (vss ? closingView(ctx, c, viewer) : sipClosingView(ctx, c)) : CLOSING_NOT_ASKED,
    canEndSip: c.closure !== undefined && sipHolder(c)?.aadObjectId === viewer.aadObjectId,
    canAddColleague: open && access === 'coordinator' && new Set(c.coordinators.map((x) => x.principal)).size < 2 && !requestOutstanding(c),
    myUnit: myUnitView(ctx, c, viewer, access, units),
    labels: {
      baseline: t(ctx, 'action.baseline'),
      sip: t(ctx, 'action.sip'),
      plan: t(ctx, 'action.plan'),
      crisisPlan: t(ctx, 'action.crisisPlan'),
      evaluation: t(ctx, 'action.evaluation'),
      nextPhase: nextPhase === '' ? '' : t(ctx, 'action.nextPhase', { phase: t(ctx, phaseKey(nextPhase)) }),
      history: t(ctx, 'action.history'),
      phaseBack: t(ctx, 'action.phaseBack'),
      phaseBackConfirm: t(ctx, 'action.phaseBackConfirm'),
      phaseBackTo: t(ctx, 'phaseBack.to'),
      phaseBackToRequired: t(ctx, 'problem.required', { field: t(ctx, 'phaseBack.to') }),
      phaseBackReason: t(ctx, 'phaseBack.reason'),
      consent: t(ctx, consentHolds ? 'action.consentChange' : 'action.consentRecord'),
      consentWithdraw: t(ctx, 'action.consentWithdraw'),
      consentWithdrawEffect: t(ctx, 'consent.withdrawEffect'),
      consentWithdrawnOn: t(ctx, 'field.consentWithdrawnOn'),
      consentWithdrawnOnRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.consentWithdrawnOn') }),
      consentWithdrawConfirm: t(ctx, 'action.consentWithdrawConfirm'),
      addColleague: t(ctx, 'action.addColleague'),
      close: t(ctx, 'action.close'),
      closeConfirm: t(ctx, 'action.closeConfirm'),
      closeCondition: t(ctx, 'close.condition'),
      closeReason: t(ctx, 'close.reason'),
      closeEarly: t(ctx, 'field.earlyReason'),
      closeEarlyRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.earlyReason') }),
      sipQuestion: t(ctx, 'close.sipQuestion'),
      sipHolder: t(ctx, 'field.sipHolder'),
      sipHolderRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.sipHolder') }),
      sipEndReason: t(ctx, 'close.sipEndReason'),
      sipCaseReason: t(ctx, 'close.sipCaseReason'),
      endSip: t(ctx, 'action.endSip'),
      endSipEffect: t(ctx, 'endSip.effect'),
      endSipReason: t(ctx, 'field.sipEndReason'),
      endSipReasonRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.sipEndReason') }),
      endSipConfirm: t(ctx, 'action.endSipConfirm'),
      reasonRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.reason') }),
    },
  });
}

/** Where the request to the other principal's colleague stands, for the one who asked and their colleagues. */
function requestLine(ctx: CaseCardContext, request: ColleagueRequest): string {
  const who = { name: nameOf(ctx, request.colleague), principal: t(ctx, principalKey(request.colleague.principal)) };
  if (request.status === 'declined') return t(ctx, 'request.warnDeclined', { ...who, reason: literalSentence(request.declineReason ?? '') });
  if (request.status === 'accepted') return t(ctx, 'request.warnAccepted', who);
  return t(ctx, request.deliveryPending === true ? 'request.warnPendingUnreachable' : 'request.warnPending', who);
}

/** What the closing form shows when it is not offered; the template reads its fields regardless. */
const CLOSING_NOT_ASKED = { sipCase: false, status: '', early: false, earlyChoices: [], warnings: [], sipLivesOn: false, holders: [] };

/** Closing a SIP case ends the SIP: no VoSS condition, no one to hand it to, only why. */
function sipClosingView(ctx: CaseCardContext, c: CaseState) {
  const check = closingCheck(c, ctx.timeZone);
  const warnings: string[] = [];
  if (check.plannedMeetings.length > 0) {
    warnings.push(t(ctx, 'close.warnMeetingsSip', { meetings: check.plannedMeetings.map((m) => `${m.id} ${meetingWhen(ctx, m)}`).join(', ') }));
  }
  if (check.openBaselineItems.length > 0) warnings.push(t(ctx, 'close.warnBaseline', { items: check.openBaselineItems.join(', ') }));
  return { ...CLOSING_NOT_ASKED, sipCase: true, status: t(ctx, 'close.sipCase'), warnings };
}

/**
 * Asks the viewing coordinator their unit while it is not one of their principal's listed units: a
 * colleague added when consent was already given could not be asked (the one who added them cannot
 * know it), and a unit typed before the list counts as övrigt in the statistics.
 */
function myUnitView(ctx: CaseCardContext, c: CaseState, viewer: Actor, access: CaseAccess, units: UnitCatalogue) {
  const me = c.coordinators.find((x) => x.aadObjectId === viewer.aadObjectId);
  const listed = me === undefined ? [] : units[me.principal];
  const ask = access === 'coordinator' && sipWritableBy(c, viewer.aadObjectId) && me !== undefined && listed.length > 0 && listedUnit(units, me.principal, me.unit) === undefined;
  if (!ask) return { ask: false, why: '', label: '', placeholder: '', required: '', save: '', choices: [] };
  return {
    ask,
    why: t(ctx, me.unit === undefined ? 'case.myUnitMissing' : 'case.myUnitUnlisted'),
    label: t(ctx, 'request.unit', { principal: t(ctx, principalDefKey(me.principal)) }),
    placeholder: t(ctx, 'form.unitPlaceholder'),
    required: t(ctx, 'problem.required', { field: t(ctx, 'form.unit') }),
    save: t(ctx, 'action.saveMyUnit'),
    choices: listed.map((u) => ({ title: literalText(u), value: u })),
  };
}

/**
 * The closing form's view of 003:114: whether the condition is met and what it lacks, the early
 * reasons when it is not, what closing would leave behind, and who may hold a SIP that goes on.
 */
function closingView(ctx: CaseCardContext, c: CaseState, viewer: Actor) {
  const check = closingCheck(c, ctx.timeZone);
  const warnings: string[] = [];
  if (check.plannedMeetings.length > 0) {
    warnings.push(t(ctx, 'close.warnMeetings', { meetings: check.plannedMeetings.map((m) => `${m.id} ${meetingWhen(ctx, m)}`).join(', ') }));
  }
  if (check.openBaselineItems.length > 0) warnings.push(t(ctx, 'close.warnBaseline', { items: check.openBaselineItems.join(', ') }));
  return {
    sipCase: false,
    status: check.conditionMet ? t(ctx, 'close.conditionMet') : t(ctx, 'close.conditionNotMet', { missing: check.missing.map((m) => t(ctx, `close.missing.${m}`)).join('; ') }),
    early: !check.conditionMet,
    earlyChoices: EARLY_CLOSE_REASONS.map((r) => ({ title: t(ctx, `close.early.${r}`), value: r })),
    warnings,
    sipLivesOn: check.sipLivesOn,
    holders: [
      ...c.coordinators.map((x) => {
        const name = `${nameOf(ctx, x)} (${t(ctx, principalKey(x.principal))})`;
        return { title: x.aadObjectId === viewer.aadObjectId ? t(ctx, 'close.sipHolderYou', { name }) : name, value: x.aadObjectId };
      }),
      { title: t(ctx, 'close.sipEnds'), value: SIP_ENDS },
    ],
  };
}

/** The latest step back, if the case is in the phase it went back to. */
function phaseReturnLine(ctx: CaseCardContext, c: CaseState): string {
  const last = c.phaseReturns?.at(-1);
  if (last === undefined || last.to !== c.phase) return '';
  // The phase's own name ("Resursgrupp/SIP" must keep its capitals), and the local day it happened.
  return t(ctx, 'phaseBack.line', { phase: t(ctx, phaseKey(last.to)), when: formatDate(localDate(new Date(last.at), ctx.timeZone), ctx.locale), reason: literalText(last.reason) });
}

function warnings(ctx: CaseCardContext, c: CaseState): string[] {
  const list: string[] = [];
  if (c.closure !== undefined) return list;
  if (trainingMissing(c)) list.push(t(ctx, 'case.warnNotTrained'));
  const notMetReason = c.targetGroup?.notMetReason;
  if (notMetReason !== undefined) list.push(t(ctx, 'case.warnTargetGroup', { reason: literalText(notMetReason) }));
  const principals = new Set(c.coordinators.map((x) => x.principal));
  const request = c.colleagueRequest;
  // A colleague asked and not (yet) declined: the case says what it waits for instead.
  if (request !== undefined && request.status !== 'declined') principals.add(request.colleague.principal);
  const invite = c.colleagueInvite;
  if (invite !== undefined) principals.add(invite.principal);
  for (const p of ['region', 'kommun'] as const) if (!principals.has(p)) list.push(t(ctx, caseKind(c) === 'vss' ? 'case.warnNoColleague' : 'case.warnNoColleagueSip', { principal: t(ctx, principalDefKey(p)) }));
  if (request !== undefined) list.push(requestLine(ctx, request));
  if (invite !== undefined) list.push(t(ctx, 'case.warnInvited', { principal: t(ctx, principalDefKey(invite.principal)), email: literalText(invite.email) }));
  for (const x of c.coordinators) if (x.noticePending === true) list.push(t(ctx, 'case.warnNoticePending', { name: nameOf(ctx, x) }));
  // Basnivå left undone with a reason is an open matter, shown until it is done.
  const notDone = BASELINE_ITEMS.filter((id) => itemOpen(c, id) && c.baseline.items[id].status === 'notApplicable').map((id) => {
    const reason = c.baseline.items[id].reason;
    return reason === undefined ? id : `${id} (${literalText(reason)})`;
  });
  if (notDone.length > 0) list.push(t(ctx, 'case.warnNotDone', { items: notDone.join(', ') }));
  return list;
}
