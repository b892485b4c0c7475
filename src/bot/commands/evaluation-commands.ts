import type { CommandHandler } from '../command-router';
import { requireCode } from '../case-access';
import { showEvaluation } from '../evaluation-views';
import { replyWithCard } from '../reply';

/** `utvärdering KOD`: the consent to evaluation, the evaluation code and the points. */
export const evaluationCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showEvaluation(ctx, requireCode(args), { audit: true }));
