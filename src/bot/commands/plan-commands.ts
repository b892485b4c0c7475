import type { CommandHandler } from '../command-router';
import { requireCode } from '../case-access';
import { showCrisisPlan, showPlan } from '../plan-views';
import { replyWithCard } from '../reply';

/** `plan KOD`: the SIP plan. */
export const planCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showPlan(ctx, requireCode(args), { audit: true }));

/** `krisplan KOD`: the crisis and action plan. */
export const crisisPlanCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showCrisisPlan(ctx, requireCode(args), { audit: true }));
