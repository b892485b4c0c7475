import type { AdaptiveCard } from '../cards/card-template';
import { invitationCard } from '../cards/invitation-card';
import { meetingChecklistCard } from '../cards/meeting-checklist-card';
import { preMeetingCard } from '../cards/pre-meeting-card';
import { sipCard } from '../cards/sip-card';
import { sipPlanFormCard } from '../cards/sip-plan-form-card';
import { viewed } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import { meetingsOf, planningProposal } from '../domain/sip-commands';
import { CASE_PRE_MEETING, type SipMeeting } from '../domain/sip-model';
import { utcToZoned } from '../domain/zoned-time';
import { UserError } from '../i18n/errors';
import type { HandlerContext } from './bot-context';
import { actorOf, cardContext, clockOf, groupChatOf, loadAccessibleCase, tenantOf } from './case-access';
import { consentCardFor, type CaseRenderer } from './case-change';
import { consentValid } from '../domain/consent';
import { t } from '../cards/case-card-parts';

export function sipRenderer(ctx: HandlerContext): CaseRenderer {
  return (cardCtx, state) => sipCard(cardCtx, state, actorOf(ctx), ctx.services.clock());
}

/** The case's SIP meetings; opening is audited, a refresh is not. */
export async function showSip(ctx: HandlerContext, code: string, opts: { audit: boolean; notice?: string }): Promise<AdaptiveCard> {
  const { stored } = await loadAccessibleCase(ctx, code);
  if (opts.audit) await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed('sip.viewed', actorOf(ctx), clockOf(ctx))]);
  return sipRenderer(ctx)(cardContext(ctx, opts.notice), stored.state);
}

/** A meeting of a case the user may see, or the card is out of date. */
export async function loadMeeting(ctx: HandlerContext, code: string, meetingId: string): Promise<{ state: CaseState; meeting: SipMeeting }> {
  const { stored } = await loadAccessibleCase(ctx, code);
  const meeting = meetingsOf(stored.state).find((m) => m.id === meetingId);
  // A forged or mistyped meeting id gets the same answer as a case that is not there.
  if (meeting === undefined) throw new UserError('caseNotFound');
  return { state: stored.state, meeting };
}

export async function showPlanForm(ctx: HandlerContext, code: string, followUpOf?: string): Promise<AdaptiveCard> {
  const { stored } = await loadAccessibleCase(ctx, code);
  // Asked before the form is filled in, so that nobody types a meeting that cannot be saved.
  if (!consentValid(stored.state, clockOf(ctx))) return consentCardFor(ctx, stored.state, t(cardContext(ctx), 'case.noConsent'));
  const base = followUpOf === undefined ? undefined : meetingsOf(stored.state).find((m) => m.id === followUpOf);
  if (base !== undefined) {
    // A follow-up proposes the parties (the principals' units included) and form of the meeting it follows up.
    const unitsOf = (role: 'region' | 'kommun') => base.invited.flatMap((p) => (p.role === role && p.unit !== undefined ? [p.unit] : [])).join('\n');
    const values = {
      form: base.form,
      place: base.place,
      invited: [...new Set(base.invited.map((p) => p.role))].join(','),
      otherLabel: base.invited.find((p) => p.role === 'annan')?.label,
      regionUnits: unitsOf('region'),
      kommunUnits: unitsOf('kommun'),
    };
    return sipPlanFormCard(cardContext(ctx), { code, followUpOf: base.id }, values);
  }
  // Otherwise what the person asked for at the förmöte is proposed, and the form says so.
  const proposal = planningProposal(stored.state);
  if (proposal === undefined) return sipPlanFormCard(cardContext(ctx), { code }, {});
  const values = { form: proposal.form, place: proposal.place, invited: proposal.invited.join(',') };
  return sipPlanFormCard(cardContext(ctx), { code, proposal: { heldAt: proposal.heldAt } }, values);
}

export async function showMoveForm(ctx: HandlerContext, code: string, meetingId: string): Promise<AdaptiveCard> {
  const { meeting } = await loadMeeting(ctx, code, meetingId);
  const local = utcToZoned(meeting.startsAt, ctx.services.timeZone);
  return sipPlanFormCard(cardContext(ctx), { code, move: { meetingId, rev: meeting.rev } }, { date: local.date, time: local.time, duration: String(meeting.durationMinutes) });
}

export async function showPreMeeting(ctx: HandlerContext, code: string, meetingId: string): Promise<AdaptiveCard> {
  if (meetingId === CASE_PRE_MEETING) {
    const { stored } = await loadAccessibleCase(ctx, code);
    return preMeetingCard(cardContext(ctx), stored.state, undefined);
  }
  const { state, meeting } = await loadMeeting(ctx, code, meetingId);
  return preMeetingCard(cardContext(ctx), state, meeting);
}

export async function showInvitation(ctx: HandlerContext, code: string, meetingId: string): Promise<AdaptiveCard> {
  const { state, meeting } = await loadMeeting(ctx, code, meetingId);
  return invitationCard(cardContext(ctx), state, meeting, ctx.services.clock(), calendarUrlFor(ctx, state, meeting));
}

/** The signed link to a meeting's calendar file, made for the coordinator looking at the kallelse. */
export function calendarUrlFor(ctx: HandlerContext, state: CaseState, meeting: SipMeeting): string | undefined {
  return ctx.services.calendarLinks.urlFor({ tenantId: state.tenantId, code: state.code, meetingId: meeting.id, viewer: actorOf(ctx).aadObjectId, viewerTenant: actorOf(ctx).tenantId, chat: groupChatOf(ctx) }, ctx.services.clock());
}

export async function showChecklist(ctx: HandlerContext, code: string, meetingId: string): Promise<AdaptiveCard> {
  const { state, meeting } = await loadMeeting(ctx, code, meetingId);
  return meetingChecklistCard(cardContext(ctx), state, meeting, ctx.services.clock());
}
