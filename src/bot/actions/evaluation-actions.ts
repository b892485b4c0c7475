import { z } from 'zod';
import { markEvaluationDone, recordEvaluationConsent, undoEvaluationDone, withdrawEvaluationConsent } from '../../domain/evaluation';
import { evaluationText, type EvaluationTextKey } from '../../i18n/evaluation-texts';
import { defineAction, type ActionResult } from '../action-router';
import type { HandlerContext } from '../bot-context';
import { actorOf, cardContext, clockOf, requireCode } from '../case-access';
import { refusedCard, runCaseChange, type AnyChange } from '../case-change';
import { evaluationRenderer, newEvaluationCode, showEvaluation } from '../evaluation-views';
import type { CaseState } from '../../domain/case-model';
import { rev } from './card-fields';
import { codeData, viewAction } from './case-view-action';

const text = z.string().max(5000).optional();
/** A point's id as the card sends it (P0, P6, P12…); anything else cannot be one. */
const point = z.string().regex(/^P\d{1,2}$/);

export const evaluationOpenAction = viewAction('evaluation.open', showEvaluation, 'open');

/**
 * Runs one evaluation change and answers with the evaluation card: done, it says so; refused, it
 * says why with what was typed back in its inputs.
 */
async function evaluationChange(ctx: HandlerContext, code: string, apply: (state: CaseState) => AnyChange, done: EvaluationTextKey, typed: Record<string, unknown>, typedAnswer?: string): Promise<ActionResult> {
  const outcome = await runCaseChange(ctx, code, apply);
  const render = evaluationRenderer(ctx, outcome.kind === 'refused' ? typedAnswer : undefined);
  if (outcome.kind === 'refused') return { kind: 'card', card: refusedCard(ctx, outcome.change, outcome.stored.state, render, typed) };
  return { kind: 'card', card: render(cardContext(ctx, evaluationText(ctx.locale, done), 'done'), outcome.stored.state) };
}

/** The person's yes or no to evaluation; the first yes gives the case its evaluation code. */
export const evaluationConsentAction = defineAction({
  verb: 'evaluation.consent',
  data: codeData.extend({ rev, evaluationConsent: z.enum(['given', 'declined', '']).optional() }),
  handle: async (ctx, data) => {
    const answer = data.evaluationConsent === '' ? undefined : data.evaluationConsent;
    // Drawn for every press, used only by a first yes: no code is handed out before it is needed.
    const newCode = newEvaluationCode();
    return evaluationChange(ctx, requireCode(data.code), (state) => recordEvaluationConsent(state, { answer, rev: data.rev, newCode }, actorOf(ctx), clockOf(ctx)), 'saved', {}, data.evaluationConsent);
  },
});

/** The person withdrew the consent to evaluation from a day. */
export const evaluationWithdrawAction = defineAction({
  verb: 'evaluation.withdraw',
  data: codeData.extend({ rev, evaluationWithdrawnOn: text }),
  handle: async (ctx, data) =>
    evaluationChange(ctx, requireCode(data.code), (state) => withdrawEvaluationConsent(state, { rev: data.rev, date: data.evaluationWithdrawnOn }, actorOf(ctx), clockOf(ctx)), 'withdrawnSaved', {
      evaluationWithdrawnOn: data.evaluationWithdrawnOn,
    }),
});

/** An evaluation point done today: the instruments were used with the person (their answers stay out of the bot). */
export const evaluationDoneAction = defineAction({
  verb: 'evaluation.done',
  data: codeData.extend({ rev, point }),
  handle: async (ctx, data) =>
    evaluationChange(ctx, requireCode(data.code), (state) => markEvaluationDone(state, { point: data.point, rev: data.rev }, actorOf(ctx), clockOf(ctx), ctx.services.reminderSettings), 'doneSaved', {}),
});

/** Takes back a done mark pressed by mistake. */
export const evaluationUndoAction = defineAction({
  verb: 'evaluation.undo',
  data: codeData.extend({ rev, point }),
  handle: async (ctx, data) => evaluationChange(ctx, requireCode(data.code), (state) => undoEvaluationDone(state, { point: data.point, rev: data.rev }, actorOf(ctx), clockOf(ctx)), 'undoneSaved', {}),
});
