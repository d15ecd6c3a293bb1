using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Connector;

namespace SupportBot.Bot.Auth;

public static class AuthServiceExtensions
{
    /// <summary>
    /// Inbound JWT validation, the outbound app token, and the "connector" HttpClient with its handlers:
    /// token (only to trusted serviceUrls) outside, retries inside.
    /// </summary>
    public static IServiceCollection AddBotAuthentication(this IServiceCollection services)
    {
        services.AddOptions<BotAuthOptions>().Validate(BotAuthOptionsValidation.IsValid, BotAuthOptionsValidation.Message).ValidateOnStart();
        services.AddOptions<SigningKeyCacheOptions>();
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.BaseDelay >= TimeSpan.Zero && o.MaxTotalDelay >= TimeSpan.Zero, "Connector retry settings must not be negative.");

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(ConnectorRetryHandler.ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());

        services.AddSingleton<SigningKeySources>();
        services.AddSingleton<TrustedServiceUrls>();
        services.AddSingleton<IInboundAuthenticator, BotFrameworkAuthenticator>();
        services.TryAddSingleton<IAppTokenProvider, MsalAppTokenProvider>();
        services.AddHostedService<AuthStartupReport>();

        services.AddHttpClient(SigningKeySources.HttpClientName, http =>
        {
            http.Timeout = TimeSpan.FromSeconds(10);
            http.MaxResponseContentBufferSize = 1024 * 1024; // a key set is a few KB
        });
        services.AddHttpClient(MsalAppTokenProvider.HttpClientName);

        services.AddTransient<ConnectorAuthHandler>();
        services.AddTransient<ConnectorRetryHandler>();
        services.AddHttpClient(HttpConnectorClientFactory.HttpClientName)
            // The Connector never redirects; a redirect must not carry the token to a host nobody checked.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler<ConnectorAuthHandler>()
            .AddHttpMessageHandler<ConnectorRetryHandler>()
            // Every reply is a Connector call: the factory's two logging handlers opened a log scope and timed each
            // one even with their Information lines filtered out. Failures are logged by the retry handler and the
            // turn's error handler, with the Connector's answer.
            .RemoveAllLoggers();
        return services;
    }
}

/// <summary>Settings that cannot work are refused at start, not at the first message.</summary>
internal static class BotAuthOptionsValidation
{
    public const string Message = "Bot settings are incomplete: SingleTenant and UserAssignedMSI need Bot:MicrosoftAppTenantId, "
        + "SingleTenant and MultiTenant need Bot:MicrosoftAppPassword, UserAssignedMSI must not have one, and Bot:MicrosoftAppType must be "
        + "SingleTenant, MultiTenant or UserAssignedMSI (PROTOCOL.md §3.2).";

    public static bool IsValid(BotAuthOptions options)
    {
        if (!options.IsAuthenticationEnabled) return true;
        if (!Enum.TryParse<AppType>(options.MicrosoftAppType, ignoreCase: true, out var type) || !Enum.IsDefined(type)) return false;
        var hasTenant = !string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId);
        var hasPassword = !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword);
        return type switch
        {
            AppType.SingleTenant => hasTenant && hasPassword,
            AppType.MultiTenant => hasPassword,
            AppType.UserAssignedMSI => hasTenant && !hasPassword,
            _ => false,
        };
    }
}

/// <summary>Says once, at start, how the bot authenticates; with no app id that is a warning (local use only).</summary>
internal sealed class AuthStartupReport(IOptions<BotAuthOptions> options, ILogger<AuthStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsAuthenticationEnabled)
            logger.LogWarning("No Bot:MicrosoftAppId configured: inbound authentication is off and no token is sent (local use only).");
        else
            logger.LogInformation("Bot authentication on: cloud {Cloud}, app type {AppType}, Emulator tokens {Emulator}",
                settings.Cloud, settings.MicrosoftAppType, settings.EnableEmulatorTokens ? "accepted" : "refused");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
