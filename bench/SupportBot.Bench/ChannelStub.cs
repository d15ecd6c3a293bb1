using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Bench;

/// <summary>One activity the bot sent (POST) or replaced (PUT), with when it arrived.</summary>
internal sealed record ChannelCall(long ArrivedAt, byte[] Body);

/// <summary>
/// The Connector the bot replies to (PROTOCOL.md §2: POST/PUT /v3/conversations/{id}/activities[/{activityId}]),
/// kept lean on purpose: it shares the machine's cores with the bot, so it only files each body under its
/// conversation and answers a ResourceResponse. The load generator reads the bodies after each turn.
/// </summary>
internal sealed class ChannelStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ChannelCall>> _inboxes = new(StringComparer.Ordinal);
    private long _nextId;
    private long _calls;
    private long _bytes;

    private ChannelStub(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>Requests the bot made to the channel so far (replies, updates, new threads) and their body bytes.</summary>
    public (long Calls, long Bytes) Traffic => (Interlocked.Read(ref _calls), Interlocked.Read(ref _bytes));

    public static async Task<ChannelStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ChannelStub(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext http, string conversationId) => stub.RecordAsync(http, conversationId));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId) => stub.RecordAsync(http, conversationId));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId) => stub.RecordAsync(http, conversationId));
        // Agent notifications (outbox) create threads in the agents' channel; the bench has no agents, answer plainly.
        app.MapPost("/v3/conversations", (HttpContext http) => stub.Count(http.Request.ContentLength ?? 0, Results.Json(new { id = $"bench-thread-{Interlocked.Increment(ref stub._nextId)}", activityId = "1" })));
        await app.StartAsync();
        stub.ServiceUrl = app.Urls.First() + "/";
        return stub;
    }

    /// <summary>Takes what arrived for the conversation since the last call.</summary>
    public List<ChannelCall> Take(string conversationId)
    {
        var taken = new List<ChannelCall>();
        if (_inboxes.TryGetValue(conversationId, out var inbox))
            while (inbox.TryDequeue(out var call)) taken.Add(call);
        return taken;
    }

    public void Forget(string conversationId) => _inboxes.TryRemove(conversationId, out _);

    private async Task<IResult> RecordAsync(HttpContext http, string conversationId)
    {
        var length = (int)(http.Request.ContentLength ?? 0);
        using var buffer = new MemoryStream(length > 0 ? length : 4096);
        await http.Request.Body.CopyToAsync(buffer);
        var arrived = Stopwatch.GetTimestamp();
        Count(buffer.Length, Results.Empty);
        // Route values arrive unescaped already; Teams ids keep their ':' and ';'.
        _inboxes.GetOrAdd(conversationId, _ => new ConcurrentQueue<ChannelCall>()).Enqueue(new ChannelCall(arrived, buffer.ToArray()));
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        return Results.Text($$"""{"id":"{{id}}"}""", "application/json");
    }

    private IResult Count(long bytes, IResult result)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _bytes, bytes);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
