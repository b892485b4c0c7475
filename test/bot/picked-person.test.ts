import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../src/bot/bot-context';
import { pickedPerson } from '../../src/bot/picked-person';
import { playgroundUser } from '../../src/local/playground-users';
import { DeploymentTenants } from '../../src/config/deployment-tenants';
import type { ConversationAddress } from '../../src/storage/conversation-reference-repository';

const TENANT_A = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const TENANT_B = '7b1e2d3c-4a5f-4e6d-8c7b-1a2b3c4d5e6f';
const BJORN = 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d';

/** Two tenants sharing one store: A is the home tenant, B the kommun's. */
const shared = new DeploymentTenants([
  { appId: '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29', appPassword: 'x', appType: 'SingleTenant', tenantId: TENANT_A, organisation: { principal: 'region', name: 'Region Test' } },
  { appId: '1d4d8a8b-6c9f-4a0e-b3c2-8f7e6d5c4b3a', appPassword: 'y', appType: 'SingleTenant', tenantId: TENANT_B, organisation: { principal: 'kommun', name: 'Testby kommun' } },
]);

/** A turn in tenant A (or `from`) of the shared deployment, whose store knows the given addresses (by object id). */
function sharedTurn(addresses: ConversationAddress[], from = TENANT_A, tenants = shared): HandlerContext {
  return {
    turn: { activity: { conversation: { id: 'a:1', tenantId: from }, channelData: { tenant: { id: from } } } },
    services: {
      tenants,
      conversations: { find: async (store: string, owner: { aadObjectId: string }) => (store === TENANT_A ? addresses.find((a) => a.aadObjectId === owner.aadObjectId) : undefined) },
    },
  } as unknown as HandlerContext;
}

const addressIn = (tenantId: string): ConversationAddress => ({
  tenantId,
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/emea/',
  conversationId: 'a:bjorn',
  conversationType: 'personal',
  botId: '28:bot',
  userId: '29:bjorn',
  aadObjectId: BJORN,
  userName: 'Björn Berg',
  updatedAt: '2026-12-01T08:00:00.000Z',
});

/** A turn from a tenant, with a store that knows no one and the Playground directory only if local. */
function turn(local: boolean): HandlerContext {
  return {
    turn: { activity: { conversation: { id: 'a:1', tenantId: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c' }, channelData: { tenant: { id: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c' } } } },
    services: { tenants: new DeploymentTenants([]), conversations: { find: async () => undefined }, localPeople: local ? playgroundUser : undefined },
  } as unknown as HandlerContext;
}

describe('pickedPerson', () => {
  it('in production refuses the Playground\'s mock ids as a card it cannot read', async () => {
    await expect(pickedPerson(turn(false), 'user-id-1')).rejects.toMatchObject({ name: 'UserError', code: 'invalidActionData' });
  });

  it('keeps an object id as it is, with no name until the person has used the bot', async () => {
    await expect(pickedPerson(turn(false), 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d')).resolves.toEqual({
      person: { aadObjectId: 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d', userId: undefined, name: undefined },
      reachable: false,
    });
  });

  it('in local mode names a mock user as the Playground does', async () => {
    await expect(pickedPerson(turn(true), 'user-id-1')).resolves.toMatchObject({ person: { aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' } });
  });

  it('takes a coordinator of the other tenant as that tenant’s person, reachable at the address kept for them there', async () => {
    await expect(pickedPerson(sharedTurn([addressIn(TENANT_B)]), `${BJORN}@${TENANT_B}`)).resolves.toEqual({
      person: { aadObjectId: BJORN, tenantId: TENANT_B, principal: 'kommun', userId: '29:bjorn', name: 'Björn Berg' },
      reachable: true,
    });
  });

  it('does not take an address of another tenant for the person picked: the pair must match', async () => {
    // The picker names Björn in A (the user's own directory); the store knows a Björn only in B.
    await expect(pickedPerson(sharedTurn([addressIn(TENANT_B)]), BJORN)).resolves.toEqual({
      person: { aadObjectId: BJORN, userId: undefined, name: undefined },
      reachable: false,
    });
  });

  it('refuses a tenant that does not share the deployment as a card it cannot read', async () => {
    await expect(pickedPerson(sharedTurn([]), `${BJORN}@9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`)).rejects.toMatchObject({ name: 'UserError', code: 'invalidActionData' });
  });

  it('refuses a coordinator of another organisation of the user’s own principal: the colleague is the other principal’s', async () => {
    const TENANT_C = '2d4f6a8b-0c1e-4f3a-9b5d-7e9f1a3c5e7b';
    const three = new DeploymentTenants([
      ...shared.registrations,
      { appId: '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f', appPassword: 'z', appType: 'SingleTenant', tenantId: TENANT_C, organisation: { principal: 'kommun', name: 'Grannby kommun' } },
    ]);
    await expect(pickedPerson(sharedTurn([], TENANT_B, three), `${BJORN}@${TENANT_C}`)).rejects.toMatchObject({ name: 'UserError', code: 'invalidActionData' });
    await expect(pickedPerson(sharedTurn([], TENANT_B, three), `${BJORN}@${TENANT_A}`)).resolves.toMatchObject({ person: { aadObjectId: BJORN } });
  });
});
