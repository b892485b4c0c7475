/**
 * A case (ärende) as plain data. No personnummer or patient names ever live here: a case is known
 * by its code and at most a nickname or initials chosen by the coordinators.
 */
import type { CrisisPlan, SipPlan } from './plan-model';
import type { CasePreMeeting, SipMeeting } from './sip-model';

export type Principal = 'region' | 'kommun';

/** The case's phase, in the order the coordinators move it forward. */
export const PHASES = ['initiering', 'kartlaggning', 'resursgrupp', 'uppfoljning', 'avslutat'] as const;
export type Phase = (typeof PHASES)[number];

export interface Actor {
  readonly aadObjectId: string;
  /**
   * The person's tenant, written only when it is not the case's tenant (CaseState.tenantId): a
   * coordinator from another tenant of a deployment that serves several. A person is the pair.
   */
  readonly tenantId?: string | undefined;
  /** The Teams user id (29:…), needed for card refresh; absent until the person has used the bot. */
  readonly userId?: string | undefined;
  readonly name?: string | undefined;
}

export interface Coordinator extends Actor {
  readonly principal: Principal;
  readonly unit?: string | undefined;
  readonly trained: boolean;
  readonly addedAt: string;
  /** Added by a colleague but not yet told, because the bot could not reach them then. */
  readonly noticePending?: boolean | undefined;
  /** This coordinator's reminders for the case: muted, and where they go (1:1 chat by default). */
  readonly remindersMuted?: boolean | undefined;
  readonly reminderDelivery?: 'personal' | 'groupChat' | undefined;
}

/**
 * The other principal's coordinator, asked before the person has consented (003:86–88: the
 * principals agree, the person is asked, then both coordinators are appointed). Not a coordinator
 * of the case: they see only what the request says, until they have accepted and consent is
 * recorded. Gone from the case once appointed; a declined request stays until another colleague
 * is asked.
 */
export interface ColleagueRequest {
  /** unit: the one the colleague picked when they accepted, theirs once appointed. */
  readonly colleague: Actor & { readonly principal: Principal; readonly trained: boolean; readonly unit?: string | undefined };
  readonly requestedBy: Actor;
  readonly at: string;
  readonly status: 'pending' | 'accepted' | 'declined';
  readonly answeredAt?: string | undefined;
  /** Why the colleague declined, in their words; told to the one who asked. */
  readonly declineReason?: string | undefined;
  /** The colleague has not been shown the request yet: the bot could not reach them so far. */
  readonly deliveryPending?: boolean | undefined;
  /** The one who asked has not been told of the decline yet. */
  readonly declineNoticePending?: boolean | undefined;
  /** Bumped on every change of the request: a request card with an older rev is out of date. */
  readonly rev: number;
}

/**
 * A colleague of the other principal, in another tenant of the deployment, invited by e-mail
 * address because they have not added the bot yet: the case waits for whoever adds it with that
 * address, who is then appointed (or asked, without consent) as if picked.
 */
export interface ColleagueInvite {
  /** Lower case, as Teams reports it for the user who adds the bot. */
  readonly email: string;
  readonly principal: Principal;
  readonly trained: boolean;
  readonly invitedBy: Actor;
  readonly at: string;
}

/**
 * What kind of work a case is. A SIP case is basnivå i samverkan and the SIP, which every unit of
 * both principals always does once a need exists (000:22-35): no target group, no training rule,
 * no phases. Vård- och stödsamordning is the optional layer on top (000:48), with the region's
 * target group, a trained coordinator and the phases.
 */
