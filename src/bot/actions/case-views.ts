import { z } from 'zod';
import { closeCase, advancePhase } from '../../domain/case-commands';
import { PHASES } from '../../domain/case-model';
import { defineAction } from '../action-router';
import { actorOf, clockOf, requireCode } from '../case-access';
import { changeCase } from '../case-change';
import { hubRenderer, showCaseForm, showCaseList, showHistory, showHub } from '../case-views';

/** Case codes from cards are re-checked like typed ones: a card can be forged. */
const codeData = z.object({ code: z.string().max(40) });

export const caseNewAction = defineAction({
  verb: 'case.new',
  data: z.object({}),
  handle: async (ctx) => ({ kind: 'card', card: await showCaseForm(ctx) }),
});

export const caseListAction = defineAction({
  verb: 'case.list',
  data: z.object({}),
  handle: async (ctx) => ({ kind: 'card', card: await showCaseList(ctx) }),
});

export const caseOpenAction = defineAction({
  verb: 'case.open',
  data: codeData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showHub(ctx, requireCode(data.code), { audit: true }) }),
});

/** Teams asks for this by itself while the card is on screen: it shows, and never writes. */
export const caseRefreshAction = defineAction({
  verb: 'case.refresh',
  data: codeData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showHub(ctx, requireCode(data.code), { audit: false }) }),
});

export const caseHistoryAction = defineAction({
  verb: 'case.history',
  data: codeData,
  handle: async (ctx, data) => ({ kind: 'card', card: await showHistory(ctx, requireCode(data.code)) }),
});

export const casePhaseAction = defineAction({
  verb: 'case.phase',
  data: codeData.extend({ from: z.enum(PHASES), to: z.enum(PHASES) }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await changeCase(ctx, requireCode(data.code), (state) => advancePhase(state, { from: data.from, to: data.to }, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx)),
  }),
});

export const caseCloseAction = defineAction({
  verb: 'case.close',
  data: codeData.extend({ closeReason: z.string().max(5000).optional() }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await changeCase(ctx, requireCode(data.code), (state) => closeCase(state, { reason: data.closeReason }, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx)),
  }),
});
