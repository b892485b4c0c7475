import { describe, expect, it } from 'vitest';
import { loadConfig, type BotCredentials } from '../../src/config/config';
import { DeploymentTenants } from '../../src/config/deployment-tenants';

/*
 * Which tenant keys whose data, and which registration speaks for which tenant: the registrations
 * come from loadConfig, as the app gets them, for local mode, the single MicrosoftAppId form and
 * BOT_REGISTRATIONS with a region and a kommun in tenants of their own.
 */

const REGION_TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const REGION_APP = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const KOMMUN_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const KOMMUN_APP = '3a5b7c9d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
// A tenant with no registration of its own (a guest's home, or one only ALLOWED_TENANT_IDS lists).
const UNLISTED_TENANT = '11111111-2222-4333-8444-555555555555';
const CONN = 'UseDevelopmentStorage=true';

const REGION = { principal: 'region', name: 'Region Testland' } as const;
const KOMMUN = { principal: 'kommun', name: 'Testby kommun' } as const;

function twoTenants(): DeploymentTenants {
  const config = loadConfig({
    STORAGE_CONNECTION_STRING: CONN,
    BOT_REGISTRATIONS: JSON.stringify([
      { tenantId: REGION_TENANT.toUpperCase(), appId: REGION_APP.toUpperCase(), secretSetting: 'REGION_BOT_SECRET', organisation: REGION },
      { tenantId: KOMMUN_TENANT, appId: KOMMUN_APP, appType: 'UserAssignedMSI', organisation: KOMMUN },
    ]),
    REGION_BOT_SECRET: 'hemlig',
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
        expect(tenants.registrationOfTenant(id)).toBeUndefined();
        expect(tenants.organisationOf(id)).toBeUndefined();
      }
      expect(tenants.registrationOfApp(REGION_APP)).toBeUndefined();
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
      expect(tenants.registrationOfTenant(REGION_TENANT)).toMatchObject({ appId: REGION_APP, tenantId: REGION_TENANT });
      expect(tenants.registrationOfTenant(UNLISTED_TENANT)).toBeUndefined();
      expect(tenants.organisationOf(REGION_TENANT)).toBeUndefined();
      expect(tenants.shared).toBe(false);
    });

    it('sends to any tenant with its one app id, and knows it by that id in any case', () => {
      expect(tenants.appIdFor(REGION_TENANT)).toBe(REGION_APP);
      expect(tenants.appIdFor(UNLISTED_TENANT)).toBe(REGION_APP);
      expect(tenants.registrationOfApp(REGION_APP.toUpperCase())?.tenantId).toBe(REGION_TENANT);
      expect(tenants.registrationOfApp(KOMMUN_APP)).toBeUndefined();
    });
  });

  describe('with one MultiTenant registration (no tenant of its own)', () => {
    const multi: BotCredentials = { appId: REGION_APP, appPassword: 'hemlig', appType: 'MultiTenant', tenantId: undefined };
    const tenants = new DeploymentTenants([multi]);

    it('keys each tenant by its own id and sends to all with the one app id', () => {
      expect(tenants.storeTenantOf(REGION_TENANT)).toBe(REGION_TENANT);
      expect(tenants.storeTenantOf(KOMMUN_TENANT)).toBe(KOMMUN_TENANT);
      expect(tenants.registrationOfTenant(REGION_TENANT)).toBeUndefined();
      expect(tenants.appIdFor(KOMMUN_TENANT)).toBe(REGION_APP);
      expect(tenants.registrationOfApp(REGION_APP)).toBe(multi);
      expect(tenants.shared).toBe(false);
    });
  });

  describe('with two registrations (BOT_REGISTRATIONS)', () => {
    const tenants = twoTenants();

    it('keys the second tenant’s data by the first (home) tenant’s id, and the home tenant by its own', () => {
      expect(tenants.storeTenantOf(KOMMUN_TENANT)).toBe(REGION_TENANT);
      expect(tenants.storeTenantOf(REGION_TENANT)).toBe(REGION_TENANT);
    });

    it('keys a tenant without a registration by its own id: it shares nothing', () => {
      expect(tenants.storeTenantOf(UNLISTED_TENANT)).toBe(UNLISTED_TENANT);
      expect(tenants.registrationOfTenant(UNLISTED_TENANT)).toBeUndefined();
    });

    it('takes the home tenant from the order of the list, not from the ids', () => {
      const reversed = new DeploymentTenants([...tenants.registrations].reverse());
      expect(reversed.storeTenantOf(REGION_TENANT)).toBe(KOMMUN_TENANT);
      expect(reversed.storeTenantOf(KOMMUN_TENANT)).toBe(KOMMUN_TENANT);
    });

    it('sends to each tenant with its own registration’s app id, and to an unknown tenant with the first', () => {
      expect(tenants.appIdFor(REGION_TENANT)).toBe(REGION_APP);
      expect(tenants.appIdFor(KOMMUN_TENANT)).toBe(KOMMUN_APP);
      expect(tenants.appIdFor(UNLISTED_TENANT)).toBe(REGION_APP);
    });

    it('finds each tenant’s registration, and the registration a token’s audience names in any case', () => {
      expect(tenants.registrationOfTenant(REGION_TENANT)).toMatchObject({ appId: REGION_APP, appType: 'SingleTenant', appPassword: 'hemlig' });
      expect(tenants.registrationOfTenant(KOMMUN_TENANT)).toMatchObject({ appId: KOMMUN_APP, appType: 'UserAssignedMSI', appPassword: undefined });
      expect(tenants.registrationOfApp(KOMMUN_APP.toUpperCase())?.tenantId).toBe(KOMMUN_TENANT);
      expect(tenants.registrationOfApp(REGION_APP)?.tenantId).toBe(REGION_TENANT);
      expect(tenants.registrationOfApp(REGION_APP.toUpperCase())).toBe(tenants.registrationOfApp(REGION_APP));
      expect(tenants.registrationOfApp(UNLISTED_TENANT)).toBeUndefined();
      expect(tenants.registrationOfApp('')).toBeUndefined();
    });

    it('names each tenant’s organisation, and none for an unlisted or missing tenant', () => {
      expect(tenants.organisationOf(REGION_TENANT)).toEqual(REGION);
      expect(tenants.organisationOf(KOMMUN_TENANT)).toEqual(KOMMUN);
      expect(tenants.organisationOf(UNLISTED_TENANT)).toBeUndefined();
      expect(tenants.organisationOf(undefined)).toBeUndefined();
    });

    it('is shared: coordinators come from more than one directory', () => {
      expect(tenants.shared).toBe(true);
    });
  });
});
