/**
 * The SIP meeting cycle as plain data: meetings (planned, moved, cancelled, held), the förmöte
 * with the person, invitations per party, and the meeting circle.
 */
export const MEETING_FORMS = ['fysiskt', 'teams', 'telefon'] as const;
export type MeetingForm = (typeof MEETING_FORMS)[number];

/** The principals' roles, which may be invited unit by unit. */
export const PRINCIPAL_ROLES = ['region', 'kommun'] as const satisfies readonly PartyRole[];

/** How a party is told apart within a meeting: its role, or for a unit its role and number ("kommun2"). */
export function partyKey(p: Pick<InvitedParty, 'role' | 'unitNo'>): string {
  return p.unitNo === undefined ? p.role : `${p.role}${p.unitNo}`;
}

/** Parties by role; "annan" carries a free-text label (an organisation, never a person's name). */
export const PARTY_ROLES = ['personen', 'narstaende', 'region', 'kommun', 'forsakringskassan', 'arbetsformedlingen', 'godman', 'boende', 'annan'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** A party's key read back: its role, and for a unit its number; undefined for anything else. */
export function parsePartyKey(key: string): { readonly role: PartyRole; readonly unitNo?: number } | undefined {
  if ((PARTY_ROLES as readonly string[]).includes(key)) return { role: key as PartyRole };
  const unit = /^(region|kommun)([1-9]\d?)$/.exec(key);
  return unit === null ? undefined : { role: unit[1] as PartyRole, unitNo: Number(unit[2]) };
}

export interface InvitedParty {
  readonly role: PartyRole;
  /** Only for "annan": which organisation or function. */
  readonly label?: string | undefined;
  /**
   * Only for region and kommun: which of the principal's units (psykiatrisk öppenvård, vårdcentral;
   * socialpsykiatri, LSS, försörjningsstöd), numbered from 1 in the order given. Each unit gets its
   * own kallelse. Absent when the principal is invited as a whole.
   */
  readonly unit?: string | undefined;
  readonly unitNo?: number | undefined;
  /** When the coordinator marked the invitation sent (UTC). */
  readonly sentAt?: string | undefined;
  /**
   * When a kallelse was sent for an earlier time of the meeting: moving a meeting makes the
   * kallelser sent for the old time void, and a new one is needed (METHOD.md).
   */
  readonly sentForEarlierTime?: string | undefined;
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
  /** The link to join a digital meeting (Teams or another service): shown in the kallelse and the calendar file. */
  readonly link?: string | undefined;
  readonly purpose: string;
  readonly questions?: string | undefined;
  readonly invited: readonly InvitedParty[];
  readonly chair?: string | undefined;
  readonly noteTaker?: string | undefined;
  /** Why the person was not invited (000:97: the SIP is drawn up together with them). */
  readonly withoutPersonReason?: string | undefined;
  readonly status: 'planned' | 'held' | 'cancelled';
  readonly heldAt?: string | undefined;
  /** Who took part, asked when the meeting is marked held; absent on meetings marked held before it was asked. */
  readonly attendance?: Attendance | undefined;
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

/**
 * Who took part in a held meeting. The person's part is asked whenever they were invited (the plan
 * is drawn up with them when possible, 000:264), with why not; the other parties as came or not.
 */
export interface Attendance {
  /** Undefined when the person was not invited. */
  readonly person?: boolean | undefined;
  readonly personAbsentReason?: string | undefined;
  /** Invited parties (other than the person) who did not come, by partyKey: a role, or a unit such as "kommun2". */
  readonly absent: readonly string[];
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
  /** Whom the person wants invited besides themselves and the two principals: proposed when booking. */
  readonly invite?: readonly PartyRole[] | undefined;
  /** How and where the person wants the meeting: proposed when booking. */
  readonly wishedForm?: MeetingForm | undefined;
  readonly wishedPlace?: string | undefined;
}

export const PRE_MEETING_TEXT_FIELDS = ['whatMatters', 'goals', 'whomToInvite', 'consentCovers', 'consentDoesNotCover', 'adaptations', 'practical', 'wishedPlace'] as const;

/** Parties the person may ask to have invited at the förmöte (they and both principals always are). */
export const PRE_MEETING_INVITE_ROLES = ['narstaende', 'forsakringskassan', 'arbetsformedlingen', 'godman', 'boende', 'annan'] as const satisfies readonly PartyRole[];

export interface PreMeeting extends PreMeetingAnswers {
  readonly heldAt?: string | undefined;
  readonly heldByAadObjectId?: string | undefined;
}

/**
 * A förmöte held before any SIP meeting is booked (000:31: the SIP is planned with the person
 * first). It stays on the case until a meeting is planned, which takes it over.
 */
export interface CasePreMeeting extends PreMeeting {
  readonly rev: number;
}

/** The id cards use for the case's own förmöte, where a meeting's id would be (M1, M2, …). */
export const CASE_PRE_MEETING = 'F';
