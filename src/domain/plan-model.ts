/**
 * The SIP itself (samordnad individuell plan) and the crisis and action plan, as plain data.
 * SoL 2 kap. 7 § and HSL 16 kap. 4 § say what the plan must state; see plan-commands.ts.
 */
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
}

export interface SipPlan {
  readonly ownGoals?: string | undefined;
  readonly personDoesThemselves?: string | undefined;
  /** The person's own resources and priorities: what works for them, what matters most (000:111, 000:149: "personens upplevelser, resurser och behov"). */
  readonly ownResources?: string | undefined;
  readonly efforts: readonly Effort[];
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
  /** When the follow-up date was last set: a "five working days before" that had passed by then is not sent. */
  readonly followUpSetAt?: string | undefined;
  readonly establishedAt?: string | undefined;
  readonly establishedByAadObjectId?: string | undefined;
  /** Whether it was drawn up together with the person (000:264: when possible); absent when not asked. */
  readonly establishedWithPerson?: boolean | undefined;
  readonly nextEffortNumber: number;
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
  readonly rev: number;
}
