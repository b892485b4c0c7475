import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProactiveMessenger } from '../../src/proactive/proactive-messenger';
import { ANNA, BJORN, createCaseAs, flowForEach } from '../support/case-flow';
import { deliveredReminders, dispatcherFor, localInstant } from './dispatch-harness';

/*
 * Which refusals the dispatcher tries again within a tick, and how often. The connector client
 * retries 5xx answers (and 429 with Retry-After) itself before the dispatcher sees them, which
 * through the fake connector would take seconds per case; here the messenger the dispatcher calls
 * throws the error the connector client throws when it gives up (a RestError, as botbuilder
 * passes it on) for Björn's first sends, then goes through to the fake connector as usual.
 */

let now = 0;
const clock = () => new Date(now);
beforeEach(() => {
  now = localInstant('2026-11-23', '09:00'); // Monday
});
const flow = flowForEach(clock);

/** "Planera det första samordningsmötet med personen" of a case created Monday 23 Nov: two working days later, Wednesday 25 Nov 08:00. */
const DUE = localInstant('2026-11-25', '08:00');

/** A refusal as the connector client throws it; Retry-After 0, so a retry does not wait. */
function refusal(status: number): RestError {
  return new RestError(`refused with ${status}`, {
    statusCode: status,
    response: { status, headers: createHttpHeaders({ 'retry-after': '0' }), request: createPipelineRequest({ url: 'http://127.0.0.1/v3/conversations/a/activities' }) },
  });
}

/** The bot's messenger, with Björn's first sends refused with these statuses; counts his sends. */
function refusingBjorn(statuses: readonly number[]): { messenger: ProactiveMessenger; sendsToBjorn: () => number } {
  const left = [...statuses];
  let sends = 0;
  const inner = flow.bot.app.messenger;
  const messenger: Pick<ProactiveMessenger, 'sendCard'> = {
    sendCard: async (tenantId, owner, card) => {
      if (owner.kind === 'user' && owner.aadObjectId === BJORN.aadObjectId) {
        sends++;
        const status = left.shift();
        if (status !== undefined) throw refusal(status);
      }
      return inner.sendCard(tenantId, owner, card);
    },
  };
  return { messenger: messenger as ProactiveMessenger, sendsToBjorn: () => sends };
}

const firstMeetingTo = (conversationId: string) => deliveredReminders(flow.connector).filter((r) => r.conversationId === conversationId && r.key === 'firstMeeting');

describe('a send refused by Teams', () => {
  it.each([
    [412, 'precondition failed'],
    [429, 'throttled'],
    [502, 'bad gateway'],
    [504, 'gateway timeout'],
  ])('with %i (%s) is tried again in the same tick and delivered once', async (status) => {
    await createCaseAs(flow.anna);
    flow.connector.reset();
    const { messenger, sendsToBjorn } = refusingBjorn([status]);
    expect(await dispatcherFor(flow.bot, { instanceId: 'one', messenger }).tick(new Date(DUE))).toEqual({ considered: 2, sent: 2, skipped: 0, failed: 0 });
    expect(sendsToBjorn()).toBe(2);
    expect(firstMeetingTo(BJORN.conversationId)).toHaveLength(1);
    expect(firstMeetingTo(ANNA.conversationId)).toHaveLength(1);
  });

  it.each([
    [400, 'bad request'],
    [500, 'server error'],
    [501, 'not implemented'],
  ])('with %i (%s) is not tried again in the tick, only after the lease', async (status) => {
    await createCaseAs(flow.anna);
    flow.connector.reset();
    const { messenger, sendsToBjorn } = refusingBjorn([status]);
    const dispatcher = dispatcherFor(flow.bot, { instanceId: 'one', messenger });
    expect(await dispatcher.tick(new Date(DUE))).toEqual({ considered: 2, sent: 1, skipped: 0, failed: 1 });
    expect(sendsToBjorn()).toBe(1);
    expect(firstMeetingTo(BJORN.conversationId)).toHaveLength(0);
    // The claim (two minutes) holds it until it runs out; then it is sent, once.
    expect((await dispatcher.tick(new Date(DUE + 60_000))).considered).toBe(0);
    expect(await dispatcher.tick(new Date(DUE + 3 * 60_000))).toEqual({ considered: 1, sent: 1, skipped: 0, failed: 0 });
    expect(sendsToBjorn()).toBe(2);
    expect(firstMeetingTo(BJORN.conversationId)).toHaveLength(1);
  });

  it('is tried four times in a tick at most, then left for the tick after the lease', async () => {
    await createCaseAs(flow.anna);
    flow.connector.reset();
    // The fifth send would go through: the tick must stop before it.
    const { messenger, sendsToBjorn } = refusingBjorn([502, 504, 429, 412]);
    const dispatcher = dispatcherFor(flow.bot, { instanceId: 'one', messenger });
    expect(await dispatcher.tick(new Date(DUE))).toEqual({ considered: 2, sent: 1, skipped: 0, failed: 1 });
    expect(sendsToBjorn()).toBe(4);
    expect(firstMeetingTo(BJORN.conversationId)).toHaveLength(0);
    expect(await dispatcher.tick(new Date(DUE + 3 * 60_000))).toEqual({ considered: 1, sent: 1, skipped: 0, failed: 0 });
    expect(sendsToBjorn()).toBe(5);
    expect(firstMeetingTo(BJORN.conversationId)).toHaveLength(1);
  });
});
