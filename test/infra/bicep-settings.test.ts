/**
 * The Bicep CLI cannot run here, so infra/azure.bicep, its parameters, m365agents.yml and the
 * README's configuration table are read as text and held to what src/config reads and to what
 * issue 15 asks of the deployment (keyless, regional bot, TLS 1.2, health check, …).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// `yaml` comes with vite (vitest) and @azure/monitor-opentelemetry; it is not a direct dependency.
import { parse as parseYaml } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/config';
import { projectRoot } from '../../src/project-root';
import { at, parseBicep, text, type BicepFile, type BicepResource, type BicepValue } from './bicep-parser';

const root = projectRoot();
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/**
 * App settings App Service itself reads, not the bot: src/config never sees them. Keep this short;
 * each one is in infra/azure.bicep with a comment saying what it does for the platform.
 */
const APP_SERVICE_PLATFORM_SETTINGS: readonly string[] = [
  'WEBSITE_RUN_FROM_PACKAGE', // run the deployed zip as it is
  'SCM_DO_BUILD_DURING_DEPLOYMENT', // no build on the server: the zip is built
  // Pinned off: the portal's Application Insights auto-instrumentation would send requests,
  // dependencies and console output past the bot's own telemetry and its scrubbing.
  'ApplicationInsightsAgent_EXTENSION_VERSION',
];

/**
 * App settings that hold another tenant's bot client secret: a BOT_REGISTRATIONS entry names one as
 * its secretSetting, and src/config reads it by that name only, so it is not in CONFIG_VARIABLES
 * (and must not be: the start refuses a secretSetting that names a variable the bot reads). Each is
 * fed by a @secure() parameter and nothing else. The Bicep has room for one other tenant; a
 * deployment with more adds a parameter and a setting per secret, and its name here.
 */
const BOT_SECRET_SETTINGS: readonly string[] = [
  'OTHER_TENANT_BOT_SECRET', // otherTenantBotSecret; BOT_REGISTRATIONS' entry names it as secretSetting
];

/** What a keyless production deployment cannot start without (src/config/config.ts). */
const REQUIRED_SETTINGS = [
  'MicrosoftAppId',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'AZURE_CLIENT_ID',
  'STORAGE_ACCOUNT_URL',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ALLOWED_TENANT_IDS',
];

const TABLE_DATA_CONTRIBUTOR = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';

const bicepText = read('infra/azure.bicep');
const bicep: BicepFile = parseBicep(bicepText);

