import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';

const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const ANNA = '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41';

/** Production mode: an app id is configured, so every request must carry a Bot Framework JWT. */
describe('Bot Framework authentication in production mode', () => {
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startTestBot({
      MicrosoftAppId: '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
    });
  });
  afterAll(async () => {
    await bot.close();
    await connector.stop();
  });

  it('is in production mode', () => {
    expect(bot.config.mode).toBe('production');
    expect(bot.config.host).toBe('0.0.0.0');
  });

  it.each([
    ['no token', {}],
    ['a garbage token', { authorization: 'Bearer not.a.jwt' }],
    ['a wrong scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('refuses a request with %s with 401 and runs no bot logic', async (_name, headers) => {
    const res = await bot.post(fixture('teams-personal-message', connector.url), headers);
    expect(res.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
    expect(await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: ANNA })).toBeUndefined();
  });

  it('refuses an unauthenticated card action with 401', async () => {
    const res = await bot.post(fixture('teams-card-action', connector.url));
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body ?? '')).not.toContain('Det här kan jag');
  });
});
