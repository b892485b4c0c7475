import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

/** Activities as the Agents Playground really sends them (recorded), not as Teams documents them. */
describe('activities recorded from the Agents Playground', () => {
  let connector: FakeConnector;
  let bot: TestBot;
  const TENANT = '00000000-0000-0000-0000-0000000000001';
  const USER = '00000000-0000-0000-0000-0000000000020';

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startTestBot({ REPLY_LOCALE: 'sv' });
  });
  afterAll(async () => {
    await bot.close();
    await connector.stop();
  });

  it('an install (installationUpdate then conversationUpdate with user and bot) gives one welcome and stores the user', async () => {
    const install = fixture('playground-personal-installationUpdate-add', connector.url);
    await bot.post(install);
    await bot.post(fixture('playground-personal-conversationUpdate-membersAdded', connector.url));
    const sent = connector.activitiesIn(install.conversation['id'] as string);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('Välkommen till Samordningsboten');
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: USER })).toMatchObject({ conversationType: 'personal' });
  });

  it('a message "hjälp" gets the help card', async () => {
    connector.reset();
    await bot.post(fixture('playground-personal-message', connector.url));
    expect(JSON.stringify(connector.calls[0]?.body)).toContain('Det här kan jag');
  });

  it('a group chat @mention gets the help card in the group chat', async () => {
    connector.reset();
    const message = fixture('playground-groupchat-message-mention', connector.url);
    await bot.post(message);
    expect(connector.activitiesIn(message.conversation['id'] as string)).toHaveLength(1);
  });

  it('a card click is routed by verb; the recorded one is not ours and gets a Swedish error', async () => {
    const res = await bot.post(fixture('playground-personal-invoke-adaptiveCard-action', connector.url));
    expect(res.body).toMatchObject({ statusCode: 400, value: { code: 'unknownAction' } });
    const ours = await bot.post(
      fixture('playground-personal-invoke-adaptiveCard-action', connector.url, { value: { action: { type: 'Action.Execute', verb: 'help.show', data: {} } } }),
    );
    expect(ours.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  });
});
