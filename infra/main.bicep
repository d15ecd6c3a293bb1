// SupportBot on Azure: App Service (Linux, .NET 10), Azure Bot (Teams + Direct Line), PostgreSQL flexible server,
// Key Vault (every secret, read by the app through Key Vault references) and Application Insights.
// Azure China (21Vianet) by default when deployed with `az cloud set --name AzureChinaCloud`; the public cloud works
// with the same file (parameter `cloud`). Deployment steps: infra/README.md.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------
// Where and what
// ---------------------------------------------------------------------------------------------------------------

@description('Bot:Cloud of the app: China (21Vianet) or Public. The default follows the cloud the deployment runs in.')
@allowed([
  'China'
  'Public'
])
param cloud string = environment().name == 'AzureChinaCloud' ? 'China' : 'Public'

@description('Region of every regional resource, e.g. chinanorth3 (Azure China) or eastasia. Defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Prefix of every resource name (letters, digits, hyphens); the web app is <name>-<suffix>.<default domain>.')
@minLength(3)
@maxLength(16)
param name string = 'supportbot'

@description('Makes the globally unique names (web app, Key Vault, PostgreSQL) unique; the default is stable per resource group.')
param uniqueSuffix string = take(uniqueString(resourceGroup().id), 6)

@description('App Service plan SKU. P0v3/P1v3 are available in chinanorth3; B1 is enough to try it.')
param appServicePlanSku string = 'P0v3'

@description('Instances of the web app. More than one needs Storage:Provider Postgres (set here) and the Azure Direct Line (set here).')
@minValue(1)
param instanceCount int = 1

// ---------------------------------------------------------------------------------------------------------------
// The bot's identity
// ---------------------------------------------------------------------------------------------------------------

@description('SingleTenant: an Entra app registration (id + client secret) you created; UserAssignedMSI: a managed identity this template creates.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the app registration\'s application (client) id.')
param botAppId string = ''

@description('SingleTenant only: a client secret of that app registration (stored in Key Vault).')
@secure()
param botAppPassword string = ''

@description('Tenant of the app registration or managed identity.')
param botTenantId string = tenant().tenantId

@description('Azure Bot SKU: F0 (free, standard channels are free anyway) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Location of the Azure Bot resource: global (Bot Service is a global service in both clouds).')
param botLocation string = 'global'

@description('The Teams app id (a GUID you choose once) for the app package (TeamsApp:AppId).')
param teamsAppId string = ''

@description('Public address of the bot, e.g. https://supportbot.contoso.cn when a custom domain is bound; empty = the web app\'s default host name.')
param publicBaseUrl string = ''

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------------------------

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'supportbot'

@description('PostgreSQL administrator password (stored in Key Vault inside the connection string); 8-128 characters of three kinds.')
@secure()
@minLength(8)
@maxLength(128)
param postgresAdminPassword string

@description('PostgreSQL flexible server compute SKU name; Burstable Standard_B1ms is the smallest.')
param postgresSkuName string = 'Standard_B1ms'

@description('Its tier: Burstable, GeneralPurpose or MemoryOptimized.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL major version.')
param postgresVersion string = '16'

@description('Storage in GiB.')
param postgresStorageSizeGB int = 32

// ---------------------------------------------------------------------------------------------------------------
// Optional: CLU (Azure AI Language) for intent recognition; without it the embedded recognizer answers.
// ---------------------------------------------------------------------------------------------------------------

@description('CLU endpoint, e.g. https://<resource>.cognitiveservices.azure.cn (Recognition:Clu:Endpoint); empty = embedded recognizer.')
param cluEndpoint string = ''

@description('CLU key (stored in Key Vault; Recognition:Clu:Key).')
@secure()
param cluKey string = ''

@description('CLU project and deployment names.')
param cluProjectName string = 'SupportBot'
param cluDeploymentName string = 'production'

// ---------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------

var appName = '${name}-${uniqueSuffix}'
var vaultName = take('${name}kv${uniqueSuffix}', 24)
var postgresServerName = '${name}-pg-${uniqueSuffix}'
var postgresDatabaseName = 'supportbot'
var usesManagedIdentity = botAppType == 'UserAssignedMSI'
var usesClu = !empty(cluEndpoint)
// Key Vault Secrets User (built-in role: read secret values).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// ---------------------------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------------------------

resource logs 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: '${name}-logs-${uniqueSuffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai-${uniqueSuffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------------------------

// The bot's own identity when it has no app registration: its client id is the bot's app id (PROTOCOL.md §3.2).
resource botIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = if (usesManagedIdentity) {
  name: '${name}-bot-${uniqueSuffix}'
  location: location
}

var botMicrosoftAppId = usesManagedIdentity ? botIdentity!.properties.clientId : botAppId

