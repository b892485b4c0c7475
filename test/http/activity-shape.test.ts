import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/storage/table-store';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const FOREIGN = '99999999-8888-4777-8666-555555555555';
const BOT_ID = '28:0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const SECRET = 'SECRET-7f3a9c';
const SECRET_NUMBER = 918273645;
const EDGE_LOG = 'activity refused: a field is missing or has the wrong type';
const DISAGREE_LOG = 'activity refused: conversation.tenantId and channelData.tenant.id disagree';

type Kind = 'string' | 'object' | 'array' | 'boolean';

/** Every activity field the bot (or botbuilder on its behalf) reads, with the type it must have. */
const FIELDS: ReadonlyArray<[string, Kind]> = [
  ['type', 'string'],
  ['id', 'string'],
  ['channelId', 'string'],
  ['serviceUrl', 'string'],
  ['text', 'string'],
  ['locale', 'string'],
  ['name', 'string'],
  ['replyToId', 'string'],
  ['action', 'string'],
  ['value', 'object'],
  ['from', 'object'],
  ['from.id', 'string'],
  ['from.name', 'string'],
  ['from.aadObjectId', 'string'],
  ['recipient', 'object'],
  ['recipient.id', 'string'],
  ['recipient.name', 'string'],
  ['conversation', 'object'],
  ['conversation.id', 'string'],
  ['conversation.tenantId', 'string'],
  ['conversation.conversationType', 'string'],
  ['conversation.isGroup', 'boolean'],
  ['conversation.name', 'string'],
  ['channelData', 'object'],
  ['channelData.tenant', 'object'],
  ['channelData.tenant.id', 'string'],
  ['channelData.eventType', 'string'],
  ['membersAdded', 'array'],
  ['membersAdded.0', 'object'],
  ['membersAdded.0.id', 'string'],
  ['membersAdded.0.aadObjectId', 'string'],
  ['membersRemoved', 'array'],
  ['membersRemoved.0.id', 'string'],
  ['entities', 'array'],
  ['entities.0', 'object'],
  ['entities.0.type', 'string'],
  ['entities.0.text', 'string'],
  ['entities.0.mentioned', 'object'],
  ['entities.0.mentioned.id', 'string'],
];

/** Values of every JSON type but the right one, each carrying a marker the log must not show. */
function wrongValues(kind: Kind): Array<[string, unknown]> {
  const all: Array<[Kind | 'number', string, unknown]> = [
    ['number', 'a number', SECRET_NUMBER],
    ['object', 'an object', { note: SECRET }],
    ['array', 'an array', [SECRET]],
    ['boolean', 'a boolean', true],
    ['string', 'a string', SECRET],
  ];
  return all.filter(([k]) => k !== kind).map(([, label, value]) => [label, value]);
}

function withValueAt(activity: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(activity);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return copy;
}

let connector: FakeConnector;
let bot: TestBot;

