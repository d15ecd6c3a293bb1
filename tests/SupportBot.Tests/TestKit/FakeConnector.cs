using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.TestKit;

/// <summary>One request the fake connector received.</summary>
public sealed record ConnectorCall(string Method, string Path, string? ConversationId, string? ActivityId, string? Authorization, string Body)
{
    public Activity? Activity => Method is "POST" or "PUT" && Path.Contains("/activities") ? ProtocolJson.Deserialize<Activity>(Body) : null;
    public ConversationParameters? Parameters => Method == "POST" && Path == "/v3/conversations" ? ProtocolJson.Deserialize<ConversationParameters>(Body) : null;
}

/// <summary>
/// A Connector REST API v3 (PROTOCOL.md §2) on 127.0.0.1 with a real Kestrel: records every call and answers
/// as the channel would, or with scripted failures (status, Retry-After) to exercise retries and the outbox.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<ScriptedFailure> _failures = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _nextId;
    private int _failuresAnswered;

    private FakeConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>How many calls were answered with a scripted failure (they are not in <see cref="Calls"/>).</summary>
    public int FailuresAnswered => _failuresAnswered;

    /// <summary>Drops the scripted failures not used yet: the channel has recovered.</summary>
    public void ClearFailures()
    {
        while (_failures.TryDequeue(out _)) { }
    }

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToList();

    /// <summary>Messages (not typing) posted to conversations, in arrival order.</summary>
    public IReadOnlyList<Activity> Messages =>
        _calls.Where(c => c.Method == "POST" && c.Path.Contains("/activities"))
            .Select(c => c.Activity).OfType<Activity>().Where(a => a.IsType(ActivityTypes.Message)).ToList();

    /// <summary>Answer the next <paramref name="times"/> calls with <paramref name="status"/> (and Retry-After seconds).</summary>
    public void FailNext(int status, int times = 1, int? retryAfterSeconds = null, string? body = null)
    {
        for (var i = 0; i < times; i++) _failures.Enqueue(new ScriptedFailure(status, retryAfterSeconds, body));
    }

    /// <param name="address">The IP address to listen on: loopback unless a test needs a Connector off this machine's loopback.</param>
    public static async Task<FakeConnector> StartAsync(string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        connector.Map(app);
        await app.StartAsync();
        connector.ServiceUrl = app.Urls.First() + "/";
        return connector;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Expected {count} messages, got {Messages.Count}.");
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
        return Messages;
    }

    public void Clear()
    {
        while (_calls.TryDequeue(out _)) { }
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext http, string conversationId) => Record(http, conversationId, null, ResourceResponse));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) => Record(http, conversationId, activityId, ResourceResponse));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) => Record(http, conversationId, activityId, _ => new ResourceResponse(activityId)));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) => Record<ResourceResponse?>(http, conversationId, activityId, _ => null));
        app.MapPost("/v3/conversations", (HttpContext http, CancellationToken _) => Record(http, null, null, body =>
        {
            var parameters = ProtocolJson.Deserialize<ConversationParameters>(body);
            var channelId = parameters?.ChannelData is { } data && data.TryGetProperty("channel", out var channel) ? channel.GetProperty("id").GetString() : null;
            var activityId = NextId();
            return new ConversationResourceResponse
            {
                Id = channelId is not null ? $"{channelId};messageid={activityId}" : $"a:{Guid.NewGuid():N}",
                ActivityId = parameters?.Activity is null ? null : activityId,
                ServiceUrl = ServiceUrl,
            };
        }));
        app.MapGet("/v3/conversations/{conversationId}/members", (HttpContext http, string conversationId) => Record(http, conversationId, null, _ => new List<ChannelAccount> { new("29:user", "User") }));
    }

    private ResourceResponse ResourceResponse(string body) => new(NextId());

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IResult> Record<T>(HttpContext http, string? conversationId, string? activityId, Func<string, T> answer)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (_failures.TryDequeue(out var failure))
        {
            Interlocked.Increment(ref _failuresAnswered);
            if (failure.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Content(failure.Body ?? JsonSerializer.Serialize(new { error = new { code = "ServiceError", message = "scripted failure" } }),
                "application/json", statusCode: failure.Status);
        }
        _calls.Enqueue(new ConnectorCall(http.Request.Method, Uri.UnescapeDataString(http.Request.Path.Value ?? ""), conversationId, activityId,
            http.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, body));
        _arrived.Release();
        var result = answer(body);
        return result is null ? Results.Ok() : Results.Json(result, ProtocolJson.Options);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record ScriptedFailure(int Status, int? RetryAfterSeconds, string? Body);
}
