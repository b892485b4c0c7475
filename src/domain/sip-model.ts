/**
 * The SIP meeting cycle as plain data: meetings (planned, moved, cancelled, held), the förmöte
 * with the person, invitations per party, and the meeting circle.
 */
export const MEETING_FORMS = ['fysiskt', 'teams', 'telefon'] as const;
export type MeetingForm = (typeof MEETING_FORMS)[number];

/** Parties by role; "annan" carries a free-text label (an organisation, never a person's name). */
export const PARTY_ROLES = ['personen', 'narstaende', 'region', 'kommun', 'forsakringskassan', 'arbetsformedlingen', 'godman', 'boende', 'annan'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface InvitedParty {
  readonly role: PartyRole;
  /** Only for "annan": which organisation or function. */
  readonly label?: string | undefined;
  /** When the coordinator marked the invitation sent (UTC). */
  readonly sentAt?: string | undefined;
}

export interface MeetingMove {
  readonly from: string;
  readonly to: string;
  readonly at: string;
  readonly byAadObjectId: string;
}

export interface SipMeeting {
  /** M1, M2, … in the order they were planned. */
  readonly id: string;
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly form: MeetingForm;
  readonly place?: string | undefined;
  readonly purpose: string;
  readonly questions?: string | undefined;
  readonly invited: readonly InvitedParty[];
  readonly chair?: string | undefined;
  readonly noteTaker?: string | undefined;
  readonly status: 'planned' | 'held' | 'cancelled';
  readonly heldAt?: string | undefined;
  readonly cancelReason?: string | undefined;
  /** The meeting whose plan this one follows up. */
  readonly followUpOf?: string | undefined;
  readonly moves: readonly MeetingMove[];
  readonly preMeeting?: PreMeeting | undefined;
  readonly createdAt: string;
  /** The principal of the coordinator who planned it: the invitation to the other one is B4. */
  readonly plannedBy: { readonly aadObjectId: string; readonly principal: 'region' | 'kommun' };
  readonly rev: number;
}

/** The förmöte with the person: answers saved as the coordinator goes, so it can be resumed. */
export interface PreMeetingAnswers {
  readonly whatMatters?: string | undefined;
  readonly goals?: string | undefined;
  readonly whomToInvite?: string | undefined;
  readonly relativesMayTakePart?: 'yes' | 'no' | 'unsure' | undefined;
  readonly consentCovers?: string | undefined;
  readonly consentDoesNotCover?: string | undefined;
  readonly adaptations?: string | undefined;
  readonly practical?: string | undefined;
  readonly otherPrincipalPreMeeting?: 'yes' | 'no' | undefined;
}

export const PRE_MEETING_TEXT_FIELDS = ['whatMatters', 'goals', 'whomToInvite', 'consentCovers', 'consentDoesNotCover', 'adaptations', 'practical'] as const;

export interface PreMeeting extends PreMeetingAnswers {
  readonly heldAt?: string | undefined;
  readonly heldByAadObjectId?: string | undefined;
}
