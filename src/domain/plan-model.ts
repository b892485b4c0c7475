/**
 * The SIP itself (samordnad individuell plan) and the crisis and action plan, as plain data.
 * SoL 2 kap. 7 § and HSL 16 kap. 4 § say what the plan must state; see plan-commands.ts.
 */
import type { PartyRole } from './sip-model';

export const EFFORT_RESPONSIBLE = ['region', 'kommun', 'annan', 'personen'] as const;
export type EffortResponsible = (typeof EFFORT_RESPONSIBLE)[number];

export interface Effort {
  readonly id: string;
  readonly what: string;
  readonly howOften?: string | undefined;
  /** YYYY-MM-DD */
  readonly from?: string | undefined;
  readonly responsible: EffortResponsible;
  /** For "annan": which party (Försäkringskassan, hyresvärden…), never a person's name. */
  readonly otherParty?: string | undefined;
  /** The goal or delmål (its id, G1…) the effort works toward; absent when not tied to one. */
  readonly goal?: string | undefined;
}

/**
 * One of the person's goals, or a delmål on the way to one with its own date: the resource group
 * decides "vem som gör vad utifrån personens egna mål" (000:179), and works with the delmål between
 * meetings (000:134). Efforts can be tied to either.
 */
export interface PlanGoal {
  readonly id: string;
  readonly text: string;
  /** A delmål: the goal (its id) it leads to. Only goals have delmål, not delmål. */
  readonly partOf?: string | undefined;
  /** YYYY-MM-DD: when the delmål is to be reached; every delmål has one. */
  readonly by?: string | undefined;
}

/** What a version of the plan keeps: the plan's content as agreed, without who marked it and when. */
export interface PlanContent {
  readonly ownGoals?: string | undefined;
  readonly personDoesThemselves?: string | undefined;
  /** The person's own resources and priorities: what works for them, what matters most (000:111, 000:149: "personens upplevelser, resurser och behov"). */
  readonly ownResources?: string | undefined;
  readonly efforts: readonly Effort[];
  /** The person's goals and delmål, in the order written; absent on plans from before they were kept one by one. */
  readonly goals?: readonly PlanGoal[] | undefined;
  /** Stated explicitly when no one other than region and kommun takes measures. */
  readonly noOtherParties?: boolean | undefined;
  /**
   * Why a principal has no efforts in the plan: "vilka insatser respektive huvudman ska svara för"
   * (SoL 2 kap. 7 §, HSL 16 kap. 4 §) asks for each principal's part, or a stated reason.
   */
  readonly regionNoEffortsReason?: string | undefined;
  readonly kommunNoEffortsReason?: string | undefined;
  readonly overallResponsible?: 'region' | 'kommun' | undefined;
  /** YYYY-MM-DD */
  readonly followUpDate?: string | undefined;
}

export const PLAN_CONTENT_FIELDS = ['ownGoals', 'personDoesThemselves', 'ownResources', 'noOtherParties', 'regionNoEffortsReason', 'kommunNoEffortsReason', 'overallResponsible', 'followUpDate'] as const;
export type PlanContentField = (typeof PLAN_CONTENT_FIELDS)[number];
/** A field added to PlanContent but not to PLAN_CONTENT_FIELDS would be left out of versions and their differences: a compile error here. */
const _everyFieldListed: Exclude<keyof PlanContent, 'efforts' | 'goals' | PlanContentField> extends never ? true : never = true;
void _everyFieldListed;

/** One difference between two versions of the plan; efforts and goals are added or removed, never edited. */
export type PlanDifference =
  | { readonly kind: 'changed'; readonly field: PlanContentField }
  | { readonly kind: 'effortAdded' | 'effortRemoved'; readonly effort: Effort }
  | { readonly kind: 'goalAdded' | 'goalRemoved'; readonly goal: PlanGoal };

/** A party that took part in the meeting a version was drawn up at. */
export interface Attendee {
  readonly role: PartyRole;
  readonly label?: string | undefined;
  /** The principal's unit, when it was invited unit by unit. */
  readonly unit?: string | undefined;
}

