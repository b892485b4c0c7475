import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/card-template';
import { defineAction } from '../action-router';
import type { HandlerContext } from '../bot-context';
import { requireCode } from '../case-access';

/** Case codes from cards are re-checked like typed ones: a card can be forged. */
export const codeData = z.object({ code: z.string().max(40) });

type Show = (ctx: HandlerContext, code: string, opts: { audit: boolean }) => Promise<AdaptiveCard>;

/**
 * A verb that only shows a case card. Opening is audited; a refresh, which Teams sends by itself
 * while the card is on screen, shows the same card and never writes.
 */
export function viewAction(verb: string, show: Show, kind: 'open' | 'refresh') {
  return defineAction({
    verb,
    data: codeData,
    handle: async (ctx, data) => ({ kind: 'card', card: await show(ctx, requireCode(data.code), { audit: kind === 'open' }) }),
  });
}
