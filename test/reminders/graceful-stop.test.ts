import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProactiveMessenger } from '../../src/proactive/proactive-messenger';
import { ANNA, BJORN, createCaseAs, startFlow, type Flow } from '../support/case-flow';
import { TABLES } from '../../src/storage/table-store';
import { deliveryCounts, dispatcherFor, localInstant } from './dispatch-harness';

/*
 * The instance stops (SIGTERM: a scale-in, a deployment) while reminders wait for their send
 * slots. What it has not sent it gives back at once, so the next instance sends it without waiting
 * for the lease to run out; what it sent is recorded as sent.
 */

let now = 0;
const clock = () => new Date(now);
let flow: Flow | undefined;

beforeEach(() => {
  now = localInstant('2026-11-23', '09:00'); // Monday: "book the first meeting" falls due Wednesday 08:00
});

afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

describe('stopping an instance in the middle of a dispatch', () => {
  it('finishes the sends under way, gives back the claims it has not sent, and another instance sends those at once', async () => {
    // Two a second: the stop comes while most reminders still wait for a slot.
    flow = await startFlow(clock, { env: { REMINDER_RATE_PER_SECOND: '2' } });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await createCaseAs(flow.anna));
    const expected = codes.flatMap((code) => [ANNA, BJORN].map((p) => `${p.conversationId}|${code}|firstMeeting|2026-11-25`));
    flow.connector.reset();
    now = localInstant('2026-11-25', '08:01');

    const tick = flow.bot.app.dispatcher.tick(new Date(now));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const stopStarted = Date.now();
    await flow.bot.close();
    const stopMs = Date.now() - stopStarted;
    const result = await tick;

    const sentByFirst = deliveryCounts(flow.connector);
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect(result.sent).toBeLessThan(expected.length);
    expect([...sentByFirst.values()].reduce((a, b) => a + b, 0)).toBe(result.sent);
    // Waiting sends are refused, not waited for: the stop does not take the slots' time.
    expect(stopMs).toBeLessThan(2000);

    // Every due row left is free to take: pending, no lease, no claim counted against it.
    const left: Array<Record<string, unknown>> = [];
    const dueNow = `PartitionKey ne 'cursor' and deliverAt le '${new Date(now).toISOString()}'`;
    for await (const e of flow.bot.app.store.client(TABLES.reminders).listEntities({ queryOptions: { filter: dueNow } })) left.push(e);
    expect(left).toHaveLength(expected.length - result.sent);
    for (const row of left) {
      expect(row['status']).toBe('pending');
      expect(row['leaseUntil']).toBeUndefined();
      expect(row['attempts']).toBe(0);
    }

    // The next instance, a second later (well inside the two-minute lease), sends the rest, once each.
    now += 1000;
    const next = await dispatcherFor(flow.bot, { instanceId: 'the-next-instance' }).tick(new Date(now));
    expect(next.sent).toBe(expected.length - result.sent);
    const counts = deliveryCounts(flow.connector);
    for (const id of expected) expect(counts.get(id), id).toBe(1);
  });

  it('does not wait out a throttled send’s backoff: the claim goes back, and the next instance sends it', async () => {
    flow = await startFlow(clock);
    const code = await createCaseAs(flow.anna);
    flow.connector.reset();
    now = localInstant('2026-11-25', '08:01');
    // Teams answers Anna's reminder 429 "come back in 30 seconds", as the connector client throws
    // it once its own retries are spent; Björn's goes through.
    const inner = flow.bot.app.messenger;
    let throttled = false;
    const messenger: Pick<ProactiveMessenger, 'sendCard'> = {
      sendCard: async (tenantId, owner, card) => {
        if (owner.kind === 'user' && owner.aadObjectId === ANNA.aadObjectId) {
          throttled = true;
          throw new RestError('throttled', { statusCode: 429, response: { status: 429, headers: createHttpHeaders({ 'retry-after': '30' }), request: createPipelineRequest({ url: 'http://127.0.0.1/v3/conversations/a/activities' }) } });
        }
        return inner.sendCard(tenantId, owner, card);
      },
    };
    const stopping = dispatcherFor(flow.bot, { instanceId: 'stopping', messenger: messenger as ProactiveMessenger });
    const tick = stopping.tick(new Date(now));
    const deadline = Date.now() + 10_000;
    while (!throttled && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(throttled).toBe(true);
    const stopStarted = Date.now();
    await stopping.stop();
    expect(Date.now() - stopStarted).toBeLessThan(2000);
    await tick;
    const toAnna = `${ANNA.conversationId}|${code}|firstMeeting|2026-11-25`;
    expect(deliveryCounts(flow.connector).get(toAnna)).toBeUndefined();

    now += 1000;
    const next = await dispatcherFor(flow.bot, { instanceId: 'the-next-instance' }).tick(new Date(now));
    expect(next.sent).toBe(1);
    expect(deliveryCounts(flow.connector).get(toAnna)).toBe(1);
  });

  it('answers a request that is in flight when the stop begins, then refuses new connections', async () => {
    flow = await startFlow(clock);
    const code = await createCaseAs(flow.anna);
    const arrived = new Promise((resolve) => flow!.bot.app.server.server.once('request', resolve));
    const inFlight = flow.anna.say(`ärende ${code}`);
    // The stop begins once the request has arrived, while its turn is running.
    await arrived;
    const closing = flow.bot.close();
    const answer = await inFlight;
    await closing;
    expect(JSON.stringify(answer)).toContain(code);
    await expect(fetch(`${flow.bot.baseUrl}/healthz`)).rejects.toThrow();
  });
});
