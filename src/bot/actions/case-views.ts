import { z } from 'zod';
import { closeCase, advancePhase, returnToPhase } from '../../domain/case-commands';
import { UserError } from '../../i18n/errors';
import { PHASES } from '../../domain/case-model';
import { defineAction } from '../action-router';
import { actorOf, clockOf, requireCode } from '../case-access';
import { changeCase } from '../case-change';
import { codeData, viewAction } from './case-view-action';
import { hubRenderer, showCaseForm, showCaseList, showHistory, showHub } from '../case-views';


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

export const caseOpenAction = viewAction('case.open', showHub, 'open');
export const caseRefreshAction = viewAction('case.refresh', showHub, 'refresh');

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

/** Back to an earlier phase from the hub, with the reason (a relapse means mapping again). */
export const casePhaseBackAction = defineAction({
  verb: 'case.phase.back',
  data: codeData.extend({ from: z.enum(PHASES), returnTo: z.enum(PHASES).optional(), returnReason: z.string().max(5000).optional() }),
  handle: async (ctx, data) => {
    if (data.returnTo === undefined) throw new UserError('invalidActionData');
    const to = data.returnTo;
    return {
      kind: 'card',
      card: await changeCase(ctx, requireCode(data.code), (state) => returnToPhase(state, { from: data.from, to, reason: data.returnReason }, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx)),
    };
  },
});

export const caseCloseAction = defineAction({
  verb: 'case.close',
  data: codeData.extend({ closeReason: z.string().max(5000).optional() }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await changeCase(ctx, requireCode(data.code), (state) => closeCase(state, { reason: data.closeReason }, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx)),
  }),
});
