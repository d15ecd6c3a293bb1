using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Connector;
using SupportBot.Bot.State;
using SupportBot.Bot.Telemetry;
using SupportBot.Bot.Turn;

namespace SupportBot.Bot.Hosting;

public static class BotHostExtensions
{
    /// <summary>Registers the Bot Framework host: options, auth, connector, turn pipeline and the bot itself.</summary>
    public static IServiceCollection AddBotHost<TBot>(this IServiceCollection services, IConfiguration configuration)
        where TBot : BotApplication
    {
        services.Configure<BotAuthOptions>(configuration.GetSection(BotAuthOptions.Section));
        services.Configure<BotHostOptions>(configuration.GetSection(BotHostOptions.Section));
        services.Configure<TypingIndicatorOptions>(configuration.GetSection("TypingIndicator"));

        services.AddBotAuthentication();

        services.TryAddSingleton<IConnectorClientFactory, HttpConnectorClientFactory>();
        services.TryAddSingleton<IStorage, MemoryStorage>();
        services.AddSingleton<TurnStateStore>();
        services.AddSingleton<TBot>();
        services.AddSingleton<BotApplication>(sp => sp.GetRequiredService<TBot>());
        services.AddSingleton<BotAdapter>();
        services.AddSingleton<MessagesRateLimits>();
        services.AddSingleton<IInboundActivityGuard, ServiceUrlGuard>();
        services.AddSingleton<TurnMetrics>();

        // Order matters: correlation scope outermost, then the error handler, turn telemetry (inside it, to see failures), typing.
        services.AddSingleton<ITurnMiddleware, CorrelationLoggingMiddleware>();
        services.AddSingleton<ITurnMiddleware, ErrorHandlerMiddleware>();
        services.AddSingleton<ITurnMiddleware, TurnTelemetryMiddleware>();
        services.AddSingleton<ITurnMiddleware, TypingIndicatorMiddleware>();
        return services;
    }

    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages") =>
        endpoints.MapPost(pattern, BotMessagesEndpoint.HandleAsync);
}
