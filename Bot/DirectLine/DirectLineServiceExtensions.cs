using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Bot.Connector;

namespace SupportBot.Bot.DirectLine;

public static class DirectLineServiceExtensions
{
    /// <summary>
    /// Registers the embedded Direct Line and the page's token route. Call BEFORE AddBotHost: the connector factory
    /// registered here (embedded serviceUrl in process, everything else over HTTP) must win over AddBotHost's TryAdd.
    /// </summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DirectLineOptions>(configuration.GetSection(DirectLineOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DirectLineTokenService>();
        services.AddSingleton<DirectLineConversationStore>();
        services.AddSingleton<DirectLineRateLimits>();
        services.AddHostedService<DirectLineEvictionService>();
        services.AddSingleton<HttpConnectorClientFactory>();
        services.AddSingleton<IConnectorClientFactory, DirectLineConnectorClientFactory>();
        services.AddHttpClient(WebChatTokenEndpoint.AzureHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        return services;
    }

    /// <summary>Maps <c>/v3/directline/…</c> (unless disabled) and <c>POST /api/directline/token</c>.</summary>
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>().Value;
        if (options.IsEmbeddedEnabled) endpoints.MapEmbeddedDirectLine();
        endpoints.MapPost(WebChatTokenEndpoint.Path, WebChatTokenEndpoint.HandleAsync);
        return endpoints;
    }
}
