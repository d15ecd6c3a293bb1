using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Connector;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Auth;

public static class AuthServiceExtensions
{
    public static IServiceCollection AddBotAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<IInboundAuthenticator, LocalOnlyAuthenticator>();
        services.AddHttpClient(HttpConnectorClientFactory.HttpClientName);
        return services;
    }
}

/// <summary>Placeholder until JWT validation lands: accepts only when no app id is configured (local use).</summary>
internal sealed class LocalOnlyAuthenticator : IInboundAuthenticator
{
    private readonly BotAuthOptions _options;

    public LocalOnlyAuthenticator(IOptions<BotAuthOptions> options, ILogger<LocalOnlyAuthenticator> logger)
    {
        _options = options.Value;
        if (!_options.IsAuthenticationEnabled)
            logger.LogWarning("No Bot:MicrosoftAppId configured: inbound authentication is off (local use only).");
    }

    public Task<AuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken) =>
        Task.FromResult(_options.IsAuthenticationEnabled
            ? AuthenticationResult.Unauthorized("Token validation is not available.")
            : AuthenticationResult.Anonymous);
}
