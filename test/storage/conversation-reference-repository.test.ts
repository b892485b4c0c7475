import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type ConversationAddress, TableConversationReferenceRepository } from '../../src/storage/conversation-reference-repository';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { TENANT } from '../support/sample-case';
import { uniqueTablePrefix } from '../support/test-bot';

const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

let refs: TableConversationReferenceRepository;
/** The same table reached with a wrong account key: Azurite answers every call 403, a store that answers with an error. */
let refused: TableConversationReferenceRepository;

beforeAll(async () => {
  const prefix = uniqueTablePrefix();
  const store = new TableStore(inject('azuriteConnectionString'), prefix);
  await store.ensureTables();
  refs = new TableConversationReferenceRepository(store.client(TABLES.conversationReferences));
  const wrongKey = inject('azuriteConnectionString').replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.alloc(64, 7).toString('base64')}`);
  refused = new TableConversationReferenceRepository(new TableStore(wrongKey, prefix).client(TABLES.conversationReferences));
});

const personal = (tenantId: string, aadObjectId: string): ConversationAddress => ({
  tenantId,
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversationId: `a:personal-${aadObjectId}`,
  conversationType: 'personal',
  botId: '28:bot',
  botName: 'Samordningsboten',
  userId: `29:${aadObjectId}`,
  aadObjectId,
  userName: `Kollega ${aadObjectId}`,
  locale: 'sv-SE',
  updatedAt: '2026-11-23T09:00:00.000Z',
});

const group = (tenantId: string, conversationId: string): ConversationAddress => ({
  tenantId,
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversationId,
  conversationType: 'groupChat',
  botId: '28:bot',
  updatedAt: '2026-11-23T09:00:00.000Z',
});

const user = (aadObjectId: string) => ({ kind: 'user', aadObjectId }) as const;
const chat = (conversationId: string) => ({ kind: 'chat', conversationId }) as const;

describe('TableConversationReferenceRepository against Azurite', () => {
  it('keeps each chat and each user under its own key', async () => {
    await refs.save(TENANT, chat('19:one@thread.v2'), group(TENANT, '19:one@thread.v2'));
    await refs.save(TENANT, chat('19:two@thread.v2'), group(TENANT, '19:two@thread.v2'));
    await refs.save(TENANT, user('u-chat-test'), personal(TENANT, 'u-chat-test'));
    expect(await refs.find(TENANT, chat('19:one@thread.v2'))).toEqual(group(TENANT, '19:one@thread.v2'));
    expect(await refs.find(TENANT, chat('19:two@thread.v2'))).toEqual(group(TENANT, '19:two@thread.v2'));
    expect(await refs.find(TENANT, user('u-chat-test'))).toEqual(personal(TENANT, 'u-chat-test'));
    expect(await refs.find(TENANT, chat('19:three@thread.v2'))).toBeUndefined();
    expect(await refs.find(OTHER_TENANT, chat('19:one@thread.v2'))).toBeUndefined();
  });

  it("lists a tenant's users only, in key order, at most the limit", async () => {
    // A tenant of its own, so that the other tests' rows are not counted here.
    const tenant = '22222222-3333-4444-8555-666666666666';
    for (const id of ['u-3', 'u-1', 'u-2']) await refs.save(tenant, user(id), personal(tenant, id));
    await refs.save(tenant, chat('19:group@thread.v2'), group(tenant, '19:group@thread.v2'));
    await refs.save(OTHER_TENANT, user('u-0'), personal(OTHER_TENANT, 'u-0'));
    expect(await refs.listUsers(tenant, 10)).toEqual([personal(tenant, 'u-1'), personal(tenant, 'u-2'), personal(tenant, 'u-3')]);
    expect(await refs.listUsers(tenant, 2)).toEqual([personal(tenant, 'u-1'), personal(tenant, 'u-2')]);
    expect(await refs.listUsers('33333333-4444-4555-8666-777777777777', 10)).toEqual([]);
  });

  it('keeps a tenant’s address under the store tenant it shares, with its own tenant id', async () => {
    const home = '44444444-5555-4666-8777-888888888888';
    const other = '55555555-6666-4777-8888-999999999999';
    await refs.save(home, user('u-home'), personal(home, 'u-home'));
    await refs.save(home, user('u-other'), personal(other, 'u-other'));
    expect(await refs.find(home, user('u-other'))).toEqual(personal(other, 'u-other'));
    expect(await refs.find(other, user('u-other'))).toBeUndefined();
    // Asked for the person of a given tenant, an address of the object id in another tenant is not theirs.
    expect(await refs.find(home, { kind: 'user', aadObjectId: 'u-other', tenantId: other })).toEqual(personal(other, 'u-other'));
    expect(await refs.find(home, { kind: 'user', aadObjectId: 'u-other', tenantId: home })).toBeUndefined();
    expect(await refs.listUsers(home, 10)).toEqual([personal(home, 'u-home'), personal(other, 'u-other')]);
  });

  it('keeps who Teams reported an address for, by the address, and nothing for an address never seen', async () => {
    const store = '66666666-7777-4888-8999-aaaaaaaaaaaa';
    await refs.save(store, user('u-mail'), personal(store, 'u-mail'));
    await refs.saveMail(store, 'lena.larsson@testby.se', { aadObjectId: 'u-mail', tenantId: OTHER_TENANT });
    expect(await refs.findMail(store, 'lena.larsson@testby.se')).toEqual({ aadObjectId: 'u-mail', tenantId: OTHER_TENANT });
    expect(await refs.findMail(store, 'someone.else@testby.se')).toBeUndefined();
    expect(await refs.findMail(OTHER_TENANT, 'lena.larsson@testby.se')).toBeUndefined();
    // Not an address, nor a unit: the lists do not show it.
    expect((await refs.listUsers(store, 10)).map((u) => u.aadObjectId)).toEqual(['u-mail']);
    expect((await refs.listUnits(store, 10)).size).toBe(0);
  });

  it('removes an address, and removing one that is not there is no error', async () => {
    await refs.save(TENANT, user('u-removed'), personal(TENANT, 'u-removed'));
    await refs.remove(TENANT, user('u-removed'));
    expect(await refs.find(TENANT, user('u-removed'))).toBeUndefined();
    await expect(refs.remove(TENANT, user('u-removed'))).resolves.toBeUndefined();
  });

  it('passes on the error of a store that refuses the call, rather than answering "not there"', async () => {
    await refs.save(TENANT, user('u-kept'), personal(TENANT, 'u-kept'));
    await expect(refused.find(TENANT, user('u-kept'))).rejects.toMatchObject({ statusCode: 403 });
    await expect(refused.remove(TENANT, user('u-kept'))).rejects.toMatchObject({ statusCode: 403 });
    expect(await refs.find(TENANT, user('u-kept'))).toEqual(personal(TENANT, 'u-kept'));
  });
});

describe('coordinator units kept beside the addresses', () => {
  it('lists the units saved under a store tenant, by object id, the latest save of each', async () => {
    const tenant = '66666666-7777-4888-8999-aaaaaaaaaaaa';
    await refs.saveUnit(tenant, 'u-unit-1', { principal: 'region', unit: 'Psykiatrimottagning Väst' });
    await refs.saveUnit(tenant, 'u-unit-2', { principal: 'kommun', unit: 'Socialpsykiatri Norr' });
    expect(await refs.listUnits(tenant, 10)).toEqual(
      new Map([
        ['u-unit-1', { principal: 'region', unit: 'Psykiatrimottagning Väst' }],
        ['u-unit-2', { principal: 'kommun', unit: 'Socialpsykiatri Norr' }],
      ]),
    );
    // A unit chosen again replaces the one before.
    await refs.saveUnit(tenant, 'u-unit-1', { principal: 'region', unit: 'Beroendemottagningen' });
    const units = await refs.listUnits(tenant, 10);
    expect(units.size).toBe(2);
    expect(units.get('u-unit-1')).toEqual({ principal: 'region', unit: 'Beroendemottagningen' });
  });

  it('gives back an object id that needs encoding in a key as it was saved', async () => {
    const tenant = '77777777-8888-4999-8aaa-bbbbbbbbbbbb';
    const odd = "o'id/with#odd?chars:åä";
    await refs.saveUnit(tenant, odd, { principal: 'kommun', unit: 'Boendestöd' });
    expect([...(await refs.listUnits(tenant, 10)).entries()]).toEqual([[odd, { principal: 'kommun', unit: 'Boendestöd' }]]);
  });

  it('lists at most the limit, in key order', async () => {
    const tenant = '88888888-9999-4aaa-8bbb-cccccccccccc';
    for (const id of ['u-c', 'u-a', 'u-b']) await refs.saveUnit(tenant, id, { principal: 'region', unit: `Enhet ${id}` });
    expect([...(await refs.listUnits(tenant, 2)).keys()]).toEqual(['u-a', 'u-b']);
    expect([...(await refs.listUnits(tenant, 3)).keys()]).toEqual(['u-a', 'u-b', 'u-c']);
  });

  it('keeps units and addresses apart: neither list returns the other’s rows, and a unit leaves the address as it was', async () => {
    const tenant = '99999999-aaaa-4bbb-8ccc-dddddddddddd';
    await refs.save(tenant, user('u-both'), personal(tenant, 'u-both'));
    await refs.save(tenant, user('u-address-only'), personal(tenant, 'u-address-only'));
    await refs.save(tenant, chat('19:units@thread.v2'), group(tenant, '19:units@thread.v2'));
    await refs.saveUnit(tenant, 'u-both', { principal: 'kommun', unit: 'Socialpsykiatri Norr' });
    await refs.saveUnit(tenant, 'u-unit-only', { principal: 'region', unit: 'Vårdcentralen Norr' });
    expect(await refs.listUsers(tenant, 10)).toEqual([personal(tenant, 'u-address-only'), personal(tenant, 'u-both')]);
    expect(await refs.find(tenant, user('u-both'))).toEqual(personal(tenant, 'u-both'));
    expect(await refs.find(tenant, user('u-unit-only'))).toBeUndefined();
    expect(await refs.listUnits(tenant, 10)).toEqual(
      new Map([
        ['u-both', { principal: 'kommun', unit: 'Socialpsykiatri Norr' }],
        ['u-unit-only', { principal: 'region', unit: 'Vårdcentralen Norr' }],
      ]),
    );
    // Removing the address leaves the unit.
    await refs.remove(tenant, user('u-both'));
    expect((await refs.listUnits(tenant, 10)).get('u-both')).toEqual({ principal: 'kommun', unit: 'Socialpsykiatri Norr' });
  });

  it('keeps each store tenant’s units in its own partition', async () => {
    const a = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const b = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';
    await refs.saveUnit(a, 'u-same', { principal: 'region', unit: 'Enhet A' });
    await refs.saveUnit(b, 'u-same', { principal: 'kommun', unit: 'Enhet B' });
    expect(await refs.listUnits(a, 10)).toEqual(new Map([['u-same', { principal: 'region', unit: 'Enhet A' }]]));
    expect(await refs.listUnits(b, 10)).toEqual(new Map([['u-same', { principal: 'kommun', unit: 'Enhet B' }]]));
    expect((await refs.listUnits('cccccccc-dddd-4eee-8fff-000000000000', 10)).size).toBe(0);
  });

  it('passes on the error of a store that refuses the call', async () => {
    await expect(refused.saveUnit(TENANT, 'u-refused', { principal: 'region', unit: 'Enhet' })).rejects.toMatchObject({ statusCode: 403 });
    await expect(refused.listUnits(TENANT, 10)).rejects.toMatchObject({ statusCode: 403 });
  });
});
