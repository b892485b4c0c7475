import type { BotCredentials, Organisation } from './config';

/**
 * The tenants one deployment serves, and where each one's data lives. A case shared by a region
 * coordinator in tenant A and a kommun coordinator in tenant B is one case, so every tenant with a
 * registration shares one key space in the store: the home tenant's (MicrosoftAppTenantId, the
 * first registration). A deployment that started with one tenant keeps its keys when it adds
 * another in BOT_REGISTRATIONS.
 *
 * A tenant without a registration of its own (a MultiTenant registration, local mode) keys its
 * data by its own id, as before.
 */
export class DeploymentTenants {
  private readonly home: string | undefined;
  private readonly byTenant: ReadonlyMap<string, BotCredentials>;

  constructor(readonly registrations: readonly BotCredentials[]) {
    const withTenant = registrations.filter((r) => r.tenantId !== undefined);
    this.home = withTenant[0]?.tenantId;
    this.byTenant = new Map(withTenant.map((r) => [r.tenantId!, r]));
  }

  /** The tenant id that keys a tenant's cases, indexes and conversations in the store. */
  storeTenantOf(tenantId: string): string {
    return this.home !== undefined && this.byTenant.has(tenantId) ? this.home : tenantId;
  }

  /**
   * The app id a proactive message to a conversation in this tenant goes out with: the tenant's
   * own registration, else the only one there is; '' in local mode, as botbuilder expects.
   */
  appIdFor(tenantId: string): string {
    return (this.byTenant.get(tenantId) ?? this.registrations[0])?.appId ?? '';
  }

  /** Which organisation a tenant is, when BOT_REGISTRATIONS names it. */
  organisationOf(tenantId: string | undefined): Organisation | undefined {
    return tenantId === undefined ? undefined : this.byTenant.get(tenantId)?.organisation;
  }

  /**
   * Whose units' access log a user of a tenant may follow up (Logguppföljning): in a deployment
   * serving several tenants their own organisation's only, since each tenant's administrator hands
   * out the role in their own tenant; otherwise both principals'.
   */
  accessLogPrincipals(tenantId: string): Array<'region' | 'kommun'> {
    if (!this.shared) return ['region', 'kommun'];
    const own = this.organisationOf(tenantId)?.principal;
    return own === undefined ? [] : [own];
  }

  /** True when more than one tenant shares the store: coordinators then come from several directories. */
  get shared(): boolean {
    return this.byTenant.size > 1;
  }
}
