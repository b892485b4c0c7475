import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

/**
 * Every command as the Swedish help card shows it (README's command table): the Swedish words
 * only (the English aliases are in the English help), in the catalogue's order.
 */
const HELP_COMMANDS = [
  '**hjälp**',
  '**nytt ärende**',
  '**mina ärenden**',
  '**ärende KOD**',
  '**basnivå KOD**',
  '**sip KOD**',
  '**plan KOD**',
  '**krisplan KOD**',
  '**påminnelser**',
  '**koppla KOD**',
  '**avsluta KOD**',
  '**historik KOD**',
  '**utvärdering KOD**',
];

type Node = Record<string, unknown>;

/** The activities are exactly one message carrying the Swedish help card, whole. */
function expectHelpCard(activities: readonly Node[]): void {
  expect(activities).toHaveLength(1);
  const attachments = activities[0]!['attachments'] as Array<{ contentType: string; content: Node }>;
  expect(attachments).toHaveLength(1);
  expect(attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = attachments[0]!.content;
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  const body = card['body'] as Node[];
  expect(body[0]).toMatchObject({ type: 'TextBlock', text: 'Det här kan jag' });
  expect(body[1]!['text']).toBe('Skriv ett kommando här i chatten. Stora eller små bokstäver spelar ingen roll, och i en gruppchatt kan du nämna mig med @. ”Ärende” är botens ord för ert gemensamma arbete kring en person, inte ett ärende enligt socialtjänstlagen.');
  expect(body.at(-1)!['text']).toBe('Skriv aldrig personnummer eller namn i fritextfält; sådant sparas inte.');
  // The commands that need no case code, as buttons, then every command with its explanation.
  const buttons = (body[2]!['actions'] as Node[]).map((a) => [a['title'], a['verb']]);
  expect(buttons).toEqual([['nytt ärende', 'command.run'], ['mina ärenden', 'command.run'], ['påminnelser', 'command.run']]);
  const commands = (body[3]!['items'] as Node[]).map((c) => c['items'] as Node[]);
  expect(commands.map((c) => c[0]!['text'])).toEqual(HELP_COMMANDS);
  // Each command has its Swedish explanation under it.
  expect(commands[0]![1]!['text']).toBe('Visar vad boten kan göra och vilka kommandon som finns.');
  for (const c of commands) expect(String(c[1]!['text'])).toMatch(/^[A-ZÅÄÖ].{10,}\.$/);
}

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
    const message = fixture('playground-personal-message', connector.url);
    const res = await bot.post(message);
    expect(res.status).toBe(200);
    // One answer, in the chat the message came from, and nowhere else.
    expect(connector.calls).toHaveLength(1);
    expectHelpCard(connector.activitiesIn(message.conversation['id'] as string));
  });

  it('a group chat @mention gets the help card in the group chat', async () => {
    connector.reset();
    const message = fixture('playground-groupchat-message-mention', connector.url);
    const res = await bot.post(message);
    expect(res.status).toBe(200);
    expect(connector.calls).toHaveLength(1);
    expectHelpCard(connector.activitiesIn(message.conversation['id'] as string));
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
