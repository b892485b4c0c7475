import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { Client, ANNA, BJORN, TENANT, actionIn, createCaseAs } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

/*
 * Issue 11: a checklist tick waits for one read and one transaction, nothing more. The table
 * requests are counted by a pipeline policy of the bot's own store, as the tick benchmark counts
 * them; "before the answer" is what was sent when the HTTP answer arrived.
 */

/** When each table request started, in order. */
const started: bigint[] = [];
const counter: PipelinePolicy = {
  name: 'countRequests',
  sendRequest: (request, next) => {
    started.push(process.hrtime.bigint());
    return next(request);
  },
};
/** When the bot finished writing its last answer: the client and the bot share this process, so the client's view of "answered" comes later. */
let answered = 0n;

let now = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date(now);
let bot: TestBot;
let connector: FakeConnector;
let anna: Client;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  bot = await startTestBot({}, clock, { storeOptions: { additionalPolicies: [{ policy: counter, position: 'perRetry' }] } });
  bot.app.server.server.on('request', (_req, res) => res.on('finish', () => (answered = process.hrtime.bigint())));
  anna = new Client(bot, connector, ANNA);
  await anna.install();
  await new Client(bot, connector, BJORN).install();
});
afterAll(async () => {
  await bot.close();
  await connector.stop();
});

/** Presses a button without the test bot's wait for follow-ups; returns the answer and the requests sent by then. */
async function pressCounting(verb: string, data: Record<string, unknown>): Promise<{ value: unknown; beforeAnswer: number; all: number }> {
  const activity = fixture('teams-card-action', connector.url, {
    from: { id: ANNA.userId, name: ANNA.name, aadObjectId: ANNA.aadObjectId },
    conversation: { id: ANNA.conversationId, conversationType: 'personal', isGroup: false },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
  const first = started.length;
  const res = await fetch(`${bot.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { value: unknown };
  await bot.app.settled();
  const mine = started.slice(first);
  return { value: body.value, beforeAnswer: mine.filter((at) => at < answered).length, all: mine.length };
}

describe('the table requests of a checklist tick', () => {
  it('are one read and one transaction, before the answer and all told, when the reminders stay as they were', async () => {
    const code = await createCaseAs(anna);
    const [checklist] = await anna.say(`basnivå ${code}`);
    const needed = await anna.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
    const tick = await pressCounting('baseline.set', actionIn(needed.value, 'baseline.set', { item: 'B2', status: 'done' }).data);
    expect(tick.beforeAnswer).toBe(2);
    expect(tick.all).toBe(2);
    const untick = await pressCounting('baseline.set', actionIn(tick.value, 'baseline.set', { item: 'B2', status: 'notStarted' }).data);
    expect(untick.beforeAnswer).toBe(2);
    expect(untick.all).toBe(2);
  });

  it('are the same two before the answer when the reminders change, which are brought in line after it', async () => {
    const code = await createCaseAs(anna);
    const [checklist] = await anna.say(`basnivå ${code}`);
    const needed = await anna.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
    // The next day: "nothing for 30 days" now counts from Tuesday, so the case's reminders change.
    now += 24 * 3600_000;
    const tick = await pressCounting('baseline.set', actionIn(needed.value, 'baseline.set', { item: 'B2', status: 'done' }).data);
    expect(tick.beforeAnswer).toBe(2);
    expect(tick.all).toBeGreaterThan(2);
    const inactive = [...(await bot.app.reminders.scheduleOf(TENANT, code)).keys()].filter((row) => row.startsWith('inactive'));
    // Monday's and Tuesday's "nothing for 30 days": Monday's is dropped, Tuesday's (24 November +
    // 30 days = Thursday 24 December, julafton, off; then juldagen, annandag jul and the weekend:
    // Monday 28 December) is there for both coordinators.
    expect(inactive.sort()).toEqual([`inactive%3A2026-11-24_2026-12-28_${ANNA.aadObjectId}`, `inactive%3A2026-11-24_2026-12-28_${BJORN.aadObjectId}`].sort());
  });
});
