import { z } from 'zod';
import { answerNeed, setBaselineItem, type Change } from '../../domain/case-commands';
import type { BaselineItemId, CaseState } from '../../domain/case-model';
import { baselineCard } from '../../cards/baseline-card';
import { defineAction, type ActionResult } from '../action-router';
import type { HandlerContext } from '../bot-context';
import { rev } from './card-fields';
import { actorOf, cardContext, clockOf, requireCode } from '../case-access';
import { refusalText, refusedCard, runCaseChange } from '../case-change';
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
    return reasonChange(ctx, requireCode(data.code), data.item, reason, (state) => setBaselineItem(state, { item: data.item, status: data.status, reason, rev: data.rev }, actorOf(ctx), clockOf(ctx)));
  },
});

/**
 * Runs a change that takes a reason. A refused reason (missing, too long, a personnummer) comes
 * back open under its item, as typed (a personnummer emptied), with the problem beside it: not in
 * a closed panel at the top of a long card, and not lost.
 */
async function reasonChange(ctx: HandlerContext, code: string, item: BaselineItemId, typed: string | undefined, apply: (state: CaseState) => Change): Promise<ActionResult> {
  const outcome = await runCaseChange(ctx, code, apply);
  if (outcome.kind === 'refused' && 'problem' in outcome.change && outcome.change.problem?.field === 'reason') {
    const cardCtx = cardContext(ctx);
    return { kind: 'card', card: baselineCard(cardCtx, outcome.stored.state, actorOf(ctx), { item, typed: typed ?? '', problem: refusalText(cardCtx, outcome.change) }) };
  }
  if (outcome.kind === 'refused') return { kind: 'card', card: refusedCard(ctx, outcome.change, outcome.stored.state, baselineRenderer(ctx), { [`reason_${item}`]: typed }) };
  return { kind: 'card', card: baselineRenderer(ctx)(cardContext(ctx), outcome.stored.state) };
}

/** B1: whether the person needs efforts from the other principal. */
export const baselineNeedAction = defineAction({
  verb: 'baseline.need',
  data: codeData.extend({ need: z.enum(['yes', 'no']), rev, ...reasons }),
  handle: async (ctx, data) =>
    reasonChange(ctx, requireCode(data.code), 'B1', data.reason_B1, (state) => answerNeed(state, { need: data.need, reason: data.reason_B1, rev: data.rev }, actorOf(ctx), clockOf(ctx))),
});
