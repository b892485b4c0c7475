import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';
import type { LocaleResolver } from '../i18n/locale';
import { activitySummary } from './activity-summary';
import { tenantIdOf } from './tenant-of';
import { errorResponse } from './invoke-response';

/**
 * Refuses activities from tenants outside ALLOWED_TENANT_IDS before anything else runs: nothing
 * is stored and no handler sees them. An invoke still gets a proper response so the client does
 * not hang; a message gets no answer, so the bot reveals nothing to a foreign tenant.
 */
export class TenantGuard implements Middleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedTenantIds: readonly string[],
    private readonly logger: Logger,
    private readonly localeFor: LocaleResolver,
  ) {
    this.allowed = new Set(allowedTenantIds.map((t) => t.toLowerCase()));
  }

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    const tenantId = tenantIdOf(turn.activity);
    if (this.allowed.size === 0 || (tenantId !== undefined && this.allowed.has(tenantId))) {
      await next();
      return;
    }
    this.logger.warn(activitySummary(turn.activity), 'activity from a tenant that is not allowed was refused');
    if (turn.activity.type === 'invoke') {
      await turn.sendActivity({ type: 'invokeResponse', value: errorResponse('tenantNotAllowed', this.localeFor(turn.activity.locale)) });
    }
  }
}
