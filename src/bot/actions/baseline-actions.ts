import { z } from 'zod';
import { answerNeed, setBaselineItem } from '../../domain/case-commands';
import { defineAction } from '../action-router';
import { rev } from './card-fields';
import { actorOf, clockOf, requireCode } from '../case-access';
import { changeCase } from '../case-change';
import { baselineRenderer, showBaseline } from '../case-views';
import { codeData, viewAction } from './case-view-action';

const reasons = { reason_B1: z.string().max(5000).optional() };

export const baselineOpenAction = viewAction('baseline.open', showBaseline, 'open');
export const baselineRefreshAction = viewAction('baseline.refresh', showBaseline, 'refresh');

/** One tick: B2–B8 to done, not applicable (with reason) or back to not started. */
export const baselineSetAction = defineAction({
  verb: 'baseline.set',
  data: codeData
    .extend({ item: z.enum(['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8']), status: z.enum(['notStarted', 'done', 'notApplicable']), rev })
    // Each item's reason input has its own id, since ids must be unique in a card.
    .catchall(z.string().max(5000)),
  handle: async (ctx, data) => {
    // Any input not named in the schema is a string (catchall), so this is the reason or undefined.
    const reason = data[`reason_${data.item}`];
    return {
      kind: 'card',
      card: await changeCase(
        ctx,
        requireCode(data.code),
        (state) => setBaselineItem(state, { item: data.item, status: data.status, reason, rev: data.rev }, actorOf(ctx), clockOf(ctx)),
        baselineRenderer(ctx),
      ),
    };
  },
});

/** B1: whether the person needs efforts from the other principal. */
export const baselineNeedAction = defineAction({
  verb: 'baseline.need',
  data: codeData.extend({ need: z.enum(['yes', 'no']), rev, ...reasons }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await changeCase(ctx, requireCode(data.code), (state) => answerNeed(state, { need: data.need, reason: data.reason_B1, rev: data.rev }, actorOf(ctx), clockOf(ctx)), baselineRenderer(ctx)),
  }),
});
