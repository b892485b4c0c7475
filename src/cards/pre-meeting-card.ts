import type { CaseState } from '../domain/case-model';
import { meetingsOf, type SipField, type SipProblem } from '../domain/sip-commands';
import { fieldMessages } from './field-messages';
import { CASE_PRE_MEETING, MEETING_FORMS, PRE_MEETING_INVITE_ROLES, PRE_MEETING_TEXT_FIELDS, type PreMeeting, type PreMeetingAnswers, type SipMeeting } from '../domain/sip-model';
import { formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { markInputs, scrubTyped } from './scrub-typed';
import { sipEditable, noticeColor, type CaseCardContext } from './case-card-parts';
import { sipProblemText, st } from './sip-card-parts';

/** The card's inputs that can carry a problem: each has the domain's name for its field. */
const ANSWER_FIELDS = [...PRE_MEETING_TEXT_FIELDS, 'invite', 'wishedForm'] as const satisfies readonly SipField[];
const ANSWER_INPUTS = Object.fromEntries(ANSWER_FIELDS.map((f) => [f, f])) as Record<(typeof ANSWER_FIELDS)[number], SipField>;

/** The förmöte's inputs, which show what is saved. */
export const PRE_MEETING_FIELDS = [...ANSWER_FIELDS, 'relativesMayTakePart', 'otherPrincipalPreMeeting'] as const;

/**
 * The förmöte questions with what has been saved so far (or, after a refusal, what was typed),
 * so a half-done förmöte can be resumed; why typed answers were refused is named under each field too.
 * With `discard` the card has said that what is typed is not saved, and "Till SIP-mötena" leaves without it.
 */
export function preMeetingCard(ctx: CaseCardContext, c: CaseState, m: SipMeeting | undefined, typed?: PreMeetingAnswers, problems?: readonly SipProblem[], discard = false): AdaptiveCard {
  // Without a meeting it is the case's own förmöte, held before any meeting is booked.
  const saved: PreMeeting = (m === undefined ? c.preMeeting : m.preMeeting) ?? {};
  const v = { ...saved, ...scrubTyped(typed ?? {}) };
  const plannedMeeting = meetingsOf(c).some((x) => x.status === 'planned');
  return markInputs(
    expandCard('pre-meeting', {
      code: c.code,
      meetingId: m?.id ?? CASE_PRE_MEETING,
      rev: m === undefined ? (c.preMeeting?.rev ?? 0) : m.rev,
      discard: discard ? 'true' : '',
      notice: ctx.notice ?? '',
      noticeColor: noticeColor(ctx),
      editable: sipEditable(ctx, c) && (m === undefined ? !plannedMeeting : m.status === 'planned'),
      inviteChoices: PRE_MEETING_INVITE_ROLES.map((r) => ({ title: st(ctx, `party.${r}`), value: r })),
      formChoices: MEETING_FORMS.map((f) => ({ title: st(ctx, `sip.form.${f}`), value: f })),
      heldLine: saved.heldAt === undefined ? '' : st(ctx, 'pre.heldLine', { when: formatDateTime(saved.heldAt, ctx.locale, ctx.timeZone) }),
      values: {
        whatMatters: v.whatMatters ?? '',
        goals: v.goals ?? '',
        whomToInvite: v.whomToInvite ?? '',
        relativesMayTakePart: v.relativesMayTakePart ?? '',
        consentCovers: v.consentCovers ?? '',
        consentDoesNotCover: v.consentDoesNotCover ?? '',
        adaptations: v.adaptations ?? '',
        practical: v.practical ?? '',
        otherPrincipalPreMeeting: v.otherPrincipalPreMeeting ?? '',
        // Only the card's own choices go back: a forged value is not echoed into the chat.
        invite: (v.invite ?? []).filter((r) => (PRE_MEETING_INVITE_ROLES as readonly string[]).includes(r)).join(','),
        wishedForm: v.wishedForm ?? '',
        wishedPlace: v.wishedPlace ?? '',
      },
      labels: {
        title: m === undefined ? st(ctx, 'pre.titleCase', { code: c.code }) : st(ctx, 'pre.title', { code: c.code, id: m.id }),
        intro: st(ctx, m === undefined ? 'pre.introCase' : 'pre.intro'),
        invite: st(ctx, 'pre.invite'),
        wishedForm: st(ctx, 'pre.wishedForm'),
        wishedPlace: st(ctx, 'pre.wishedPlace'),
        whatMatters: st(ctx, 'pre.whatMatters'),
        goals: st(ctx, 'pre.goals'),
        whomToInvite: st(ctx, 'pre.whomToInvite'),
        relativesMayTakePart: st(ctx, 'pre.relativesMayTakePart'),
        yes: st(ctx, 'pre.yes'),
        no: st(ctx, 'pre.no'),
        unsure: st(ctx, 'pre.unsure'),
        consentCovers: st(ctx, 'pre.consentCovers'),
        consentDoesNotCover: st(ctx, 'pre.consentDoesNotCover'),
        adaptations: st(ctx, 'pre.adaptations'),
        practical: st(ctx, 'pre.practical'),
        otherPrincipalPreMeeting: st(ctx, 'pre.otherPrincipalPreMeeting'),
        save: st(ctx, 'pre.save'),
        held: st(ctx, 'pre.held'),
        back: st(ctx, 'sip.action.back'),
      },
    }),
    // Each problem again right under its field, where the user is looking on a long card.
    fieldMessages(ANSWER_INPUTS, problems, (p) => sipProblemText(ctx, p)),
  );
}
