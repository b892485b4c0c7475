import { describe, expect, it } from 'vitest';
import { loadConfig, type BotCredentials } from '../../src/config/config';
import { DeploymentTenants } from '../../src/config/deployment-tenants';

/*
 * Which tenant keys whose data, and which registration speaks for which tenant: the registrations
 * come from loadConfig, as the app gets them, for local mode, the single MicrosoftAppId form and
 * that home registration with BOT_REGISTRATIONS listing a kommun (and another) in tenants of their own.
 */

const REGION_TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const REGION_APP = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const KOMMUN_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const KOMMUN_APP = '3a5b7c9d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
const GRANNBY_TENANT = '2d4f6a8b-0c1e-4f3a-9b5d-7e9f1a3c5e7b';
const GRANNBY_APP = '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f';
// A tenant with no registration of its own (a guest's home, or one only ALLOWED_TENANT_IDS lists).
const UNLISTED_TENANT = '11111111-2222-4333-8444-555555555555';
const CONN = 'UseDevelopmentStorage=true';

const REGION = { principal: 'region', name: 'Region Testland' } as const;
const KOMMUN = { principal: 'kommun', name: 'Testby kommun' } as const;
const GRANNBY = { principal: 'kommun', name: 'Grannby kommun' } as const;

/** The region's registration at home (MicrosoftAppId…, ORGANISATION) and the kommun's in BOT_REGISTRATIONS. */
function twoTenants(home: Record<string, string | undefined> = {}): DeploymentTenants {
  const config = loadConfig({
    MicrosoftAppId: REGION_APP,
    MicrosoftAppPassword: 'hemlig',
    MicrosoftAppTenantId: REGION_TENANT.toUpperCase(),
    ORGANISATION: JSON.stringify(REGION),
    STORAGE_CONNECTION_STRING: CONN,
    BOT_REGISTRATIONS: JSON.stringify([{ tenantId: KOMMUN_TENANT.toUpperCase(), appId: KOMMUN_APP.toUpperCase(), secretSetting: 'KOMMUN_BOT_SECRET', organisation: KOMMUN }]),
    KOMMUN_BOT_SECRET: 'kommunens',
    ...home,
  });
  return new DeploymentTenants(config.registrations);
}

