import { samePerson } from '../domain/case-rules';
import type { CaseState } from '../domain/case-model';
import type { HandlerContext } from './bot-context';
import { actorOf, tenantOf } from './case-access';

/**
 * Keeps the unit the user just chose in a case (creating it, "Spara min enhet", taking a request)
 * beside their address, so the colleague form can name it and a colleague can search by it.
 * Losing it costs only that: the case itself is already written.
 */
export async function rememberUnit(ctx: HandlerContext, state: CaseState): Promise<void> {
  const me = actorOf(ctx);
  const request = state.colleagueRequest;
  const mine = state.coordinators.find((x) => samePerson(state, x, me)) ?? (request !== undefined && samePerson(state, request.colleague, me) ? request.colleague : undefined);
  if (mine?.unit === undefined) return;
  try {
    await ctx.services.conversations.saveUnit(tenantOf(ctx), me.aadObjectId, { principal: mine.principal, unit: mine.unit });
  } catch (err) {
    ctx.services.logger.warn({ err }, 'could not keep the coordinator’s unit for the colleague list');
  }
}
