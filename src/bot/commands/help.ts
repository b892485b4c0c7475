import { helpCard } from '../../cards/help-card';
import { COMMANDS } from '../command-catalogue';
import type { CommandHandler } from '../command-router';
import { replyWithCard } from '../reply';

/** `hjälp` / `help`: every command with a short explanation. */
export const helpCommand: CommandHandler = async (ctx) => {
  await replyWithCard(ctx.turn, helpCard(ctx.locale, COMMANDS));
};
