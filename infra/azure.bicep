// Samordningsboten in one resource group: the bot's managed identity, a Linux web app, a regional
// Azure Bot with the Teams channel, Table Storage without keys, and Log Analytics with Application
// Insights. Shaped like the Microsoft 365 Agents Toolkit's bot templates (infra/azure.bicep with
// infra/azure.parameters.json, outputs written to env/.env.<environment>); see docs/deploy.md.
//
// The app settings below are named exactly as src/config/config.ts reads them, and
// test/infra/bicep-settings.test.ts fails on a name the configuration does not know.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file: letters, digits and hyphens.')
param resourceBaseName string

@description('Azure region of everything but the Azure Bot. Sweden Central keeps the data in Sweden.')
param location string = 'swedencentral'

@description('App Service plan SKU (Linux). B1 is enough for a region; P0v3 or P1v3 for zone redundancy and slots.')
param webAppSku string = 'B1'

// The Agents Toolkit fills parameters as text, so the count is text too ('1', '2', …).
@description('Instances of the web app (the plan\'s capacity). Every instance shares the store; see docs/deploy.md.')
param instanceCount string = '1'

@maxLength(42)
@description('Display name of the Azure Bot resource (Teams shows the name from the app package).')
param botDisplayName string = 'Samordningsboten'

@description('Azure Bot SKU: F0 is free and unlimited for the Teams channel (a standard channel); S1 has an SLA.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

// The bot's identity is a user-assigned managed identity, which makes it a single-tenant bot: Bot
// Service only sends it the messages of the tenant it is deployed in. That bot is the home bot
// (MicrosoftAppId…), and the deployment's tenant is the home tenant, whose id keys the store for
// every tenant served. Another tenant comes as guests in this one, or with a bot registration of its
// own in that tenant, listed in botRegistrations (docs/deploy.md, "Which way across tenants?").
@description('Comma-separated Entra tenant ids the bot accepts. Empty: the tenant it is deployed in and each tenant botRegistrations lists. When given, it must include all of those, or the bot does not start.')
param allowedTenantIds string = ''

// Two tenants, one deployment (docs/deploy.md). A deployment replaces the web app's settings as a
// whole, so these are parameters: set by hand in the portal they would be gone after the next
// provisioning. Empty, the bot treats each as unset: one tenant, as before.
@description('ORGANISATION, JSON: which principal the deployment\'s own tenant is, such as {"principal": "region", "name": "Region Västerbotten"}. Empty: none. Required with botRegistrations.')
param organisation string = ''

@description('BOT_REGISTRATIONS, JSON: the other tenants\' bot registrations, [{"tenantId": "…", "appId": "…", "secretSetting": "OTHER_TENANT_BOT_SECRET", "organisation": {"principal": "kommun", "name": "…"}}]. Empty: the home tenant only.')
param botRegistrations string = ''

// The other tenant's bot has a client secret (a managed identity lives in this tenant only). The
// Bicep has room for one other tenant: its BOT_REGISTRATIONS entry names OTHER_TENANT_BOT_SECRET as
// its secretSetting. A deployment with more tenants adds a secure parameter and a setting per secret.
@secure()
@description('The other tenant\'s bot client secret, or an App Service Key Vault reference to it: @Microsoft.KeyVault(VaultName=…;SecretName=…). Becomes OTHER_TENANT_BOT_SECRET. Empty: none.')
param otherTenantBotSecret string = ''

// Required, and kept: the same key on every instance and across provisionings, or the calendar
// links already handed out stop working (openssl rand -base64 48; docs/deploy.md).
@secure()
@minLength(32)
@description('Signs the calendar links: at least 32 random characters (openssl rand -base64 48), the same at every provisioning.')
param calendarLinkKey string

@secure()
@description('Bearer secret (at least 32 characters) for POST /api/reminders/dispatch from an external timer. Empty: the endpoint is off and reminders are dispatched in-process.')
param dispatchKey string = ''

@description('Where browsers reach the bot (https://sip.region.se) when a custom domain is bound. Empty: https://<web app>.azurewebsites.net.')
param publicBaseUrl string = ''

// The bot runs on a managed identity, which can neither expose an API nor carry app roles: the
// statistics tab signs in with an app registration of its own (docs/security.md).
@description('Client id of the app registration the statistics tab signs in with (Teams SSO). Empty: the tab refuses everyone until it is set.')
param tabSsoClientId string = ''

@description('That registration\'s Application ID URI, api://<host>/<client id>. Empty: only v2 tokens (audience the client id) are accepted.')
param tabSsoAppIdUri string = ''
// The deployment's list of units, a file in the deployed package (infra/stage-webapp.mjs copies
// config/), read at start; docs/deploy.md, Units.
@description('Path of the units file in the deployed package, such as config/units.json. Empty: no list, and every unit counts as övrigt in the statistics.')
param unitsFile string = ''

@description('Prefix of every table name, letters and digits, to share one storage account. Empty: none.')
param tablePrefix string = ''

@description('Storage redundancy. Sweden Central has availability zones, so zone-redundant is the default.')
param storageSku string = 'Standard_ZRS'

@description('Days Log Analytics keeps telemetry (nothing personal) and the console logs (tenant ids and pseudonymous ids).')
param logRetentionInDays int = 30

param identityName string = resourceBaseName
param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param botServiceName string = resourceBaseName
param workspaceName string = resourceBaseName
param appInsightsName string = resourceBaseName
// Storage account names: 3-24 lowercase letters and digits, unique in Azure. The base name is cut
// to 11 characters so that at least 11 of uniqueString's 13 stay, however long the suffix is.
param storageAccountName string = take('st${take(toLower(replace(resourceBaseName, '-', '')), 11)}${uniqueString(resourceGroup().id)}', 24)

// Storage Table Data Contributor: read, write and delete tables and entities, nothing else.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var webAppHostName = '${webAppName}.azurewebsites.net'
// The tenants served unless allowedTenantIds says otherwise: this one, and the tenantId of each entry
// of botRegistrations (json() is never handed an empty text; a list that is not JSON fails the deployment).
var otherTenantIds = map(json(empty(botRegistrations) ? '[]' : botRegistrations), registration => registration.tenantId)
var servedTenantIds = empty(allowedTenantIds) ? join(concat([tenant().tenantId], otherTenantIds), ',') : allowedTenantIds
var tableEndpoint = storage.properties.primaryEndpoints.table

// The bot's identity: its Bot Framework app id, and the identity that reads and writes the tables.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    // No account key works: only Entra identities with a data role reach the tables.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionInDays
  }
}

