using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Hosting;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// POST /api/directline/token: the web chat page's one door. With <c>DirectLine:Secret</c> it exchanges the secret
/// with Azure Bot Service's tokens/generate server-side (the secret never reaches the browser: PROTOCOL.md §6.1) and
/// tells the page Azure's domain for <c>Bot:Cloud</c>; without it, it issues an embedded token and points the page at
/// this process's <c>/v3/directline</c>.
/// </summary>
public static class WebChatTokenEndpoint
{
    public const string Path = "/api/directline/token";
    public const string AzureHttpClientName = "directline-azure";

    /// <summary>Azure Direct Line base per cloud, path included as DirectLineJS wants it (PROTOCOL.md §3.1, §6.1).</summary>
    public static string AzureDomain(BotCloud cloud) => cloud switch
    {
        BotCloud.Public => "https://directline.botframework.com/v3/directline",
        BotCloud.USGov => "https://directline.botframework.azure.us/v3/directline",
        _ => "https://directline.botframework.azure.cn/v3/directline",
    };

    public static async Task<IResult> HandleAsync(HttpContext http, IOptions<DirectLineOptions> options, IOptions<BotAuthOptions> bot,
        DirectLineTokenService tokens, DirectLineRateLimits limits, IHttpClientFactory httpClients, ILoggerFactory loggers)
    {
        var settings = options.Value;
        if (!DirectLineEndpoints.IsOwnPage(http, settings))
            return DirectLineEndpoints.Error(StatusCodes.Status403Forbidden, "Forbidden", "Tokens are given to this bot's own page only.");
        if (limits.NewConversation(DirectLineEndpoints.ClientAddress(http)) is { } wait) return DirectLineEndpoints.TooManyRequests(http, wait);

        // Whatever the body says (older pages sent {"user":{"id":"dl_…"}}) is not read: an anonymous visitor's identity
        // is the server's to pick, bound to the signed token; a browser that could name it could be anyone (issue 11).
        if (await BotMessagesEndpoint.ReadBoundedAsync(http.Request.Body, 4096, http.RequestAborted) is null)
            return DirectLineEndpoints.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The body is larger than 4096 bytes.");
        var userId = DirectLineIds.NewUserId();

        if (settings.Secret is { Length: > 0 } secret)
        {
            var domain = (settings.Domain is { Length: > 0 } configured ? configured : AzureDomain(bot.Value.Cloud)).TrimEnd('/');
            return await ExchangeWithAzureAsync(httpClients.CreateClient(AzureHttpClientName), domain, secret, userId, http.RequestAborted,
                loggers.CreateLogger(typeof(WebChatTokenEndpoint)));
        }

        if (!settings.IsEmbeddedEnabled)
            return DirectLineEndpoints.Error(StatusCodes.Status503ServiceUnavailable, "NotConfigured", "No Direct Line is configured for the web chat.");
        var (token, grant) = await tokens.IssueAsync(DirectLineIds.NewConversationId(), userId, http.RequestAborted);
        return Results.Json(new WebChatTokenResponse
        {
            Token = token,
            ConversationId = grant.ConversationId,
            UserId = userId,
            ExpiresIn = (int)tokens.Lifetime.TotalSeconds,
            Domain = DirectLineEndpoints.ServiceUrl(http),
            Mode = "embedded",
        }, ProtocolJson.Options);
    }

    private static async Task<IResult> ExchangeWithAzureAsync(HttpClient client, string domain, string secret, string userId, CancellationToken cancellationToken, ILogger logger)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{domain}/tokens/generate")
        {
            // A user id pins from.id and lets Direct Line send conversationUpdate at once (PROTOCOL.md §6.4).
            Content = JsonContent.Create(new DirectLineStartRequest { User = new ChannelAccount(userId) }, options: ProtocolJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogError("Direct Line tokens/generate at {Domain} answered {Status}", domain, (int)response.StatusCode);
                return DirectLineEndpoints.Error(StatusCodes.Status502BadGateway, "DirectLineUnavailable", "The chat service could not start a conversation.");
            }
            var info = await response.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options, cancellationToken);
            if (string.IsNullOrEmpty(info?.Token))
                return DirectLineEndpoints.Error(StatusCodes.Status502BadGateway, "DirectLineUnavailable", "The chat service gave no token.");
            return Results.Json(new WebChatTokenResponse
            {
                Token = info.Token,
                ConversationId = info.ConversationId,
                UserId = userId,
                ExpiresIn = info.ExpiresIn,
                Domain = domain,
                Mode = "azure",
            }, ProtocolJson.Options);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            logger.LogError(ex, "Direct Line tokens/generate at {Domain} failed", domain);
            return DirectLineEndpoints.Error(StatusCodes.Status502BadGateway, "DirectLineUnavailable", "The chat service could not start a conversation.");
        }
    }
}
