import { z } from 'zod';
import { addCoordinatorCard } from '../../cards/add-coordinator-card';
import { addCoordinator } from '../../domain/case-commands';
import { defineAction } from '../action-router';
import { actorOf, cardContext, clockOf, loadAccessibleCase, requireCode } from '../case-access';
import { refusalText, runCaseChange } from '../case-change';
import { hubRenderer, knownColleagues } from '../case-views';
import { asSeenByAdder, colleagueNoticeText } from '../coordinator-notices';
import { pickedId } from './card-fields';
import { pickedPerson } from '../picked-person';
import { codeData } from './case-view-action';

export const caseColleagueOpenAction = defineAction({
  verb: 'case.colleague.open',
  data: codeData,
  handle: async (ctx, data) => {
    const { stored } = await loadAccessibleCase(ctx, requireCode(data.code));
    return { kind: 'card', card: addCoordinatorCard(cardContext(ctx), stored.state, await knownColleagues(ctx)) };
  },
});

/** Adds the missing coordinator and tells them, now or when they add the bot. */
export const caseColleagueAddAction = defineAction({
  verb: 'case.colleague.add',
  data: codeData.extend({ colleague: pickedId, colleagueTrained: z.enum(['true', 'false']).optional() }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const { person, reachable } = await pickedPerson(ctx, data.colleague);
    const colleague = { ...person, trained: data.colleagueTrained === 'true' };
    // The colleague's index entry and notice follow the answer, from the write's outbox row.
    const outcome = await runCaseChange(ctx, code, (state) => addCoordinator(state, colleague, actorOf(ctx), clockOf(ctx)));
    if (outcome.kind === 'refused') return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, refusalText(cardContext(ctx), outcome.change)), outcome.stored.state) };
    return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, colleagueNoticeText(ctx, outcome.stored.state, person.aadObjectId, reachable), 'done'), asSeenByAdder(outcome.stored.state, person.aadObjectId, reachable)) };
  },
});