/** A 1:1 "hjälp" that carries every field above, each well typed. */
function fullActivity(): Record<string, unknown> {
  return fixture('teams-personal-message', connector.url, {
    locale: 'sv-SE',
    name: 'message',
    replyToId: '1763887272000',
    action: 'add',
    value: {},
    from: { name: 'Anna Lind', aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000001' },
    conversation: { conversationType: 'personal', isGroup: false, name: 'chat' },
    channelData: { tenant: { id: TENANT }, eventType: 'none' },
    membersAdded: [{ id: '29:someone', aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000001' }],
    membersRemoved: [{ id: '29:someone-else' }],
    entities: [{ type: 'mention', text: '<at>Samordningsboten</at>', mentioned: { id: BOT_ID, name: 'Samordningsboten' } }],
  });
}

async function storedReferences(): Promise<number> {
  let count = 0;
  for await (const _row of bot.app.store.client(TABLES.conversationReferences).listEntities()) count++;
  return count;
}

const entries = () => bot.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  connector = await new FakeConnector().start();
  bot = await startTestBot({ ALLOWED_TENANT_IDS: TENANT });
});
afterAll(async () => {
  await bot.close();
  await connector.stop();
});
afterEach(() => connector.reset());

describe('the activity edge types every field the bot reads', () => {
  it('accepts the activity with every field well typed, and the bot answers (the control)', async () => {
    const activity = fullActivity();
    const res = await bot.post(activity);
    expect(res.status).toBe(200);
    expect(connector.activitiesIn((activity['conversation'] as { id: string }).id)).toHaveLength(1);
  });

  it('treats null as an absent optional field', async () => {
    const activity = { ...fullActivity(), locale: null, replyToId: null, entities: null };
    expect((await bot.post(activity)).status).toBe(200);
    expect(connector.calls).toHaveLength(1);
  });

  const cases = FIELDS.flatMap(([path, kind]) => wrongValues(kind).map(([label, value]) => [path, label, value] as const));

  it.each(cases)('refuses %s as %s with 400: no reply, nothing stored, logged by field without the value', async (path, _label, value) => {
    const before = await storedReferences();
    const linesBefore = bot.logs.lines.length;
    const res = await bot.post(withValueAt(fullActivity(), path, value));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'BadRequest' });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(connector.calls).toHaveLength(0);
    expect(await storedReferences()).toBe(before);
    const logged = bot.logs.lines.slice(linesBefore).join('\n');
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(String(SECRET_NUMBER));
    expect(entries().slice(linesBefore)).toContainEqual(expect.objectContaining({ msg: EDGE_LOG, field: expect.stringMatching(new RegExp(`^${path.replace(/\./g, '\\.')}`)) }));
  });
});

describe('the two tenant ids of an activity must agree', () => {
  it('serves an activity whose ids differ only in letter case', async () => {
    const activity = fixture('teams-personal-message', connector.url, { conversation: { tenantId: TENANT.toUpperCase() }, channelData: { tenant: { id: TENANT } } });
    expect((await bot.post(activity)).status).toBe(200);
    expect(connector.calls).toHaveLength(1);
  });

  it.each([
    ['an allowed conversation.tenantId with another channelData.tenant.id', TENANT, FOREIGN, 'teams-personal-message'],
    ['another conversation.tenantId with an allowed channelData.tenant.id', FOREIGN, TENANT, 'teams-personal-message'],
    ['a card action with an allowed conversation.tenantId and another channelData.tenant.id', TENANT, FOREIGN, 'teams-card-action'],
  ])('refuses %s with 400: no reply, nothing stored, logged without content', async (_name, conversationTenant, channelTenant, name) => {
    const before = await storedReferences();
    const linesBefore = bot.logs.lines.length;
    const text = `hjälp ${SECRET}`;
    const res = await bot.post(fixture(name, connector.url, { text, conversation: { tenantId: conversationTenant }, channelData: { tenant: { id: channelTenant } } }));
    expect(res.status).toBe(400);
    expect(connector.calls).toHaveLength(0);
    expect(await storedReferences()).toBe(before);
    expect(entries().slice(linesBefore)).toContainEqual(expect.objectContaining({ msg: DISAGREE_LOG }));
    expect(bot.logs.text).not.toContain(SECRET);
  });
});

describe('what is logged of an activity', () => {
  it('logs fields of the wrong shape as [other], never their text', async () => {
    const linesBefore = bot.logs.lines.length;
    const activity = fixture('teams-personal-message', connector.url, {
      name: `${SECRET} 811218-9876`,
      conversation: { tenantId: FOREIGN, conversationType: `${SECRET} Anna Lind` },
      channelData: { tenant: { id: FOREIGN } },
      from: { aadObjectId: `${SECRET} Anna` },
    });
    expect((await bot.post(activity)).status).toBe(200);
    const refusal = entries().slice(linesBefore).find((e) => e['msg'] === 'activity from a tenant that is not allowed was refused');
    expect(refusal).toMatchObject({ tenantId: FOREIGN, conversationType: '[other]', activityName: '[other]', userAadObjectId: '[other]' });
    expect(bot.logs.text).not.toContain(SECRET);
  });
});
