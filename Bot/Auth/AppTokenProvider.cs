using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace SupportBot.Bot.Auth;

/// <summary>The bot's own access token for Connector calls (PROTOCOL.md §3.2); null when authentication is off.</summary>
public interface IAppTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Client-credentials tokens from Entra through MSAL, which caches them and renews them before they expire.
/// SingleTenant signs in at the app's tenant, MultiTenant at the cloud's channel auth tenant; UserAssignedMSI
/// asks the host's managed identity endpoint (MSAL's ManagedIdentityApplication, the same code Azure.Identity's
/// ManagedIdentityCredential runs on, so no second identity library is needed).
/// </summary>
public sealed class MsalAppTokenProvider : IAppTokenProvider
{
    public const string HttpClientName = "entra";

    private readonly Func<CancellationToken, Task<string>>? _acquire;

    public MsalAppTokenProvider(IOptions<BotAuthOptions> options, IHttpClientFactory httpClients, ILogger<MsalAppTokenProvider> logger)
    {
        var settings = options.Value;
        if (!settings.IsAuthenticationEnabled) return;

        var cloud = BotClouds.Resolve(settings);
        var msalHttp = new FactoryHttpClient(httpClients);
        switch (AppTypes.Parse(settings.MicrosoftAppType))
        {
            case AppType.UserAssignedMSI:
                var identity = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(settings.AppId))
                    .WithHttpClientFactory(msalHttp)
                    .Build();
                _acquire = async ct => (await identity.AcquireTokenForManagedIdentity(cloud.OAuthResource).ExecuteAsync(ct)).AccessToken;
                break;

            case var appType:
                var tenant = appType == AppType.MultiTenant ? cloud.ChannelAuthTenant : settings.MicrosoftAppTenantId!.Trim();
                // An overridden login host (tests, sovereign endpoints MSAL does not know) skips authority validation
                // and instance discovery, which would otherwise ask the public cloud about it.
                var knownHost = string.IsNullOrWhiteSpace(settings.LoginHost);
                var client = ConfidentialClientApplicationBuilder.Create(settings.AppId)
                    .WithClientSecret(settings.MicrosoftAppPassword ?? "")
                    .WithAuthority($"{cloud.LoginHost}/{tenant}", validateAuthority: knownHost)
                    .WithInstanceDiscovery(knownHost)
                    .WithHttpClientFactory(msalHttp)
                    .Build();
                string[] scopes = [cloud.OAuthScope];
                _acquire = async ct => (await client.AcquireTokenForClient(scopes).ExecuteAsync(ct)).AccessToken;
                logger.LogInformation("Outbound tokens from {Authority} for {Scope}", $"{cloud.LoginHost}/{tenant}", cloud.OAuthScope);
                break;
        }
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken) =>
        _acquire is null ? null : await _acquire(cancellationToken);

    /// <summary>MSAL's HTTP goes through IHttpClientFactory, so its handlers are pooled and configurable like every other client.</summary>
    private sealed class FactoryHttpClient(IHttpClientFactory httpClients) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => httpClients.CreateClient(HttpClientName);
    }
}

/// <summary>The values of <c>Bot:MicrosoftAppType</c> (PROTOCOL.md §3.2).</summary>
public enum AppType
{
    SingleTenant,
    MultiTenant,
    UserAssignedMSI,
}

public static class AppTypes
{
    public static AppType Parse(string? value) =>
        Enum.TryParse<AppType>(value, ignoreCase: true, out var type) && Enum.IsDefined(type)
            ? type
            : throw new OptionsValidationException(BotAuthOptions.Section, typeof(BotAuthOptions), [$"Bot:MicrosoftAppType '{value}' is not SingleTenant, MultiTenant or UserAssignedMSI."]);
}
