import { z } from 'zod';
import { addCoordinatorCard } from '../../cards/add-coordinator-card';
import { addCoordinator, type FieldProblem } from '../../domain/case-commands';
import { inviteColleague } from '../../domain/colleague-invite';
import { fieldProblemText } from '../../cards/case-card-parts';
import { keepTyped } from '../../cards/scrub-typed';
import { defineAction } from '../action-router';
import { actorOf, cardContext, clockOf, loadAccessibleCase, requireCode } from '../case-access';
import { refusedCard, runCaseChange } from '../case-change';
import { hubRenderer, inviteFrom, knownColleagues, typedInvite } from '../case-views';
import { asSeenByAdder, colleagueNoticeText, inviteAnswer } from '../coordinator-notices';
import { pickedId } from './card-fields';
import { pickedPerson } from '../picked-person';
import { codeData } from './case-view-action';

export const caseColleagueOpenAction = defineAction({
  verb: 'case.colleague.open',
  data: codeData,
  handle: async (ctx, data) => {
    const { stored } = await loadAccessibleCase(ctx, requireCode(data.code));
    return { kind: 'card', card: addCoordinatorCard(cardContext(ctx), stored.state, await knownColleagues(ctx), inviteFrom(ctx)) };
  },
});

/**
 * Adds the missing coordinator and tells them, now or when they add the bot. In a deployment
 * serving several tenants the card may instead name one by e-mail address, who is invited.
 */
export const caseColleagueAddAction = defineAction({
  verb: 'case.colleague.add',
  data: codeData.extend({
    // A card from before invitations always sends a colleague; one with the address field may send either.
    colleague: z.union([pickedId, z.literal('')]).optional(),
    colleagueEmail: z.string().max(1000).optional(),
    colleagueTrained: z.enum(['true', 'false']).optional(),
  }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const picked = data.colleague === undefined || data.colleague === '' ? undefined : data.colleague;
    const typed = typedInvite(ctx, data.colleagueEmail);
    const trained = data.colleagueTrained === 'true';
    const problem: FieldProblem | undefined = !typed.ok
      ? typed.problem
      : picked !== undefined && typed.email !== undefined
        ? { field: 'colleagueEmail', kind: 'colleagueTwice' }
        : picked === undefined && typed.email === undefined
          ? { field: 'colleague', kind: 'required' }
          : undefined;
    if (problem !== undefined) {
      const { stored } = await loadAccessibleCase(ctx, code);
      // What was typed comes back, so a mistyped address is corrected, not typed again.
      const card = addCoordinatorCard(cardContext(ctx, fieldProblemText(cardContext(ctx), problem)), stored.state, await knownColleagues(ctx), inviteFrom(ctx));
      return { kind: 'card', card: keepTyped(card, { colleague: data.colleague, colleagueEmail: data.colleagueEmail, colleagueTrained: data.colleagueTrained }) };
    }
    if (picked === undefined) {
      const email = (typed as { email: string }).email;
      const invited = await runCaseChange(ctx, code, (state) => inviteColleague(state, email, trained, actorOf(ctx), clockOf(ctx)));
      if (invited.kind === 'refused') return { kind: 'card', card: refusedCard(ctx, invited.change, invited.stored.state, hubRenderer(ctx)) };
      // One who already has the bot is asked at once; anyone else when they add it.
      const { shown, notice } = await inviteAnswer(ctx, invited.stored.state, email);
      return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, notice, 'done'), shown) };
    }
    const { person, reachable } = await pickedPerson(ctx, picked);
    const colleague = { ...person, trained };
    // The colleague's index entry and notice follow the answer, from the write's outbox row.
    const outcome = await runCaseChange(ctx, code, (state) => addCoordinator(state, colleague, actorOf(ctx), clockOf(ctx)));
    if (outcome.kind === 'refused') return { kind: 'card', card: refusedCard(ctx, outcome.change, outcome.stored.state, hubRenderer(ctx)) };
    return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, colleagueNoticeText(ctx, outcome.stored.state, person.aadObjectId, reachable), 'done'), asSeenByAdder(outcome.stored.state, person.aadObjectId, reachable)) };
  },
});