export const CASE_KINDS = ['sip', 'vss'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/**
 * Whose routine decides the VoSS target group; the deployment chooses (TARGET_GROUP). 'none'
 * opens VoSS cases without a target-group check.
 */
export const TARGET_GROUP_PROFILES = ['uppsala', 'goteborg', 'none'] as const;
export type TargetGroupProfile = (typeof TARGET_GROUP_PROFILES)[number];

/** Each routine's criteria, in the order its form asks them. */
export const TARGET_GROUP_CRITERIA = {
  /** 003:62-72: all of the first three and at least one of the last three. */
  uppsala: ['adult', 'extensiveDisability', 'ordinaryCooperationInsufficient', 'highConsumer', 'repeatedInpatientStays', 'breaksOffContacts'],
  /** 000:72: psykisk funktionsnedsättning and/or missbruk, with needs from both principals. */
  goteborg: ['disabilityOrAddiction', 'needsBothPrincipals'],
} as const;
export type TargetGroupCriterion = (typeof TARGET_GROUP_CRITERIA)[keyof typeof TARGET_GROUP_CRITERIA][number];

/** The VoSS target group as checked when the case was opened, by the deployment's routine. */
export type TargetGroup = {
  /** Whose routine; absent on cases stored before profiles, which were all Uppsala's. */
  readonly profile?: Exclude<TargetGroupProfile, 'none'> | undefined;
  /** Why the case goes on although the criteria are not met. */
  readonly notMetReason?: string | undefined;
} & { readonly [K in TargetGroupCriterion]?: boolean | undefined };

export interface Consent {
  /** 'withdrawn' keeps what was given (form, scope, dates) for the record. */
  readonly status: 'given' | 'notYet' | 'withdrawn';
  readonly form?: 'written' | 'oral' | undefined;
  readonly scope?: string | undefined;
  /** ISO date (YYYY-MM-DD), Europe/Stockholm: the last day the consent holds. */
  readonly validUntil?: string | undefined;
  /** Bumped on every change: a consent card showing an older rev is out of date. Absent on cases stored before consent could change. */
  readonly rev?: number | undefined;
  /** When and by whom it was recorded; absent on cases stored before, where it came with the case. */
  readonly recordedAt?: string | undefined;
  readonly recordedBy?: Actor | undefined;
  /**
   * When the person first said yes, kept through changes, a withdrawal and a new yes: the
   * statistics count the days to consent from it. Absent until the consent is first changed
   * (recordedAt is then still the first yes) and on cases stored before it was kept.
   */
  readonly firstGivenAt?: string | undefined;
  /** The day the person withdrew it (YYYY-MM-DD), and who recorded that. */
  readonly withdrawnOn?: string | undefined;
  readonly withdrawnBy?: Actor | undefined;
}

/**
 * The person's answer to being evaluated with the region's instruments (003:120: used only with
 * their consent). Separate from the consent to the SIP: either can be given without the other.
 */
export interface EvaluationConsent {
  readonly status: 'given' | 'declined' | 'withdrawn';
  /** When the latest yes or no was recorded, and by whom; a withdrawal keeps the yes it ended. */
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  /** The day the person withdrew it (YYYY-MM-DD), and who recorded that. */
  readonly withdrawnOn?: string | undefined;
  readonly withdrawnBy?: Actor | undefined;
}

/** One evaluation point marked done: the day, and who marked it. The instruments' answers are never here. */
export interface EvaluationPointDone {
  readonly doneOn: string;
  readonly by: Actor;
}

export interface Evaluation {
  readonly consent: EvaluationConsent;
  /**
   * The code the instruments carry so the answers can be compared over time (003:120): random,
   * never derived from the case code, given at the first yes and kept through a withdrawal and a
   * new yes. Absent while the person has never said yes.
   */
  readonly code?: string | undefined;
  /** The day of the first yes (YYYY-MM-DD): the points are counted from it. */
  readonly startedOn?: string | undefined;
  /** Points marked done, by point id (P0, P6…). */
  readonly done?: Readonly<Record<string, EvaluationPointDone>> | undefined;
  /** Bumped on every change: an evaluation card showing an older rev is out of date. */
  readonly rev: number;
}

export const BASELINE_ITEMS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8'] as const;
export type BaselineItemId = (typeof BASELINE_ITEMS)[number];
export type BaselineStatus = 'notStarted' | 'done' | 'notApplicable';

export interface BaselineItem {
  readonly status: BaselineStatus;
  /** Why the item does not apply (notApplicable) or, for B1, why there is no need. */
  readonly reason?: string | undefined;
  readonly by?: Actor | undefined;
  readonly at?: string | undefined;
  /** Bumped on every change of this item: a card that shows an older rev is out of date. */
  readonly rev: number;
  /** Set when the SIP flow ticked the item by itself. */
  readonly source?: 'sip' | undefined;
  /** B8 only: the held SIP meeting whose period until the next one this answer is for; absent before the first. */
  readonly period?: string | undefined;
}

/**
 * B8 for one period, as it stood when the next SIP meeting was held. B8 is ongoing (000:35: "Vård-
 * och stödinsatser erbjudas mellan SIP-mötena"): it is asked again for each period between meetings.
 */
export interface BaselinePeriod {
  /** The held SIP meeting the period began with; absent for the time before the first one. */
  readonly after?: string | undefined;
  /** The held SIP meeting that ended it. */
  readonly until: string;
  readonly status: BaselineStatus;
  readonly reason?: string | undefined;
  readonly by?: Actor | undefined;
  readonly at?: string | undefined;
}

export interface Baseline {
  /** B1's answer: does the person need efforts from the other principal? */
  readonly need?: 'yes' | 'no' | undefined;
  readonly items: Readonly<Record<BaselineItemId, BaselineItem>>;
  /** B8's earlier periods, oldest first; absent until a second period began. */
  readonly b8Periods?: readonly BaselinePeriod[] | undefined;
}

/** Why VoSS closed before its condition was met: the person declines, moves, has died, or another reason. */
export const EARLY_CLOSE_REASONS = ['declines', 'moves', 'died', 'other'] as const;
export type EarlyCloseReason = (typeof EARLY_CLOSE_REASONS)[number];

/** What happens to the SIP when VoSS closes: one coordinator holds it from now on, or it ends too. */
export type SipAfterClosing =
  /** noticePending: the holder, chosen by the colleague who closed, has not been told yet. */
  | { readonly kind: 'continues'; readonly holder: Actor; readonly noticePending?: true | undefined }
  | { readonly kind: 'ended'; readonly reason: string; readonly at?: string | undefined; readonly by?: Actor | undefined };

export interface Closure {
  /** Why VoSS closed, in the coordinator's words; may be empty when the closing condition was met. */
  readonly reason: string;
  readonly at: string;
  readonly by: Actor;
  /** Whether 003:114's condition was met at closing; absent on cases closed before the bot checked it. */
  readonly conditionMet?: boolean | undefined;
  /** Why VoSS closed before the condition was met. */
  readonly early?: EarlyCloseReason | undefined;
  /** What became of the SIP; absent when it had nothing to go on with (or the case was closed before this existed). */
  readonly sip?: SipAfterClosing | undefined;
}

/** A step back to an earlier phase (relapse means mapping again), with why. */
export interface PhaseReturn {
  readonly from: Phase;
  readonly to: Phase;
  readonly reason: string;
  readonly at: string;
  readonly by: Actor;
}

export interface CaseState {
  readonly tenantId: string;
  readonly code: string;
  readonly nickname?: string | undefined;
  readonly phase: Phase;
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly coordinators: readonly Coordinator[];
  /** Absent on cases stored before SIP cases existed: those are all VoSS cases. */
  readonly kind?: CaseKind | undefined;
  /** VoSS only, and only where the deployment has a target group (TARGET_GROUP). */
  readonly targetGroup?: TargetGroup | undefined;
  readonly consent: Consent;
  readonly baseline: Baseline;
  readonly linkedChatIds: readonly string[];
  /** SIP meetings in the order planned; absent on cases stored before SIP planning existed. */
  readonly sipMeetings?: readonly SipMeeting[] | undefined;
  /** The förmöte with the person before any meeting is booked; absent once a meeting took it over. */
  readonly preMeeting?: CasePreMeeting | undefined;
  readonly sipPlan?: SipPlan | undefined;
  readonly crisisPlan?: CrisisPlan | undefined;
  readonly closure?: Closure | undefined;
  /** The colleague asked to join before consent; absent once appointed, and on cases stored before requests existed. */
  readonly colleagueRequest?: ColleagueRequest | undefined;
  /** A colleague in another tenant invited by e-mail address, until they add the bot. */
  readonly colleagueInvite?: ColleagueInvite | undefined;
  /** Steps back to an earlier phase, oldest first; absent on cases that never went back. */
  readonly phaseReturns?: readonly PhaseReturn[] | undefined;
  /** VoSS only: the consent to evaluation, its code and the points done; absent until the person was asked. */
  readonly evaluation?: Evaluation | undefined;
  readonly updatedAt: string;
  /** Bumped on every change of the case. */
  readonly version: number;
}

/** What the audit trail records: who did what to which case, when; never free text. */
export type AuditAction =
  | 'case.created'
  | 'case.viewed'
  | 'case.phaseChanged'
  | 'case.phaseReturned'
  | 'case.closed'
  | 'case.closedEarly'
  | 'case.chatLinked'
  | 'case.coordinatorNotified'
  | 'case.coordinatorAdded'
  | 'case.unitSet'
  | 'case.colleagueRequested'
  | 'case.colleagueInvited'
  | 'case.inviteAccepted'
  | 'case.requestAccepted'
  | 'case.appointed'
  | 'case.requestDeclined'
  | 'case.requestDelivered'
  | 'case.requestCancelled'
  | 'case.declineDelivered'
  | 'reminders.preferencesChanged'
  | 'consent.recorded'
  | 'consent.changed'
  | 'consent.withdrawn'
  | 'baseline.viewed'
  | 'baseline.itemSet'
  | 'baseline.needAnswered'
  | 'history.viewed'
  | 'sip.viewed'
  | 'sip.continuesAfterClosing'
  | 'sip.ended'
  | 'sip.meetingPlanned'
  | 'sip.meetingMoved'
  | 'sip.meetingCancelled'
  | 'sip.meetingHeld'
  | 'sip.preMeetingSaved'
  | 'sip.preMeetingHeld'
  | 'sip.casePreMeetingSaved'
  | 'sip.casePreMeetingHeld'
  | 'sip.invitationSent'
  | 'sip.invitationUndone'
  | 'sip.calendarDownloaded'
  | 'baseline.autoTicked'
  | 'baseline.b8PeriodStarted'
  | 'plan.viewed'
  | 'plan.saved'
  | 'plan.effortAdded'
  | 'plan.effortRemoved'
  | 'plan.goalAdded'
  | 'plan.goalRemoved'
  | 'plan.established'
  | 'plan.exported'
  | 'crisis.viewed'
  | 'crisis.signAdded'
  | 'crisis.signRemoved'
  | 'crisis.revised'
  | 'crisis.exported'
  | 'evaluation.viewed'
  | 'evaluation.consentRecorded'
  | 'evaluation.consentWithdrawn'
  | 'evaluation.pointDone'
  | 'evaluation.pointUndone';

/** Audit entries that record a look, not a change: the history can leave them out. */
export const VIEW_ACTIONS = ['case.viewed', 'baseline.viewed', 'history.viewed', 'sip.viewed', 'plan.viewed', 'crisis.viewed', 'plan.exported', 'crisis.exported', 'sip.calendarDownloaded', 'evaluation.viewed'] as const satisfies readonly AuditAction[];
export type ViewAction = (typeof VIEW_ACTIONS)[number];

export interface AuditEvent {
  readonly action: AuditAction;
  readonly at: string;
  readonly by: Actor;
  /** A fixed code only, e.g. "B3:done" or "kartlaggning": never text a user typed. */
  readonly detail?: string | undefined;
}
