import type { TargetGroupProfile } from '../domain/case-model';
import { expandCard, type AdaptiveCard } from './card-template';
import { t, type CaseCardContext } from './case-card-parts';

/**
 * What `nytt ärende` asks first: a SIP case (basnivå and the SIP, which every unit does) or
 * vård- och stödsamordning, the optional layer with the deployment's target group. Each button
 * opens the form for that kind, so neither form shows questions that do not apply to it.
 */
export function caseKindCard(ctx: CaseCardContext, profile: TargetGroupProfile): AdaptiveCard {
  return expandCard('case-kind', {
    labels: {
      title: t(ctx, 'kindChoice.title'),
      intro: t(ctx, 'kindChoice.intro'),
      sipTitle: t(ctx, 'kindChoice.sipTitle'),
      sipBody: t(ctx, 'kindChoice.sipBody'),
      newSip: t(ctx, 'action.newSip'),
      vssTitle: t(ctx, 'kindChoice.vssTitle'),
      vssBody: t(ctx, 'kindChoice.vssBody', { targetGroup: t(ctx, `kindChoice.targetGroup.${profile}`) }),
      newVss: t(ctx, 'action.newVss'),
    },
  });
}
