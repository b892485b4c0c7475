import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const ANNA = '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41';
const GROUP = '19:8f4d3b2a1c0e4f5a9b8c7d6e5f4a3b2c@thread.v2';

let connector: FakeConnector;
let bot: TestBot;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
  await connector.stop();
});
afterEach(() => connector.reset());

function cardOf(activity: Record<string, unknown> | undefined): Record<string, unknown> {
  const attachments = activity?.['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  expect(attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachments![0]!.content;
}

const cardText = (card: Record<string, unknown>): string => JSON.stringify(card);

describe('POST /api/messages: text commands', () => {
  it('answers "hjälp" in a 1:1 chat with the Swedish help card and remembers the conversation', async () => {
    const activity = fixture('teams-personal-message', connector.url);
    const res = await bot.post(activity);
    expect(res.status).toBe(200);

    const sent = connector.activitiesIn(activity.conversation['id'] as string);
    expect(sent).toHaveLength(1);
    const card = cardOf(sent[0]);
    expect(cardText(card)).toContain('Det här kan jag');
    expect(cardText(card)).toContain('ärende KOD');
    expect(cardText(card)).not.toContain('(case');
    expect(sent[0]!['replyToId']).toBe(activity['id']);

    const stored = await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA });
    expect(stored).toMatchObject({ serviceUrl: connector.url, conversationId: activity.conversation['id'], conversationType: 'personal', tenantId: TENANT });
  });

  it.each(['HJÄLP', '  Hjälp  ', 'help', 'Help!', 'hja\u0308lp'])('matches %j case-insensitively in either language', async (text) => {
    const activity = fixture('teams-personal-message', connector.url, { text });
    await bot.post(activity);
    expect(cardText(cardOf(connector.activitiesIn(activity.conversation['id'] as string)[0]))).toContain('Det här kan jag');
  });

  it('answers in English when the client locale is English', async () => {
    const activity = fixture('teams-personal-message', connector.url, { text: 'help', locale: 'en-US' });
    await bot.post(activity);
    const text = cardText(cardOf(connector.activitiesIn(activity.conversation['id'] as string)[0]));
    expect(text).toContain('What I can do');
    expect(text).toContain('**help**');
  });

  it('understands an @mention in a group chat and remembers the group chat', async () => {
    const activity = fixture('teams-group-message-mention', connector.url);
    await bot.post(activity);
    expect(cardText(cardOf(connector.activitiesIn(GROUP)[0]))).toContain('Det här kan jag');
    const stored = await bot.app.conversations.find(TENANT, { kind: 'chat', conversationId: GROUP });
    expect(stored).toMatchObject({ conversationType: 'groupChat', conversationId: GROUP });
  });

  it('answers unknown text with a short hint and the help button', async () => {
    const activity = fixture('teams-personal-message', connector.url, { text: 'vad gör du?' });
    await bot.post(activity);
    const card = cardOf(connector.activitiesIn(activity.conversation['id'] as string)[0]);
    expect(cardText(card)).toContain('Det förstod jag inte');
    expect(card['actions']).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'help.show', title: 'Visa hjälp' })]);
  });

  it('follows a changed serviceUrl on a later activity', async () => {
    const other = await new FakeConnector().start();
    try {
      await bot.post(fixture('teams-personal-message', connector.url));
      await bot.post(fixture('teams-personal-message', other.url));
      const stored = await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA });
      expect(stored?.serviceUrl).toBe(other.url);
      expect(other.calls).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it('never logs message text', async () => {
    const secret = 'hemligt-19121212-1212-innehall';
    await bot.post(fixture('teams-personal-message', connector.url, { text: secret }));
    expect(bot.logs.lines.length).toBeGreaterThan(0);
    expect(bot.logs.text).not.toContain(secret);
  });
});

describe('POST /api/messages: installs', () => {
  it('welcomes a user once on install and stores their conversation', async () => {
    const user = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const conversationId = 'a:1installtestconversation';
    await bot.post(fixture('teams-installation-update-add', connector.url, { from: { aadObjectId: user }, conversation: { id: conversationId } }));
    await bot.post(fixture('teams-personal-install', connector.url, { from: { aadObjectId: user }, conversation: { id: conversationId } }));

    const sent = connector.activitiesIn(conversationId);
    expect(sent).toHaveLength(1);
    expect(cardText(cardOf(sent[0]))).toContain('Välkommen till Samordningsboten');
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: user })).toMatchObject({ conversationId });
  });

  it('welcomes a group chat when the bot is added to it, not when people join', async () => {
    const chat = '19:welcometest@thread.v2';
    await bot.post(fixture('teams-group-install', connector.url, { conversation: { id: chat } }));
    await bot.post(fixture('teams-group-install', connector.url, { conversation: { id: chat }, membersAdded: [{ id: '29:someone-else' }] }));
    const sent = connector.activitiesIn(chat);
    expect(sent).toHaveLength(1);
    expect(cardText(cardOf(sent[0]))).toContain('dela ärendekortet');
    expect(await bot.app.conversations.find(TENANT, { kind: 'chat', conversationId: chat })).toBeDefined();
  });

  it('forgets the conversation on uninstall and stores it again on reinstall', async () => {
    const user = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    const patch = { from: { aadObjectId: user }, conversation: { id: 'a:1uninstalltest' } };
    await bot.post(fixture('teams-installation-update-add', connector.url, patch));
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: user })).toBeDefined();
    await bot.post(fixture('teams-installation-update-remove', connector.url, patch));
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: user })).toBeUndefined();
    await bot.post(fixture('teams-installation-update-add', connector.url, patch));
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: user })).toBeDefined();
  });
});

