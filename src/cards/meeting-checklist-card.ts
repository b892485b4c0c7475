import { caseKind } from '../domain/case-rules';
import type { CaseState } from '../domain/case-model';
import { meetingCircle } from '../domain/sip-commands';
import type { SipMeeting } from '../domain/sip-model';
import { expandCard, type AdaptiveCard } from './card-template';
import { sipEditable, noticeColor, type CaseCardContext } from './case-card-parts';
import { heldForm, heldLabels, st } from './sip-card-parts';
import { literalText } from './literal-text';

/** The meeting circle with the suggested minutes for each part of this meeting. */
export function meetingChecklistCard(ctx: CaseCardContext, c: CaseState, m: SipMeeting, now: Date): AdaptiveCard {
  return expandCard('meeting-checklist', {
    code: c.code,
    meetingId: m.id,
    rev: m.rev,
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: st(ctx, 'circle.title', { code: c.code, id: m.id }),
    // "Resursgruppsmötet är även en utvärdering av arbetet" (000:248) is the VoSS model's.
    intro: st(ctx, caseKind(c) === 'sip' ? 'circle.introSip' : 'circle.intro', { minutes: m.durationMinutes }),
    adaptations: m.preMeeting?.adaptations === undefined ? '' : st(ctx, 'circle.adaptations', { adaptations: literalText(m.preMeeting.adaptations) }),
    parts: meetingCircle(m.durationMinutes).map((p, i) => ({ number: i + 1, text: st(ctx, `circle.${p.part}`), minutes: st(ctx, 'circle.minutes', { n: p.minutes }) })),
    canMarkHeld: sipEditable(ctx, c) && m.status === 'planned' && Date.parse(m.startsAt) <= now.getTime(),
    heldForm: heldForm(ctx, m),
    labels: heldLabels(ctx),
    back: st(ctx, 'sip.action.back'),
  });
}
