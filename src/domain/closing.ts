/**
 * Closing VoSS, which need not end the SIP. The Uppsala routine (003:114): "Arbetet enligt
 * modellen kan avslutas när man har genomfört momenten i modellen och det finns en fungerande
 * planering kring mål och insatser. Den fortsatta samverkan sker därefter utifrån de behov som
 * finns." The bot reads "a working plan" as a plan marked upprättad and at least one SIP meeting
 * held; a case closed without them is closed early, with the reason. A SIP that still has a
 * follow-up date or a planned meeting lives on with one of the coordinators, or ends too.
 */
import type { BaselineItemId, CaseState } from './case-model';
import { BASELINE_ITEMS } from './case-model';
import { itemOpen } from './case-rules';
import { planOf, versionInForce } from './plan-commands';
import { isSipMeeting, meetingsOf } from './sip-commands';
import type { SipMeeting } from './sip-model';
import { followUpDateUsedUp } from './reminder-rules';

/** What closing would mean for a case now, for the card that asks and the command that closes. */
export interface ClosingCheck {
  /** 003:114's condition as the bot reads it. */
  readonly conditionMet: boolean;
  /** What the condition lacks: an upprättad plan, a held SIP meeting. */
  readonly missing: readonly ('plan' | 'heldMeeting')[];
  /** The SIP has a follow-up date not yet followed up, or a planned meeting: closing asks who holds it. */
  readonly sipLivesOn: boolean;
  /** Meetings still planned, which closing would leave behind unless the SIP goes on. */
  readonly plannedMeetings: readonly SipMeeting[];
  /** Basnivå items that apply and are not done: not started, or left undone with a reason. */
  readonly openBaselineItems: readonly BaselineItemId[];
}

export function closingCheck(c: CaseState, timeZone: string): ClosingCheck {
  const meetings = meetingsOf(c);
  const plan = planOf(c);
  const missing: Array<'plan' | 'heldMeeting'> = [];
  // A draft of a next version leaves the version in force upprättad.
  if (versionInForce(plan) === undefined) missing.push('plan');
  if (!meetings.some((m) => m.status === 'held' && isSipMeeting(m))) missing.push('heldMeeting');
  const plannedMeetings = meetings.filter((m) => m.status === 'planned');
  return {
    conditionMet: missing.length === 0,
    missing,
    sipLivesOn: plannedMeetings.length > 0 || (plan.followUpDate !== undefined && !followUpDateUsedUp(c, timeZone)),
    plannedMeetings,
    // Not started, or left undone with a reason: either is an open matter of basnivå.
    openBaselineItems: BASELINE_ITEMS.filter((id) => itemOpen(c, id) && c.baseline.items[id].status !== 'done'),
  };
}
