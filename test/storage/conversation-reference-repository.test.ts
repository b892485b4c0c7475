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
    expect(await refs.listUsers(home, 10)).toEqual([personal(home, 'u-home'), personal(other, 'u-other')]);
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
