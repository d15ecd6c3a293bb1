using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Hosting;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Bot.Logging;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// The embedded Direct Line 3.0 endpoint under <c>/v3/directline</c>: the subset Web Chat and DirectLineJS use
/// (PROTOCOL.md §6). User activities are numbered, echoed into the conversation's log (Web Chat marks a message sent
/// only when it sees it back with an id) and then run through the same <see cref="BotAdapter"/> as /api/messages.
/// </summary>
public static class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";

    public static RouteGroupBuilder MapEmbeddedDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath).RequireCors(DirectLineServiceExtensions.CorsPolicy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<DirectLineRateLimits>();
            return limits.Request(ClientAddress(http)) is { } wait ? TooManyRequests(http, wait) : await next(context);
        });
        group.MapPost("/tokens/generate", GenerateTokenAsync);
        group.MapPost("/tokens/refresh", RefreshTokenAsync);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/upload", (string conversationId) =>
            Error(StatusCodes.Status400BadRequest, "BadArgument", "This bot does not accept file uploads."));
        group.Map("/conversations/{conversationId}/stream", DirectLineStream.HandleAsync);
        return group;
    }

    /// <summary>POST tokens/generate: a token for a new conversation, for a caller with the endpoint's secret or the page itself.</summary>
    private static async Task<IResult> GenerateTokenAsync(HttpContext http, DirectLineTokenService tokens, DirectLineRateLimits limits, IOptions<DirectLineOptions> options)
    {
        if (!IsSecretCaller(http, options.Value) && !IsOwnPage(http, options.Value))
            return Error(StatusCodes.Status401Unauthorized, "Unauthorized", "A Direct Line secret, or a request from this bot's own page, is required.");
        if (limits.NewConversation(ClientAddress(http)) is { } wait) return TooManyRequests(http, wait);
        var (request, problem) = await ReadJsonAsync<DirectLineStartRequest>(http, options.Value, allowEmpty: true);
        if (problem is not null) return problem;
        var userId = ChooseUserId(request?.User?.Id, IsSecretCaller(http, options.Value));
        var conversationId = DirectLineIds.NewConversationId();
        var (token, _) = await tokens.IssueAsync(conversationId, userId, http.RequestAborted);
        return Results.Json(new DirectLineConversationInfo { ConversationId = conversationId, Token = token, ExpiresIn = (int)tokens.Lifetime.TotalSeconds }, ProtocolJson.Options);
    }

    /// <summary>POST tokens/refresh: a fresh token for the same conversation and user, while the old one is still valid.</summary>
    private static async Task<IResult> RefreshTokenAsync(HttpContext http, DirectLineTokenService tokens)
    {
        var (grant, failure) = await AuthorizeAsync(http, tokens, conversationId: null);
        if (failure is not null) return failure;
        var (token, _) = await tokens.IssueAsync(grant!.ConversationId, grant.UserId, http.RequestAborted);
        return Results.Json(new DirectLineConversationInfo { ConversationId = grant.ConversationId, Token = token, ExpiresIn = (int)tokens.Lifetime.TotalSeconds }, ProtocolJson.Options);
    }

    /// <summary>
    /// POST conversations: starts the token's conversation (201) or reports the one already started (200), and the
    /// first time sends the bot a conversationUpdate with the bot and the user added, so the welcome is waiting for the
    /// socket (PROTOCOL.md §6.2, §6.3).
    /// </summary>
    private static async Task<IResult> StartConversationAsync(HttpContext http, DirectLineTokenService tokens, DirectLineConversationStore store,
        DirectLineRateLimits limits, BotAdapter adapter, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var settings = options.Value;
        var (request, problem) = await ReadJsonAsync<DirectLineStartRequest>(http, settings, allowEmpty: true);
        if (problem is not null) return problem;

        string token;
        DirectLineGrant grant;
        if (IsSecretCaller(http, settings))
        {
            if (limits.NewConversation(ClientAddress(http)) is { } wait) return TooManyRequests(http, wait);
            (token, grant) = await tokens.IssueAsync(DirectLineIds.NewConversationId(), ChooseUserId(request?.User?.Id, trustedCaller: true), http.RequestAborted);
        }
        else
        {
            var (granted, failure) = await AuthorizeAsync(http, tokens, conversationId: null);
            if (failure is not null) return failure;
            grant = granted!;
            token = BearerToken(http)!;
        }

        var locale = string.IsNullOrWhiteSpace(request?.Locale) ? null : request.Locale;
        var conversation = await store.GetOrCreateAsync(grant.ConversationId, grant.UserId, locale, http.RequestAborted);
        var started = await store.TryMarkStartedAsync(conversation, locale, http.RequestAborted);
        if (started)
        {
            var update = new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                MembersAdded = [BotAccount(settings), new ChannelAccount(grant.UserId, request?.User?.Name, RoleTypes.User)],
                Locale = locale,
            };
            Address(update, http, conversation, settings, request?.User?.Name);
            await RunTurnAsync(adapter, store, update, lifetime, loggers.CreateLogger(typeof(DirectLineEndpoints)));
        }

        var info = ConversationInfo(http, grant, token, tokens, watermark: null);
        return started ? Results.Json(info, ProtocolJson.Options, statusCode: StatusCodes.Status201Created) : Results.Json(info, ProtocolJson.Options);
    }

    /// <summary>GET conversations/{id}?watermark=: a new stream URL that replays from the watermark (reconnect).</summary>
    private static async Task<IResult> ReconnectAsync(HttpContext http, string conversationId, DirectLineTokenService tokens, DirectLineConversationStore store)
    {
        var (grant, failure) = await AuthorizeAsync(http, tokens, conversationId);
        if (failure is not null) return failure;
        if (await store.FindAsync(conversationId, http.RequestAborted) is null)
            return Error(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.");
        return Results.Json(ConversationInfo(http, grant!, BearerToken(http)!, tokens, http.Request.Query["watermark"].ToString()), ProtocolJson.Options);
    }

    /// <summary>POST conversations/{id}/activities: number and echo the user's activity, then run it through the bot.</summary>
    private static async Task<IResult> PostActivityAsync(HttpContext http, string conversationId, DirectLineTokenService tokens, DirectLineConversationStore store,
        DirectLineRateLimits limits, BotAdapter adapter, BotApplication bot, ITranscriptRedaction redaction, IOptions<DirectLineOptions> options,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var settings = options.Value;
        var (grant, failure) = await AuthorizeAsync(http, tokens, conversationId);
        if (failure is not null) return failure;
        if (limits.Activity(conversationId) is { } wait) return TooManyRequests(http, wait);

        var (activity, problem) = await ReadJsonAsync<Activity>(http, settings, allowEmpty: false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(activity!.Type)) return Error(StatusCodes.Status400BadRequest, "BadArgument", "The activity has no 'type'.");

        var conversation = await store.GetOrCreateAsync(conversationId, grant!.UserId, activity.Locale, http.RequestAborted);
        redaction.Apply(activity); // before it is stored: no passwords or ID-card numbers in the transcript
        // The token says who the user is; whatever the client put in 'from.id' does not (PROTOCOL.md §6.4).
        activity.Id = null;
        activity.Timestamp = null;
        Address(activity, http, conversation, settings, activity.From?.Name);

        var logger = loggers.CreateLogger(typeof(DirectLineEndpoints));
        if (activity.IsType(ActivityTypes.Typing))
        {
            activity.Id = $"{conversationId}|typing-{Guid.NewGuid():N}";
            await RunTurnAsync(adapter, store, activity, lifetime, logger);
            return Results.Json(new ResourceResponse(activity.Id), ProtocolJson.Options);
        }
        // Accepted but neither kept nor run: what no route of the bot handles (an unknown event, say) has no reason to
        // take memory and disk (issue 11). Messages always are kept: Web Chat waits for their echo.
        if (!activity.IsType(ActivityTypes.Message) && !bot.Handles(activity))
            return Results.Json(new ResourceResponse($"{conversationId}|unhandled-{Guid.NewGuid():N}"), ProtocolJson.Options);

        var echoed = await store.AppendAsync(conversation, activity, http.RequestAborted);
        var ok = await RunTurnAsync(adapter, store, echoed.Clone(), lifetime, logger);
        return ok
            ? Results.Json(new ResourceResponse(echoed.Id), ProtocolJson.Options)
            : Error(StatusCodes.Status502BadGateway, "BotError", "The bot could not process the activity.");
    }

    /// <summary>GET conversations/{id}/activities?watermark=: the activities after the watermark (polling).</summary>
    private static async Task<IResult> GetActivitiesAsync(HttpContext http, string conversationId, DirectLineTokenService tokens, DirectLineConversationStore store)
    {
        var (grant, failure) = await AuthorizeAsync(http, tokens, conversationId);
        if (failure is not null) return failure;
        var conversation = await store.GetOrCreateAsync(conversationId, grant!.UserId, null, http.RequestAborted);
        var (activities, watermark) = conversation.ReadSince(ParseWatermark(http.Request.Query["watermark"].ToString()));
        return Results.Json(new ActivitySet { Activities = [.. activities], Watermark = watermark.ToString(CultureInfo.InvariantCulture) }, ProtocolJson.Options);
    }

    /// <summary>A watermark as sent by clients: a number, or empty / <c>-</c> / junk for "from the beginning of the log".</summary>
    internal static long ParseWatermark(string? watermark) =>
        long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>
    /// Runs a turn to completion even if the client goes away: what was accepted must be answered. Its replies go to
    /// this endpoint's conversations in process, whatever the serviceUrl says.
    /// </summary>
    private static async Task<bool> RunTurnAsync(BotAdapter adapter, DirectLineConversationStore store, Activity activity, IHostApplicationLifetime lifetime, ILogger logger)
    {
        try
        {
            await adapter.ProcessActivityAsync(activity, new EmbeddedConnectorClient(store, activity.ServiceUrl!), lifetime.ApplicationStopping);
            return true;
        }
        catch (Exception ex) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogError(ex, "Direct Line {Type} activity in {ConversationId} failed in the bot", LogValue.Quote(activity.Type), LogValue.Quote(activity.Conversation?.Id));
            return false;
        }
    }

    /// <summary>Fills in what the channel, not the client, decides (PROTOCOL.md §1.2): channel, serviceUrl, conversation, from, recipient.</summary>
    private static void Address(Activity activity, HttpContext http, DirectLineConversation conversation, DirectLineOptions settings, string? userName)
    {
        // Web Chat over Direct Line reaches bots as channel "directline", not "webchat"
        // (microsoft/BotFramework-WebChat#992: "The channelId of the activity is directline with the webchat control").
        activity.ChannelId = Channels.DirectLine;
        activity.ServiceUrl = ServiceUrl(http);
        activity.Conversation = new ConversationAccount(conversation.Id);
        activity.From = new ChannelAccount(conversation.UserId, userName, RoleTypes.User);
        activity.Recipient = BotAccount(settings);
    }

    private static ChannelAccount BotAccount(DirectLineOptions settings) => new(settings.BotId, settings.BotName, RoleTypes.Bot);

    /// <summary>This endpoint's public base URL (<see cref="PublicAddress"/>); the bot's replies are addressed to it.</summary>
    public static string ServiceUrl(HttpContext http) => $"{PublicAddress.BaseUrl(http)}{BasePath}";

    private static DirectLineConversationInfo ConversationInfo(HttpContext http, DirectLineGrant grant, string token, DirectLineTokenService tokens, string? watermark)
    {
        // A wss URL, never https (PROTOCOL.md §6.3).
        var mark = string.IsNullOrEmpty(watermark) ? "-" : Uri.EscapeDataString(watermark);
        var streamUrl = $"{PublicAddress.WebSocketBaseUrl(http)}{BasePath}/conversations/{Uri.EscapeDataString(grant.ConversationId)}/stream?watermark={mark}&t={Uri.EscapeDataString(token)}";
        return new DirectLineConversationInfo { ConversationId = grant.ConversationId, Token = token, ExpiresIn = tokens.SecondsLeft(grant), StreamUrl = streamUrl };
    }

    /// <summary>The token's grant, or the answer for a missing (401), bad (401), expired (403) or other-conversation (403) token.</summary>
    internal static async Task<(DirectLineGrant? Grant, IResult? Failure)> AuthorizeAsync(HttpContext http, DirectLineTokenService tokens, string? conversationId, string? token = null)
    {
        var (grant, problem) = await tokens.ValidateAsync(token ?? BearerToken(http), http.RequestAborted);
        return problem switch
        {
            TokenProblem.Missing => (null, Error(StatusCodes.Status401Unauthorized, "Unauthorized", "A Direct Line token is required.")),
            TokenProblem.Invalid => (null, Error(StatusCodes.Status401Unauthorized, "Unauthorized", "The token is not valid.")),
            // Direct Line answers 403 TokenExpired; DirectLineJS then stops and waits for a new token (PROTOCOL.md §6.2).
            TokenProblem.Expired => (null, Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired.")),
            _ when conversationId is not null && !string.Equals(grant!.ConversationId, conversationId, StringComparison.Ordinal) =>
                (null, Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is for another conversation.")),
            _ => (grant, null),
        };
    }

    internal static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool IsSecretCaller(HttpContext http, DirectLineOptions settings) =>
        settings.Embedded.Secret is { Length: > 0 } secret && BearerToken(http) is { } presented
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(secret));

    /// <summary>
    /// A request from this bot's own page (or a configured trusted origin). Browsers always send Origin on a POST and
    /// scripts cannot forge it, so another site cannot mint tokens with its visitors' browsers. A non-browser client
    /// can claim anything, which gains it no more than any anonymous visitor of the page; rate limits bound that.
    /// </summary>
    public static bool IsOwnPage(HttpContext http, DirectLineOptions settings)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
            return http.Request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
        return PublicAddress.IsOwnOrigin(http, origin)
            || settings.Embedded.TrustedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The user a new token is for. Only a trusted server-side caller (it holds the endpoint's secret, e.g. a site that
    /// signed the person in) may name one; a visitor of the page always gets a random id the server picks, so nobody
    /// becomes someone else by naming their id (issue 11).
    /// </summary>
    internal static string ChooseUserId(string? requested, bool trustedCaller) =>
        trustedCaller && DirectLineIds.IsAcceptableUserId(requested) ? requested! : DirectLineIds.NewUserId();

    internal static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Reads a bounded JSON object body: 413 when too large, 400 when not a JSON object of that shape.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http, DirectLineOptions settings, bool allowEmpty) where T : class
    {
        var limit = settings.Embedded.MaxActivityBytes;
        if (http.Request.ContentLength > limit) return (null, TooLarge(limit));
        var body = await BotMessagesEndpoint.ReadBoundedAsync(http.Request.Body, limit, http.RequestAborted);
        if (body is null) return (null, TooLarge(limit));
        if (body.Length == 0 || body.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            return allowEmpty ? (null, null) : (null, Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must be a JSON object."));
        TolerantJson.RepairLoneSurrogates(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must be a JSON object."));
            return (document.RootElement.Deserialize<T>(ProtocolJson.Options), null);
        }
        catch (JsonException ex)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "BadArgument", $"Malformed JSON: {ex.Message}"));
        }
    }

    private static IResult TooLarge(int limit) =>
        Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"The activity is larger than {limit} bytes.");

    internal static IResult TooManyRequests(HttpContext http, TimeSpan wait)
    {
        // DirectLineJS reads Retry-After as a number (PROTOCOL.md §6.2); whole seconds, at least 1.
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many requests; slow down.");
    }

    internal static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse { Error = new Error { Code = code, Message = message } }, ProtocolJson.Options, statusCode: status);
}
