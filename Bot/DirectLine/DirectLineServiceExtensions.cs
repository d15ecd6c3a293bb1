using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Connector;

namespace SupportBot.Bot.DirectLine;

public static class DirectLineServiceExtensions
{
    public const string CorsPolicy = "DirectLine";

    /// <summary>
    /// Registers the embedded Direct Line and the page's token route. Call BEFORE AddBotHost: the connector factory
    /// registered here (embedded serviceUrl in process, everything else over HTTP) must win over AddBotHost's TryAdd.
    /// </summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DirectLineOptions>(configuration.GetSection(DirectLineOptions.Section));
        // Pages on the trusted origins call the token route and the endpoint cross-origin, with the headers
        // DirectLineJS sends (PROTOCOL.md §6.1). The bot's own page is same-origin and needs none of this.
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DirectLineOptions>>((cors, directLine) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. directLine.Value.Embedded.TrustedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods("GET", "POST")
                .WithHeaders("Authorization", "Content-Type", "x-ms-bot-agent")));
        // With Azure's Direct Line the page calls Azure's host, over https and wss (its streamUrl).
        services.AddOptions<SupportBot.Bot.Hosting.SecurityHeadersOptions>().Configure<IOptions<DirectLineOptions>, IOptions<SupportBot.Bot.Auth.BotAuthOptions>>((headers, directLine, bot) =>
        {
            if (string.IsNullOrEmpty(directLine.Value.Secret)) return;
            var domain = directLine.Value.Domain is { Length: > 0 } configured ? configured : WebChatTokenEndpoint.AzureDomain(bot.Value.Cloud);
            if (!Uri.TryCreate(domain, UriKind.Absolute, out var uri)) return;
            headers.ConnectSources.Add($"{uri.Scheme}://{uri.Authority}");
            headers.ConnectSources.Add($"{(uri.Scheme == Uri.UriSchemeHttp ? "ws" : "wss")}://{uri.Authority}");
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITranscriptRedaction, NoTranscriptRedaction>();
        services.AddSingleton<DirectLineTokenService>();
        services.AddSingleton<DirectLineConversationStore>();
        services.AddSingleton<DirectLineRateLimits>();
        services.AddHostedService<DirectLineEvictionService>();
        services.AddHostedService<DirectLineRetentionService>();
        services.AddSingleton<HttpConnectorClientFactory>();
        services.AddSingleton<IConnectorClientFactory, DirectLineConnectorClientFactory>();
        services.AddSingleton<SupportBot.Bot.Hosting.IInboundActivityGuard, EmbeddedDirectLineGuard>();
        services.AddHttpClient(WebChatTokenEndpoint.AzureHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        return services;
    }

    /// <summary>Maps <c>/v3/directline/…</c> (unless disabled) and <c>POST /api/directline/token</c>; needs <c>app.UseCors()</c> in the pipeline.</summary>
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        if (options.IsEmbeddedEnabled) endpoints.MapEmbeddedDirectLine();
        endpoints.MapPost(WebChatTokenEndpoint.Path, WebChatTokenEndpoint.HandleAsync).RequireCors(CorsPolicy);
        return endpoints;
    }
}
