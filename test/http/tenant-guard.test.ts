import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { NO_TENANT } from '../../src/proactive/conversation-address';
import { startTestBot, type TestBot } from '../support/test-bot';

const ALLOWED = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const FOREIGN = '99999999-8888-4777-8666-555555555555';
const ANNA = '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41';

describe('ALLOWED_TENANT_IDS', () => {
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startTestBot({ ALLOWED_TENANT_IDS: `${ALLOWED.toUpperCase()}, 11111111-2222-4333-8444-555555555555` });
  });
  afterAll(async () => {
    await bot.close();
    await connector.stop();
  });

  const foreign = (name: string, patch: Record<string, unknown> = {}) =>
    fixture(name, connector.url, { conversation: { tenantId: FOREIGN }, channelData: { tenant: { id: FOREIGN } }, ...patch });

  it('serves an allowed tenant (ids compared without regard to case)', async () => {
    const activity = fixture('teams-personal-message', connector.url);
    await bot.post(activity);
    expect(connector.activitiesIn(activity.conversation['id'] as string)).toHaveLength(1);
  });

  it('refuses a message from another tenant: no reply, nothing stored, logged without content', async () => {
    connector.reset();
    const text = 'hjälp med ärende for-tenant-x';
    const res = await bot.post(foreign('teams-personal-message', { text }));
    expect(res.status).toBe(200);
    expect(connector.calls).toHaveLength(0);
    expect(await bot.app.conversations.find(FOREIGN, { kind: 'user', aadObjectId: ANNA })).toBeUndefined();
    const refusal = bot.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'activity from a tenant that is not allowed was refused');
    expect(refusal).toMatchObject({ tenantId: FOREIGN, activityType: 'message' });
    expect(bot.logs.text).not.toContain(text);
  });

  it('refuses a card action from another tenant with a Swedish error', async () => {
    const res = await bot.post(foreign('teams-card-action'));
    expect(res.body).toMatchObject({ statusCode: 403, value: { code: 'tenantNotAllowed', message: expect.stringContaining('organisation') } });
  });

  it('refuses an activity that names no tenant: accepted at the edge, no reply, nothing stored, logged once without content', async () => {
    connector.reset();
    const logged = bot.logs.lines.length;
    const text = 'hjälp utan-tenant';
    const activity = fixture('teams-personal-message', connector.url, { text, conversation: { tenantId: undefined }, channelData: { tenant: {} } });
    const res = await bot.post(activity);
    // The guard, not the HTTP edge, refuses it: the request itself is well formed.
    expect(res.status).toBe(200);
    expect(connector.calls).toHaveLength(0);
    const fresh = bot.logs.lines.slice(logged).map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusals = fresh.filter((l) => l['msg'] === 'activity from a tenant that is not allowed was refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ level: 'warn', activityType: 'message', conversationType: 'personal', userAadObjectId: ANNA });
    expect(refusals[0]).not.toHaveProperty('tenantId');
    expect(fresh.filter((l) => l['level'] === 'warn' || l['level'] === 'error')).toEqual(refusals);
    expect(await bot.app.conversations.find(NO_TENANT, { kind: 'user', aadObjectId: ANNA })).toBeUndefined();
    expect(JSON.stringify(fresh)).not.toContain(text);
  });
});
