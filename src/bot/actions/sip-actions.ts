import { z } from 'zod';
import { invitationCard } from '../../cards/invitation-card';
import { PRE_MEETING_FIELDS, preMeetingCard } from '../../cards/pre-meeting-card';
import { sipPlanFormCard, type SipPlanFormValues } from '../../cards/sip-plan-form-card';
import {
  cancelMeeting,
  holdPreMeeting,
  markInvitationSent,
  markInvitationUndone,
  markMeetingHeld,
  meetingsOf,
  moveMeeting,
  planMeeting,
  savePreMeeting,
  type AttendanceInput,
  type SipChange,
  type SipProblem,
} from '../../domain/sip-commands';
import { CASE_PRE_MEETING, MEETING_FORMS, PARTY_ROLES, parsePartyKey, type PartyRole, type PreMeetingAnswers } from '../../domain/sip-model';
import type { CaseState } from '../../domain/case-model';
import { UserError } from '../../i18n/errors';
import { sipText } from '../../i18n/sip-texts';
import { defineAction } from '../action-router';
import { rev } from './card-fields';
import type { HandlerContext } from '../bot-context';
import { actorOf, cardContext, clockOf, loadAccessibleCase, requireCode } from '../case-access';
import { dayOffQuestion } from '../day-off-question';
import { localDate } from '../../domain/calendar-date';
import { allInputs, confirmedDay, discard } from './card-fields';
import { st } from '../../cards/sip-card-parts';
import { t } from '../../cards/case-card-parts';
import { changeCase, refusalText, refusedCard, runCaseChange, staleCard } from '../case-change';
import { calendarUrlFor, showChecklist, showInvitation, showMoveForm, showPlanForm, showPreMeeting, showSip, sipRenderer } from '../sip-views';
import type { AdaptiveCard } from '../../cards/card-template';
import { codeData, viewAction } from './case-view-action';

/** Texts are bounded only against absurd payloads; the domain names the real limits per field. */
const text = z.string().max(5000).optional();
const meetingId = z.string().regex(/^M\d{1,4}$/);
const meetingData = codeData.extend({ meetingId });
/** The plan form's follow-up field: a meeting id, or '' (the field left empty) read as no meeting. */
const followUpOf = z
  .union([meetingId, z.literal('')])
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const sipOpenAction = viewAction('sip.open', showSip, 'open');
export const sipRefreshAction = viewAction('sip.refresh', showSip, 'refresh');

export const sipPlanOpenAction = defineAction({
  verb: 'sip.plan.open',
  data: codeData.extend({ followUpOf }),
  handle: async (ctx, data) => ({ kind: 'card', card: await showPlanForm(ctx, requireCode(data.code), data.followUpOf) }),
});

/** Units typed one per line: a unit's own name may have a comma in it. */
const unitsIn = (typed: string | undefined): string[] => (typed ?? '').split(/\r?\n/);

const planInputs = {
  date: text,
  time: text,
  duration: z.string().regex(/^\d{1,4}$/).optional(),
  form: z.enum(MEETING_FORMS).optional(),
  place: text,
  link: text,
  purpose: text,
  questions: text,
  invited: z.string().max(500).optional(),
  otherLabel: text,
  regionUnits: text,
  kommunUnits: text,
  withoutPersonReason: text,
  chair: text,
  noteTaker: text,
};

