import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANNA, BJORN, Client, EVA, TENANT, createCaseAs, textOf } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { startTestBot, type TestBot } from '../support/test-bot';

/**
 * `koppla` and `avsluta` refused: by someone who is not a coordinator, and `koppla` outside a
 * group chat. Each answer is the exact Swedish notice, and the case, its audit trail and the
 * index of every chat and person involved are as they were.
 */

/** A clock that moves a second per reading, so a stray audit entry would have its own time. */
let tick = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((tick += 1000));

const LINKED_CHAT = '19:linked-chat@thread.v2';
const OTHER_CHAT = '19:other-chat@thread.v2';

let connector: FakeConnector;
let bot: TestBot;
let anna: Client;
let eva: Client;
let code: string;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  bot = await startTestBot({}, clock);
  anna = new Client(bot, connector, ANNA);
  eva = new Client(bot, connector, EVA);
  await anna.install();
  await eva.install();
  code = await createCaseAs(anna);
  // Eva is in the chat the case is linked to: she may see the case there, but she is no coordinator.
  const [linked] = await anna.inGroupChat(LINKED_CHAT).say(`koppla ${code}`);
  expect(textOf(linked)).toContain('är nu kopplat till den här chatten');
});
afterAll(async () => {
  await bot.close();
  await connector.stop();
});
beforeEach(() => connector.reset());

/** The case row, its ETag, its whole audit trail and the index rows of everyone involved. */
async function storeSnapshot(): Promise<unknown> {
  const stored = await bot.app.cases.get(TENANT, code);
  const index = async (owner: Parameters<TestBot['app']['caseIndex']['list']>[1]) => (await bot.app.caseIndex.list(TENANT, owner)).sort();
  return {
    state: stored?.state,
    etag: stored?.etag,
    history: await bot.app.cases.history(TENANT, code, 500),
    linkedChat: await index({ kind: 'chat', conversationId: LINKED_CHAT }),
    otherChat: await index({ kind: 'chat', conversationId: OTHER_CHAT }),
    anna: await index({ kind: 'user', aadObjectId: ANNA.aadObjectId }),
    bjorn: await index({ kind: 'user', aadObjectId: BJORN.aadObjectId }),
    eva: await index({ kind: 'user', aadObjectId: EVA.aadObjectId }),
  };
}

/** The one notice card of an answer, as title and body text and its buttons. */
function noticeOf(cards: Array<Record<string, unknown>>): { title: unknown; body: unknown; actions: unknown } {
  expect(cards).toHaveLength(1);
  const card = cards[0]!;
  const body = card['body'] as Array<Record<string, unknown>>;
  expect(body).toHaveLength(2);
  return { title: body[0]!['text'], body: body[1]!['text'], actions: card['actions'] ?? [] };
}

describe('koppla (link a case to a group chat)', () => {
  it('by a member of the linked chat who is not a coordinator: refused in Swedish, nothing stored', async () => {
    const before = await storeSnapshot();
    const answer = await eva.inGroupChat(LINKED_CHAT).say(`koppla ${code}`);
    expect(noticeOf(answer)).toEqual({ title: 'Det gick inte', body: 'Bara ärendets samordnare kan koppla ärendet till en chatt.', actions: [] });
    expect(connector.activitiesIn(LINKED_CHAT)).toHaveLength(1);
    expect(await storeSnapshot()).toEqual(before);
  });

  it('by an outsider in a chat the case is not linked to: the answer for a missing code, the chat stays unlinked', async () => {
    const before = await storeSnapshot();
    const answer = await eva.inGroupChat(OTHER_CHAT).say(`koppla ${code}`);
    expect(noticeOf(answer)).toEqual({
      title: 'Det gick inte',
      body: 'Det finns inget ärende med den koden för dig. Kontrollera koden, eller skriv **mina ärenden** för att se dina ärenden.',
      actions: [],
    });
    expect(await storeSnapshot()).toEqual(before);
  });

  it('by a coordinator in the 1:1 chat: asked to do it in the group chat, nothing stored', async () => {
    const before = await storeSnapshot();
    const answer = await anna.say(`koppla ${code}`);
    expect(noticeOf(answer)).toEqual({ title: 'Det gick inte', body: 'Skriv **koppla KOD** i den gruppchatt som ärendet ska kopplas till.', actions: [] });
    expect(connector.activitiesIn(ANNA.conversationId)).toHaveLength(1);
    expect((await bot.app.cases.get(TENANT, code))!.state.linkedChatIds).toEqual([LINKED_CHAT]);
    expect(await storeSnapshot()).toEqual(before);
  });

  it('by an outsider in a 1:1 chat: the same answer as for a coordinator, so it tells nothing about the case', async () => {
    const before = await storeSnapshot();
    const answer = await eva.say(`koppla ${code}`);
    expect(noticeOf(answer)).toEqual({ title: 'Det gick inte', body: 'Skriv **koppla KOD** i den gruppchatt som ärendet ska kopplas till.', actions: [] });
    expect(await storeSnapshot()).toEqual(before);
  });
});

describe('avsluta (close a case)', () => {
  it('by a member of the linked chat who is not a coordinator: refused in Swedish, not even a view is audited', async () => {
    const before = await storeSnapshot();
    const answer = await eva.inGroupChat(LINKED_CHAT).say(`avsluta ${code}`);
    expect(noticeOf(answer)).toEqual({ title: 'Det gick inte', body: 'Bara ärendets samordnare kan avsluta ärendet.', actions: [] });
    expect(textOf(answer)).not.toContain('case.close');
    expect(await storeSnapshot()).toEqual(before);
    expect((await bot.app.cases.get(TENANT, code))!.state.closure).toBeUndefined();
  });

  it('the same chat member pressing the close button itself: refused, the case stays open', async () => {
    const before = await storeSnapshot();
    const res = await eva.inGroupChat(LINKED_CHAT).press('case.close', { code, closeReason: 'Målen är uppnådda' });
    // The shared hub again, saying why; the chat member still sees the case, as members may.
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(res.value)).toContain('Bara ärendets samordnare kan göra det.');
    expect(textOf(res.value)).not.toContain('Ärendet är avslutat');
    expect((await bot.app.cases.get(TENANT, code))!.state.closure).toBeUndefined();
    expect(await storeSnapshot()).toEqual(before);
  });
});