/**
 * An upprättad plan, kept in full: what was agreed, when, at which held SIP meeting and with whom.
 * A later change starts a draft of the next version and leaves this one as it is.
 */
export interface PlanVersion {
  readonly version: number;
  readonly content: PlanContent;
  readonly establishedAt: string;
  readonly establishedByAadObjectId?: string | undefined;
  readonly withPerson?: boolean | undefined;
  /** The held SIP meeting it was drawn up at; absent on a plan established before that was asked. */
  readonly meetingId?: string | undefined;
  readonly meetingHeldAt?: string | undefined;
  /** Who took part in that meeting; absent when it was not recorded. */
  readonly attendees?: readonly Attendee[] | undefined;
  /** What changed since the version before; empty for the first. */
  readonly changes: readonly PlanDifference[];
}

/** A version in short, for listing them: the full copies are kept next to the case (plan_0001, …). */
export interface PlanVersionEntry {
  readonly version: number;
  readonly establishedAt: string;
  readonly meetingId?: string | undefined;
  /** The follow-up date the version set: kept in short so a later version does not hide whether it was met. Absent on versions listed before. */
  readonly followUpDate?: string | undefined;
}

/**
 * The plan being worked on. While it is upprättad (establishedAt set) it is the version in force;
 * once changed it is the draft of the next version, and `established` still holds the one in force.
 */
export interface SipPlan extends PlanContent {
  /** When the follow-up date was last set: a "five working days before" that had passed by then is not sent. */
  readonly followUpSetAt?: string | undefined;
  readonly establishedAt?: string | undefined;
  readonly establishedByAadObjectId?: string | undefined;
  /** Whether it was drawn up together with the person (000:264: when possible); absent when not asked. */
  readonly establishedWithPerson?: boolean | undefined;
  /** The version in force, in full; absent before the first, and on plans established before versions were kept. */
  readonly established?: PlanVersion | undefined;
  readonly versions?: readonly PlanVersionEntry[] | undefined;
  readonly nextEffortNumber: number;
  /** Absent on plans from before goals were kept one by one: the next is G1. */
  readonly nextGoalNumber?: number | undefined;
  readonly rev: number;
}

export const SIGN_DESCRIBED_BY = ['personen', 'narstaende', 'personal'] as const;
export type SignDescribedBy = (typeof SIGN_DESCRIBED_BY)[number];
export const CRISIS_ACTORS = ['personen', 'narstaende', 'kommun', 'region'] as const;
export type CrisisActor = (typeof CRISIS_ACTORS)[number];

export interface WarningSign {
  readonly id: string;
  readonly description: string;
  readonly describedBy: SignDescribedBy;
  /** Who does what at this sign; at least one actor. */
  readonly actions: Readonly<Partial<Record<CrisisActor, string>>>;
  /** Whom to contact and how: units and roles, never private numbers of the person. */
  readonly contact?: string | undefined;
}

export interface CrisisPlan {
  readonly triggers?: string | undefined;
  readonly personDoesThemselves?: string | undefined;
  readonly signs: readonly WarningSign[];
  /** YYYY-MM-DD; always required for a saved plan. */
  readonly reviewDate?: string | undefined;
  /** 0 while drafting; each save of a complete plan is a new revision, kept in full. */
  readonly revision: number;
  readonly savedAt?: string | undefined;
  readonly savedByAadObjectId?: string | undefined;
  readonly nextSignNumber: number;
  /**
   * Review dates a later revision replaced, with the day it was saved, oldest first: whether each
   * review came in time is otherwise lost when the next date is set. Absent until the first.
   */
  readonly reviews?: readonly CrisisReview[] | undefined;
  readonly rev: number;
}

/** A review date of the crisis plan and the day a new revision replaced it (YYYY-MM-DD, local). */
export interface CrisisReview {
  readonly due: string;
  readonly revisedOn: string;
}
