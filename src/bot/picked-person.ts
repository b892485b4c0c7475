import type { Actor, Principal } from '../domain/case-model';
import { UserError } from '../i18n/errors';
import type { HandlerContext } from './bot-context';
import { tenantOf } from './case-access';
import { tenantIdOf } from './tenant-of';
import { NO_TENANT } from '../proactive/conversation-address';

/** An id the Agents Playground's people picker sends for its mock users (user-id-1), not an object id. */
export const PLAYGROUND_PICKER_ID = /^user-id-\d{1,3}$/;

/** Someone picked in a people picker, as the bot keeps them, and whether the bot can reach them yet. */
export interface PickedPerson {
  /** principal: their organisation's, for one of another tenant of the deployment; otherwise unknown. */
  readonly person: Actor & { readonly aadObjectId: string; readonly principal?: Principal | undefined };
  readonly reachable: boolean;
}

/**
 * The person a people picker named. Teams sends an Entra object id of the user's own directory;
 * a coordinator of another tenant of the deployment comes as "<object id>@<tenant id>" from the
 * form's list of known coordinators. The name comes from the address the bot keeps once the person
 * has used it, and only an address in the same tenant counts. In local mode the Playground's mock
 * ids are looked up in its directory, as Teams would hand over the person's object id and name;
 * anywhere else such an id is a card the bot cannot read.
 */
export async function pickedPerson(ctx: HandlerContext, picked: string): Promise<PickedPerson> {
  const mock = PLAYGROUND_PICKER_ID.test(picked) ? ctx.services.localPeople?.(picked) : undefined;
  if (PLAYGROUND_PICKER_ID.test(picked) && mock === undefined) throw new UserError('invalidActionData');
  const [objectId, named] = picked.split('@');
  const aadObjectId = mock?.aadObjectId ?? objectId!;
  const store = tenantOf(ctx);
  const tenant = named ?? tenantIdOf(ctx.turn.activity) ?? NO_TENANT;
  // Only the tenants that share this deployment's store can be named; a forged one is a bad card.
  if (named !== undefined && ctx.services.tenants.storeTenantOf(named) !== store) throw new UserError('invalidActionData');
  // Nor one of the user's own principal's organisations: the colleague is the other principal's.
  const mine = ctx.services.tenants.organisationOf(tenantIdOf(ctx.turn.activity))?.principal;
  if (named !== undefined && mine !== undefined && ctx.services.tenants.organisationOf(named)?.principal === mine) throw new UserError('invalidActionData');
  const found = await ctx.services.conversations.find(store, { kind: 'user', aadObjectId });
  const address = found?.tenantId === tenant ? found : undefined;
  return {
    person: {
      aadObjectId,
      ...(tenant === store ? {} : { tenantId: tenant, principal: ctx.services.tenants.organisationOf(tenant)?.principal }),
      userId: address?.userId,
      name: address?.userName ?? mock?.name,
    },
    reachable: address !== undefined,
  };
}
