import type { CommandHandler } from '../command-router';
import { replyWithCard } from '../reply';
import { showReminderList } from '../reminder-views';

/** `påminnelser`: coming reminders per case, with mute and delivery settings. */
export const remindersCommand: CommandHandler = async (ctx) => replyWithCard(ctx.turn, await showReminderList(ctx));
