import { z } from 'zod';
import { t } from '../../cards/case-card-parts';
import { keepTyped, markInputs } from '../../cards/scrub-typed';
import { setOwnUnit } from '../../domain/case-commands';
import { defineAction } from '../action-router';
import { actorOf, cardContext, clockOf, requireCode } from '../case-access';
import { problemsAtInputs, refusalText, runCaseChange } from '../case-change';
import { hubRenderer } from '../case-views';
import { codeData } from './case-view-action';
import { rememberUnit } from '../coordinator-unit';

/** "Spara min enhet" on the hub: the viewing coordinator's own unit, from their principal's list. */
export const caseUnitSetAction = defineAction({
  verb: 'case.unit.set',
  // As long as the accept form's unit: one that is too long is answered under the field, as not listed.
  data: codeData.extend({ myUnit: z.string().max(5000).optional() }),
  handle: async (ctx, data) => {
    const outcome = await runCaseChange(ctx, requireCode(data.code), (state) => setOwnUnit(state, { unit: data.myUnit, units: ctx.services.units }, actorOf(ctx), clockOf(ctx)));
    const render = hubRenderer(ctx);
    if (outcome.kind === 'changed') await rememberUnit(ctx, outcome.stored.state);
    if (outcome.kind !== 'refused') return { kind: 'card', card: render(cardContext(ctx, t(cardContext(ctx), 'case.myUnitSaved'), 'done'), outcome.stored.state) };
    const refused = render(cardContext(ctx, refusalText(cardContext(ctx), outcome.change)), outcome.stored.state);
    return { kind: 'card', card: markInputs(keepTyped(refused, { myUnit: data.myUnit }), problemsAtInputs(cardContext(ctx), outcome.change, { unit: 'myUnit' })) };
  },
});