// ---------------------------------------------------------------------------------------------------------------
// Key Vault and the secrets
// ---------------------------------------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: postgresStorageSizeGB
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0–0.0.0.0 is PostgreSQL flexible server's "allow Azure services" rule: App Service's outbound addresses.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource postgresConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'storage-postgres-connection-string'
  properties: {
    // Npgsql connection string (Storage:PostgresConnectionString); TLS is required by the flexible server.
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${postgresDatabaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!usesManagedIdentity) {
  parent: vault
  name: 'bot-microsoft-app-password'
  properties: {
    value: botAppPassword
  }
}

resource cluKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (usesClu) {
  parent: vault
  name: 'recognition-clu-key'
  properties: {
    value: cluKey
  }
}

// ---------------------------------------------------------------------------------------------------------------
// App Service
// ---------------------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${name}-plan-${uniqueSuffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: usesManagedIdentity
    ? {
        type: 'SystemAssigned, UserAssigned'
        userAssignedIdentities: {
          '${botIdentity.id}': {}
        }
      }
    : {
        type: 'SystemAssigned'
      }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      // The zip-deployed `dotnet publish` output; App Service sets ASPNETCORE_URLS/PORT, which the app follows.
      appCommandLine: 'dotnet SupportBot.dll'
      alwaysOn: true
      healthCheckPath: '/healthz/ready'
      webSocketsEnabled: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

var publicAddress = empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl

// The app reads its secrets through Key Vault references, with its system-assigned identity.
resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Azure Bot: messaging endpoint on the web app, Teams and Direct Line channels
// ---------------------------------------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${uniqueSuffix}'
  location: botLocation
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'SupportBot'
    endpoint: '${publicAddress}/api/messages'
    msaAppId: botMicrosoftAppId
    msaAppType: botAppType
    msaAppTenantId: botTenantId
    msaAppMSIResourceId: usesManagedIdentity ? botIdentity.id : null
    disableLocalAuth: false
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: botLocation
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Web chat page'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: false
        }
      ]
    }
  }
}

// The Direct Line site's secret, read from the channel once it exists: DirectLine:Secret (the page's tokens come from it).
resource directLineSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'directline-secret'
  properties: {
    value: directLine.listChannelWithKeys().properties.properties.sites[0].key
  }
}

// ---------------------------------------------------------------------------------------------------------------
// App settings: each maps to a configuration key of the app (README "Configuration"; `__` is `:`).
// ---------------------------------------------------------------------------------------------------------------

var keyVaultReference = '@Microsoft.KeyVault(SecretUri='

var baseSettings = {
  // Bot Framework cloud and identity (Bot:*).
  Bot__Cloud: cloud
  Bot__MicrosoftAppType: botAppType
  Bot__MicrosoftAppId: botMicrosoftAppId
  Bot__MicrosoftAppTenantId: botTenantId
  // Azure Bot Service's Direct Line for the web chat page (DirectLine:Secret); the embedded one stays off.
  DirectLine__Secret: '${keyVaultReference}${directLineSecret.properties.secretUri})'
  // Conversation state, requests and the outbox in PostgreSQL (Storage:*): several instances share it.
  Storage__Provider: 'Postgres'
  Storage__PostgresConnectionString: '${keyVaultReference}${postgresConnectionSecret.properties.secretUri})'
  // URLs handed out (Direct Line stream, Teams package domain) from the public address, never from a Host header.
  Hosting__PublicBaseUrl: publicAddress
  // App Service's front end connects from private addresses: believe its X-Forwarded-* from those only
  // (README "Running in production"; learn.microsoft.com/azure/app-service/configure-language-dotnetcore).
  Hosting__ForwardedHeaders__KnownNetworks__0: '10.0.0.0/8'
  Hosting__ForwardedHeaders__KnownNetworks__1: '172.16.0.0/12'
  Hosting__ForwardedHeaders__KnownNetworks__2: '192.168.0.0/16'
  Hosting__ForwardedHeaders__KnownNetworks__3: '::ffff:10.0.0.0/104'
  Hosting__ForwardedHeaders__KnownNetworks__4: '::ffff:172.16.0.0/108'
  Hosting__ForwardedHeaders__KnownNetworks__5: '::ffff:192.168.0.0/112'
  // The port App Service forwards to on Linux (WEBSITES_PORT); the app listens where ASP.NET Core is told.
  WEBSITES_PORT: '8080'
  ASPNETCORE_HTTP_PORTS: '8080'
  TeamsApp__Domain: split(replace(publicAddress, 'https://', ''), '/')[0]
  TeamsApp__AppId: teamsAppId
  // Telemetry to Application Insights (the connection string names the cloud's ingestion endpoint).
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  // Zip deploy (az webapp deploy --type zip) puts the publish output in place; nothing is built on the server.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

var passwordSettings = usesManagedIdentity
  ? {}
  : {
      Bot__MicrosoftAppPassword: '${keyVaultReference}${botPasswordSecret!.properties.secretUri})'
    }

var cluSettings = usesClu
  ? {
      Recognition__Clu__Cloud: cloud
      Recognition__Clu__Endpoint: cluEndpoint
      Recognition__Clu__ProjectName: cluProjectName
      Recognition__Clu__DeploymentName: cluDeploymentName
      Recognition__Clu__Key: '${keyVaultReference}${cluKeySecret!.properties.secretUri})'
    }
  : {}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: union(baseSettings, passwordSettings, cluSettings)
  dependsOn: [
    appReadsSecrets
    postgresDatabase
    postgresAllowAzure
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// What the admin needs next (no secrets)
// ---------------------------------------------------------------------------------------------------------------

@description('The web app, for `az webapp deploy --name`.')
output webAppName string = app.name

@description('The bot\'s public address: the web chat page, /healthz/ready, /api/messages.')
output publicUrl string = publicAddress

@description('The messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = bot.properties.endpoint

@description('Bot:MicrosoftAppId, for `dotnet run -- teams-package` (Bot__MicrosoftAppId).')
output botAppId string = botMicrosoftAppId

@description('TeamsApp:Domain, for the Teams package.')
output teamsAppDomain string = baseSettings.TeamsApp__Domain

@description('The Key Vault holding the secrets.')
output keyVaultName string = vault.name

@description('The PostgreSQL server.')
output postgresHost string = postgres.properties.fullyQualifiedDomainName