// Workspace-based Application Insights; the bot sends spans, dependencies and metrics, nothing personal.
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// Compute resources for the web app: Linux, one or more instances.
resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSku
    capacity: int(instanceCount)
  }
  properties: {
    reserved: true
  }
}

// The web app that hosts the bot.
resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    // Any instance answers any request: the store is shared, so no sticky sessions.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // V8's old generation capped: see docs/performance.md.
      appCommandLine: 'node --max-old-space-size=128 dist/src/main.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/readyz'
      appSettings: [
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          // @azure/identity's ManagedIdentityCredential picks the user-assigned identity by it.
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          // The Tables endpoint, without the trailing slash.
          name: 'STORAGE_ACCOUNT_URL'
          value: endsWith(tableEndpoint, '/') ? substring(tableEndpoint, 0, length(tableEndpoint) - 1) : tableEndpoint
        }
        {
          name: 'TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: servedTenantIds
        }
        {
          // The home tenant's organisation; the home bot is the MicrosoftAppId above.
          name: 'ORGANISATION'
          value: organisation
        }
        {
          // The other tenants, each with its own bot and the setting that holds its secret.
          name: 'BOT_REGISTRATIONS'
          value: botRegistrations
        }
        {
          // Not a variable src/config reads by this name: a BOT_REGISTRATIONS entry names it as its
          // secretSetting. Fed by the secure parameter alone (test/infra/bicep-settings.test.ts).
          name: 'OTHER_TENANT_BOT_SECRET'
          value: otherTenantBotSecret
        }
        {
          name: 'PUBLIC_BASE_URL'
          value: empty(publicBaseUrl) ? 'https://${webAppHostName}' : publicBaseUrl
        }
        {
          name: 'CALENDAR_LINK_KEY'
          value: calendarLinkKey
        }
        {
          name: 'DISPATCH_KEY'
          value: dispatchKey
        }
        {
          name: 'TAB_SSO_CLIENT_ID'
          value: tabSsoClientId
        }
        {
          name: 'TAB_SSO_APP_ID_URI'
          value: tabSsoAppIdUri
        }
        {
          name: 'UNITS_FILE'
          value: unitsFile
        }
        {
          // App Service platform: run the deployed zip as it is (read-only wwwroot).
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          // App Service platform: the zip already holds the build and its production node_modules.
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          // App Service platform: the portal's Application Insights auto-instrumentation stays off.
          // It would send requests, dependencies and console output past the bot's own telemetry
          // and its scrubbing (src/telemetry/scrub.ts): URLs, queries, log lines. docs/telemetry.md.
          name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
          value: 'disabled'
        }
      ]
    }
  }
  // The role must be in place before the first start creates the tables.
  dependsOn: [
    tableDataContributor
  ]
}

// The container's stdout (the bot's pino JSON lines) kept on the file system for a week, so that
// *Log stream* and `az webapp log tail` show it. On Linux this is the portal's "Application
// logging: File System" switch (App Service logs). The lines carry tenant ids and pseudonymous ids,
// never message text or card values.
resource webAppLogs 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'logs'
  properties: {
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInMb: 35
        retentionInDays: 7
      }
    }
  }
}

// The same console lines into the Log Analytics workspace (table AppServiceConsoleLogs), kept as
// long as the workspace keeps data (logRetentionInDays). HTTP access logs are not sent: a calendar
// link carries its token in the path.
resource webAppConsoleLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'console-logs-to-workspace'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
    ]
  }
}

// Register the web app as a bot with the Bot Framework. Regional, not 'global': a bot in
// 'westeurope' has Bot Service keep and process its data inside the EU.
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'westeurope'
  name: botServiceName
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
  }
}

// Connect the bot to Microsoft Teams.
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'westeurope'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// The outputs are written to env/.env.<environment> by the Agents Toolkit (upper-cased names).
// Visit https://aka.ms/teamsfx-actions/arm-deploy for more details.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
// The Teams app id is the bot id (scripts/package-app.ts); teamsApp/create reuses it.
output TEAMS_APP_ID string = identity.properties.clientId
output BOT_SERVICE_NAME string = botService.name
output STORAGE_ACCOUNT_NAME string = storage.name
output APPLICATION_INSIGHTS_NAME string = appInsights.name
output PUBLIC_BASE_URL string = empty(publicBaseUrl) ? 'https://${webAppHostName}' : publicBaseUrl