describe('POST /api/messages: card actions', () => {
  it('answers help.show with the help card as an invoke response', async () => {
    const res = await bot.post(fixture('teams-card-action', connector.url));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(res.body)).toContain('Det här kan jag');
    expect(connector.calls).toHaveLength(0);
  });

  it.each([
    ['no action', {}],
    ['not Action.Execute', { action: { type: 'Action.Submit', verb: 'help.show' } }],
    ['no verb', { action: { type: 'Action.Execute', data: {} } }],
    ['data not an object', { action: { type: 'Action.Execute', verb: 'help.show', data: 'x' } }],
  ])('refuses a malformed action (%s) with a Swedish error', async (_name, value) => {
    const res = await bot.post({ ...fixture('teams-card-action', connector.url), value });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'invalidActionData', message: expect.stringContaining('Ingenting har ändrats') },
    });
  });

  it('refuses an invoke value that is not an object at the edge, before any handler', async () => {
    const res = await bot.post({ ...fixture('teams-card-action', connector.url), value: 'help.show' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'BadRequest', message: 'invalid activity: value is missing or malformed' });
  });

  it('refuses an unknown verb with a Swedish error', async () => {
    const res = await bot.post(fixture('teams-card-action', connector.url, { value: { action: { type: 'Action.Execute', verb: 'case.delete', data: {} } } }));
    expect(res.body).toMatchObject({ statusCode: 400, value: { code: 'unknownAction', message: expect.stringContaining('knappen') } });
  });

  it('answers an invoke kind it does not handle with 501 Not Implemented, as Teams expects', async () => {
    const res = await bot.post(fixture('teams-card-action', connector.url, { name: 'composeExtension/query', value: {} }));
    expect(res.status).toBe(501);
    expect(connector.calls).toHaveLength(0);
  });
});

describe('POST /api/messages: bad bodies', () => {
  it.each([
    ['not JSON', '{"type": "message",'],
    ['an array', '[]'],
    ['no type', JSON.stringify({ channelId: 'msteams' })],
    ['a number', '42'],
  ])('answers %s with 400 and a short reason', async (_name, body) => {
    const res = await bot.post(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/activity|body|content|JSON/i);
  });

  it.each(['serviceUrl', 'conversation', 'from', 'type'])('names the missing %s', async (field) => {
    const activity = fixture('teams-personal-message', connector.url);
    delete activity[field];
    const res = await bot.post(activity);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: expect.stringContaining(field) });
    expect(connector.calls).toHaveLength(0);
  });
});

describe('proactive messages', () => {
  it('reach a stored conversation through the connector', async () => {
    const install = fixture('teams-installation-update-add', connector.url);
    await bot.post(install);
    connector.reset();
    const outcome = await bot.app.messenger.sendCard(TENANT, { kind: 'user', aadObjectId: ANNA }, { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Påminnelse' }] });
    expect(outcome).toBe('sent');
    const sent = connector.activitiesIn(install.conversation['id'] as string);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('Påminnelse');
  });

  it('say so when the bot has no conversation with the person', async () => {
    const outcome = await bot.app.messenger.sendCard(TENANT, { kind: 'user', aadObjectId: 'ffffffff-0000-4000-8000-000000000000' }, { type: 'AdaptiveCard', version: '1.5' });
    expect(outcome).toBe('no-conversation');
    expect(connector.calls).toHaveLength(0);
  });
});

describe('REPLY_LOCALE', () => {
  it('answers in Swedish whatever the client says when set to sv', async () => {
    const swedish = await startTestBot({ REPLY_LOCALE: 'sv' });
    try {
      const activity = fixture('teams-personal-message', connector.url, { text: 'help', locale: 'en-US' });
      await swedish.post(activity);
      expect(cardText(cardOf(connector.activitiesIn(activity.conversation['id'] as string)[0]))).toContain('Det här kan jag');
    } finally {
      await swedish.close();
    }
  });
});
