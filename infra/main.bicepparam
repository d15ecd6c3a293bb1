// Azure China (21Vianet), China North 3 unless SUPPORTBOT_LOCATION says otherwise. Values an admin chooses come from
// environment variables, so no secret is ever written into a file (infra/README.md, "Deploy"):
//   SUPPORTBOT_POSTGRES_PASSWORD (required), SUPPORTBOT_TEAMS_APP_ID, SUPPORTBOT_BOT_APP_TYPE (UserAssignedMSI |
//   SingleTenant), SUPPORTBOT_BOT_APP_ID and SUPPORTBOT_BOT_APP_PASSWORD (SingleTenant), SUPPORTBOT_CLU_ENDPOINT and
//   SUPPORTBOT_CLU_KEY (optional), SUPPORTBOT_CLOUD (China | Public), SUPPORTBOT_PUBLIC_BASE_URL (custom domain).
using 'main.bicep'

param cloud = readEnvironmentVariable('SUPPORTBOT_CLOUD', 'China')
param location = readEnvironmentVariable('SUPPORTBOT_LOCATION', 'chinanorth3')
param name = readEnvironmentVariable('SUPPORTBOT_NAME', 'supportbot')
param appServicePlanSku = readEnvironmentVariable('SUPPORTBOT_PLAN_SKU', 'P0v3')
param botAppType = readEnvironmentVariable('SUPPORTBOT_BOT_APP_TYPE', 'UserAssignedMSI')
param botAppId = readEnvironmentVariable('SUPPORTBOT_BOT_APP_ID', '')
param botAppPassword = readEnvironmentVariable('SUPPORTBOT_BOT_APP_PASSWORD', '')
param teamsAppId = readEnvironmentVariable('SUPPORTBOT_TEAMS_APP_ID', '')
param publicBaseUrl = readEnvironmentVariable('SUPPORTBOT_PUBLIC_BASE_URL', '')
param postgresAdminPassword = readEnvironmentVariable('SUPPORTBOT_POSTGRES_PASSWORD')
param postgresSkuName = readEnvironmentVariable('SUPPORTBOT_POSTGRES_SKU', 'Standard_B1ms')
param postgresSkuTier = readEnvironmentVariable('SUPPORTBOT_POSTGRES_TIER', 'Burstable')
param cluEndpoint = readEnvironmentVariable('SUPPORTBOT_CLU_ENDPOINT', '')
param cluKey = readEnvironmentVariable('SUPPORTBOT_CLU_KEY', '')