/** A multi-select ChoiceSet sends its values comma-separated; unknown roles are refused whole. */
function rolesOf(invited: string | undefined): PartyRole[] | undefined {
  const roles = (invited ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
  return roles.every((r) => (PARTY_ROLES as readonly string[]).includes(r)) ? (roles as PartyRole[]) : undefined;
}

/**
 * A refused form comes back as the form, with what was typed and why: each problem named, or the
 * refusal of the whole (the case changed since the card was shown). A step that needs consent
 * shows the consent card, and a closed case the SIP card, where the form has no use.
 */
async function formOrCard(
  ctx: HandlerContext,
  code: string,
  apply: (state: CaseState) => SipChange,
  form: (problems: readonly (string | SipProblem)[], state: CaseState) => AdaptiveCard,
): Promise<{ kind: 'card'; card: AdaptiveCard }> {
  const outcome = await runCaseChange(ctx, code, apply);
  if (outcome.kind !== 'refused') return { kind: 'card', card: sipRenderer(ctx)(cardContext(ctx), outcome.stored.state) };
  const { change, stored } = outcome;
  if ('problems' in change) return { kind: 'card', card: form(change.problems, stored.state) };
  if (change.error === 'noConsent' || change.error === 'caseClosed' || change.error === 'notCoordinator') return { kind: 'card', card: refusedCard(ctx, change, stored.state, sipRenderer(ctx)) };
  return { kind: 'card', card: form([refusalText(cardContext(ctx), change)], stored.state) };
}

export const sipPlanAction = defineAction({
  verb: 'sip.plan',
  data: codeData.extend({ followUpOf, meetingId: z.string().max(10).optional(), rev: z.union([z.string().max(10), z.number()]).optional(), confirmedDay, ...planInputs }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const roles = rolesOf(data.invited);
    if (roles === undefined) throw new UserError('invalidActionData');
    const { followUpOf } = data;
    const values: SipPlanFormValues = { ...data, invited: data.invited };
    const target = { code, ...(followUpOf === undefined ? {} : { followUpOf }) };
    // A meeting on a weekend or holiday is asked about once; saving the same day again books it.
    const question = dayOffQuestion(ctx.locale, data.date, data.confirmedDay, st(cardContext(ctx), 'planForm.save'));
    if (question !== undefined) {
      await loadAccessibleCase(ctx, code);
      return { kind: 'card', card: sipPlanFormCard(cardContext(ctx), target, values, [question], data.date) };
    }
    return formOrCard(
      ctx,
      code,
      (state) =>
        planMeeting(
          state,
          {
            ...data,
            date: data.date ?? '',
            time: data.time ?? '',
            durationMinutes: Number(data.duration ?? 0),
            form: data.form ?? 'fysiskt',
            invited: roles,
            regionUnits: unitsIn(data.regionUnits),
            kommunUnits: unitsIn(data.kommunUnits),
            followUpOf,
          },
          actorOf(ctx),
          clockOf(ctx),
        ),
      (problems) => sipPlanFormCard(cardContext(ctx), target, values, problems),
    );
  },
});

export const sipMoveOpenAction = defineAction({
  verb: 'sip.move.open',
  data: meetingData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showMoveForm(ctx, requireCode(data.code), data.meetingId) }),
});

export const sipMoveAction = defineAction({
  verb: 'sip.move',
  data: meetingData.extend({ rev, followUpOf: z.string().max(10).optional(), confirmedDay, ...planInputs }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const question = dayOffQuestion(ctx.locale, data.date, data.confirmedDay, st(cardContext(ctx), 'planForm.saveMove'));
    // Moving only the time keeps a day already on the meeting: nothing to ask about it again.
    if (question !== undefined && meetingDay(ctx, (await loadAccessibleCase(ctx, code)).stored.state, data.meetingId) !== data.date) {
      const move = { code, move: { meetingId: data.meetingId, rev: data.rev } };
      return { kind: 'card', card: sipPlanFormCard(cardContext(ctx), move, { date: data.date, time: data.time, duration: data.duration }, [question], data.date) };
    }
    return formOrCard(
      ctx,
      code,
      (state) => moveMeeting(state, { meetingId: data.meetingId, rev: data.rev, date: data.date ?? '', time: data.time ?? '', durationMinutes: Number(data.duration ?? 0) }, actorOf(ctx), clockOf(ctx)),
      // A stale form comes back with the meeting's current rev: pressing again moves it as typed.
      (problems, state) =>
        sipPlanFormCard(cardContext(ctx), { code, move: { meetingId: data.meetingId, rev: meetingsOf(state).find((m) => m.id === data.meetingId)?.rev ?? data.rev } }, { date: data.date, time: data.time, duration: data.duration }, problems),
    );
  },
});

/** The local day a meeting is on now, if it exists. */
function meetingDay(ctx: HandlerContext, state: CaseState, meetingId: string): string | undefined {
  const m = meetingsOf(state).find((x) => x.id === meetingId);
  return m === undefined ? undefined : localDate(new Date(m.startsAt), ctx.services.timeZone);
}

export const sipCancelAction = defineAction({
  verb: 'sip.cancel',
  // The reason input is named after the meeting, since input ids must be unique in a card.
  data: meetingData.extend({ rev }).catchall(z.string().max(5000)),
  handle: async (ctx, data) => {
    const reason = data[`cancelReason_${data.meetingId}`];
    return {
      kind: 'card',
      card: await changeCase(ctx, requireCode(data.code), (state) => cancelMeeting(state, { meetingId: data.meetingId, rev: data.rev, reason }, actorOf(ctx), clockOf(ctx)), sipRenderer(ctx), data, { reason: `cancelReason_${data.meetingId}` }),
    };
  },
});

/**
 * "Mötet är genomfört", with who took part. The inputs are named after the meeting (the SIP card
 * shows several): personTookPart_M1, personAbsentReason_M1 and a toggle attended_M1_<role> per
 * party. A card shown before the questions existed sends none of them and marks the meeting held.
 */