function resourcesOf(type: string): BicepResource[] {
  return bicep.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

function theResource(type: string): BicepResource {
  const found = resourcesOf(type);
  expect(found.map((r) => r.symbol), `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
}

function props(resource: BicepResource, ...p: string[]): BicepValue | undefined {
  return at(resource.body, ...p);
}

/** The web app's settings as name → value, failing on anything that is not `{ name: '…' value: … }`. */
function appSettings(): Map<string, BicepValue> {
  const list = props(theResource('Microsoft.Web/sites'), 'properties', 'siteConfig', 'appSettings');
  expect(list?.kind, 'properties.siteConfig.appSettings is an array').toBe('array');
  const settings = new Map<string, BicepValue>();
  for (const item of list?.kind === 'array' ? list.items : []) {
    expect(item.kind, 'each app setting is an object').toBe('object');
    const keys = item.kind === 'object' ? [...item.entries.keys()].sort() : [];
    expect(keys, 'an app setting has a name and a value, nothing else').toEqual(['name', 'value']);
    const name = at(item, 'name');
    expect(name?.kind, `an app setting's name is a plain string literal (${text(name)})`).toBe('string');
    const key = text(name)!;
    expect(settings.has(key), `${key} is set once`).toBe(false);
    settings.set(key, at(item, 'value')!);
  }
  return settings;
}

/** An expression with the vars it names replaced by their values, to see what it comes to. */
function resolved(expression: string | undefined): string {
  let result = expression ?? '';
  for (const [name, value] of bicep.vars) {
    const literal = value.kind === 'string' ? `'${value.value}'` : text(value);
    if (literal !== undefined) result = result.replace(new RegExp(`\\b${name}\\b`, 'g'), literal);
  }
  return result;
}

describe('the Bicep parser', () => {
  it('reads objects, arrays, strings with interpolation and comments, and fails on what it cannot read', () => {
    const file = parseBicep(
      [
        "@description('a (tricky) one: it\\'s ${x}')",
        "param p string = 'a' // comment",
        'param q int',
        "var v = '${p}-x'",
        "resource r 'A.B/c@2020-01-01' = {",
        "  name: 'r' /* inline */",
        "  properties: { a: 1, b: 'https://x//y' }",
        '  list: [',
        "    { name: 'n', value: '${r.id}/}' }",
        "    'two'",
        '  ]',
        '  when: empty(p) ? [] : [1]',
        '}',
        "output o string = 'x'",
      ].join('\n'),
    );
    expect(file.params.get('p')?.defaultValue).toBe("'a'");
    expect(file.params.get('q')?.defaultValue).toBeUndefined();
    expect(file.vars.get('v')).toEqual({ kind: 'expr', text: "'${p}-x'" });
    const r = file.resources[0]!;
    expect([r.symbol, r.type, r.apiVersion]).toEqual(['r', 'A.B/c', '2020-01-01']);
    expect(text(at(r.body, 'properties', 'b'))).toBe('https://x//y');
    expect(text(at(r.body, 'properties', 'a'))).toBe('1');
    const list = at(r.body, 'list');
    expect(list?.kind === 'array' && list.items.map((i) => (i.kind === 'object' ? text(at(i, 'value')) : text(i)))).toEqual(["'${r.id}/}'", 'two']);
    expect(text(at(r.body, 'when'))).toBe('empty(p) ? [] : [1]');
    expect(file.outputs.get('o')).toBe("'x'");
    expect(() => parseBicep("resource r 'A/b@1' = {\n  a: 'open\n}")).toThrow(/line 2/);
    expect(() => parseBicep("resource r 'A/b@1' = {\n  a: 1\n  a: 2\n}")).toThrow(/duplicate property a/);
    expect(() => parseBicep('something else')).toThrow(/unexpected statement/);
  });
});

describe('infra/azure.bicep: the web app settings', () => {
  it('names only variables src/config reads, apart from the App Service platform settings and the bot secrets', () => {
    const known = new Set([...CONFIG_VARIABLES, ...APP_SERVICE_PLATFORM_SETTINGS, ...BOT_SECRET_SETTINGS]);
    const unknown = [...appSettings().keys()].filter((name) => !known.has(name));
    expect(unknown, 'app settings src/config does not read').toEqual([]);
    // The allow-lists hold App Service's own names and secret settings only, none the bot reads.
    expect(APP_SERVICE_PLATFORM_SETTINGS.filter((name) => CONFIG_VARIABLES.includes(name))).toEqual([]);
    expect(BOT_SECRET_SETTINGS.filter((name) => CONFIG_VARIABLES.includes(name) || APP_SERVICE_PLATFORM_SETTINGS.includes(name))).toEqual([]);
  });

  it('fill each bot secret setting from a @secure() parameter and nothing else', () => {
    const settings = appSettings();
    for (const name of BOT_SECRET_SETTINGS) {
      expect(settings.has(name), `${name} is an app setting`).toBe(true);
      const value = text(settings.get(name));
      // The parameter itself, not an expression that could mix in or leak anything else.
      expect(value, `${name} is a parameter`).toMatch(/^\w+$/);
      const param = bicep.params.get(value!);
      expect(param?.type, `${name}: ${value} is a string parameter`).toBe('string');
      expect(bicepText, `${name}: ${value} is @secure()`).toMatch(new RegExp(`@secure\\(\\)\\n(@[^\\n]*\\n)*param ${value} string`));
      // Empty by default: a one-tenant deployment leaves it so, and the bot reads empty as unset.
      expect(param?.defaultValue, value).toBe("''");
      // Used by this setting only (its declaration aside): not in another setting, a var or an output.
      const code = bicepText.replace(/\/\/.*$/gm, '');
      expect(code.match(new RegExp(`\\b${value}\\b`, 'g')), `${value} is used once`).toHaveLength(2);
    }
  });

  it('take ORGANISATION and BOT_REGISTRATIONS from parameters, empty by default, so a two-tenant deployment keeps them', () => {
    const settings = appSettings();
    expect(text(settings.get('ORGANISATION'))).toBe('organisation');
    expect(text(settings.get('BOT_REGISTRATIONS'))).toBe('botRegistrations');
    for (const name of ['organisation', 'botRegistrations', 'allowedTenantIds']) expect(bicep.params.get(name)?.defaultValue, name).toBe("''");
    // Unless allowedTenantIds is given, the tenants served are this one and each one botRegistrations lists.
    expect(text(settings.get('ALLOWED_TENANT_IDS'))).toBe('servedTenantIds');
    expect(text(bicep.vars.get('servedTenantIds'))).toBe("empty(allowedTenantIds) ? join(concat([tenant().tenantId], otherTenantIds), ',') : allowedTenantIds");
    expect(text(bicep.vars.get('otherTenantIds'))).toBe("map(json(empty(botRegistrations) ? '[]' : botRegistrations), registration => registration.tenantId)");
  });

  it('has every setting a keyless production deployment needs, and no key or password', () => {
    const names = [...appSettings().keys()];
    expect(REQUIRED_SETTINGS.filter((name) => !names.includes(name)), 'missing').toEqual([]);
    expect(names).not.toContain('STORAGE_CONNECTION_STRING');
    expect(names).not.toContain('MicrosoftAppPassword');
    expect(names).not.toContain('EMBEDDED_STORAGE');
  });

  it('are only in the web app’s siteConfig, where the test reads them', () => {
    expect(bicepText.match(/\bappSettings\s*:/g)).toHaveLength(1);
    // A sites/config resource named 'appsettings' (or 'web' with appSettings) would set them apart
    // from what this test reads; 'logs' is the only config allowed.
    expect(resourcesOf('Microsoft.Web/sites/config').map((r) => text(props(r, 'name')))).toEqual(['logs']);
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(30);
  });

  it('point the bot at its user-assigned identity and the identity’s table endpoint', () => {
    const identity = theResource('Microsoft.ManagedIdentity/userAssignedIdentities').symbol;
    const storage = theResource('Microsoft.Storage/storageAccounts').symbol;
    const insights = theResource('Microsoft.Insights/components').symbol;
    const settings = appSettings();
    expect(text(settings.get('MicrosoftAppType'))).toBe('UserAssignedMSI');
    expect(text(settings.get('MicrosoftAppId'))).toBe(`${identity}.properties.clientId`);
    expect(text(settings.get('AZURE_CLIENT_ID'))).toBe(`${identity}.properties.clientId`);
    expect(text(settings.get('MicrosoftAppTenantId'))).toMatch(new RegExp(`^(${identity}\\.properties\\.tenantId|tenant\\(\\)\\.tenantId)$`));
    expect(resolved(text(settings.get('STORAGE_ACCOUNT_URL')))).toContain(`${storage}.properties.primaryEndpoints.table`);
    expect(text(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING'))).toBe(`${insights}.properties.ConnectionString`);
    expect(resolved(text(settings.get('PUBLIC_BASE_URL')))).toMatch(/'https:\/\//);
  });
});

describe('infra/azure.bicep: the settings as Azure fills them', () => {
  /** What each setting comes to in a deployment (the secure keys at their shortest: a newGuid()). */
  const DEPLOYED: Record<string, string> = {
    MicrosoftAppId: '5f0c6a1e-2b7d-4c1a-9e3f-0a1b2c3d4e5f',
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    AZURE_CLIENT_ID: '5f0c6a1e-2b7d-4c1a-9e3f-0a1b2c3d4e5f',
    STORAGE_ACCOUNT_URL: 'https://stsamordningdev3kq7x.table.core.windows.net',
    TABLE_PREFIX: '',
    APPLICATIONINSIGHTS_CONNECTION_STRING:
      'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/;ApplicationId=11111111-1111-4111-8111-111111111111',
    ALLOWED_TENANT_IDS: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    PUBLIC_BASE_URL: 'https://samordningdev.azurewebsites.net',
    CALENDAR_LINK_KEY: 'c0ffee00-1234-4abc-8def-0123456789ab',
    DISPATCH_KEY: '',
    // The tab's own app registration: a managed identity cannot carry app roles.
    TAB_SSO_CLIENT_ID: '8b1d3f5a-7c9e-4b2d-a4f6-1c3e5a7b9d0f',
    TAB_SSO_APP_ID_URI: 'api://samordningdev.azurewebsites.net/8b1d3f5a-7c9e-4b2d-a4f6-1c3e5a7b9d0f',
    UNITS_FILE: '',
    // One tenant: the parameters left empty.
    ORGANISATION: '',
    BOT_REGISTRATIONS: '',
    OTHER_TENANT_BOT_SECRET: '',
    WEBSITE_RUN_FROM_PACKAGE: '1',
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false',
    ApplicationInsightsAgent_EXTENSION_VERSION: 'disabled',
  };

  it('start the bot in production mode on the managed identity and the keyless store', () => {
    const names = [...appSettings().keys()];
    expect(names.filter((name) => !(name in DEPLOYED)), 'settings this test has no deployed value for').toEqual([]);
    const config = loadConfig(Object.fromEntries(names.map((name) => [name, DEPLOYED[name]])));
    expect(config.mode).toBe('production');
    expect(config.registrations[0]).toMatchObject({ appType: 'UserAssignedMSI', appPassword: undefined });
    expect(config.storage).toEqual({ kind: 'accountUrl', url: DEPLOYED.STORAGE_ACCOUNT_URL, clientId: DEPLOYED.AZURE_CLIENT_ID });
    expect(config.applicationInsightsConnectionString).toBeDefined();
    expect(config.calendarLinkKey).toBe(DEPLOYED.CALENDAR_LINK_KEY);
    expect(config.dispatchKey).toBeUndefined();
    expect(config.tabSso).toEqual({ clientId: DEPLOYED.TAB_SSO_CLIENT_ID, appIdUri: DEPLOYED.TAB_SSO_APP_ID_URI });
    // No list unless the deployment names its file (unitsFile).
    expect(config.units).toEqual({ kind: 'none' });
  });

  it('serve a second tenant with the parameters of docs/deploy.md, the home bot unchanged', () => {
    const home = DEPLOYED.MicrosoftAppTenantId!;
    const other = '7e1d9c3b-5a2f-4b8e-a6c4-0f2e4d6b8a1c';
    const otherApp = 'c4e6a8b0-2d4f-4a6b-8c0e-1f3a5c7e9b2d';
    const twoTenants: Record<string, string> = {
      ...DEPLOYED,
      ORGANISATION: '{"principal": "region", "name": "Region Västerbotten"}',
      BOT_REGISTRATIONS: JSON.stringify([{ tenantId: other, appId: otherApp, secretSetting: 'OTHER_TENANT_BOT_SECRET', organisation: { principal: 'kommun', name: 'Umeå kommun' } }]),
      OTHER_TENANT_BOT_SECRET: 'the other tenant’s client secret',
      // What servedTenantIds comes to with allowedTenantIds empty.
      ALLOWED_TENANT_IDS: `${home},${other}`,
    };
    const names = [...appSettings().keys()];
    const config = loadConfig(Object.fromEntries(names.map((name) => [name, twoTenants[name]])));
    expect(config.registrations).toEqual([
      { appId: DEPLOYED.MicrosoftAppId, appPassword: undefined, appType: 'UserAssignedMSI', tenantId: home, organisation: { principal: 'region', name: 'Region Västerbotten' } },
      { appId: otherApp, appPassword: 'the other tenant’s client secret', appType: 'SingleTenant', tenantId: other, organisation: { principal: 'kommun', name: 'Umeå kommun' } },
    ]);
    // The secure parameter left empty: the start names the setting.
    expect(() => loadConfig(Object.fromEntries(names.map((name) => [name, name === 'OTHER_TENANT_BOT_SECRET' ? '' : twoTenants[name]])))).toThrow(
      `Invalid configuration: OTHER_TENANT_BOT_SECRET is required: BOT_REGISTRATIONS[0] names it as the client secret of app ${otherApp}.`,
    );
    // allowedTenantIds given with the home tenant alone: the start says which tenant is missing.
    expect(() => loadConfig(Object.fromEntries(names.map((name) => [name, name === 'ALLOWED_TENANT_IDS' ? home : twoTenants[name]])))).toThrow(/ALLOWED_TENANT_IDS must include the home tenant and every tenant in BOT_REGISTRATIONS/);
  });

  it('keeps the portal\'s Application Insights auto-instrumentation off (it would bypass the scrubbing)', () => {
    expect(text(appSettings().get('ApplicationInsightsAgent_EXTENSION_VERSION'))).toBe('disabled');
  });
});

describe('infra/azure.bicep: the resources', () => {
  it('runs a Linux web app on Node 22 LTS over HTTPS only, TLS 1.2, always on, health-checked on /readyz', () => {
    const web = theResource('Microsoft.Web/sites');
    expect(text(props(web, 'kind'))).toMatch(/linux/);
    expect(text(props(web, 'properties', 'httpsOnly'))).toBe('true');
    expect(text(props(web, 'properties', 'siteConfig', 'alwaysOn'))).toBe('true');
    expect(text(props(web, 'properties', 'siteConfig', 'minTlsVersion'))).toBe('1.2');
    expect(['FtpsOnly', 'Disabled']).toContain(text(props(web, 'properties', 'siteConfig', 'ftpsState')));
    expect(text(props(web, 'properties', 'siteConfig', 'healthCheckPath'))).toBe('/readyz');
    expect(text(props(web, 'properties', 'siteConfig', 'linuxFxVersion'))).toBe('NODE|22-lts');
    const command = text(props(web, 'properties', 'siteConfig', 'appCommandLine'));
    expect(command).toBe('node --max-old-space-size=128 dist/src/main.js');
    // What the command starts is what `npm run build` makes of src/main.ts.
    expect(existsSync(path.join(root, 'src', 'main.ts'))).toBe(true);
    expect(JSON.parse(read('package.json')).scripts.start).toContain('dist/src/main.js');

    const plan = theResource('Microsoft.Web/serverfarms');
    expect(text(props(web, 'properties', 'serverFarmId'))).toBe(`${plan.symbol}.id`);
    expect(text(props(plan, 'properties', 'reserved')), 'a Linux plan').toBe('true');
    expect(text(props(plan, 'sku', 'capacity'))).toMatch(/\binstanceCount\b/);
  });

  it('attaches the user-assigned identity to the web app', () => {
    const identity = theResource('Microsoft.ManagedIdentity/userAssignedIdentities').symbol;
    const web = theResource('Microsoft.Web/sites');
    expect(text(props(web, 'identity', 'type'))).toBe('UserAssigned');
    const assigned = props(web, 'identity', 'userAssignedIdentities');
    expect(assigned?.kind === 'object' && [...assigned.entries.keys()]).toEqual([`'\${${identity}.id}'`]);
    expect(text(props(web, 'properties', 'keyVaultReferenceIdentity'))).toBe(`${identity}.id`);
  });

  it('registers a regional Azure Bot in westeurope (EU data boundary, not global) on the identity, with Teams', () => {
    const identity = theResource('Microsoft.ManagedIdentity/userAssignedIdentities').symbol;
    const web = theResource('Microsoft.Web/sites').symbol;
    const bot = theResource('Microsoft.BotService/botServices');
    expect(props(bot, 'location')).toEqual({ kind: 'string', value: 'westeurope' });
    expect(text(props(bot, 'kind'))).toBe('azurebot');
    expect(text(props(bot, 'properties', 'msaAppType'))).toBe('UserAssignedMSI');
    expect(text(props(bot, 'properties', 'msaAppId'))).toBe(`${identity}.properties.clientId`);
    expect(text(props(bot, 'properties', 'msaAppMSIResourceId'))).toBe(`${identity}.id`);
    expect(text(props(bot, 'properties', 'msaAppTenantId'))).toMatch(new RegExp(`^(tenant\\(\\)\\.tenantId|${identity}\\.properties\\.tenantId)$`));
    expect(text(props(bot, 'properties', 'endpoint'))).toBe(`'https://\${${web}.properties.defaultHostName}/api/messages'`);

    const channel = theResource('Microsoft.BotService/botServices/channels');
    expect(text(props(channel, 'parent'))).toBe(bot.symbol);
    expect(text(props(channel, 'name'))).toBe('MsTeamsChannel');
    expect(text(props(channel, 'properties', 'channelName'))).toBe('MsTeamsChannel');
    expect(props(channel, 'location')).toEqual({ kind: 'string', value: 'westeurope' });
    expect(bicep.resources.filter((r) => text(props(r, 'location'))?.toLowerCase().includes('global')).map((r) => r.symbol), 'nothing is global').toEqual([]);
  });

  it('keeps the tables in a storage account without shared keys, TLS 1.2 and HTTPS only', () => {
    const storage = theResource('Microsoft.Storage/storageAccounts');
    expect(text(props(storage, 'kind'))).toBe('StorageV2');
    expect(text(props(storage, 'properties', 'allowSharedKeyAccess'))).toBe('false');
    expect(text(props(storage, 'properties', 'minimumTlsVersion'))).toBe('TLS1_2');
    expect(text(props(storage, 'properties', 'supportsHttpsTrafficOnly'))).toBe('true');
    expect(text(props(storage, 'properties', 'allowBlobPublicAccess'))).toBe('false');
  });

  it('gives the identity Storage Table Data Contributor on that account', () => {
    const identity = theResource('Microsoft.ManagedIdentity/userAssignedIdentities').symbol;
    const storage = theResource('Microsoft.Storage/storageAccounts').symbol;
    const assignments = resourcesOf('Microsoft.Authorization/roleAssignments');
    const table = assignments.filter((a) => resolved(text(props(a, 'properties', 'roleDefinitionId'))).includes(`'${TABLE_DATA_CONTRIBUTOR}'`));
    expect(table).toHaveLength(1);
    const [assignment] = table;
    expect(text(props(assignment!, 'scope'))).toBe(storage);
    expect(text(props(assignment!, 'properties', 'principalId'))).toBe(`${identity}.properties.principalId`);
    expect(text(props(assignment!, 'properties', 'principalType'))).toBe('ServicePrincipal');
  });

  it('sends telemetry to a workspace-based Application Insights', () => {
    const workspace = theResource('Microsoft.OperationalInsights/workspaces');
    const insights = theResource('Microsoft.Insights/components');
    expect(text(props(insights, 'properties', 'WorkspaceResourceId'))).toBe(`${workspace.symbol}.id`);
  });

  it('takes the region (default swedencentral), the name, the tenants, the instance count and the SKU as parameters', () => {
    expect(bicep.params.get('location')?.defaultValue).toBe("'swedencentral'");
    for (const name of ['resourceBaseName', 'allowedTenantIds', 'instanceCount', 'webAppSku']) expect(bicep.params.has(name), name).toBe(true);
    const web = theResource('Microsoft.Web/sites');
    expect(text(props(web, 'location'))).toBe('location');
    // The secrets are @secure(): they stay out of the deployment's history.
    for (const name of ['calendarLinkKey', 'dispatchKey']) {
      expect(bicepText, name).toMatch(new RegExp(`@secure\\(\\)\\n(@[^\\n]*\\n)*param ${name} string`));
    }
    // The calendar key is required (no default that changes at each provisioning), 32 characters at least.
    expect(bicep.params.get('calendarLinkKey')?.defaultValue).toBeUndefined();
    expect(bicepText).toMatch(/@minLength\(32\)\n(@[^\n]*\n)*param calendarLinkKey string/);
    expect(bicepText).not.toMatch(/newGuid\(\)/);
  });

  it('names the storage account with at least 11 characters of the resource group\'s hash, whatever the base name', () => {
    const name = bicep.params.get('storageAccountName')?.defaultValue ?? '';
    // st + at most 11 of the base name + uniqueString (13), cut at 24: 11 of the hash stay.
    const base = /^take\('st\$\{take\(toLower\(replace\(resourceBaseName, '-', ''\)\), (\d+)\)\}\$\{uniqueString\(resourceGroup\(\)\.id\)\}', 24\)$/.exec(name);
    expect(base, name).not.toBeNull();
    expect(24 - 2 - Number(base![1])).toBeGreaterThanOrEqual(11);
  });

  it('keeps the container\'s console output for Log stream and sends it to the workspace', () => {
    const web = theResource('Microsoft.Web/sites').symbol;
    const logs = resourcesOf('Microsoft.Web/sites/config').filter((r) => text(props(r, 'name')) === 'logs');
    expect(logs).toHaveLength(1);
    expect(text(props(logs[0]!, 'parent'))).toBe(web);
    expect(text(props(logs[0]!, 'properties', 'httpLogs', 'fileSystem', 'enabled'))).toBe('true');

    const workspace = theResource('Microsoft.OperationalInsights/workspaces').symbol;
    const diagnostics = theResource('Microsoft.Insights/diagnosticSettings');
    expect(text(props(diagnostics, 'scope'))).toBe(web);
    expect(text(props(diagnostics, 'properties', 'workspaceId'))).toBe(`${workspace}.id`);
    const categories = props(diagnostics, 'properties', 'logs');
    expect(categories?.kind === 'array' && categories.items.map((c) => [text(at(c, 'category')), text(at(c, 'enabled'))])).toEqual([['AppServiceConsoleLogs', 'true']]);
  });

  it('outputs what the Agents Toolkit steps after it use', () => {
    for (const name of ['BOT_ID', 'BOT_DOMAIN', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_TENANT_ID', 'TEAMS_APP_ID']) {
      expect(bicep.outputs.has(name), name).toBe(true);
    }
    expect(bicep.outputs.get('TEAMS_APP_ID')).toBe(bicep.outputs.get('BOT_ID'));
  });
});

/** env/.env.dev as name → value. */
function devEnv(): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of read('env/.env.dev').split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env.set(m[1]!, m[2]!);
  }
  return env;
}

/** Variables the Agents Toolkit fills itself when they are empty in env/.env.<environment>. */
const TOOLKIT_GENERATED: readonly string[] = ['RESOURCE_SUFFIX'];
/** Built-in variables the toolkit asks for when they are empty (arm/deploy's subscription and group). */
const TOOLKIT_PROMPTED: readonly string[] = ['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME'];

const placeholders = (source: string): string[] => [...source.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!);

describe('infra/azure.parameters.json and env/', () => {
  const parametersText = read('infra/azure.parameters.json');
  const parameters = JSON.parse(parametersText) as { parameters: Record<string, { value: unknown }> };

  it('gives only parameters the Bicep declares, and every one it requires', () => {
    const given = Object.keys(parameters.parameters);
    expect(given.filter((name) => !bicep.params.has(name)), 'not in azure.bicep').toEqual([]);
    const required = [...bicep.params.values()].filter((p) => p.defaultValue === undefined).map((p) => p.name);
    expect(required.filter((name) => !given.includes(name)), 'required but not given').toEqual([]);
  });

  // The toolkit leaves an empty ${{X}} as it is and the deployment fails ("The following environment
  // variables are not defined"), so each one has a value, or the toolkit fills it itself.
  it('fills every placeholder with a value: set in env/.env.dev, generated by the toolkit, or a required SECRET_ of env/.env.dev.user', () => {
    const env = devEnv();
    const deployDoc = read('docs/deploy.md');
    for (const name of placeholders(parametersText)) {
      if (name.startsWith('SECRET_')) {
        // Documented as required, with how to make one; never committed.
        expect(deployDoc, `${name} is explained in docs/deploy.md`).toMatch(new RegExp(`${name}=<[^>]*openssl rand`));
        expect(deployDoc, `${name} is required`).toMatch(new RegExp(`\`${name}\` is required`));
      } else if (TOOLKIT_GENERATED.includes(name)) {
        expect(env.has(name), `${name} in env/.env.dev (empty: the toolkit generates it)`).toBe(true);
      } else {
        expect(env.get(name) ?? '', `${name} has a value in env/.env.dev`).not.toBe('');
      }
    }
    // The secure parameter comes from a secret, never from a committed file.
    expect(String(parameters.parameters.calendarLinkKey?.value)).toMatch(/^\$\{\{SECRET_\w+\}\}$/);
    // Optional ones are left to the Bicep's defaults rather than filled with an empty value; a
    // two-tenant deployment adds its own (docs/deploy.md, "Two tenants, one deployment").
    for (const name of ['allowedTenantIds', 'dispatchKey', 'unitsFile', 'organisation', 'botRegistrations', 'otherTenantBotSecret']) {
      expect(parameters.parameters, name).not.toHaveProperty(name);
    }
  });

  it('commits no secret: env/.env.dev has no SECRET_ value, and .gitignore keeps env/.env.*.user out', () => {
    const env = devEnv();
    expect([...env.keys()].filter((name) => name.startsWith('SECRET_'))).toEqual([]);
    expect(env.get('TEAMSFX_ENV')).toBe('dev');
    expect(env.get('AZURE_LOCATION')).toBe('swedencentral');
    expect(read('.gitignore').split('\n').map((l) => l.trim())).toContain('env/.env.*.user');
  });
});

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

describe('m365agents.yml', () => {
  const ymlText = read('m365agents.yml');
  const yml = parseYaml(ymlText) as { version: string; environmentFolderPath: string; provision: Step[]; deploy: Step[]; publish: Step[] };
  const all = [...yml.provision, ...yml.deploy, ...yml.publish];
  const stepsOf = (steps: Step[], uses: string) => steps.filter((s) => s.uses === uses);

  it('is an Agents Toolkit v1 project with provision, deploy and publish', () => {
    expect(yml.version).toMatch(/^v1\.\d+$/);
    expect(existsSync(path.join(root, yml.environmentFolderPath, '.env.dev'))).toBe(true);
    expect(yml.provision.map((s) => s.uses)).toEqual(expect.arrayContaining(['arm/deploy', 'teamsApp/create', 'teamsApp/update']));
    expect(yml.deploy.map((s) => s.uses)).toContain('azureAppService/zipDeploy');
    expect(yml.publish.map((s) => s.uses)).toContain('teamsApp/publishAppPackage');
  });

  it('deploys infra/azure.bicep with its parameters', () => {
    const [arm] = stepsOf(yml.provision, 'arm/deploy');
    const templates = arm?.with?.templates as { path: string; parameters: string }[];
    expect(templates.map((t) => [path.normalize(t.path), path.normalize(t.parameters)])).toEqual([[path.normalize('infra/azure.bicep'), path.normalize('infra/azure.parameters.json')]]);
    // Before teamsApp/create, which then creates the app with the bot's id (TEAMS_APP_ID).
    expect(yml.provision.findIndex((s) => s.uses === 'arm/deploy')).toBeLessThan(yml.provision.findIndex((s) => s.uses === 'teamsApp/create'));
  });

  it('points at files and npm scripts that exist', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    for (const step of all) {
      const w = step.with ?? {};
      if (step.uses === 'cli/runNpmCommand') {
        const run = /^run\s+([\w:-]+)/.exec(String(w.args));
        if (run) expect(scripts[run[1]!], `npm run ${run[1]}`).toBeDefined();
        else expect(String(w.args)).toMatch(/^(ci|install)\b/);
      }
      if (step.uses === 'script') {
        const node = /^node\s+(\S+)/.exec(String(w.run));
        expect(node, `script ${String(w.run)} runs a file with node`).not.toBeNull();
        expect(existsSync(path.join(root, node![1]!)), node![1]).toBe(true);
      }
      for (const key of ['manifestPath', 'ignoreFile']) if (key in w) expect(existsSync(path.join(root, String(w[key]))), String(w[key])).toBe(true);
    }
  });

  it('builds the app package where scripts/package-app.ts writes it, and deploys what infra/stage-webapp.mjs lays out', () => {
    const packagePaths = new Set(all.filter((s) => s.with && 'appPackagePath' in s.with).map((s) => path.normalize(String(s.with!.appPackagePath))));
    expect([...packagePaths]).toEqual([path.normalize('build/appPackage.zip')]);
    expect(read('scripts/package-app.ts')).toContain("join(root, 'build', 'appPackage.zip')");
    // The toolkit calls the bot id BOT_ID; the package script takes it.
    expect(read('scripts/package-app.ts')).toMatch(/process\.env\.BOT_ID/);

    const [zip] = stepsOf(yml.deploy, 'azureAppService/zipDeploy');
    expect(path.normalize(String(zip?.with?.artifactFolder))).toBe(path.normalize('build/webapp'));
    expect(read('infra/stage-webapp.mjs')).toContain("join(root, 'build', 'webapp')");
    expect(zip?.with?.resourceId).toBe('${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
  });

  it('uses only variables with a value in env/.env.dev, ones the toolkit asks for, the Bicep outputs or an earlier step writes', () => {
    const env = devEnv();
    const known = new Set([
      ...[...env].filter(([, value]) => value !== '').map(([name]) => name),
      ...TOOLKIT_PROMPTED,
      ...bicep.outputs.keys(),
      ...all.flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {})),
    ]);
    expect(placeholders(ymlText).filter((name) => !known.has(name))).toEqual([]);
  });

  it('installs the dependencies before each `npm run` in provision, deploy and publish', () => {
    for (const [stage, steps] of Object.entries({ provision: yml.provision, deploy: yml.deploy, publish: yml.publish })) {
      const npm = steps.filter((s) => s.uses === 'cli/runNpmCommand' && s.with?.workingDirectory === undefined).map((s) => String(s.with?.args));
      const firstRun = npm.findIndex((args) => args.startsWith('run '));
      if (firstRun >= 0) expect(npm.slice(0, firstRun), stage).toContain('ci --no-audit --no-fund');
    }
  });
});

describe('README.md: the configuration table', () => {
  it('lists every variable src/config reads, and nothing else', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1));
    const rows = [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]!);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows).size, 'each variable once').toBe(rows.length);
    expect(CONFIG_VARIABLES.filter((name) => !rows.includes(name)), 'missing from the table').toEqual([]);
    expect(rows.filter((name) => !CONFIG_VARIABLES.includes(name)), 'in the table, not in src/config').toEqual([]);
  });
});
