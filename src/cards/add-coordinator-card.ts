import type { CaseState } from '../domain/case-model';
import { caseKind, otherPrincipal } from '../domain/case-rules';
import { principalKey } from '../i18n/case-texts';
import { expandCard, type AdaptiveCard } from './card-template';
import { t, noticeColor, type CaseCardContext } from './case-card-parts';

/** Picks the coordinator from the principal the case still lacks (Teams people picker, or a known colleague). */
export function addCoordinatorCard(ctx: CaseCardContext, c: CaseState, colleagues: ReadonlyArray<{ title: string; value: string }>, inviteFrom?: string): AdaptiveCard {
  const present = c.coordinators[0]?.principal ?? 'region';
  return expandCard('add-coordinator', {
    code: c.code,
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: `${t(ctx, 'action.addColleague')} – ${t(ctx, principalKey(otherPrincipal(present)))} – ${c.code}`,
    colleagueChoices: colleagues,
    // In a deployment serving several tenants, one who has not added the bot is invited by address.
    invite: inviteFrom !== undefined,
    // A SIP case has no training rule: nothing is asked about it.
    vss: caseKind(c) === 'vss',
    labels: {
      colleague: t(ctx, caseKind(c) === 'vss' ? 'form.colleague' : 'form.colleagueSip'),
      colleaguePlaceholder: t(ctx, 'form.colleaguePlaceholder'),
      colleagueRequired: t(ctx, 'problem.required', { field: t(ctx, 'field.colleague') }),
      colleagueTrained: t(ctx, 'form.colleagueTrained'),
      colleagueEmail: t(ctx, 'form.colleagueEmail'),
      colleagueEmailNote: t(ctx, 'form.colleagueEmailNote', { organisations: inviteFrom ?? '' }),
      add: t(ctx, 'action.add'),
      back: t(ctx, 'action.backToCase'),
    },
  });
}