export const sipHeldAction = defineAction({
  verb: 'sip.held',
  data: meetingData.extend({ rev }).catchall(z.string().max(5000)),
  handle: async (ctx, data) => {
    const id = data.meetingId;
    const person = data[`personTookPart_${id}`];
    const toggles = Object.entries(data).filter(([key]) => key.startsWith(`attended_${id}_`));
    const asked = person !== undefined || toggles.length > 0 || data[`personAbsentReason_${id}`] !== undefined;
    const attendance: AttendanceInput | undefined = asked
      ? {
          person: person === 'yes' || person === 'no' ? person : undefined,
          personAbsentReason: data[`personAbsentReason_${id}`],
          absent: toggles.filter(([, value]) => value === 'false').map(([key]) => key.slice(`attended_${id}_`.length)),
        }
      : undefined;
    return {
      kind: 'card',
      card: await changeCase(ctx, requireCode(data.code), (state) => markMeetingHeld(state, { meetingId: id, rev: data.rev, attendance }, actorOf(ctx), clockOf(ctx)), sipRenderer(ctx), data, { personTookPart: `personTookPart_${id}`, personAbsentReason: `personAbsentReason_${id}` }),
    };
  },
});

export const sipChecklistOpenAction = defineAction({
  verb: 'sip.checklist.open',
  data: meetingData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showChecklist(ctx, requireCode(data.code), data.meetingId) }),
});

export const sipInvitationOpenAction = defineAction({
  verb: 'sip.invitation.open',
  data: meetingData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showInvitation(ctx, requireCode(data.code), data.meetingId) }),
});

/**
 * A party's kallelse marked sent, or the mark taken back; answered with the invitation card. The
 * card names the party by its key (a role, or a unit such as "kommun2"); a card from before units
 * sends the role alone.
 */
function invitationMarkAction(verb: 'sip.invitation.sent' | 'sip.invitation.undo', mark: typeof markInvitationSent) {
  return defineAction({
    verb,
    data: meetingData.extend({ rev, role: z.enum(PARTY_ROLES), party: z.string().max(20).refine((key) => parsePartyKey(key) !== undefined).optional() }),
    handle: async (ctx, data) => {
      const code = requireCode(data.code);
      const party = data.party ?? data.role;
      const card = await changeCase(ctx, code, (state) => mark(state, { meetingId: data.meetingId, rev: data.rev, party }, actorOf(ctx), clockOf(ctx)), (cardCtx, state) => {
        const meeting = meetingsOf(state).find((m) => m.id === data.meetingId);
        return meeting === undefined ? sipRenderer(ctx)(cardCtx, state) : invitationCard(cardCtx, state, meeting, ctx.services.clock(), calendarUrlFor(ctx, state, meeting));
      });
      return { kind: 'card', card };
    },
  });
}

export const sipInvitationSentAction = invitationMarkAction('sip.invitation.sent', markInvitationSent);
export const sipInvitationUndoAction = invitationMarkAction('sip.invitation.undo', markInvitationUndone);

/** A meeting's förmöte, or with CASE_PRE_MEETING ('F') the one held before any meeting is booked. */
const preMeetingData = codeData.extend({ meetingId: z.union([meetingId, z.literal(CASE_PRE_MEETING)]) });

export const sipPreMeetingOpenAction = defineAction({
  verb: 'sip.preMeeting.open',
  data: preMeetingData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showPreMeeting(ctx, requireCode(data.code), data.meetingId) }),
});

const preMeetingInputs = {
  whatMatters: text,
  goals: text,
  whomToInvite: text,
  relativesMayTakePart: z.enum(['yes', 'no', 'unsure', '']).optional(),
  consentCovers: text,
  consentDoesNotCover: text,
  adaptations: text,
  practical: text,
  otherPrincipalPreMeeting: z.enum(['yes', 'no', '']).optional(),
  // A multi-select ChoiceSet sends its values comma-separated; each is checked by the domain.
  invite: z.string().max(500).optional(),
  wishedForm: z.enum([...MEETING_FORMS, '']).optional(),
  wishedPlace: text,
  inputs: allInputs,
};

/**
 * The answers as the card sent them. From a card that sends all its inputs, one not sent was
 * emptied (see allInputs) and clears what was saved; from an older card it keeps what was saved.
 */
