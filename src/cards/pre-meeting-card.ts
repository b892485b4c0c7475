import type { CaseState } from '../domain/case-model';
import type { PreMeetingAnswers, SipMeeting } from '../domain/sip-model';
import { formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { scrubTyped } from './scrub-typed';
import { type CaseCardContext } from './case-card-parts';
import { st } from './sip-card-parts';

/**
 * The förmöte questions with what has been saved so far (or, after a refusal, what was typed),
 * so a half-done förmöte can be resumed.
 */
export function preMeetingCard(ctx: CaseCardContext, c: CaseState, m: SipMeeting, typed?: PreMeetingAnswers): AdaptiveCard {
  const saved = m.preMeeting ?? {};
  const v = { ...saved, ...scrubTyped(typed ?? {}) };
  return expandCard('pre-meeting', {
    code: c.code,
    meetingId: m.id,
    rev: m.rev,
    notice: ctx.notice ?? '',
    editable: c.closure === undefined && m.status === 'planned',
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
    },
    labels: {
      title: st(ctx, 'pre.title', { code: c.code, id: m.id }),
      intro: st(ctx, 'pre.intro'),
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
  });
}