describe('DeploymentTenants', () => {
  describe('in local mode (no registrations)', () => {
    const tenants = new DeploymentTenants(loadConfig({}).registrations);

    it('keys every tenant by its own id and sends with no app id, as botbuilder expects locally', () => {
      expect(tenants.registrations).toEqual([]);
      for (const id of [REGION_TENANT, KOMMUN_TENANT, UNLISTED_TENANT, 'playground-tenant']) {
        expect(tenants.storeTenantOf(id)).toBe(id);
        expect(tenants.appIdFor(id)).toBe('');
        expect(tenants.organisationOf(id)).toBeUndefined();
        expect(tenants.accessLogPrincipals(id)).toEqual(['region', 'kommun']);
      }
      expect(tenants.organisationOf(undefined)).toBeUndefined();
      expect(tenants.shared).toBe(false);
    });
  });

  describe('with one registration (MicrosoftAppId)', () => {
    const config = loadConfig({ MicrosoftAppId: REGION_APP, MicrosoftAppPassword: 'hemlig', MicrosoftAppTenantId: REGION_TENANT.toUpperCase(), STORAGE_CONNECTION_STRING: CONN });
    const tenants = new DeploymentTenants(config.registrations);

    it('keys its tenant by its own id, as before BOT_REGISTRATIONS, and names no organisation', () => {
      expect(tenants.storeTenantOf(REGION_TENANT)).toBe(REGION_TENANT);
      expect(tenants.storeTenantOf(UNLISTED_TENANT)).toBe(UNLISTED_TENANT);
      expect(tenants.organisationOf(REGION_TENANT)).toBeUndefined();
      expect(tenants.shared).toBe(false);
    });

    it('sends to any tenant with its one app id', () => {
      expect(tenants.appIdFor(REGION_TENANT)).toBe(REGION_APP);
      expect(tenants.appIdFor(UNLISTED_TENANT)).toBe(REGION_APP);
    });
  });

  describe('with one registration that names its organisation (ORGANISATION, no BOT_REGISTRATIONS)', () => {
    const tenants = new DeploymentTenants(
      loadConfig({ MicrosoftAppId: REGION_APP, MicrosoftAppPassword: 'hemlig', MicrosoftAppTenantId: REGION_TENANT, ORGANISATION: JSON.stringify(REGION), STORAGE_CONNECTION_STRING: CONN }).registrations,
    );

    it('names its tenant’s organisation, keys it by its own id and shares nothing', () => {
      expect(tenants.organisationOf(REGION_TENANT)).toEqual(REGION);
      expect(tenants.organisationOf(UNLISTED_TENANT)).toBeUndefined();
      expect(tenants.storeTenantOf(REGION_TENANT)).toBe(REGION_TENANT);
      expect(tenants.storeTenantOf(UNLISTED_TENANT)).toBe(UNLISTED_TENANT);
      expect(tenants.shared).toBe(false);
    });
  });

  describe('with one MultiTenant registration (no tenant of its own)', () => {
    const multi: BotCredentials = { appId: REGION_APP, appPassword: 'hemlig', appType: 'MultiTenant', tenantId: undefined };
    const tenants = new DeploymentTenants([multi]);

    it('keys each tenant by its own id and sends to all with the one app id', () => {
      expect(tenants.storeTenantOf(REGION_TENANT)).toBe(REGION_TENANT);
      expect(tenants.storeTenantOf(KOMMUN_TENANT)).toBe(KOMMUN_TENANT);
      expect(tenants.appIdFor(KOMMUN_TENANT)).toBe(REGION_APP);
      expect(tenants.shared).toBe(false);
    });
  });

  describe('with the home registration and another tenant’s (BOT_REGISTRATIONS)', () => {
    const tenants = twoTenants();

    it('keys the other tenant’s data by the home tenant’s id (MicrosoftAppTenantId), and the home tenant by its own', () => {
      expect(tenants.storeTenantOf(KOMMUN_TENANT)).toBe(REGION_TENANT);
      expect(tenants.storeTenantOf(REGION_TENANT)).toBe(REGION_TENANT);
    });

    it('keys a tenant without a registration by its own id: it shares nothing', () => {
      expect(tenants.storeTenantOf(UNLISTED_TENANT)).toBe(UNLISTED_TENANT);
    });

    it('takes the home tenant from MicrosoftAppTenantId, not from the ids: the kommun’s own deployment keys the region by the kommun', () => {
      // The kommun's tenant id sorts after the region's; at home it keys both all the same.
      const kommunAtHome = new DeploymentTenants(
        loadConfig({
          MicrosoftAppId: KOMMUN_APP,
          MicrosoftAppPassword: 'kommunens',
          MicrosoftAppTenantId: KOMMUN_TENANT,
          ORGANISATION: JSON.stringify(KOMMUN),
          STORAGE_CONNECTION_STRING: CONN,
          BOT_REGISTRATIONS: JSON.stringify([{ tenantId: REGION_TENANT, appId: REGION_APP, secretSetting: 'REGION_BOT_SECRET', organisation: REGION }]),
          REGION_BOT_SECRET: 'hemlig',
        }).registrations,
      );
      expect(kommunAtHome.storeTenantOf(REGION_TENANT)).toBe(KOMMUN_TENANT);
      expect(kommunAtHome.storeTenantOf(KOMMUN_TENANT)).toBe(KOMMUN_TENANT);
      expect(kommunAtHome.appIdFor(UNLISTED_TENANT)).toBe(KOMMUN_APP);
    });

    it('sends to each tenant with its own registration’s app id, and to an unknown tenant with the home one', () => {
      expect(tenants.appIdFor(REGION_TENANT)).toBe(REGION_APP);
      expect(tenants.appIdFor(KOMMUN_TENANT)).toBe(KOMMUN_APP);
      expect(tenants.appIdFor(UNLISTED_TENANT)).toBe(REGION_APP);
    });

    it('names each tenant’s organisation: the home one from ORGANISATION, the other from its entry; none for an unlisted or missing tenant', () => {
      expect(tenants.organisationOf(REGION_TENANT)).toEqual(REGION);
      expect(tenants.organisationOf(KOMMUN_TENANT)).toEqual(KOMMUN);
      expect(tenants.organisationOf(UNLISTED_TENANT)).toBeUndefined();
      expect(tenants.organisationOf(undefined)).toBeUndefined();
    });

    it('is shared: coordinators come from more than one directory', () => {
      expect(tenants.shared).toBe(true);
    });

    it('lets each organisation follow up its own principal’s access log only, and an unlisted tenant none', () => {
      expect(tenants.accessLogPrincipals(REGION_TENANT)).toEqual(['region']);
      expect(tenants.accessLogPrincipals(KOMMUN_TENANT)).toEqual(['kommun']);
      expect(tenants.accessLogPrincipals(UNLISTED_TENANT)).toEqual([]);
    });
  });

  describe('with a home registration on a managed identity and another tenant’s', () => {
    const tenants = twoTenants({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined });

    it('keys both by the home tenant, and speaks for the home tenant with the managed identity', () => {
      expect(tenants.storeTenantOf(KOMMUN_TENANT)).toBe(REGION_TENANT);
      expect(tenants.shared).toBe(true);
    });
  });

  describe('with the home registration and two other tenants’', () => {
    const tenants = twoTenants({
      BOT_REGISTRATIONS: JSON.stringify([
        { tenantId: GRANNBY_TENANT, appId: GRANNBY_APP, secretSetting: 'GRANNBY_BOT_SECRET', organisation: GRANNBY },
        { tenantId: KOMMUN_TENANT, appId: KOMMUN_APP, secretSetting: 'KOMMUN_BOT_SECRET', organisation: KOMMUN },
      ]),
      GRANNBY_BOT_SECRET: 'grannbys',
    });

    it('keys all three by the home tenant, and sends to each with its own app id', () => {
      for (const tenant of [REGION_TENANT, KOMMUN_TENANT, GRANNBY_TENANT]) expect(tenants.storeTenantOf(tenant)).toBe(REGION_TENANT);
      expect(tenants.appIdFor(GRANNBY_TENANT)).toBe(GRANNBY_APP);
      expect(tenants.appIdFor(KOMMUN_TENANT)).toBe(KOMMUN_APP);
      expect(tenants.organisationOf(GRANNBY_TENANT)).toEqual(GRANNBY);
    });
  });
});