function answersOf(data: Record<string, unknown>): PreMeetingAnswers {
  const all = data['inputs'] === 'all';
  const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : all ? '' : undefined);
  const choice = <T extends string>(v: unknown): T | undefined => (typeof v === 'string' && v !== '' ? (v as T) : undefined);
  const invite = textOf(data['invite']);
  return {
    whatMatters: textOf(data['whatMatters']),
    goals: textOf(data['goals']),
    whomToInvite: textOf(data['whomToInvite']),
    relativesMayTakePart: choice(data['relativesMayTakePart']),
    consentCovers: textOf(data['consentCovers']),
    consentDoesNotCover: textOf(data['consentDoesNotCover']),
    adaptations: textOf(data['adaptations']),
    practical: textOf(data['practical']),
    otherPrincipalPreMeeting: choice(data['otherPrincipalPreMeeting']),
    invite: invite === undefined ? undefined : (invite.split(',').filter((r) => r !== '') as PartyRole[]),
    wishedForm: choice(data['wishedForm']),
    wishedPlace: textOf(data['wishedPlace']),
  };
}

/** Saving and "held" both keep what was typed; "held" then ticks B3. */
function preMeetingAction(verb: 'sip.preMeeting.save' | 'sip.preMeeting.held') {
  return defineAction({
    verb,
    data: preMeetingData.extend({ rev, ...preMeetingInputs }),
    handle: async (ctx, data) => {
      const code = requireCode(data.code);
      const answers = answersOf(data);
      const step = verb === 'sip.preMeeting.save' ? savePreMeeting : holdPreMeeting;
      const outcome = await runCaseChange(ctx, code, (state) => step(state, { meetingId: data.meetingId, rev: data.rev, answers }, actorOf(ctx), clockOf(ctx)));
      const state = outcome.stored.state;
      const meeting = meetingsOf(state).find((m) => m.id === data.meetingId);
      if (meeting === undefined && data.meetingId !== CASE_PRE_MEETING) throw new UserError('caseNotFound');
      if (outcome.kind === 'refused' && outcome.change.error === 'stale') {
        return { kind: 'card', card: staleCard(ctx, state, (cardCtx, s) => preMeetingCard(cardCtx, s, meetingsOf(s).find((m) => m.id === data.meetingId)), data, PRE_MEETING_FIELDS) };
      }
      if (outcome.kind === 'refused') {
        const notice = refusalText(cardContext(ctx), outcome.change);
        // Typed answers are kept on a refusal; the card empties any that hold a personnummer.
        return { kind: 'card', card: preMeetingCard(cardContext(ctx, notice), state, meeting, answers, 'problems' in outcome.change ? outcome.change.problems : undefined) };
      }
      const saved = verb === 'sip.preMeeting.save' && outcome.kind === 'changed' ? sipText(ctx.locale, 'pre.saved') : undefined;
      return { kind: 'card', card: preMeetingCard(cardContext(ctx, saved, 'done'), state, meeting) };
    },
  });
}

export const sipPreMeetingSaveAction = preMeetingAction('sip.preMeeting.save');
export const sipPreMeetingHeldAction = preMeetingAction('sip.preMeeting.held');


/**
 * "Till SIP-mötena" from the förmöte: answers typed and not saved are not left behind unseen. The
 * card asks once, with what was typed kept and any problem with it named under its field; pressed
 * again (it then sends `discard`), it leaves. Whether anything would be lost is what saving the
 * answers now would do: nothing for answers as saved, or for a viewer who may not change them.
 */
export const sipPreMeetingLeaveAction = defineAction({
  verb: 'sip.preMeeting.leave',
  data: preMeetingData.extend({ rev: rev.optional(), discard, ...preMeetingInputs }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    if (data.discard !== 'true') {
      const { stored } = await loadAccessibleCase(ctx, code);
      const state = stored.state;
      const meeting = meetingsOf(state).find((m) => m.id === data.meetingId);
      const answers = answersOf(data);
      const rev = data.meetingId === CASE_PRE_MEETING ? (state.preMeeting?.rev ?? 0) : (meeting?.rev ?? 0);
      const check = savePreMeeting(state, { meetingId: data.meetingId, rev, answers }, actorOf(ctx), clockOf(ctx));
      const problems = !check.ok && 'problems' in check ? check.problems : undefined;
      if ((check.ok && check.audit.length > 0) || problems !== undefined) {
        // A card older than the förmöte differs by a colleague's change too: shown as such, not as the user's.
        if (data.rev !== undefined && data.rev !== rev) return { kind: 'card', card: staleCard(ctx, state, (cardCtx, s) => preMeetingCard(cardCtx, s, meeting), data, PRE_MEETING_FIELDS) };
        const notice = t(cardContext(ctx), 'form.unsaved', { back: st(cardContext(ctx), 'sip.action.back') });
        return { kind: 'card', card: preMeetingCard(cardContext(ctx, notice), state, meeting, answers, problems, true) };
      }
    }
    return { kind: 'card', card: await showSip(ctx, code, { audit: true }) };
  },
});
