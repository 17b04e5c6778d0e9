// Sponsorship on Azure: App Service (Linux, .NET 10, several instances, WebSockets and ARR affinity on), Azure SQL,
// Azure SignalR Service, a Storage account for photos and certificates, Key Vault for every secret (the app reads
// them through Key Vault references), and Application Insights.
//   az deployment group create -g RG -f infra/azure/main.bicep -p infra/azure/main.parameters.json \
//     -p sqlAdminPassword=… certificateHmacKey=… smtpPassword=… stripeSecretKey=… stripeWebhookSecret=…
// See infra/README.md.

@description('Short name used in every resource name (lower-case letters and digits).')
@minLength(3)
@maxLength(12)
param name string = 'sponsorship'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('App Service plan size; P1v3 or larger for production.')
param appServiceSku string = 'P1v3'

@description('How many app instances run behind the load balancer.')
@minValue(1)
param instanceCount int = 2

@description('Absolute base for links in mail, PDFs and QR codes; empty means the app\'s azurewebsites.net address.')
param publicBaseUrl string = ''

@description('SQL Server administrator login.')
param sqlAdminLogin string = 'sponsorshipadmin'

@description('SQL Server administrator password (stored in Key Vault inside the connection string).')
@secure()
param sqlAdminPassword string

@description('Azure SQL database size.')
param sqlDatabaseSku string = 'S2'

@description('Key for the certificate verification codes (Certificates:HmacKey), at least 32 random bytes in base64.')
@secure()
param certificateHmacKey string

@description('SMTP relay host name.')
param smtpHost string

@description('SMTP relay port.')
param smtpPort int = 587

@description('SMTP user name.')
param smtpUserName string

@description('SMTP password.')
@secure()
param smtpPassword string

@description('Stripe secret API key.')
@secure()
param stripeSecretKey string

@description('Stripe webhook signing secret.')
@secure()
param stripeWebhookSecret string

@description('Azure SignalR Service units (1 unit = 1,000 concurrent connections).')
@minValue(1)
param signalRUnits int = 1

var suffix = uniqueString(resourceGroup().id)
var webAppName = '${name}-${suffix}'
var filesContainer = 'files'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource sqlServer 'Microsoft.Sql/servers@2021-11-01' = {
  name: '${name}-sql-${suffix}'
  location: location
  properties: {
    administratorLogin: sqlAdminLogin
    administratorLoginPassword: sqlAdminPassword
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource sqlDatabase 'Microsoft.Sql/servers/databases@2021-11-01' = {
  parent: sqlServer
  name: 'Sponsorship'
  location: location
  sku: {
    name: sqlDatabaseSku
  }
  properties: {
    collation: 'SQL_Latin1_General_CP1_CI_AS'
    requestedBackupStorageRedundancy: 'Geo'
  }
}

// Point-in-time restore for 35 days (the default is 7).
resource sqlBackups 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies@2021-11-01' = {
  parent: sqlDatabase
  name: 'default'
  properties: {
    retentionDays: 35
  }
}

// Lets Azure services (the app) reach the server; add client IP rules for administrators separately.
resource sqlAllowAzure 'Microsoft.Sql/servers/firewallRules@2021-11-01' = {
  parent: sqlServer
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource signalR 'Microsoft.SignalRService/signalR@2023-02-01' = {
  name: '${name}-signalr-${suffix}'
  location: location
  sku: {
    name: 'Standard_S1'
    tier: 'Standard'
    capacity: signalRUnits
  }
  kind: 'SignalR'
  properties: {
    features: [
      {
        flag: 'ServiceMode'
        value: 'Default'
      }
    ]
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}${suffix}', 24)
  location: location
  sku: {
    name: 'Standard_ZRS'
  }
  kind: 'StorageV2'
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

// Photos and certificates are private (served through the app's authorized endpoints); deleted or overwritten blobs
// can be brought back for 30 days.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: 30
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 30
    }
  }
}

// One container; keys carry their folder (photos/…, certificates/…), as in the local file store.
resource files 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: filesContainer
  properties: {
    publicAccess: 'None'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${take(name, 10)}-kv-${suffix}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

var secretValues = {
  'sql-connection-string': 'Server=tcp:${sqlServer.properties.fullyQualifiedDomainName},1433;Initial Catalog=${sqlDatabase.name};User ID=${sqlAdminLogin};Password=${sqlAdminPassword};Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;'
  'storage-connection-string': 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  'signalr-connection-string': signalR.listKeys().primaryConnectionString
  'certificate-hmac-key': certificateHmacKey
  'smtp-password': smtpPassword
  'stripe-secret-key': stripeSecretKey
  'stripe-webhook-secret': stripeWebhookSecret
}

var secretNames = [
  'sql-connection-string'
  'storage-connection-string'
  'signalr-connection-string'
  'certificate-hmac-key'
  'smtp-password'
  'stripe-secret-key'
  'stripe-webhook-secret'
]

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secretName in secretNames: {
  parent: vault
  name: secretName
  properties: {
    value: secretValues[secretName]
  }
}]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // ARR affinity: a Blazor circuit's requests stay on one instance (needed without Azure SignalR Service, harmless with it).
    clientAffinityEnabled: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet Sponsorship.Web.dll'
      webSocketsEnabled: true
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Readiness (database reachable, migrations applied; checked at most every 5 s per instance): an instance that
      // fails it leaves the rotation. /healthz alone is liveness and touches nothing.
      healthCheckPath: '/healthz/ready'
    }
  }
}

// Key Vault Secrets User: the app reads its secrets, nothing else.
resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, webApp.id, 'Key Vault Secrets User')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// A Key Vault reference by name: the app always reads the secret's current version.
var vaultReference = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName='

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    ASPNETCORE_ENVIRONMENT: 'Production'
    ASPNETCORE_FORWARDEDHEADERS_ENABLED: 'true'
    App__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${webApp.properties.defaultHostName}' : publicBaseUrl
    App__DataDirectory: '/home/data'
    Database__Provider: 'SqlServer'
    ConnectionStrings__SqlServer: '${vaultReference}sql-connection-string)'
    Storage__Provider: 'AzureBlob'
    Storage__AzureBlob__ConnectionString: '${vaultReference}storage-connection-string)'
    Storage__AzureBlob__Container: filesContainer
    Azure__SignalR__ConnectionString: '${vaultReference}signalr-connection-string)'
    Certificates__HmacKey: '${vaultReference}certificate-hmac-key)'
    Mail__Enabled: 'true'
    Mail__Host: smtpHost
    Mail__Port: string(smtpPort)
    Mail__UserName: smtpUserName
    Mail__Password: '${vaultReference}smtp-password)'
    // Offered at checkout, in this order (appsettings.json offers bank transfer alone).
    Payments__Providers__0: 'stripe'
    Payments__Providers__1: 'bank'
    Payments__Stripe__SecretKey: '${vaultReference}stripe-secret-key)'
    Payments__Stripe__WebhookSecret: '${vaultReference}stripe-webhook-secret)'
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
  }
  dependsOn: [
    appReadsSecrets
    vaultSecrets
  ]
}

output webAppName string = webApp.name
output url string = 'https://${webApp.properties.defaultHostName}'
output sqlServer string = sqlServer.properties.fullyQualifiedDomainName
output keyVault string = vault.name
output storageAccount string = storage.name
