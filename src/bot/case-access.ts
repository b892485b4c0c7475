import type { Clock } from '../domain/case-commands';
import type { Actor, CaseState } from '../domain/case-model';
import { accessOf, normaliseCaseCode, type CaseAccess } from '../domain/case-rules';
import { UserError } from '../i18n/errors';
import { NO_TENANT } from '../proactive/conversation-address';
import type { StoredCase } from '../storage/case-repository';
import type { CaseCardContext, NoticeTone } from '../cards/case-card-parts';
import { tenantIdOf } from './tenant-of';
import type { HandlerContext } from './bot-context';

/**
 * The person behind the turn, as cases and audit entries know them. Their tenant is written only
 * when it is not the store tenant (a coordinator from another tenant of a shared deployment), so
 * the cases of a deployment with one tenant read as they always have.
 */
export function actorOf(ctx: HandlerContext): Actor {
  const from = ctx.turn.activity.from;
  const tenant = tenantIdOf(ctx.turn.activity) ?? NO_TENANT;
  return {
    aadObjectId: from.aadObjectId ?? from.id,
    ...(tenant === tenantOf(ctx) ? {} : { tenantId: tenant }),
    userId: from.id,
    name: from.name === '' ? undefined : from.name,
  };
}

/**
 * The store tenant of the turn: the key of the cases, indexes and addresses its user works with,
 * shared by every tenant of the deployment (DeploymentTenants.storeTenantOf).
 */
export function tenantOf(ctx: HandlerContext): string {
  return ctx.services.tenants.storeTenantOf(tenantIdOf(ctx.turn.activity) ?? NO_TENANT);
}

/** The group chat the turn comes from, if any: members of a linked chat may work the case there. */
export function groupChatOf(ctx: HandlerContext): string | undefined {
  const conversation = ctx.turn.activity.conversation;
  return conversation?.conversationType === 'groupChat' ? conversation.id : undefined;
}

export function clockOf(ctx: HandlerContext): Clock {
  return { now: ctx.services.clock(), timeZone: ctx.services.timeZone };
}

export function cardContext(ctx: HandlerContext, notice?: string, tone?: NoticeTone): CaseCardContext {
  return { locale: ctx.locale, timeZone: ctx.services.timeZone, notice, noticeTone: tone, reminderSettings: ctx.services.reminderSettings, viewer: actorOf(ctx).aadObjectId };
}

/** A typed code, or the user error that asks for one. */
export function requireCode(typed: string | undefined): string {
  const code = normaliseCaseCode(typed ?? '');
  if (code === undefined) throw new UserError('caseCodeMissing');
  return code;
}

export interface AccessibleCase {
  readonly stored: StoredCase;
  readonly access: Exclude<CaseAccess, 'none'>;
}

/**
 * Loads a case the viewer may see. A case that does not exist and one the viewer has no access
 * to give the same answer, so an outsider learns nothing, not even that the code is in use.
 */
export async function loadAccessibleCase(ctx: HandlerContext, code: string): Promise<AccessibleCase> {
  const stored = await ctx.services.cases.get(tenantOf(ctx), code);
  if (stored === undefined) throw new UserError('caseNotFound');
  return accessible(ctx, stored);
}

/** A case already read, if the viewer may see it; the same answer as for a missing case otherwise. */
export function accessible(ctx: HandlerContext, stored: StoredCase): AccessibleCase {
  const access = accessOf(stored.state, actorOf(ctx), groupChatOf(ctx));
  if (access === 'none') throw new UserError('caseNotFound');
  return { stored, access };
}

/** Access to a state already loaded (after an update): the same rule as when loading. */
export function accessTo(ctx: HandlerContext, state: CaseState): CaseAccess {
  return accessOf(state, actorOf(ctx), groupChatOf(ctx));
}
