import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import { startTestBot, type TestBot } from '../support/test-bot';
import { OfflineCredentials, TokenIssuer } from '../support/token-issuer';

const APP_ID = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const OTHER = '7b1e2d3c-4a5f-4e6d-8c7b-1a2b3c4d5e6f';

/*
 * The token's registration decides the tenant: a single-tenant bot takes only its own tenant's
 * activities, whatever an activity claims; a MultiTenant one (a registration made before they were
 * withdrawn) serves every tenant ALLOWED_TENANT_IDS lets in, even when it names a tenant id.
 */
describe.each([
  ['SingleTenant', 401],
  ['MultiTenant', 200],
] as const)('a %s registration and an activity from another tenant', (appType, status) => {
  let issuer: TokenIssuer;
  let connector: FakeConnector;
  let bot: TestBot;

  beforeAll(async () => {
    issuer = await new TokenIssuer().start();
    connector = await new FakeConnector().start();
    const env = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: appType, MicrosoftAppTenantId: TENANT, ALLOWED_TENANT_IDS: `${TENANT},${OTHER}` };
    bot = await startTestBot(env, undefined, {
      botAuth: { channelOpenIdMetadataUrl: issuer.channelMetadataUrl, emulatorOpenIdMetadataUrl: issuer.emulatorMetadataUrl, credentialsFactory: () => new OfflineCredentials(env) },
    });
  });
  afterAll(async () => {
    await bot.close();
    await connector.stop();
    await issuer.stop();
  });

  const token = () => `Bearer ${issuer.rs256({ header: {}, claims: issuer.claimsFor(APP_ID, connector.url) })}`;

  it(`answers ${status}`, async () => {
    const own = fixture('teams-personal-message', connector.url);
    expect((await bot.post(own, { authorization: token() })).status).toBe(200);
    const other = fixture('teams-personal-message', connector.url, { conversation: { tenantId: OTHER }, channelData: { tenant: { id: OTHER } } });
    expect((await bot.post(other, { authorization: token() })).status).toBe(status);
    // No tenant at all (the portal's Web Chat, Direct Line): not the registration's tenant either.
    const none = fixture('teams-personal-message', connector.url, { conversation: { tenantId: undefined }, channelData: { tenant: undefined } });
    expect((await bot.post(none, { authorization: token() })).status).toBe(status);
  });
});
