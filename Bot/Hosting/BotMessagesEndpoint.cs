using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;

namespace SupportBot.Bot.Hosting;

public sealed class BotHostOptions
{
    public const string Section = "BotHost";

    /// <summary>Largest accepted activity body; Direct Line caps activities near 256K characters (PROTOCOL.md §6.2).</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    public MessagesRateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>
/// Activities per conversation on /api/messages: a token bucket sized for abuse, not for people (a person types a few
/// messages a minute; a card submit is one activity). Beyond it: 429 with Retry-After, which channels retry.
/// </summary>
public sealed class MessagesRateLimitOptions
{
    public int ActivitiesPerConversationBurst { get; set; } = 60;
    public int ActivitiesPerConversationPerMinute { get; set; } = 120;
}

/// <summary>
/// A check an activity must pass after authentication and before its turn runs; the host's parts register them
/// (e.g. the embedded Direct Line keeps /api/messages out of its conversations).
/// </summary>
public interface IInboundActivityGuard
{
    /// <summary>Null to let the activity in; otherwise why it is refused (403).</summary>
    string? Refuse(Activity activity);
}

/// <summary>Per-conversation token buckets for /api/messages (sizes in <see cref="MessagesRateLimitOptions"/>).</summary>
public sealed class MessagesRateLimits(IOptions<BotHostOptions> options) : IDisposable
{
    private readonly System.Threading.RateLimiting.PartitionedRateLimiter<string> _perConversation = TokenBuckets.Create(
        options.Value.RateLimits.ActivitiesPerConversationBurst, options.Value.RateLimits.ActivitiesPerConversationPerMinute, TimeSpan.FromMinutes(1));

    /// <summary>Null when allowed, else how long the channel should wait.</summary>
    public TimeSpan? Activity(Activity activity) => TokenBuckets.TryAcquire(_perConversation, $"{activity.ChannelId}/{activity.Conversation?.Id}");

    public void Dispose() => _perConversation.Dispose();
}

/// <summary>
/// <c>POST /api/messages</c>: parse → authenticate → run the turn → answer. Invokes get their invoke response in
/// the body, <c>expectReplies</c> gets the replies in the body, everything else 200 with replies sent through
/// the Connector. Anything a client can send that is wrong gets a 4xx with a short reason, never a 5xx.
/// </summary>
public static class BotMessagesEndpoint
{
    public static async Task HandleAsync(HttpContext http, BotAdapter adapter, IInboundAuthenticator authenticator, IOptions<BotHostOptions> options,
        IEnumerable<IInboundActivityGuard> guards, MessagesRateLimits limits)
    {
        var cancellationToken = http.RequestAborted;
        var limit = options.Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"The activity is larger than {limit} bytes.");
            return;
        }

        var body = await ReadBoundedAsync(http.Request.Body, limit, cancellationToken);
        if (body is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"The activity is larger than {limit} bytes.");
            return;
        }

        var (activity, problem) = Parse(body);
        if (activity is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "BadArgument", problem!);
            return;
        }

        var auth = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, activity, cancellationToken);
        if (!auth.Succeeded)
        {
            await WriteErrorAsync(http, auth.StatusCode, auth.StatusCode == 403 ? "Forbidden" : "Unauthorized", auth.FailureReason ?? "Not authorized.");
            return;
        }
        if (guards.Select(guard => guard.Refuse(activity)).FirstOrDefault(reason => reason is not null) is { } refused)
        {
            await WriteErrorAsync(http, StatusCodes.Status403Forbidden, "Forbidden", refused);
            return;
        }
        // After authentication: an outsider cannot use up a real conversation's allowance by naming its id.
        if (limits.Activity(activity) is { } wait)
        {
            // Whole seconds, at least 1 (RFC 9110 §10.2.3 delay-seconds).
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many activities in this conversation; slow down.");
            return;
        }

        var result = await adapter.ProcessActivityAsync(activity, cancellationToken);

        if (activity.IsType(ActivityTypes.Invoke))
        {
            var invoke = result.InvokeResponse ?? BotApplication.UnhandledInvoke(activity.Name);
            http.Response.StatusCode = invoke.Status;
            if (invoke.Body is { } invokeBody) await http.Response.WriteAsJsonAsync(invokeBody, ProtocolJson.Options, cancellationToken);
            return;
        }

        if (result.Replies is { } replies)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            await http.Response.WriteAsJsonAsync(replies, ProtocolJson.Options, cancellationToken);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer (chunked bodies have no Content-Length).</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        // A pooled chunk: a fresh 16 KB array per request was the largest allocation of a turn.
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>The activity, or why it cannot be processed.</summary>
    public static (Activity? Activity, string? Problem) Parse(byte[] body)
    {
        Activity? activity;
        TolerantJson.RepairLoneSurrogates(body);
        try
        {
            // An object is read straight into the Activity (one pass); anything else is parsed only to say what is wrong.
            if (FirstToken(body) == (byte)'{') activity = JsonSerializer.Deserialize<Activity>(body, ProtocolJson.Options);
            else
            {
                using var document = JsonDocument.Parse(body);
                return (null, "The body must be a JSON object (an Activity).");
            }
        }
        catch (JsonException ex)
        {
            return (null, $"Malformed JSON: {ex.Message}");
        }
        if (activity is null) return (null, "The body must be a JSON object (an Activity).");
        if (string.IsNullOrWhiteSpace(activity.Type)) return (null, "The activity has no 'type'.");
        if (string.IsNullOrWhiteSpace(activity.ChannelId)) return (null, "The activity has no 'channelId'.");
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) return (null, "The activity has no 'conversation.id'.");
        if (string.IsNullOrWhiteSpace(activity.From?.Id)) return (null, "The activity has no 'from.id'.");
        if (activity.DeliveryMode != DeliveryModes.ExpectReplies && !IsHttpUrl(activity.ServiceUrl))
            return (null, "The activity has no valid 'serviceUrl' to reply to.");
        foreach (var (field, id) in new[] { ("id", activity.Id), ("conversation.id", activity.Conversation.Id), ("replyToId", activity.ReplyToId) })
            if (id is not null && !FitsInPath(id))
                return (null, $"The activity's '{field}' is longer than a reply's URL can carry ({MaxIdPathLength} characters URL-encoded).");
        return (activity, null);
    }

    private static byte FirstToken(byte[] body)
    {
        foreach (var b in body)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
        return 0;
    }

    /// <summary>
    /// Replies put the conversation id and the activity id in the Connector URL (PROTOCOL.md §2:
    /// <c>/v3/conversations/{conversationId}/activities/{activityId}</c>); ids longer than this cannot be answered
    /// (servers refuse request lines over 8 KB, Kestrel's default), so they are refused up front.
    /// </summary>
    public const int MaxIdPathLength = 1024;

    private static bool FitsInPath(string id) => id.Length <= MaxIdPathLength && Uri.EscapeDataString(id).Length <= MaxIdPathLength;

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ErrorResponse { Error = new Error { Code = code, Message = message } }, ProtocolJson.Options);
    }
}
