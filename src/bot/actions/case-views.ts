import { z } from 'zod';
import { HISTORY_CURSOR } from '../../storage/case-repository';
import { closeCase, advancePhase, endSip, returnToPhase } from '../../domain/case-commands';
import { UserError } from '../../i18n/errors';
import { CASE_KINDS, PHASES } from '../../domain/case-model';
import { defineAction } from '../action-router';
import { actorOf, clockOf, requireCode } from '../case-access';
import { changeCase } from '../case-change';
import { codeData, viewAction } from './case-view-action';
import { hubRenderer, showCaseForm, showCaseKinds, showCaseList, showHistory, showHub } from '../case-views';


/** "Nytt ärende": which kind of case; with a kind, that kind's form. */
export const caseNewAction = defineAction({
  verb: 'case.new',
  data: z.object({ kind: z.enum(CASE_KINDS).optional() }),
  handle: async (ctx, data) => ({ kind: 'card', card: data.kind === undefined ? showCaseKinds(ctx) : await showCaseForm(ctx, data.kind) }),
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
  // The cursor is an audit row key the history card itself sent; anything else is refused.
  data: codeData.extend({ after: z.string().regex(HISTORY_CURSOR).optional(), changesOnly: z.enum(['true', 'false']).optional() }),
  handle: async (ctx, data) => ({ kind: 'card', card: await showHistory(ctx, requireCode(data.code), { after: data.after, changesOnly: data.changesOnly === 'true' }) }),
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
      card: await changeCase(ctx, requireCode(data.code), (state) => returnToPhase(state, { from: data.from, to, reason: data.returnReason }, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx), data, { reason: 'returnReason' }),
    };
  },
});

/**
 * Closes the case from the hub. VoSS: the reason to close early when 003:114's condition is not met,
 * and who holds a SIP that goes on. A SIP case: why the SIP ends.
 */
export const caseCloseAction = defineAction({
  verb: 'case.close',
  data: codeData.extend({
    closeReason: z.string().max(5000).optional(),
    closeEarly: z.string().max(64).optional(),
    sipHolder: z.string().max(128).optional(),
    sipEndReason: z.string().max(5000).optional(),
  }),
  handle: async (ctx, data) => {
    const input = { reason: data.closeReason, early: data.closeEarly, sipHolder: data.sipHolder, sipEndReason: data.sipEndReason };
    return { kind: 'card', card: await changeCase(ctx, requireCode(data.code), (state) => closeCase(state, input, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx), data, closeInputOf) };
  },
});

/** The close form's inputs, by the domain's name for the field. */
const closeInputOf = { reason: 'closeReason', earlyReason: 'closeEarly' };

/** Ends a SIP that went on after VoSS closed; only its holder sees the button. */
export const sipEndAction = defineAction({
  verb: 'sip.end',
  data: codeData.extend({ endSipReason: z.string().max(5000).optional() }),
  handle: async (ctx, data) => ({
    kind: 'card',
    card: await changeCase(ctx, requireCode(data.code), (state) => endSip(state, { reason: data.endSipReason }, actorOf(ctx), clockOf(ctx)), hubRenderer(ctx), data, { reason: 'endSipReason' }),
  }),
});
