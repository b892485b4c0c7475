import { z } from 'zod';
import { helpCard } from '../../cards/help-card';
import { defineAction } from '../action-router';
import { COMMANDS } from '../command-catalogue';

/** "Visa hjälp" on the welcome and hint cards: the card becomes the help card. */
export const helpShowAction = defineAction({
  verb: 'help.show',
  data: z.object({}),
  handle: async (ctx) => ({ kind: 'card', card: helpCard(ctx.locale, COMMANDS) }),
});
