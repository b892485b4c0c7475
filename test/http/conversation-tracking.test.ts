import { describe, expect, it } from 'vitest';
import { ANNA, BJORN, TENANT, createCaseAs, flowForAll } from '../support/case-flow';

/*
 * The conversation tracker stores where each user can be reached, from what they send. The bot's
 * own proactive turns (a notice, a reminder) pass through the same middleware carrying the stored
 * address with the name left out; found in review: saving that blanked the user's name, so a hub
 * later named the colleague " (kommun)".
 */

const flow = flowForAll(() => new Date('2026-11-23T09:00:00.000Z'));

describe('conversation addresses', () => {
  it('keep the user\'s name after the bot has sent them a notice', async () => {
    const before = await flow.bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: BJORN.aadObjectId });
    expect(before?.userName).toBe('Björn Berg');
    // Anna's new case names Björn as her colleague: he is told in his own chat, proactively.
    await createCaseAs(flow.anna);
    expect(flow.connector.activitiesIn(BJORN.conversationId).length).toBeGreaterThan(0);
    const after = await flow.bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: BJORN.aadObjectId });
    expect(after?.userName).toBe('Björn Berg');
    expect(after?.userId).toBe(BJORN.userId);
    expect((await flow.bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }))?.userName).toBe('Anna Lind');
  });
});
